/**
 * When the running Jest test is over: its timeout, read from jest-circus' state. Jest
 * cannot stop an exploration when a test times out, so an exploration asks between
 * executions whether its test is still running, and a matcher's default time budget
 * ends before the test's timeout.
 *
 * The state sits on the test file's global under a private symbol
 * (`Symbol("JEST_STATE_SYMBOL")`, Jest 29 and 30); when it cannot be found (another test
 * runner, a future Jest), there is no deadline and nothing changes.
 */

interface CircusTest {
  readonly timeout?: number;
  readonly startedAt?: number | null;
  readonly concurrent?: boolean;
}

interface CircusState {
  readonly testTimeout?: number;
  readonly currentlyRunningTest?: CircusTest | null;
}

/** The test a matcher runs in, and when it will time out (real `Date.now()` milliseconds). */
export interface TestDeadline {
  readonly at: number;
  /** True once the test has ended (timed out, or another test runs in its place). */
  over(): boolean;
}

/** Jest's own `Date.now`, which fake timers do not replace. */
function dateNow(): number {
  const native = (globalThis as Record<symbol, unknown>)[Symbol.for("jest-native-now")];
  return typeof native === "function" ? (native as () => number)() : realDateNow();
}
const realDateNow: () => number = Date.now.bind(Date);

function circusState(): CircusState | undefined {
  try {
    const sym = Object.getOwnPropertySymbols(globalThis).find((s) => s.description === "JEST_STATE_SYMBOL");
    const state = sym === undefined ? undefined : (globalThis as Record<symbol, unknown>)[sym];
    return typeof state === "object" && state !== null ? (state as CircusState) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The deadline of the running test. A concurrent test is not `currentlyRunningTest`
 * (tests started after it replace it), so its deadline counts its timeout from now: a
 * little later than Jest's, never earlier.
 */
export function testDeadline(): TestDeadline | undefined {
  const state = circusState();
  const test = state?.currentlyRunningTest ?? undefined;
  if (state === undefined || test === undefined) return undefined;
  const concurrent = test.concurrent === true;
  const timeout = (concurrent ? undefined : test?.timeout) ?? state.testTimeout;
  if (typeof timeout !== "number" || !(timeout > 0)) return undefined;
  const started = !concurrent && typeof test?.startedAt === "number" ? test.startedAt : dateNow();
  const at = started + timeout;
  const over = concurrent ? () => dateNow() >= at : () => dateNow() >= at || state.currentlyRunningTest !== test;
  return { at, over };
}

/** Milliseconds left before `deadline`. */
export function remainingMs(deadline: TestDeadline): number {
  return deadline.at - dateNow();
}

/**
 * What instrumented code calls (see task.ts for the model and timers.ts for time). The
 * transformer makes every transformed file require this module once, as `gosched/_runtime`.
 * Outside an execution each helper costs one check of the active execution and hands
 * back what plain JavaScript would have had.
 */
import * as awaits from "./await";
import { activeExecution } from "../runtime/active";
import * as tasks from "./task";
import { push, stateOf, type Task } from "./task";
import * as timers from "./timers";

// Copied into constants, not re-exported: a CommonJS re-export is a getter, and instrumented
// code reads these on every call (`__gosched.aw`), which made transformed code outside an
// execution 1.47x its untransformed time instead of 1.16x.
export const { aw, d, s, sa } = awaits;
export const { fin, r, task } = tasks;
export const {
  abortTimeout,
  clearImmediate,
  clearInterval,
  clearTimeout,
  dateNow,
  performanceNow,
  setImmediate,
  setInterval,
  setTimeout,
  timersPromises,
} = timers;

/** The task whose code runs now (an async generator's body runs for its consumer), or null. */
export function cur(): Task | null {
  const exec = activeExecution();
  if (exec === null || exec.finished || exec.current === null) return null;
  return stateOf(exec).byGoroutine.get(exec.current) ?? null;
}

/** The start of a `catch` or `finally` block of an async function: its task runs again. */
export function c(t: Task | null): void {
  if (t !== null) push(t);
}

/**
 * `for await (… of y)` in task `t`: each `next()` result is awaited as `await` is (a leaf
 * when it has settled already). Sync iterables are iterated as before (their values are
 * awaited natively).
 */
export function fa(t: Task | null, y: unknown): unknown {
  if (t === null || y === null || y === undefined) return y;
  const source = (y as { [Symbol.asyncIterator]?: () => AsyncIterator<unknown> })[Symbol.asyncIterator];
  if (typeof source !== "function") return y;
  const it = source.call(y);
  const wrapped: AsyncIterableIterator<unknown> = {
    [Symbol.asyncIterator]: () => wrapped,
    next: (v?: unknown) => aw(t, it.next(v)) as Promise<IteratorResult<unknown>>,
    return: (v?: unknown) => (it.return ? it.return(v) : Promise.resolve({ done: true as const, value: v })),
  };
  return wrapped;
}

/**
 * What a matcher learns from its runner (Jest, or Vitest): its seed, its shard, and
 * which test is running.
 * Every probe is defensive: gosched/jest also loads as a `globalSetup` module and under
 * `injectGlobals: false`, where some of these are missing.
 */

import type { Environment } from "../explore/options";

/** Where the matcher was called from, as persistence keys it. */
export interface TestSite {
  /** The test file, when Jest says. */
  readonly testPath: string | undefined;
  /** `<full test name> › <matcher call> <n>`: the n-th such call in that test. */
  readonly key: string;
}

/** The parts of Jest's matcher state this module reads. */
export interface MatcherStateLike {
  readonly testPath?: string;
  readonly currentTestName?: string;
  readonly currentConcurrentTestName?: () => string | undefined;
  readonly currentTestIdentity?: () => object | undefined;
  readonly assertionCalls: number;
}

/** The per-module `jest` object Jest injects into every module it loads. */
declare const jest: { getSeed?: () => number } | undefined;

/** Jest's seed (`--seed`, or the one Jest drew for this run; Jest 29.2+), or Vitest's, if it can be found. */
export function jestSeed(): string | undefined {
  const probes = [
    () => (typeof jest === "undefined" ? undefined : jest),
    () => (globalThis as { jest?: { getSeed?: () => number } }).jest,
    jestGlobals,
    vitestWorker,
  ];
  for (const probe of probes) {
    try {
      const seed = probe()?.getSeed?.();
      if (typeof seed === "number" && Number.isFinite(seed)) return String(seed);
    } catch {
      // Not inside a test, or a Jest without getSeed: try the next.
    }
  }
  return undefined;
}

/** `jest` from `@jest/globals`, for projects with `injectGlobals: false`. */
function jestGlobals(): { getSeed?: () => number } | undefined {
  try {
    return (require("@jest/globals") as { jest?: { getSeed?: () => number } }).jest;
  } catch {
    return undefined;
  }
}

/** Vitest's seed (`--sequence.seed`, or the one it drew to shuffle), from its worker state. */
export function vitestWorker(): { getSeed?: () => number } | undefined {
  const state = (globalThis as { __vitest_worker__?: { config?: { sequence?: { seed?: unknown } } } }).__vitest_worker__;
  const seed = state?.config?.sequence?.seed;
  return typeof seed === "number" ? { getSeed: () => seed } : undefined;
}

/** Set by gosched's globalSetup for worker processes, which never see Jest's command line. */
export const SHARD_ENV = "GOSCHED_JEST_SHARD";

/**
 * Jest's `--shard i/n`, as this process can learn it: from gosched's globalSetup (which
 * reads Jest's own config and passes it to workers through the environment), else from
 * the command line when tests run in Jest's own process (`--runInBand`, or one file).
 */
export function jestShard(env: Environment = process.env, argv: readonly string[] = process.argv): string | undefined {
  const fromSetup = env[SHARD_ENV];
  if (fromSetup !== undefined && fromSetup !== "") return fromSetup;
  return shardFromArgv(argv);
}

/** `--shard=2/4` or `--shard 2/4` on a command line. */
export function shardFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith("--shard=")) return arg.slice("--shard=".length);
    if (arg === "--shard" && i + 1 < argv.length) return argv[i + 1];
  }
  return undefined;
}

interface Counters {
  readonly calls: Map<string, number>;
  assertions: number;
}
const counters = new Map<unknown, Counters>();

/**
 * Which test and which call of the matcher this is. Calls are numbered per test, like
 * snapshots, so that two `toBeRaceFree` calls in one test keep apart their saved failures;
 * the numbering restarts when Jest retries the test.
 */
export function testSite(state: MatcherStateLike, call: string): TestSite {
  const name = state.currentConcurrentTestName?.() ?? state.currentTestName ?? "";
  const identity = state.currentTestIdentity?.() ?? `${state.testPath ?? ""}\u0000${name}`;
  let c = counters.get(identity);
  if (c === undefined || state.assertionCalls < c.assertions) {
    if (counters.size > 1000) counters.clear();
    c = { calls: new Map(), assertions: state.assertionCalls };
    counters.set(identity, c);
  }
  c.assertions = state.assertionCalls;
  const n = (c.calls.get(call) ?? 0) + 1;
  c.calls.set(call, n);
  return { testPath: state.testPath, key: `${name} › ${call} ${n}` };
}

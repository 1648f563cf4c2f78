import type { CheckKind } from "../../src/runtime/failure";
import { DfsStrategy } from "../../src/scheduler/dfs";
import { DporStrategy } from "../../src/scheduler/dpor/dpor";
import { FairStrategy } from "../../src/scheduler/fair";
import { RandomStrategy } from "../../src/scheduler/random";
import { NO_RACE, runAll, type Summary } from "../scheduler/run-all";
import { generate, program, type Family, type Spec, type Step } from "./generate";

/**
 * Differential testing of the strategies on small random programs over the primitives
 * (generate.ts). For each program that dfs (every schedule) covers within its budget,
 * dpor must find the same outcomes and failure kinds and, without virtual time, run
 * exactly one execution per trace: the traces (canonical forms, trace-key.ts) of its
 * executions are pairwise distinct and are exactly those of dfs's executions. Programs
 * of the "channels" family use buffered and unbuffered channels, selects (with and
 * without default) and close; the "timers" family adds virtual time (sleeps, receives
 * with a timeout or a context deadline, timers stopped, reset and waited for), where
 * each advance of the clock is an event of its own and the same holds. A random walk
 * over many seeds must never find an outcome or a failure kind that dfs did not.
 */
const SEED = "gosched-differential";
const DFS_BUDGET = 3000;
const TIMEOUT = 300_000;

const config = { seed: SEED, preemptionBound: undefined, pctDepth: 3, maxSteps: 2000 };

interface Compared {
  readonly spec: Spec;
  readonly dfs: Summary;
  readonly dpor: Summary;
  readonly stats: DporStrategy["stats"];
}

const sorted = (s: Iterable<string>): string[] => [...s].sort();

async function compare(index: number, checks: readonly CheckKind[], family: Family = "plain"): Promise<Compared | null> {
  const spec = generate(SEED, index, family);
  const p = program(spec);
  const dfs = await runAll(p, new FairStrategy(new DfsStrategy(config)), { max: DFS_BUDGET, checks, traces: true });
  if (!dfs.complete) return null;
  const strategy = new DporStrategy();
  const dpor = await runAll(p, new FairStrategy(strategy), { max: DFS_BUDGET, checks, traces: true });
  return { spec, dfs, dpor, stats: strategy.stats };
}

async function compareAll(n: number, family: Family): Promise<Compared[]> {
  const out: Compared[] = [];
  for (let i = 0; i < n; i++) {
    const c = await compare(i, NO_RACE, family);
    if (c !== null) out.push(c);
  }
  return out;
}

function expectSameResults({ spec, dfs, dpor }: Compared): void {
  expect({ spec, outcomes: sorted(dpor.outcomes), failures: sorted(dpor.failures) }).toEqual({
    spec, outcomes: sorted(dfs.outcomes), failures: sorted(dfs.failures),
  });
  expect({ spec, complete: dpor.complete }).toEqual({ spec, complete: true });
}

/** No two dpor executions with the same trace, and the same traces as dfs. */
function expectOnePerTrace({ spec, dfs, dpor, stats }: Compared): void {
  const repeated = [...dpor.traces].filter(([, n]) => n > 1).map(([k]) => k);
  expect({ spec, repeated }).toEqual({ spec, repeated: [] });
  expect({ spec, traces: sorted(dpor.traces.keys()) }).toEqual({ spec, traces: sorted(dfs.traces.keys()) });
  expect({ spec, stats }).toEqual({ spec, stats: { executions: dpor.executions, infeasible: 0, redundant: 0, mismatches: 0, untimed: null } });
}

const steps = (spec: Spec): Step[] => {
  const all: Step[] = [];
  const walk = (ss: Step[]): void => ss.forEach((s) => (all.push(s), "body" in s && walk(s.body)));
  spec.threads.forEach(walk);
  return all;
};

describe("dfs and dpor on random programs", () => {
  let compared: Compared[] = [];
  beforeAll(async () => {
    compared = await compareAll(60, "plain");
  }, TIMEOUT);

  test("most generated programs are small enough for dfs to cover", () => {
    expect(compared.length).toBeGreaterThanOrEqual(48);
  });

  test("they find the same outcomes and the same failure kinds", () => compared.forEach(expectSameResults));

  test("dpor runs exactly one execution per trace", () => {
    expect(compared.filter((c) => c.spec.chans.length > 0).length).toBeGreaterThan(10);
    compared.forEach(expectOnePerTrace);
  });
});

describe("dfs and dpor on random programs with channels", () => {
  let compared: Compared[] = [];
  beforeAll(async () => {
    compared = await compareAll(80, "channels");
  }, TIMEOUT);

  test("the programs cover buffered and unbuffered channels, selects and close", () => {
    expect(compared.length).toBeGreaterThanOrEqual(60);
    const count = (p: (c: Compared) => boolean): number => compared.filter(p).length;
    const uses = (c: Compared, k: string): boolean => steps(c.spec).some((s) => s.k === k);
    expect(count((c) => c.spec.chans.includes(0) && uses(c, "send"))).toBeGreaterThan(15);
    expect(count((c) => c.spec.chans.some((cap) => cap > 0))).toBeGreaterThan(15);
    expect(count((c) => uses(c, "select"))).toBeGreaterThan(15);
    expect(count((c) => uses(c, "close"))).toBeGreaterThan(15);
    // Enough of them have several orders of their channel operations.
    expect(count((c) => c.dfs.traces.size >= 5)).toBeGreaterThan(20);
  });

  test("they find the same outcomes and the same failure kinds", () => compared.forEach(expectSameResults));

  test("dpor runs exactly one execution per trace: none twice, none missed", () => compared.forEach(expectOnePerTrace));
});

describe("dfs and dpor on random programs with virtual time", () => {
  let compared: Compared[] = [];
  beforeAll(async () => {
    compared = await compareAll(60, "timers");
  }, TIMEOUT);

  test("the programs sleep, time out, stop, reset and wait for timers, and the clock advances", () => {
    expect(compared.length).toBeGreaterThanOrEqual(45);
    const count = (p: (c: Compared) => boolean): number => compared.filter(p).length;
    const uses = (c: Compared, k: string): boolean => steps(c.spec).some((s) => s.k === k);
    for (const k of ["sleep", "timeout", "stop", "reset", "waitTimer", "deadline"]) {
      expect({ k, several: count((c) => uses(c, k)) > 5 }).toEqual({ k, several: true });
    }
    // Most have executions in which virtual time advances (a tick is an event of the clock).
    expect(count((c) => [...c.dfs.traces.keys()].some((k) => k.includes("@")))).toBeGreaterThan(30);
    expect(count((c) => c.dfs.traces.size >= 5)).toBeGreaterThan(15);
  });

  test("they find the same outcomes and the same failure kinds", () => compared.forEach(expectSameResults));

  test("dpor runs exactly one execution per trace: none twice, none missed", () => compared.forEach(expectOnePerTrace));

  test("dpor needs far fewer executions than dfs", () => {
    const total = (f: (c: Compared) => number): number => compared.reduce((n, c) => n + f(c), 0);
    expect(total((c) => c.dpor.executions) * 5).toBeLessThan(total((c) => c.dfs.executions));
  });
});

test("with race detection on, dfs and dpor find the same failure kinds", async () => {
  let checked = 0;
  for (let i = 0; i < 25; i++) {
    for (const family of ["plain", "channels", "timers"] as const) {
      const c = await compare(i, ["race", "deadlock", "leak", "panic"], family);
      if (c === null) continue;
      checked++;
      expect({ spec: c.spec, failures: sorted(c.dpor.failures) }).toEqual({ spec: c.spec, failures: sorted(c.dfs.failures) });
    }
  }
  expect(checked).toBeGreaterThan(30);
}, TIMEOUT);

test("a random walk over 150 seeds never finds what dfs did not", async () => {
  let checked = 0;
  for (let i = 0; i < 30; i++) {
    const spec = generate(SEED, i);
    const p = program(spec);
    const dfs = await runAll(p, new FairStrategy(new DfsStrategy(config)), { max: DFS_BUDGET });
    if (!dfs.complete) continue;
    checked++;
    const random = await runAll(p, new RandomStrategy(config), { max: 150 });
    const extra = sorted(random.outcomes).filter((o) => !dfs.outcomes.has(o));
    const extraFailures = sorted(random.failures).filter((f) => !dfs.failures.has(f));
    expect({ spec, extra, extraFailures }).toEqual({ spec, extra: [], extraFailures: [] });
  }
  expect(checked).toBeGreaterThan(20);
}, TIMEOUT);

import type { CheckKind } from "../../src/runtime/failure";
import { DfsStrategy } from "../../src/scheduler/dfs";
import { DporStrategy } from "../../src/scheduler/dpor";
import { FairStrategy } from "../../src/scheduler/fair";
import { RandomStrategy } from "../../src/scheduler/random";
import { NO_RACE, runAll, type Summary } from "../scheduler/run-all";
import { generate, program, type Spec } from "./generate";

/**
 * Differential testing of the strategies on small random programs over the primitives
 * (generate.ts). For each program: dfs (every schedule) and dpor find the same outcomes
 * and the same failure kinds; on programs without channels, dpor runs exactly one
 * execution per trace that dfs finds; and a random walk over many seeds never finds an
 * outcome or a failure kind that dfs did not.
 */
const SEED = "gosched-differential";
const PROGRAMS = 60;
const DFS_BUDGET = 3000;

const config = { seed: SEED, preemptionBound: undefined, pctDepth: 3, maxSteps: 2000 };

interface Compared {
  readonly spec: Spec;
  readonly dfs: Summary;
  readonly dpor: Summary;
}

const sorted = (s: Set<string>): string[] => [...s].sort();

async function compare(index: number, checks: readonly CheckKind[]): Promise<Compared | null> {
  const spec = generate(SEED, index);
  const p = program(spec);
  const dfs = await runAll(p, new FairStrategy(new DfsStrategy(config)), { max: DFS_BUDGET, checks, traces: true });
  if (!dfs.complete) return null;
  const dpor = await runAll(p, new FairStrategy(new DporStrategy()), { max: DFS_BUDGET, checks, traces: true });
  return { spec, dfs, dpor };
}

describe("dfs and dpor on random programs", () => {
  const compared: Compared[] = [];

  beforeAll(async () => {
    for (let i = 0; i < PROGRAMS; i++) {
      const c = await compare(i, NO_RACE);
      if (c !== null) compared.push(c);
    }
  });

  test("most generated programs are small enough for dfs to cover", () => {
    expect(compared.length).toBeGreaterThanOrEqual(PROGRAMS * 0.8);
  });

  test("they find the same outcomes and the same failure kinds", () => {
    for (const { spec, dfs, dpor } of compared) {
      expect({ spec, outcomes: sorted(dpor.outcomes), failures: sorted(dpor.failures) }).toEqual({
        spec, outcomes: sorted(dfs.outcomes), failures: sorted(dfs.failures),
      });
      expect(dpor.complete).toBe(true);
    }
  });

  test("without channels, dpor runs exactly one execution per trace", () => {
    const plain = compared.filter((c) => c.spec.chans.length === 0);
    expect(plain.length).toBeGreaterThan(10);
    for (const { spec, dfs, dpor } of plain) {
      expect({ spec, traces: [...dpor.traces.keys()].sort() }).toEqual({ spec, traces: [...dfs.traces.keys()].sort() });
      expect({ spec, executions: dpor.executions }).toEqual({ spec, executions: dpor.traces.size });
    }
  });

  test("with channels, dpor never runs more executions than dfs and reduces them overall", () => {
    const withChannels = compared.filter((c) => c.spec.chans.length > 0);
    let dfsTotal = 0;
    let dporTotal = 0;
    for (const { spec, dfs, dpor } of withChannels) {
      expect({ spec, fewer: dpor.executions <= dfs.executions }).toEqual({ spec, fewer: true });
      dfsTotal += dfs.executions;
      dporTotal += dpor.executions;
    }
    expect(dporTotal * 10).toBeLessThan(dfsTotal);
  });
});

test("with race detection on, dfs and dpor find the same failure kinds", async () => {
  let checked = 0;
  for (let i = 0; i < 25; i++) {
    const c = await compare(i, ["race", "deadlock", "leak", "panic"]);
    if (c === null) continue;
    checked++;
    expect({ spec: c.spec, failures: sorted(c.dpor.failures) }).toEqual({ spec: c.spec, failures: sorted(c.dfs.failures) });
  }
  expect(checked).toBeGreaterThan(15);
});

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
});

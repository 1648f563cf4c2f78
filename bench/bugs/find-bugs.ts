import { explore } from "../../src";
import { buggyPrograms, type BuggyProgram } from "./programs";

/**
 * Bug-finding speed: for each buggy program, the median number of executions before the
 * first failure, over many seeds, for the random, pct and pos strategies.
 * Run alone: `npx ts-node --transpile-only bench/bugs/find-bugs.ts` (`--smoke`: fewer seeds).
 * `bench/run.ts` calls {@link runBugFindingBenchmarks}.
 */

/** One program under one strategy. */
export interface BugRow {
  readonly program: string;
  /** `atomicity`, `order`, `deadlock` or `preemptions`. */
  readonly kind: string;
  /** Orderings between goroutines that the bug needs. */
  readonly depth: number;
  /** `random`, `pct(depth 3)`, `pos`. */
  readonly strategy: string;
  readonly seeds: number;
  /** Seeds that found the bug within the budget. */
  readonly found: number;
  /** Median executions to the first failure; a seed that did not find it counts as the budget. */
  readonly medianExecutions: number;
  /** Executions allowed per seed. */
  readonly budget: number;
}

const STRATEGIES = ["random", "pct", "pos"] as const;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function executionsToFailure(p: BuggyProgram, strategy: (typeof STRATEGIES)[number], seed: string, budget: number) {
  const r = await explore(p.program, {
    strategy,
    seed,
    schedules: budget,
    timeBudgetMs: 600_000,
    checks: ["deadlock", "panic"],
    pctDepth: strategy === "pct" ? 3 : undefined,
    invariant: p.invariant,
  });
  return r.failure === undefined ? null : r.schedules;
}

/** Run every program under every strategy; `smoke` runs 5 seeds instead of 50. */
export async function runBugFindingBenchmarks(options: { smoke?: boolean } = {}): Promise<BugRow[]> {
  const seeds = options.smoke === true ? 5 : 50;
  const budget = options.smoke === true ? 200 : 5000;
  const rows: BugRow[] = [];
  for (const p of buggyPrograms()) {
    for (const strategy of STRATEGIES) {
      const runs: number[] = [];
      let found = 0;
      for (let s = 0; s < seeds; s++) {
        const n = await executionsToFailure(p, strategy, `bugs-${s}`, budget);
        if (n !== null) found++;
        runs.push(n ?? budget);
      }
      rows.push({
        program: p.name, kind: p.kind, depth: p.depth, strategy: strategy === "pct" ? "pct(depth 3)" : strategy,
        seeds, found, medianExecutions: median(runs), budget,
      });
    }
  }
  return rows;
}

if (require.main === module) {
  void runBugFindingBenchmarks({ smoke: process.argv.includes("--smoke") }).then((rows) => {
    console.log("program                          depth  strategy       found    median executions");
    for (const r of rows) {
      console.log(
        `${r.program.padEnd(32)} ${String(r.depth).padStart(5)}  ${r.strategy.padEnd(13)} ${`${r.found}/${r.seeds}`.padStart(6)}    ${r.medianExecutions}`,
      );
    }
  });
}

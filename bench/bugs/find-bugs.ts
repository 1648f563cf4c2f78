import { explore } from "../../src";
import { buggyPrograms, type BuggyProgram } from "./programs";

/**
 * Bug-finding speed: for each buggy program, the median number of executions before the
 * first failure, over many seeds, for the random, pct and pos strategies.
 * Run alone: `node -r ts-node/register/transpile-only bench/bugs/find-bugs.ts`, with
 * `--smoke` (5 seeds), `--seeds N`, `--only <part of a program name>` or
 * `--strategies pct,pos`. `bench/run.ts` calls {@link runBugFindingBenchmarks}.
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
type Sampler = (typeof STRATEGIES)[number];

/** What to run; every field is optional. */
export interface BugBenchOptions {
  /** 5 seeds and a budget of 200 instead of 50 seeds and 5000. */
  readonly smoke?: boolean;
  readonly seeds?: number;
  /** Only programs whose name contains this. */
  readonly only?: string;
  readonly strategies?: readonly Sampler[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function executionsToFailure(p: BuggyProgram, strategy: Sampler, seed: string, budget: number) {
  const r = await explore(p.program, {
    strategy,
    seed,
    schedules: budget,
    timeBudgetMs: 600_000,
    checks: ["deadlock", "panic"],
    pctDepth: strategy === "pct" ? 3 : undefined,
    invariant: p.invariant,
    // This measures finding; minimising the report is measured in bench/minimise.ts.
    minimize: false,
  });
  return r.failure === undefined ? null : r.schedules;
}

/** Run every program under every strategy; `smoke` runs 5 seeds instead of 50. */
export async function runBugFindingBenchmarks(options: BugBenchOptions = {}): Promise<BugRow[]> {
  const seeds = options.seeds ?? (options.smoke === true ? 5 : 50);
  const budget = options.smoke === true ? 200 : 5000;
  const rows: BugRow[] = [];
  for (const p of buggyPrograms()) {
    if (options.only !== undefined && !p.name.includes(options.only)) continue;
    for (const strategy of options.strategies ?? STRATEGIES) {
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

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

function cliOptions(): BugBenchOptions {
  const seeds = argument("--seeds");
  const strategies = argument("--strategies")?.split(",");
  for (const s of strategies ?? []) {
    if (!(STRATEGIES as readonly string[]).includes(s)) throw new TypeError(`Expected a strategy among ${STRATEGIES.join(", ")}, got \`${s}\``);
  }
  return {
    smoke: process.argv.includes("--smoke"),
    seeds: seeds === undefined ? undefined : Number(seeds),
    only: argument("--only"),
    strategies: strategies as Sampler[] | undefined,
  };
}

if (require.main === module) {
  void runBugFindingBenchmarks(cliOptions()).then((rows) => {
    console.log("program                          depth  strategy       found    median executions");
    for (const r of rows) {
      console.log(
        `${r.program.padEnd(32)} ${String(r.depth).padStart(5)}  ${r.strategy.padEnd(13)} ${`${r.found}/${r.seeds}`.padStart(6)}    ${r.medianExecutions}`,
      );
    }
  });
}

import { DfsStrategy } from "../../src/scheduler/dfs";
import { DporStrategy } from "../../src/scheduler/dpor/dpor";
import { FairStrategy } from "../../src/scheduler/fair";
import { NO_RACE, runAll, type Summary } from "../scheduler/run-all";
import { generate, program, type Family } from "./generate";

/**
 * The differential check of differential.test.ts over other seeds and more programs, for
 * sweeps by hand: `npx ts-node --transpile-only test/differential/sweep.ts <seed> <count>
 * [plain|channels|timers]`. Prints every program that dfs covers and on which dpor misses
 * or repeats a trace, finds other outcomes or failures, or runs an infeasible or redundant
 * execution, then the totals.
 */
const config = { seed: "sweep", preemptionBound: undefined, pctDepth: 3, maxSteps: 2000 };
const BUDGET = 3000;

const sorted = (s: Iterable<string>): string => [...s].sort().join("|");

function problems(dfs: Summary, dpor: Summary, stats: DporStrategy["stats"]): string[] {
  const out: string[] = [];
  if (!dpor.complete) out.push("dpor incomplete");
  if ([...dfs.traces.keys()].some((k) => !dpor.traces.has(k))) out.push("missed a trace");
  if ([...dpor.traces.keys()].some((k) => !dfs.traces.has(k))) out.push("a trace dfs did not find");
  if (sorted(dfs.outcomes) !== sorted(dpor.outcomes) || sorted(dfs.failures) !== sorted(dpor.failures)) out.push("other results");
  if (stats.untimed !== null) return out;
  if ([...dpor.traces.values()].some((n) => n > 1)) out.push("a trace twice");
  if (stats.infeasible + stats.redundant + stats.mismatches > 0) out.push(`stats ${JSON.stringify(stats)}`);
  return out;
}

async function sweep(seed: string, count: number, family: Family): Promise<void> {
  const total = { covered: 0, failing: 0, fellBack: 0, dfsExecutions: 0, dporExecutions: 0 };
  for (let i = 0; i < count; i++) {
    const spec = generate(seed, i, family);
    const p = program(spec);
    const dfs = await runAll(p, new FairStrategy(new DfsStrategy(config)), { max: BUDGET, checks: NO_RACE, traces: true });
    if (!dfs.complete) continue;
    const strategy = new DporStrategy();
    const dpor = await runAll(p, new FairStrategy(strategy), { max: BUDGET, checks: NO_RACE, traces: true });
    const found = problems(dfs, dpor, strategy.stats);
    total.covered++;
    total.dfsExecutions += dfs.executions;
    total.dporExecutions += dpor.executions;
    if (strategy.stats.untimed !== null) total.fellBack++;
    if (found.length === 0) continue;
    total.failing++;
    console.log(`program ${i}: ${found.join(", ")}\n  ${JSON.stringify(spec)}`);
  }
  console.log(JSON.stringify({ seed, family, count, ...total }));
}

const [seed = "gosched-differential", count = "100", family = "timers"] = process.argv.slice(2);
void sweep(seed, Number(count), family as Family);

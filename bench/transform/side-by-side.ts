/**
 * Side by side with fast-check on the race conditions of its own documentation
 * (examples.ts): for each example and each tool, over `seeds` seeds, the executions
 * (fast-check: runs) to the first failure, counting the failing one, within `budget`;
 * and the lines of test code each tool needs. gosched runs the plain code instrumented
 * exactly as `gosched/transform` does (the same `instrument` call), fast-check runs it
 * untransformed. Race detection is off for gosched: the failure is the test's own
 * assertion, as it is for fast-check.
 */
import { explore, type StrategyName } from "../../src";
import { instrument } from "../../src/transform/index";
import * as runtime from "../../src/transform/runtime";
import { median } from "../measure";
import { COUNTER, GOSCHED_TESTS, lines, QUEUE, SEARCH } from "./examples";
import { type Example, FASTCHECK_TESTS, fcRunsToFailure } from "./fastcheck-tests";

const CODE: Record<Example, string> = { counter: COUNTER, queue: QUEUE, search: SEARCH };
const EXPORTS: Record<Example, string[]> = { counter: ["memoryStore", "increment"], queue: ["queue", "tracked"], search: ["searchBox", "slowApi"] };
const ENTRY: Record<Example, string> = { counter: "counterTest", queue: "queueTest", search: "searchTest" };

type Tool = "gosched random" | "gosched pct" | "fast-check";

function load(code: string, names: string[]): Record<string, unknown> {
  const req = (id: string): unknown => (id === "gosched/_runtime" ? runtime : require(id));
  return new Function("require", `${code}\nreturn { ${names.join(", ")} };`)(req) as Record<string, unknown>;
}

async function goschedRuns(test: () => Promise<void>, strategy: StrategyName, seed: number, budget: number): Promise<number | null> {
  const r = await explore(test, {
    strategy,
    seed: `side-by-side-${seed}`,
    schedules: budget,
    timeBudgetMs: 1e9,
    checks: ["deadlock", "leak", "panic"],
    minimize: false,
  });
  return r.failure === undefined ? null : r.failure.execution;
}

async function counts(run: (seed: number) => Promise<number | null>, seeds: number): Promise<number[]> {
  const out: number[] = [];
  for (let seed = 0; seed < seeds; seed++) out.push((await run(seed)) ?? Infinity);
  return out;
}

export interface SideBySideRow {
  readonly example: Example;
  readonly tool: Tool;
  /** Seeds (of `seeds`) whose search failed the test within the budget. */
  readonly found: string;
  /** Median executions (fast-check: runs) to the first failure; null when under half the seeds found it. */
  readonly median: number | null;
  readonly testLines: number;
}

async function example(name: Example, seeds: number, budget: number): Promise<SideBySideRow[]> {
  const file = `/bench/side-by-side/${name}.js`;
  const instrumented = load(instrument(CODE[name] + GOSCHED_TESTS[name], file).code, [ENTRY[name]]);
  const test = instrumented[ENTRY[name]] as () => Promise<void>;
  const plain = load(CODE[name], EXPORTS[name]);
  const runs: Record<Tool, (seed: number) => Promise<number | null>> = {
    "gosched random": (seed) => goschedRuns(test, "random", seed, budget),
    "gosched pct": (seed) => goschedRuns(test, "pct", seed, budget),
    "fast-check": (seed) => fcRunsToFailure(name, plain, seed, budget),
  };
  const rows: SideBySideRow[] = [];
  for (const tool of Object.keys(runs) as Tool[]) {
    const c = await counts(runs[tool], seeds);
    const m = median(c);
    const testLines = lines(tool === "fast-check" ? FASTCHECK_TESTS[name] : GOSCHED_TESTS[name]);
    rows.push({ example: name, tool, found: `${c.filter(Number.isFinite).length}/${seeds}`, median: Number.isFinite(m) ? m : null, testLines });
  }
  return rows;
}

/** Every example under every tool. */
export async function runSideBySide(options: { smoke: boolean } = { smoke: false }): Promise<{ seeds: number; budget: number; rows: SideBySideRow[] }> {
  const seeds = options.smoke ? 3 : 50;
  const budget = options.smoke ? 100 : 1000;
  const rows: SideBySideRow[] = [];
  for (const name of Object.keys(CODE) as Example[]) rows.push(...(await example(name, seeds, budget)));
  return { seeds, budget, rows };
}

if (require.main === module) {
  void runSideBySide({ smoke: process.argv.includes("--smoke") }).then((r) => console.log(JSON.stringify(r, null, 2)));
}

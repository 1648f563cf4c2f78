import { explore, type Program } from "../../src";
import { fileSystem, indexer, lastZero, readersWriter } from "./programs";

/**
 * Executions that dfs and dpor need for the classic DPOR benchmarks.
 * Run alone: `npx ts-node --transpile-only bench/dpor/run-dpor.ts` (add `--smoke` for
 * small sizes). `bench/run.ts` calls {@link runDporBenchmarks}.
 */

/** One benchmark at one size. */
export interface DporRow {
  /** `indexer`, `file-system`, `lastzero`, `readers-writer`. */
  readonly benchmark: string;
  /** Threads (for lastzero: n, the writers; the scanner is one more). */
  readonly size: number;
  /** Executions dpor ran: one per Mazurkiewicz trace. */
  readonly dporExecutions: number;
  readonly dporMs: number;
  /** Executions dfs ran, or null when it was not attempted (far too many). */
  readonly dfsExecutions: number | null;
  /** False when dfs hit its budget before covering every schedule. */
  readonly dfsComplete: boolean | null;
  readonly dfsMs: number | null;
  /** The number of traces when it is known in closed form, else null. */
  readonly expectedTraces: number | null;
}

const CHECKS = { checks: ["deadlock", "leak", "panic"] as ("deadlock" | "leak" | "panic")[] };

interface Spec {
  readonly benchmark: string;
  readonly size: number;
  readonly program: Program;
  readonly dfs: boolean;
  readonly expected: number | null;
}

function specs(smoke: boolean): Spec[] {
  const out: Spec[] = [];
  const add = (benchmark: string, sizes: number[], make: (n: number) => Program, dfsUpTo: number, expected: (n: number) => number | null) => {
    for (const n of sizes) out.push({ benchmark, size: n, program: make(n), dfs: n <= dfsUpTo, expected: expected(n) });
  };
  add("indexer", smoke ? [2] : [2, 11, 12, 13], (n) => indexer(n), 2, (n) => (n <= 11 ? 1 : null));
  add("file-system", smoke ? [2] : [2, 13, 14, 15, 16], fileSystem, 2, (n) => (n <= 13 ? 1 : null));
  add("lastzero", smoke ? [2] : [2, 3, 5, 8], lastZero, 3, () => null);
  add("readers-writer", smoke ? [2] : [2, 4, 8, 10], readersWriter, 4, (n) => 2 ** n);
  return out;
}

async function count(program: Program, strategy: "dfs" | "dpor", budget: number): Promise<{ n: number; complete: boolean; ms: number }> {
  const r = await explore(program, { strategy, schedules: budget, timeBudgetMs: 60_000, maxSteps: 100_000, ...CHECKS });
  if (r.failure !== undefined) throw new Error(`${strategy} failed: ${r.failure.message}`);
  return { n: r.schedules, complete: r.complete, ms: Math.round(r.elapsedMs) };
}

/** Run every benchmark; `smoke` uses the smallest sizes only. */
export async function runDporBenchmarks(options: { smoke?: boolean } = {}): Promise<DporRow[]> {
  const rows: DporRow[] = [];
  for (const s of specs(options.smoke === true)) {
    const dpor = await count(s.program, "dpor", 1_000_000);
    const dfs = s.dfs ? await count(s.program, "dfs", options.smoke === true ? 2000 : 200_000) : null;
    rows.push({
      benchmark: s.benchmark,
      size: s.size,
      dporExecutions: dpor.n,
      dporMs: dpor.ms,
      dfsExecutions: dfs?.n ?? null,
      dfsComplete: dfs?.complete ?? null,
      dfsMs: dfs?.ms ?? null,
      expectedTraces: s.expected,
    });
  }
  return rows;
}

if (require.main === module) {
  void runDporBenchmarks({ smoke: process.argv.includes("--smoke") }).then((rows) => {
    console.log("benchmark        size   dpor (ms)          dfs (ms)              expected traces");
    for (const r of rows) {
      const dfs = r.dfsExecutions === null ? "-" : `${r.dfsExecutions}${r.dfsComplete ? "" : "+"} (${r.dfsMs})`;
      console.log(
        `${r.benchmark.padEnd(16)} ${String(r.size).padStart(4)}   ${`${r.dporExecutions} (${r.dporMs})`.padEnd(18)} ${dfs.padEnd(21)} ${r.expectedTraces ?? "-"}`,
      );
    }
  });
}

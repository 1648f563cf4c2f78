import { explore, type Program } from "../../src";
import { fileSystem, indexer, lastZero, readers } from "./programs";

/**
 * Executions that dfs and dpor need for the classic DPOR benchmarks, next to the number
 * of traces published for them. Run alone: `npx ts-node --transpile-only
 * bench/dpor/run-dpor.ts` (add `--smoke` for small sizes). `bench/run.ts` calls
 * {@link runDporBenchmarks}.
 */

/** One benchmark at one size. */
export interface DporRow {
  /** `indexer`, `file-system`, `lastzero`, `readers`. */
  readonly benchmark: string;
  /** The N of the C source (threads; for lastzero and readers, threads besides the one scanning or writing). */
  readonly size: number;
  /** Executions dpor ran: one per Mazurkiewicz trace. */
  readonly dporExecutions: number;
  readonly dporMs: number;
  /** Executions dfs ran, or null when it was not attempted (far too many). */
  readonly dfsExecutions: number | null;
  /** False when dfs hit its budget before covering every schedule. */
  readonly dfsComplete: boolean | null;
  readonly dfsMs: number | null;
  /** The number of traces published for this size (see PUBLISHED), or null. */
  readonly publishedTraces: number | null;
}

/**
 * Traces published for the programs of programs.ts: Nidhugg's SWSC experiment,
 * nidhugg/nidhugg commit 2fee6c08, benchmarks/SWSC_experiment/summary.txt, column
 * `observers_traces` (Nidhugg's optimal DPOR with observers; the other tools there agree:
 * sections "Indexer (SV-COMP)", "lastzero (Source-DPOR)", "Readers (RCMC)", "Filesystem
 * (Tracer)"). Also lastzero 2 and 4 = 5 and 28 in nidhugg tests/smoke/reference.results.txt
 * (lastzero_2, lastzero_4) and src/SC_test2.cpp (`trace_count == 28`); lastzero 5 = 64 in
 * Concuerror tests/suites/dpor_tests/results/last_zero-test-inf-dpor.txt (optimal DPOR);
 * file system 16 = 8 in Concuerror file_system_example-test-inf-dpor.txt.
 */
export const PUBLISHED: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  indexer: { 11: 1, 12: 8, 13: 64, 14: 512, 15: 4096, 16: 32768 },
  "file-system": { 12: 1, 14: 2, 16: 8, 18: 32 },
  lastzero: { 2: 5, 4: 28, 5: 64, 6: 144, 8: 704, 10: 3328, 12: 15360 },
  readers: { 2: 4, 4: 16, 6: 64, 8: 256, 10: 1024 },
};

/** The benchmarks by name. */
export const PROGRAMS: Readonly<Record<string, (n: number) => Program>> = {
  indexer,
  "file-system": fileSystem,
  lastzero: lastZero,
  readers,
};

const CHECKS = { checks: ["deadlock", "leak", "panic"] as ("deadlock" | "leak" | "panic")[] };

interface Spec {
  readonly benchmark: string;
  readonly size: number;
  readonly dfs: boolean;
}

function specs(smoke: boolean): Spec[] {
  const out: Spec[] = [];
  const add = (benchmark: string, sizes: number[], dfsUpTo: number): void => {
    for (const n of sizes) out.push({ benchmark, size: n, dfs: n <= dfsUpTo });
  };
  add("indexer", smoke ? [2] : [2, 11, 12, 13, 14], 0);
  add("file-system", smoke ? [2] : [2, 12, 14, 16, 18], 2);
  add("lastzero", smoke ? [2] : [2, 3, 4, 6, 8, 10], 3);
  add("readers", smoke ? [2] : [2, 4, 6, 8, 10], 4);
  return out;
}

/** Executions `strategy` runs to cover `program`, and whether it finished. */
export async function count(program: Program, strategy: "dfs" | "dpor", budget: number): Promise<{ n: number; complete: boolean; ms: number }> {
  const r = await explore(program, { strategy, schedules: budget, timeBudgetMs: 120_000, maxSteps: 100_000, ...CHECKS });
  if (r.failure !== undefined) throw new Error(`${strategy} failed: ${r.failure.message}`);
  return { n: r.schedules, complete: r.complete, ms: Math.round(r.elapsedMs) };
}

/** Run every benchmark; `smoke` uses the smallest sizes only. */
export async function runDporBenchmarks(options: { smoke?: boolean } = {}): Promise<DporRow[]> {
  const rows: DporRow[] = [];
  for (const s of specs(options.smoke === true)) {
    const program = PROGRAMS[s.benchmark]!(s.size);
    const dpor = await count(program, "dpor", 1_000_000);
    const dfs = s.dfs ? await count(program, "dfs", options.smoke === true ? 2000 : 200_000) : null;
    rows.push({
      benchmark: s.benchmark,
      size: s.size,
      dporExecutions: dpor.n,
      dporMs: dpor.ms,
      dfsExecutions: dfs?.n ?? null,
      dfsComplete: dfs?.complete ?? null,
      dfsMs: dfs?.ms ?? null,
      publishedTraces: PUBLISHED[s.benchmark]?.[s.size] ?? null,
    });
  }
  return rows;
}

if (require.main === module) {
  void runDporBenchmarks({ smoke: process.argv.includes("--smoke") }).then((rows) => {
    console.log("benchmark        size   dpor (ms)          dfs (ms)              published traces");
    for (const r of rows) {
      const dfs = r.dfsExecutions === null ? "-" : `${r.dfsExecutions}${r.dfsComplete ? "" : "+"} (${r.dfsMs})`;
      console.log(
        `${r.benchmark.padEnd(16)} ${String(r.size).padStart(4)}   ${`${r.dporExecutions} (${r.dporMs})`.padEnd(18)} ${dfs.padEnd(21)} ${r.publishedTraces ?? "-"}`,
      );
    }
  });
}

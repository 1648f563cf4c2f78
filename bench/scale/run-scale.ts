import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { CaseResult } from "./cases";

/**
 * Scale benchmarks (`node -r ts-node/register/transpile-only bench/scale/run-scale.ts`,
 * or through `npm run bench`): each case in a process of its own, reported as ratios,
 * which is what the goals are about.
 *
 * - fanout, 1,000 and 10,000 goroutines, race detection off and on: the larger should
 *   cost about 10x the smaller (linear), not 100x.
 * - a race found after a million steps, and a livelock at 100,000: the report (the
 *   exploration that found it, plus the capture replays) over the execution alone.
 */
function run(name: string, n: number): CaseResult {
  const script = join(__dirname, "cases.ts");
  const out = spawnSync(process.execPath, ["--expose-gc", "-r", "ts-node/register/transpile-only", script, name, String(n)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (out.status !== 0) throw new Error(`scale case ${name} ${n} failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split("\n").pop()!) as CaseResult;
}

/** One row of the table: a case as measured, or a ratio of two. */
export type ScaleRow = CaseResult | { readonly case: string; readonly ratio: number };

export async function runScaleBenchmarks(options: { smoke: boolean }): Promise<ScaleRow[]> {
  const small = options.smoke ? 100 : 1_000;
  const large = options.smoke ? 1_000 : 10_000;
  const long = options.smoke ? 40_000 : 1_000_000;
  const spinSteps = options.smoke ? 10_000 : 100_000;
  const cases = [
    run("fanout", small), run("fanout", large), run("fanoutRace", small), run("fanoutRace", large),
    run("lateRaceRun", long), run("lateRaceReport", long), run("spinRun", spinSteps), run("livelockReport", spinSteps),
  ];
  const [f1, f2, r1, r2, lr, lrr, sr, llr] = cases as [CaseResult, CaseResult, CaseResult, CaseResult, CaseResult, CaseResult, CaseResult, CaseResult];
  const x = `${large / small}x`;
  return [
    ...cases,
    { case: `fanout cpu, ${x} goroutines (linear: ${large / small})`, ratio: f2.cpuMs / f1.cpuMs },
    { case: `fanout with race detection cpu, ${x} goroutines`, ratio: r2.cpuMs / r1.cpuMs },
    { case: `fanout with race detection heap, ${x} goroutines`, ratio: r2.heapBytes / r1.heapBytes },
    { case: "late race: report (exploration + capture) over the execution alone, cpu", ratio: lrr.cpuMs / lr.cpuMs },
    { case: "livelock: report over the execution alone, cpu", ratio: llr.cpuMs / sr.cpuMs },
  ];
}

if (require.main === module) {
  runScaleBenchmarks({ smoke: process.argv.includes("--smoke") }).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}

import { runBugFindingBenchmarks } from "./bugs/find-bugs";
import { runDporBenchmarks } from "./dpor/run-dpor";
import { runScaleBenchmarks } from "./scale/run-scale";
import { runSideBySide } from "./transform/side-by-side";

/**
 * The benchmarks that live in folders of their own (`bench/dpor/`, `bench/bugs/`,
 * `bench/scale/`, `bench/transform/`), run by `npm run bench` after the timed cases.
 */
export const EXTRAS = { runDporBenchmarks, runBugFindingBenchmarks, runScaleBenchmarks, runSideBySide } as const;

export type ExtraName = keyof typeof EXTRAS;

/** Run one extra; its own failure is reported in the results, not thrown, so the other figures still print. */
export async function runExtra(name: ExtraName, options: { smoke: boolean }): Promise<unknown> {
  try {
    return await EXTRAS[name](options);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

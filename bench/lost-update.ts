import { explore, type StrategyName } from "../src";
import { fcRunsToLostUpdate } from "./fastcheck";
import { median } from "./measure";
import { lostUpdate, noLostUpdate } from "./programs";

/** How fast one searcher finds the lost update, over many seeds. */
export interface HuntResult {
  /**
   * Median schedules (fast-check: runs) to the first failure, counting the failing one;
   * null when unavailable or not found for half the seeds.
   */
  readonly median: number | null;
  /** Seeds that found it within the budget; null when the strategy is not available. */
  readonly found: number | null;
  readonly seeds: number;
  /** The most schedules (fast-check: runs) tried per seed. */
  readonly budget: number;
}

export type Searcher = "random" | "pct" | "pos" | "fastcheck";
export const SEARCHERS: readonly Searcher[] = ["random", "pct", "pos", "fastcheck"];

/**
 * Schedules to the first lost update with one gosched strategy, or null when `budget`
 * schedules pass. Race detection is off: it would flag the unsynchronised counter in the
 * very first execution, and this measures how fast a strategy reaches the bad
 * interleaving itself. The failure is the invariant on the outcome.
 */
async function goschedHunt(strategy: StrategyName, seed: number, budget: number): Promise<number | null> {
  const r = await explore(lostUpdate, {
    strategy,
    seed: `lost-update-${seed}`,
    schedules: budget,
    timeBudgetMs: 1e9,
    checks: ["deadlock", "leak", "panic"],
    invariant: noLostUpdate,
    minimize: false,
  });
  if (r.failure === undefined) return null;
  if (r.failure.kind !== "invariant") throw new Error(`the lost-update hunt failed otherwise: ${r.failure.message}`);
  return r.failure.execution;
}

function unavailable(error: unknown): boolean {
  return error instanceof Error && /not available/.test(error.message);
}

/** Hunt with one searcher over `seeds` seeds. Not-found seeds count as infinitely slow. */
export async function hunt(searcher: Searcher, seeds: number, budget: number): Promise<HuntResult> {
  const counts: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    let n: number | null;
    try {
      n = searcher === "fastcheck" ? await fcRunsToLostUpdate(seed, budget) : await goschedHunt(searcher, seed, budget);
    } catch (error) {
      if (unavailable(error)) return { median: null, found: null, seeds, budget };
      throw error;
    }
    counts.push(n ?? Infinity);
  }
  const m = median(counts);
  return { median: Number.isFinite(m) ? m : null, found: counts.filter(Number.isFinite).length, seeds, budget };
}

/** Every searcher on the lost update. */
export async function huntAll(seeds: number, budget: number): Promise<Record<Searcher, HuntResult>> {
  const out = {} as Record<Searcher, HuntResult>;
  for (const s of SEARCHERS) out[s] = await hunt(s, seeds, budget);
  return out;
}

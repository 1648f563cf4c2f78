import { explore, type ExploreOptions, type ExploreResult } from "../../src";

/** Where virtual time starts: 2000-01-01T00:00:00Z. */
export const START = Date.UTC(2000, 0, 1);

/** Explore with a fixed seed, so a red test replays; `schedules` defaults to 200, and no machine reaches the time budget. */
export function run<T>(program: () => Promise<T>, options: ExploreOptions = {}): Promise<ExploreResult<T>> {
  return explore(program, { seed: "time", schedules: 200, timeBudgetMs: 600_000, ...options });
}

/** The outcomes, rendered and sorted, for order-free comparison. */
export function outcomesOf(res: ExploreResult): string[] {
  return res.outcomes.map((o) => JSON.stringify(o)).sort();
}

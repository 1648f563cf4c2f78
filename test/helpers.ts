import { explore, type ExploreOptions, type ExploreResult } from "../src";

/** Fixed seeds for tests that run a program under several (each takes as many as it needs). */
export const SEEDS = Array.from({ length: 20 }, (_, i) => `seed-${i}`);

/**
 * What every helper explores with unless the test says otherwise: a fixed seed, so a red
 * test replays and a green one stays green, and a time budget no machine reaches, so the
 * schedule count alone ends the exploration and the verdict does not depend on the load.
 */
const FIXED: ExploreOptions = { seed: "helpers", timeBudgetMs: 600_000 };

/** Explore with a fixed seed; fail the test with the report if anything failed. */
export async function clean<T>(program: () => Promise<T>, options: ExploreOptions = {}): Promise<ExploreResult<T>> {
  const r = await explore(program, { ...FIXED, schedules: 200, ...options });
  if (r.failure !== undefined) {
    throw new Error(`expected no failure, got ${r.failure.kind}: ${r.failure.message}\nreplay: ${r.failure.replay}`);
  }
  return r;
}

/** Every distinct outcome in 400 schedules (of one fixed seed unless `options` names another), sorted by their string form. */
export async function outcomes<T>(program: () => Promise<T>, options: ExploreOptions = {}): Promise<T[]> {
  const r = await clean(program, { schedules: 400, ...options });
  return [...r.outcomes].sort((a, b) => String(a).localeCompare(String(b)));
}

/** The failure an exploration must find. */
export async function failure(program: () => Promise<unknown>, options: ExploreOptions = {}) {
  const r = await explore(program, { ...FIXED, schedules: 500, ...options });
  if (r.failure === undefined) throw new Error(`expected a failure in ${r.schedules} schedules, found none`);
  return r.failure;
}

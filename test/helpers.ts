import { explore, type ExploreOptions, type ExploreResult } from "../src";

/** Seeds every semantic test runs under. */
export const SEEDS = Array.from({ length: 20 }, (_, i) => `seed-${i}`);

/** Explore with a fixed seed; fail the test with the report if anything failed. */
export async function clean<T>(program: () => Promise<T>, options: ExploreOptions = {}): Promise<ExploreResult<T>> {
  const r = await explore(program, { schedules: 200, ...options });
  if (r.failure !== undefined) {
    throw new Error(`expected no failure, got ${r.failure.kind}: ${r.failure.message}\nreplay: ${r.failure.replay}`);
  }
  return r;
}

/** Every distinct outcome over many seeds, sorted by their string form. */
export async function outcomes<T>(program: () => Promise<T>, options: ExploreOptions = {}): Promise<T[]> {
  const r = await clean(program, { schedules: 400, ...options });
  return [...r.outcomes].sort((a, b) => String(a).localeCompare(String(b)));
}

/** The failure an exploration must find. */
export async function failure(program: () => Promise<unknown>, options: ExploreOptions = {}) {
  const r = await explore(program, { schedules: 500, ...options });
  if (r.failure === undefined) throw new Error(`expected a failure in ${r.schedules} schedules, found none`);
  return r.failure;
}

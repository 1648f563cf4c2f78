import * as fc from "fast-check";
import { LOST_UPDATE } from "./programs";

/**
 * The same programs under fast-check's scheduler (`fc.scheduler()`), written the way its
 * documentation drives concurrent code: each task awaits scheduled promises, and the
 * test awaits `s.waitFor(all tasks)`. One scheduled promise released is one step, the
 * twin of one gosched operation. Runs go through `fc.assert`/`fc.check`, as a user's
 * would, so fast-check's per-run work counts as gosched's per-execution work does.
 */

/** `tasks` tasks of `yields` scheduled promises each, run `runs` times; the steps done. */
export async function fcSpinners(tasks: number, yields: number, runs: number, seed: number): Promise<number> {
  const property = fc.asyncProperty(fc.scheduler(), async (s) => {
    const task = async (): Promise<void> => {
      for (let i = 0; i < yields; i++) await s.schedule(Promise.resolve());
    };
    const all: Promise<void>[] = [];
    for (let t = 0; t < tasks; t++) all.push(task());
    await s.waitFor(Promise.all(all));
  });
  await fc.assert(property, { numRuns: runs, seed });
  return runs * tasks * yields;
}

/**
 * The lost update of `programs.ts` under `fc.scheduler()`: runs until the first failing
 * one (counted, as gosched counts the failing execution), or null when `maxRuns` pass.
 * `endOnFailure` skips shrinking, which gosched does not do either.
 */
export async function fcRunsToLostUpdate(seed: number, maxRuns: number): Promise<number | null> {
  const { goroutines, steps, readAt, writeAt, racers } = LOST_UPDATE;
  const property = fc.asyncProperty(fc.scheduler(), async (s) => {
    let counter = 0;
    const task = async (g: number): Promise<void> => {
      let seen = 0;
      for (let op = 1; op <= steps; op++) {
        await s.schedule(Promise.resolve());
        if (g < racers && op === readAt) seen = counter;
        else if (g < racers && op === writeAt) counter = seen + 1;
      }
    };
    const all: Promise<void>[] = [];
    for (let g = 0; g < goroutines; g++) all.push(task(g));
    await s.waitFor(Promise.all(all));
    return counter === racers;
  });
  const details = await fc.check(property, { numRuns: maxRuns, seed, endOnFailure: true });
  return details.failed ? details.numRuns : null;
}

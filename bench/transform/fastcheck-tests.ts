import * as fc from "fast-check";

/**
 * The fast-check tests of the examples, written as its documentation drives async code:
 * the test wraps each async dependency with `s.scheduleFunction`, fires calls that must
 * come later through `s.schedule(…).then(…)`, and awaits `s.waitFor(…)`.
 * `code` is the plain code under test (examples.ts), loaded untransformed.
 */

// The test bodies as a user writes them; the bench counts their lines.
export const FASTCHECK_TESTS = {
  counter: `
fc.asyncProperty(fc.scheduler(), async (s) => {
  const store = code.memoryStore();
  const api = { read: s.scheduleFunction(store.read), write: s.scheduleFunction(store.write) };
  await s.waitFor(Promise.all([code.increment(api), code.increment(api)]));
  return store.value === 2;
})
`,
  queue: `
fc.asyncProperty(fc.scheduler(), async (s) => {
  const { call, log } = code.tracked();
  const q = code.queue(s.scheduleFunction(call));
  const seen = [];
  const later = s.schedule(Promise.resolve()).then(() => q(2));
  await s.waitFor(Promise.all([q(1), later].map((p) => p.then((v) => seen.push(v)))));
  return log.most <= 1 && seen.join() === "1,2";
})
`,
  search: `
fc.asyncProperty(fc.scheduler(), async (s) => {
  const box = code.searchBox(s.scheduleFunction(code.slowApi));
  await s.waitFor(Promise.all([box.type("g"), box.type("go"), box.type("gos")]));
  return box.shown === "results for gos";
})
`,
};

export type Example = keyof typeof FASTCHECK_TESTS;

/** Runs to the first failing run (counted), or null when `budget` runs pass; no shrinking. */
export async function fcRunsToFailure(example: Example, code: Record<string, unknown>, seed: number, budget: number): Promise<number | null> {
  const property = new Function("fc", "code", `return ${FASTCHECK_TESTS[example].trim()};`)(fc, code) as fc.IAsyncProperty<[fc.Scheduler]>;
  const details = await fc.check(property, { numRuns: budget, seed, endOnFailure: true });
  return details.failed ? details.numRuns : null;
}

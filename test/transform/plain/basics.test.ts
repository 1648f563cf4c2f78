/**
 * Plain async code, instrumented by gosched/transform (this file is transformed): no
 * gosched primitive in the code under test.
 */
import { explore } from "gosched";

const FULL = { schedules: 100000, timeBudgetMs: 600000 };

async function lostUpdate(): Promise<number> {
  let n = 0;
  const inc = async (): Promise<void> => {
    await null;
    const v = n;
    await null;
    n = v + 1;
  };
  await Promise.all([inc(), inc()]);
  return n;
}

test("the lost update of two async read-modify-writes is found, and {1, 2} proven by dfs and dpor", async () => {
  for (const strategy of ["dfs", "dpor"] as const) {
    const r = await explore(lostUpdate, { strategy, ...FULL });
    expect(r.complete).toBe(true);
    expect([...r.outcomes].sort()).toEqual([1, 2]);
  }
});

test("outside an execution the transformed function behaves as before", async () => {
  expect(await lostUpdate()).toBe(1);
});

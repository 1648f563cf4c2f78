/** Time in transformed code: `node:timers/promises` and `AbortSignal.timeout` on the virtual clock. */
import { setTimeout as wait } from "node:timers/promises";
import { explore } from "gosched";

async function slowWithDeadline(): Promise<[number, string]> {
  const start = Date.now();
  await wait(60_000);
  const signal = AbortSignal.timeout(5_000);
  const result = await wait(10_000, "done", { signal }).catch((e: Error) => e.name);
  return [Date.now() - start, result];
}

test("a minute of timers/promises and an AbortSignal.timeout run on virtual time", async () => {
  const r = await explore(slowWithDeadline, { strategy: "dfs", schedules: 100000, timeBudgetMs: 600000 });
  expect(r.failure).toBeUndefined();
  expect(r.outcomes).toEqual([[65_000, "AbortError"]]);
});

test("outside an execution they are Node's", async () => {
  expect(await wait(1, "real")).toBe("real");
  expect(AbortSignal.timeout(1000).aborted).toBe(false);
});

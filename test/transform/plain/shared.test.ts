/**
 * This file is transformed: plain async functions are tasks, and `Shared` race detection
 * keeps working inside them through the tasks' happens-before edges (a call before the
 * task's start, a task's return before the await that receives it).
 */
import { explore, Shared } from "gosched";

const FULL = { strategy: "dfs" as const, schedules: 100000, timeBudgetMs: 600000 };

async function increment(c: Shared<number>): Promise<void> {
  const v = await c.read();
  await c.write(v + 1);
}

test("two tasks incrementing a Shared under Promise.all race", async () => {
  const r = await explore(async () => {
    const c = new Shared(0, "counter");
    await Promise.all([increment(c), increment(c)]);
    return c.read();
  }, FULL);
  expect(r.failure?.kind).toBe("race");
  expect(r.failure?.message).toContain('Shared "counter"');
});

test("the same tasks awaited one after the other are race free, proven", async () => {
  const r = await explore(async () => {
    const c = new Shared(0, "counter");
    await increment(c);
    await increment(c);
    return c.read();
  }, FULL);
  expect(r.failure).toBeUndefined();
  expect(r.complete).toBe(true);
  expect(r.outcomes).toEqual([2]);
});

test("a write before a task starts happens before the task's read", async () => {
  const r = await explore(async () => {
    const c = new Shared(0, "counter");
    await c.write(5);
    await increment(c);
    return c.read();
  }, FULL);
  expect(r.failure).toBeUndefined();
  expect(r.outcomes).toEqual([6]);
});

import { AtomicInt, explore, go, Shared } from "../../src";
import { DfsStrategy } from "../../src/scheduler/dfs";
import { FairStrategy } from "../../src/scheduler/fair";
import { runAll } from "./run-all";

/** Two goroutines of three steps each (start and two atomic adds on their own counters). */
const twoByThree = async (): Promise<void> => {
  const x = new AtomicInt(0);
  const y = new AtomicInt(0);
  go(async () => {
    await x.add(1);
    await x.add(1);
  });
  go(async () => {
    await y.add(1);
    await y.add(1);
  });
};

/** Fails only when the reader sees 1 and then 2: it must run between both writes, twice. */
export const twoPreemptions = async (): Promise<void> => {
  const a = new Shared(0);
  go(async () => {
    await a.write(1);
    await a.write(2);
  }, "writer");
  go(async () => {
    if (`${await a.read()}${await a.read()}` === "12") throw new Error("saw the middle of the update");
  }, "reader");
};

const config = (preemptionBound?: number) => ({ seed: "dfs", preemptionBound, pctDepth: 3, maxSteps: 1000 });

test("dfs runs every interleaving exactly once: C(6,3) = 20 for two goroutines of three steps", async () => {
  const r = await runAll(twoByThree, new FairStrategy(new DfsStrategy(config())), { traces: true });
  expect(r.complete).toBe(true);
  expect(r.executions).toBe(20);
});

test.each([
  [0, 2],
  [1, 6],
  [2, 14],
])("with preemptionBound %i it runs the %i schedules that preempt at most that often", async (bound, n) => {
  const r = await explore(twoByThree, { strategy: "dfs", preemptionBound: bound, schedules: 1000, timeBudgetMs: 600_000 });
  expect(r.schedules).toBe(n);
  expect(r.complete).toBe(true);
  expect(r.bound).toBe(`preemptionBound ${bound}`);
});

test("a bug that needs two preemptions is out of reach with a bound of 1 and found with 2", async () => {
  const one = await explore(twoPreemptions, { strategy: "dfs", preemptionBound: 1, checks: ["panic"], timeBudgetMs: 600_000 });
  expect(one.failure).toBeUndefined();
  expect(one.complete).toBe(true);
  const two = await explore(twoPreemptions, { strategy: "dfs", preemptionBound: 2, checks: ["panic"], timeBudgetMs: 600_000 });
  expect(two.failure?.kind).toBe("panic");
  expect(two.failure?.message).toBe("panic: saw the middle of the update (in goroutine 3 \"reader\")");
});

test("iterative context bounding runs schedules with fewer preemptions first", async () => {
  const bounded = await explore(twoPreemptions, { strategy: "dfs", preemptionBound: 3, checks: ["panic"], timeBudgetMs: 600_000 });
  const plain = await explore(twoPreemptions, { strategy: "dfs", checks: ["panic"], timeBudgetMs: 600_000 });
  expect(bounded.failure?.kind).toBe("panic");
  expect(plain.failure?.kind).toBe("panic");
  expect(bounded.bound).toBe("preemptionBound 3");
  expect(plain.bound).toBeNull();
});

test("without a bound dfs is exhaustive and names no bound", async () => {
  const r = await explore(twoByThree, { strategy: "dfs", timeBudgetMs: 600_000 });
  expect(r).toMatchObject({ schedules: 20, complete: true, bound: null, strategy: "dfs" });
});

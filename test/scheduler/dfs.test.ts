import { AtomicInt, Chan, explore, go, Shared, WaitGroup } from "../../src";
import type { Goroutine } from "../../src/runtime/goroutine";
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
])("with preemptionBound %i it runs the %i schedules that preempt at most that often, and is not complete", async (bound, n) => {
  const r = await explore(twoByThree, { strategy: "dfs", preemptionBound: bound, schedules: 1000, timeBudgetMs: 600_000 });
  expect(r.schedules).toBe(n);
  expect(r.complete).toBe(false);
  expect(r.incomplete).toEqual({ reason: "preemptionBound", bound });
  expect(r.bound).toBe(`preemptionBound ${bound}`);
});

test("a bound that leaves nothing out is complete", async () => {
  const r = await explore(twoByThree, { strategy: "dfs", preemptionBound: 5, schedules: 1000, timeBudgetMs: 600_000 });
  expect(r).toMatchObject({ schedules: 20, complete: true, incomplete: null });
});

test("a bug that needs two preemptions is out of reach with a bound of 1 and found with 2", async () => {
  const one = await explore(twoPreemptions, { strategy: "dfs", preemptionBound: 1, checks: ["panic"], timeBudgetMs: 600_000 });
  expect(one.failure).toBeUndefined();
  expect(one.complete).toBe(false);
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

/** Three workers drain an unbuffered jobs channel into an unlocked counter: a lost update needs one early preemption. */
async function drain(): Promise<number> {
  const jobs = new Chan<number>(0, "jobs");
  const done = new WaitGroup("done");
  const count = new Shared(0, "count");
  for (let w = 1; w <= 3; w++) {
    await done.add(1);
    go(async () => {
      for await (const j of jobs) await count.write((await count.read()) + j);
      await done.done();
    }, `worker ${w}`);
  }
  for (let j = 1; j <= 6; j++) await jobs.send(1);
  await jobs.close();
  await done.wait();
  return count.peek();
}

test("plain dfs finds a race that needs one early preemption within a few executions", async () => {
  // Depth-first from the last decisions, 1000 executions did not reach it.
  const race = await explore(drain, { strategy: "dfs", schedules: 1000, timeBudgetMs: 600_000 });
  expect(race.failure?.kind).toBe("race");
  expect(race.schedules).toBeLessThan(100);
}, 60_000);

test("plain dfs runs every schedule with fewer preemptions before any with more", async () => {
  const counts: number[] = [];
  const strategy = new DfsStrategy(config());
  let last: unknown = null;
  const counting = {
    pick(enabled: readonly Goroutine[]) {
      const cur = last === null ? -1 : enabled.indexOf(last as Goroutine);
      const i = strategy.pick(enabled);
      if (cur >= 0 && i !== cur) counts[counts.length - 1]!++;
      return i;
    },
    choose: (n: number) => strategy.choose(n),
    fired(g: Goroutine) {
      last = g;
      strategy.fired(g);
    },
    begin: () => {
      last = null;
      counts.push(0);
      return strategy.begin();
    },
    end: () => strategy.end(),
    name: "dfs",
    bound: null,
    get complete() {
      return strategy.complete;
    },
  };
  const r = await runAll(twoByThree, counting);
  expect(r.complete).toBe(true);
  counts.pop();
  expect(counts).toHaveLength(20);
  expect(counts).toEqual([...counts].sort((a, b) => a - b));
  expect(counts[counts.length - 1]).toBeGreaterThan(1);
});

test("without a bound dfs is exhaustive and names no bound", async () => {
  const r = await explore(twoByThree, { strategy: "dfs", timeBudgetMs: 600_000 });
  expect(r).toMatchObject({ schedules: 20, complete: true, bound: null, strategy: "dfs" });
});

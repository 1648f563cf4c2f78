import { Chan, explore, go, Shared, type ExploreOptions } from "../../src";
import type { StrategyName } from "../../src/scheduler/strategy";

/**
 * A goroutine whose last operation is not awaited returns while it is pending. When the
 * operation can complete at once, the step may fire it before the return is seen: still
 * reported, under every strategy, on every schedule.
 */
const STRATEGIES: StrategyName[] = ["random", "pct", "pos", "dfs", "dpor"];
const OPTIONS: ExploreOptions = { seed: "await", schedules: 50, timeBudgetMs: 600_000 };

describe.each(STRATEGIES)("under %s", (strategy) => {
  test("a forgotten await on a send a receiver is waiting for", async () => {
    const r = await explore(async () => {
      const ch = new Chan<number>(0, "c");
      go(async () => {
        void ch.send(1);
      }, "forgetful");
      return ch.recv();
    }, { ...OPTIONS, strategy });
    expect(r.failure?.kind).toBe("misuse");
    expect(r.failure?.message).toBe('goroutine 2 "forgetful" returned while send on chan "c" was still pending: did you forget `await`?');
  });

  test("a forgotten await on a write, the only thing that can run", async () => {
    const r = await explore(async () => {
      const x = new Shared(0, "x");
      const done = new Chan<void>(0, "done");
      go(async () => {
        await done.recv();
        void x.write(1);
      }, "forgetful");
      await done.send();
    }, { ...OPTIONS, strategy });
    expect(r.failure?.kind).toBe("misuse");
    expect(r.failure?.message).toBe('goroutine 2 "forgetful" returned while write Shared "x" was still pending: did you forget `await`?');
  });
});

test("returning an operation's promise from a goroutine is awaiting it", async () => {
  const r = await explore(async () => {
    const ch = new Chan<number>(0, "c");
    go(() => ch.send(1));
    go(async () => ch.send(2));
    return (await ch.recv())! + (await ch.recv())!;
  }, { ...OPTIONS, strategy: "dfs", schedules: 100_000, timeBudgetMs: 600_000 });
  expect(r.failure).toBeUndefined();
  expect(r.complete).toBe(true);
  expect(r.outcomes).toEqual([3]);
});

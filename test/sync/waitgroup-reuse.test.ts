import { Chan, explore, go, WaitGroup, type ExploreOptions } from "../../src";
import type { StrategyName } from "../../src/scheduler/strategy";

/** Go panics when a WaitGroup is reused (its counter raised again) before a released `wait()` has returned. */
const STRATEGIES: StrategyName[] = ["random", "pct", "pos", "dfs", "dpor"];
const OPTIONS: ExploreOptions = { seed: "reuse", schedules: 100_000, timeBudgetMs: 600_000, checks: ["deadlock", "leak", "panic"] };

/** A waiter is released by `done()`, and main raises the counter again at once. */
async function reusedEarly(): Promise<string> {
  const wg = new WaitGroup("wg");
  await wg.add(1);
  go(() => wg.wait(), "waiter");
  go(() => wg.done(), "worker");
  await wg.wait();
  await wg.add(1);
  go(() => wg.done(), "second worker");
  await wg.wait();
  return "ok";
}

/** The same, but main waits until the waiter has returned before reusing the WaitGroup. */
async function reusedLate(): Promise<string> {
  const wg = new WaitGroup("wg");
  const returned = new Chan<void>();
  await wg.add(1);
  go(async () => {
    await wg.wait();
    await returned.send();
  }, "waiter");
  go(() => wg.done(), "worker");
  await wg.wait();
  await returned.recv();
  await wg.add(1);
  go(() => wg.done(), "second worker");
  await wg.wait();
  return "ok";
}

describe.each(STRATEGIES)("under %s", (strategy) => {
  test("reusing a WaitGroup before a released wait() has returned panics with Go's words", async () => {
    const r = await explore(reusedEarly, { ...OPTIONS, strategy });
    expect(r.failure?.kind).toBe("panic");
    expect(r.failure?.message).toBe('panic: sync: WaitGroup is reused before previous Wait has returned (in goroutine 2 "waiter")');
  });

  test("reusing it once every wait() has returned is fine", async () => {
    const r = await explore(reusedLate, { ...OPTIONS, strategy, schedules: strategy === "dfs" || strategy === "dpor" ? 100_000 : 300 });
    expect(r.failure).toBeUndefined();
    expect(r.outcomes).toEqual(["ok"]);
  });
});

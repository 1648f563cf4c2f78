/**
 * Pattern 5: `WaitGroup.Add` inside the goroutine.
 *
 * In Go:
 *
 *     for _, job := range jobs {
 *         go func() { wg.Add(1); defer wg.Done(); total += job }()
 *     }
 *     wg.Wait()
 *
 * `wg.Wait()` may run before any goroutine has called `Add`: the counter is still zero and
 * `Wait` returns at once, while the goroutines are still working. The main goroutine then
 * reads `total` with nothing ordering the workers' writes before its read. gosched finds a
 * schedule where `wait()` wins, and reports the race on the result.
 *
 * The fix calls `wg.add(1)` before `go`: the counter is raised before `wait()` can run,
 * and each `done()` happens before the `wait()` it releases returns.
 */
import { go, Mutex, Shared, WaitGroup } from "../src";
import "../src/jest";

const JOBS = [1, 2, 3];

/** Sum the jobs in goroutines; `addInside` picks where `wg.add(1)` is called. */
async function sum(addInside: boolean): Promise<number> {
  const total = new Shared(0, "total");
  const mu = new Mutex();
  const wg = new WaitGroup();
  for (const job of JOBS) {
    if (!addInside) await wg.add(1);
    go(async () => {
      if (addInside) await wg.add(1);
      await mu.lock();
      await total.write((await total.read()) + job);
      await mu.unlock();
      await wg.done();
    }, `job ${job}`);
  }
  await wg.wait();
  return total.read();
}

describe("5. WaitGroup.add inside the goroutine", () => {
  test("gosched reports the race when wait() returns before the workers add", async () => {
    await expect(() => sum(true)).not.toBeRaceFree();
  });

  test("wait() can return with only part of the sum", async () => {
    await expect(() => sum(true)).not.toAlwaysSatisfy((total) => total === 6);
  });

  test("adding before go makes wait() see every job", async () => {
    await expect(() => sum(false)).toBeRaceFree();
    await expect(() => sum(false)).toHaveOutcomes([6], { timeBudgetMs: 60_000 });
  });
});

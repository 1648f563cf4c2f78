/**
 * Pattern 9: a worker pool with channels and a WaitGroup.
 *
 * In Go:
 *
 *     jobs, results := make(chan int), make(chan int, len(input))
 *     for range workers { wg.Add(1); go func() { defer wg.Done(); for j := range jobs { results <- j * j } }() }
 *     for _, j := range input { jobs <- j }
 *     close(jobs)
 *     wg.Wait()
 *     close(results)
 *
 * Each worker ranges over `jobs` until it is closed. Forget `close(jobs)` and the workers
 * wait for a job that never comes while main waits for the workers: Go stops with
 * `all goroutines are asleep - deadlock!`. gosched finds the same global deadlock, and
 * lists what every goroutine is blocked on.
 *
 * With the close in place, the close happens before each worker's final receive, each
 * `done()` before `wait()` returns, and every send before main's receive of it: the sum is
 * the same in every schedule.
 */
import { Chan, explore, go, WaitGroup } from "../src";
import "../src/jest";

const INPUT = [1, 2, 3];

/** Square the input on two workers and sum the results. */
async function pool(closeJobs: boolean): Promise<number> {
  const jobs = new Chan<number>(0, "jobs");
  const results = new Chan<number>(INPUT.length, "results");
  const wg = new WaitGroup("workers");
  for (let w = 1; w <= 2; w++) {
    await wg.add(1);
    go(async () => {
      for await (const j of jobs) await results.send(j * j);
      await wg.done();
    }, `worker ${w}`);
  }
  for (const j of INPUT) await jobs.send(j);
  if (closeJobs) await jobs.close();
  await wg.wait();
  await results.close();
  let sum = 0;
  for await (const r of results) sum += r;
  return sum;
}

describe("9. a worker pool", () => {
  test("gosched reports the deadlock when the jobs channel is never closed", async () => {
    await expect(() => pool(false)).not.toBeDeadlockFree();
  });

  test("explore() reports it in Go's words, with every goroutine's wait reason", async () => {
    const r = await explore(() => pool(false), { seed: "pool", strategy: "random" });
    expect(r.failure?.kind).toBe("deadlock");
    expect(r.failure?.message).toBe(
      "all goroutines are asleep - deadlock! " +
        "(goroutine 1 [sync.WaitGroup.Wait], goroutine 2 [chan receive], goroutine 3 [chan receive])",
    );
  });

  test("closing the jobs channel lets every worker finish with the same sum", async () => {
    await expect(() => pool(true)).toBeDeadlockFree();
    // dpor (the default of toHaveOutcomes) covers every ordering of the operations that
    // conflict in about a hundred executions: the sum is proven for every schedule. The
    // time budget only makes sure a loaded machine cannot cut the proof short.
    await expect(() => pool(true)).toHaveOutcomes([1 + 4 + 9], { timeBudgetMs: 60_000 });
  }, 120_000);
});

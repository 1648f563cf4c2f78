/**
 * Pattern 8: a buffered channel as a semaphore.
 *
 * In Go:
 *
 *     sem := make(chan struct{}, C)
 *     for _, job := range jobs {
 *         go func() {
 *             sem <- struct{}{}          // acquire: blocks while C are inside
 *             defer func() { <-sem }()   // release
 *             work(job)
 *         }()
 *     }
 *
 * The memory model's rule for a channel of capacity C (the k-th receive happens before
 * the (k+C)-th send completes) is what makes this a limit: at most C goroutines are ever
 * between their send and their receive. The program returns the highest number of
 * goroutines it saw inside at once, and `toAlwaysSatisfy` checks that no execution
 * returns more than C.
 *
 * The broken version releases its slot before the work is done (the receive is not
 * deferred), so the limit no longer holds and gosched finds a schedule with more than C
 * inside.
 */
import { AtomicInt, Chan, go, WaitGroup, yieldNow } from "../src";
import "../src/jest";

const C = 2;
const WORKERS = 4;

/** Run the workers; returns the most that were ever inside at once. */
async function limited(releaseEarly: boolean): Promise<number> {
  const sem = new Chan<null>(C, "sem");
  const inside = new AtomicInt(0);
  const most = new AtomicInt(0);
  const wg = new WaitGroup();
  for (let i = 0; i < WORKERS; i++) {
    await wg.add(1);
    go(async () => {
      await sem.send(null);
      if (releaseEarly) await sem.recv();
      const n = await inside.add(1);
      // Raise `most` to n unless it is already higher.
      let m = await most.load();
      while (n > m && !(await most.compareAndSwap(m, n))) m = await most.load();
      await yieldNow(); // the work
      await inside.add(-1);
      if (!releaseEarly) await sem.recv();
      await wg.done();
    }, `worker ${i}`);
  }
  await wg.wait();
  return most.load();
}

describe("8. a buffered channel as a semaphore", () => {
  test("gosched finds more than C goroutines inside when a slot is released early", async () => {
    await expect(() => limited(true)).not.toAlwaysSatisfy((most) => most <= C);
  });

  test("holding the slot until the work is done keeps at most C inside", async () => {
    await expect(() => limited(false)).toAlwaysSatisfy((most) => most <= C);
    await expect(() => limited(false)).toBeRaceFree();
  });
});

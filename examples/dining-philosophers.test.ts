/**
 * Pattern 13: a lock-order deadlock (the dining philosophers).
 *
 * In Go:
 *
 *     for i := range n {
 *         go func() {
 *             left, right := forks[i], forks[(i+1)%n]
 *             left.Lock(); right.Lock()   // every philosopher: left first
 *             eat()
 *             right.Unlock(); left.Unlock()
 *         }()
 *     }
 *
 * If every philosopher picks up the left fork before anyone picks up a right one, each
 * holds one mutex and waits for the next: a cycle, and Go stops with `all goroutines are
 * asleep - deadlock!`. It needs an unlucky interleaving, which is what gosched searches for;
 * its report lists each goroutine, the mutex it waits on and the mutex it holds.
 *
 * The fix is a global lock order: always lock the lower-numbered fork first. The last
 * philosopher then reaches for fork 0 first, and a cycle of waits cannot form.
 */
import { explore, Mutex, WaitGroup } from "../src";
import "../src/jest";

const N = 3;

/** N philosophers eat once each; `ordered` makes each lock the lower-numbered fork first. */
async function dinner(ordered: boolean): Promise<string> {
  const forks = Array.from({ length: N }, (_, i) => new Mutex(`fork ${i}`));
  const wg = new WaitGroup();
  for (let i = 0; i < N; i++) {
    const [left, right] = [i, (i + 1) % N];
    const [first, second] = ordered ? [Math.min(left, right), Math.max(left, right)] : [left, right];
    wg.go(async () => {
      await forks[first]!.lock();
      await forks[second]!.lock();
      await forks[second]!.unlock(); // eaten
      await forks[first]!.unlock();
    }, `philosopher ${i}`);
  }
  await wg.wait();
  return "everyone ate";
}

describe("13. dining philosophers", () => {
  test("gosched finds the schedule where every philosopher holds one fork", async () => {
    await expect(() => dinner(false)).not.toBeDeadlockFree();
  });

  test("explore() lists what each philosopher holds and waits for", async () => {
    const r = await explore(() => dinner(false), { seed: "dinner", strategy: "random" });
    expect(r.failure?.kind).toBe("deadlock");
    expect(r.failure?.detail).toMatchObject({
      kind: "deadlock",
      goroutines: [
        { name: "main", waitReason: "sync.WaitGroup.Wait" },
        { name: "philosopher 0", waitReason: "sync.Mutex.Lock", holds: ['sync.Mutex "fork 0"'] },
        { name: "philosopher 1", waitReason: "sync.Mutex.Lock", holds: ['sync.Mutex "fork 1"'] },
        { name: "philosopher 2", waitReason: "sync.Mutex.Lock", holds: ['sync.Mutex "fork 2"'] },
      ],
    });
  });

  test("taking the lower-numbered fork first never deadlocks", async () => {
    await expect(() => dinner(true)).toBeDeadlockFree();
  });
});

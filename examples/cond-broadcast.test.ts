/**
 * Pattern 12: `Cond.Broadcast` to many waiters, and the wake-up lost by an `if`.
 *
 * In Go:
 *
 *     mu.Lock()
 *     for len(queue) == 0 {   // a loop, not an if
 *         cond.Wait()
 *     }
 *     item := queue[0]; queue = queue[1:]
 *     mu.Unlock()
 *
 * `cond.Wait()` unlocks, sleeps, and locks again before returning; between the wake-up and
 * the relock another goroutine can take the lock and change the state. A waiter that tests
 * its condition with `if` goes on as if the condition still held: here a consumer woken for
 * an item finds that another consumer took it, and reads an empty queue. The wake-up it
 * was sent is lost to it. gosched explores the schedule where the other consumer wins the
 * lock, and the check that each consumer got an item fails. Re-checking in a loop fixes it.
 *
 * A broadcast wakes every waiter at once: here a start gate that releases all runners, each
 * of which then sees `started` because the broadcast happens before its `wait()` returns.
 * With `signal` instead, only the longest-waiting runner wakes; the others wait forever,
 * and gosched reports the deadlock when main waits for them.
 */
import { Chan, Cond, go, Mutex, Shared, WaitGroup } from "../src";
import "../src/jest";

/** Two consumers and a producer share a queue; returns what the consumers got. */
async function consumers(recheck: "if" | "while"): Promise<string> {
  const mu = new Mutex("queue");
  const cond = new Cond(mu);
  const queue = new Shared<number[]>([], "queue");
  const got = new Chan<number | undefined>(2, "got");
  for (const name of ["consumer a", "consumer b"]) {
    go(async () => {
      await mu.lock();
      if (recheck === "if") {
        if ((await queue.read()).length === 0) await cond.wait();
      } else {
        while ((await queue.read()).length === 0) await cond.wait();
      }
      const [item, ...rest] = await queue.read();
      await queue.write(rest);
      await mu.unlock();
      await got.send(item);
    }, name);
  }
  for (const item of [1, 2]) {
    await mu.lock();
    await queue.write([...(await queue.read()), item]);
    await cond.signal();
    await mu.unlock();
  }
  return [await got.recv(), await got.recv()].map(String).sort().join(",");
}

/** Three runners wait at a gate until main opens it, waking them with `wake`. */
async function startGate(wake: "signal" | "broadcast"): Promise<number> {
  const mu = new Mutex("gate");
  const cond = new Cond(mu);
  const started = new Shared(false, "started");
  const running = new Shared(0, "running");
  const wg = new WaitGroup();
  for (let i = 0; i < 3; i++) {
    wg.go(async () => {
      await mu.lock();
      while (!(await started.read())) await cond.wait();
      await running.write((await running.read()) + 1);
      await mu.unlock();
    }, `runner ${i}`);
  }
  await mu.lock();
  await started.write(true);
  if (wake === "broadcast") await cond.broadcast();
  else await cond.signal();
  await mu.unlock();
  await wg.wait();
  return running.read();
}

/** Each consumer got one of the two items. */
const bothItems = (got: string) => got === "1,2";

describe("12. Cond: re-check the condition in a loop", () => {
  test("gosched finds a consumer that takes from an empty queue after an if", async () => {
    await expect(() => consumers("if")).not.toAlwaysSatisfy(bothItems);
  });

  test("a consumer that waits in a loop always gets an item", async () => {
    await expect(() => consumers("while")).toBeRaceFree();
    await expect(() => consumers("while")).toAlwaysSatisfy(bothItems);
  });
});

describe("12. Cond.broadcast wakes every waiter", () => {
  test("gosched finds runners left waiting when the gate wakes only one", async () => {
    await expect(() => startGate("signal")).not.toBeDeadlockFree();
  });

  test("one broadcast releases all three runners, race-free", async () => {
    await expect(() => startGate("broadcast")).toBeRaceFree();
    // dpor needs a little more than the default 1000 executions to cover every schedule.
    await expect(() => startGate("broadcast")).toHaveOutcomes([3], { schedules: 2000, timeBudgetMs: 60_000 });
  });
});

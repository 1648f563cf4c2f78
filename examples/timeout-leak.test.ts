/**
 * Pattern 14: a timeout that leaks the goroutine sending the result.
 *
 * In Go:
 *
 *     func fetch() (string, error) {
 *         ch := make(chan string)            // unbuffered
 *         go func() { ch <- call() }()
 *         select {
 *         case r := <-ch:
 *             return r, nil
 *         case <-time.After(100 * time.Millisecond):
 *             return "", errTimeout
 *         }
 *     }
 *
 * When the timeout wins, nobody will ever receive from `ch`: the goroutine blocks in its
 * send forever, holding whatever it holds. It is not a deadlock (the program goes on),
 * so Go says nothing; it is a leak. gosched runs time virtually, explores both orders of
 * the call finishing and the timer firing, and reports the goroutine still blocked when
 * the main goroutine has returned.
 *
 * The fix gives the channel a buffer of one: the send completes even when nobody
 * receives, the goroutine exits, and the channel is garbage.
 */
import { after, Chan, explore, go, select, sleep } from "../src";
import "../src/jest";

/** Call a service that takes 100 ms, with a 100 ms timeout; `buffer` is the channel's. */
async function fetch(buffer: number): Promise<string> {
  const result = new Chan<string>(buffer, "result");
  go(async () => {
    await sleep(100); // the call
    await result.send("response");
  }, "call");
  const { index, value } = await select<string | number>([result.recvCase(), after(100).recvCase()]);
  return index === 0 ? (value as string) : "timeout";
}

describe("14. a timeout that leaks the sender", () => {
  test("gosched reports the sender leaked when the timeout wins", async () => {
    await expect(() => fetch(0)).not.toBeDeadlockFree();
  });

  test("explore() names the leaked goroutine and what it is blocked in", async () => {
    const r = await explore(() => fetch(0), { seed: "timeout", strategy: "random" });
    expect(r.failure?.kind).toBe("leak");
    expect(r.failure?.message).toBe('1 goroutine leaked: goroutine 2 "call" [chan send]');
  });

  test("a buffer of one lets the sender finish whichever wins", async () => {
    await expect(() => fetch(1)).toBeDeadlockFree();
    await expect(() => fetch(1)).toHaveOutcomes(["response", "timeout"], { timeBudgetMs: 60_000 });
  });
});

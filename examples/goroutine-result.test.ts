/**
 * Pattern 7: reading a goroutine's result without synchronisation.
 *
 * In Go:
 *
 *     var result int
 *     go func() { result = compute() }()
 *     runtime.Gosched()    // "give it time to finish"
 *     print(result)
 *
 * The memory model says a goroutine's exit happens before nothing: no amount of yielding
 * or sleeping makes the worker's write visible to main. gosched applies exactly that rule,
 * so it reports a race whatever the interleaving, and its outcome set shows both the
 * result and the zero value.
 *
 * The fix hands the result over a channel: the send happens before the matching receive
 * completes, so main always reads the finished value.
 */
import { Chan, go, Shared, yieldNow } from "../src";
import "../src/jest";

/** The bug: main yields, then reads what the worker wrote. */
async function yieldAndRead(): Promise<number> {
  const result = new Shared(0, "result");
  go(() => result.write(42), "worker");
  await yieldNow();
  return result.read();
}

/** The fix: the worker sends its result. */
async function receive(): Promise<number> {
  const result = new Chan<number>(0, "result");
  go(() => result.send(42), "worker");
  return (await result.recv())!;
}

describe("7. reading a goroutine's result without synchronisation", () => {
  test("gosched reports the race between the worker's write and main's read", async () => {
    await expect(yieldAndRead).not.toBeRaceFree();
  });

  test("main may see the result or the zero value", async () => {
    await expect(yieldAndRead).toHaveOutcomes([0, 42], { timeBudgetMs: 60_000 });
  });

  test("receiving the result from a channel always sees it", async () => {
    await expect(receive).toBeRaceFree();
    await expect(receive).toHaveOutcomes([42], { timeBudgetMs: 60_000 });
  });
});

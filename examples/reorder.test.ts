/**
 * Pattern 15: the outcomes of the reorder example.
 *
 * In Go (the memory model's own example):
 *
 *     var a, b int
 *     func f() { a = 1; b = 2 }
 *     func g() { print(b); print(a) }
 *     func main() { go f(); g() }
 *
 * `f` and `g` race on both variables. Under sequential consistency, where every read
 * sees the latest write in one global order, `g` prints "00", "01" or "21". Go's memory
 * model allows more: with no synchronisation, `g` may see `b = 2` and still print `a = 0`
 * ("20"), because nothing makes `a = 1` visible before `b = 2`. gosched's default memory
 * model is "sc", so it enumerates the first three; `memoryModel: "go"` lets a racy read
 * return any write that is not hidden from it, and adds "20". No interleaving produces
 * it: only a tester that models the memory model can show it. Either way the race is
 * reported.
 *
 * Below, the main goroutine plays `g` and returns what it would print.
 *
 * The fix makes `a` and `b` atomics. Atomics are sequentially consistent in Go, so the
 * program is race-free and "20" is impossible under any memory model.
 */
import { AtomicInt, go, Shared } from "../src";
import "../src/jest";

/** The racy version: plain variables. */
async function plain(): Promise<string> {
  const a = new Shared(0, "a");
  const b = new Shared(0, "b");
  go(async () => {
    await a.write(1);
    await b.write(2);
  }, "f");
  return `${await b.read()}${await a.read()}`;
}

/** The fix: atomics. */
async function atomics(): Promise<string> {
  const a = new AtomicInt(0);
  const b = new AtomicInt(0);
  go(async () => {
    await a.store(1);
    await b.store(2);
  }, "f");
  return `${await b.load()}${await a.load()}`;
}

describe("15. the reorder example", () => {
  test("gosched reports the race between f's writes and g's reads", async () => {
    await expect(plain).not.toBeRaceFree();
  });

  test("under sequential consistency g prints 00, 01 or 21", async () => {
    await expect(plain).toHaveOutcomes(["00", "01", "21"], { timeBudgetMs: 60_000 });
  });

  test("under the Go memory model g may also print 20", async () => {
    await expect(plain).toHaveOutcomes(["00", "01", "20", "21"], { memoryModel: "go", timeBudgetMs: 60_000 });
  });

  test("with atomics the program is race-free and has the same three outcomes", async () => {
    await expect(atomics).toBeRaceFree();
    await expect(atomics).toHaveOutcomes(["00", "01", "21"], { timeBudgetMs: 60_000 });
    await expect(atomics).toHaveOutcomes(["00", "01", "21"], { memoryModel: "go", timeBudgetMs: 60_000 });
  });
});

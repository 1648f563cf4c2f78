/**
 * Pattern 3: concurrent map writes.
 *
 * In Go:
 *
 *     hits := map[string]int{}
 *     for _, page := range pages {
 *         go func() { hits[page]++ }()
 *     }
 *
 * A Go map is not safe for concurrent use: two goroutines writing it at once is a data
 * race even on different keys, and the runtime may crash with `fatal error: concurrent
 * map writes`. Like Go's race detector, gosched treats the whole `SharedMap` as one
 * location: every `get` reads it and every `set` writes it, so two unordered writes are
 * reported whatever their keys.
 *
 * The fix holds a `Mutex` around each read-modify-write. The n-th unlock happens before
 * the (n+1)-th lock returns, so the accesses are totally ordered and no hit is lost.
 */
import { go, Mutex, SharedMap, WaitGroup } from "../src";
import "../src/jest";

const PAGES = ["/", "/about", "/"];

/** The bug: three goroutines count hits in one map with no lock. */
async function unlocked(): Promise<Record<string, number>> {
  const hits = new SharedMap<string, number>("hits");
  const wg = new WaitGroup();
  for (const page of PAGES) {
    await wg.add(1);
    go(async () => {
      await hits.set(page, ((await hits.get(page)) ?? 0) + 1);
      await wg.done();
    }, `visit ${page}`);
  }
  await wg.wait();
  return Object.fromEntries(await hits.entries());
}

/** The fix: a mutex guards the map. */
async function locked(): Promise<Record<string, number>> {
  const hits = new SharedMap<string, number>("hits");
  const mu = new Mutex("hits");
  const wg = new WaitGroup();
  for (const page of PAGES) {
    await wg.add(1);
    go(async () => {
      await mu.lock();
      await hits.set(page, ((await hits.get(page)) ?? 0) + 1);
      await mu.unlock();
      await wg.done();
    }, `visit ${page}`);
  }
  await wg.wait();
  return Object.fromEntries(await hits.entries());
}

describe("3. concurrent map writes", () => {
  test("gosched reports the race on the unlocked map", async () => {
    await expect(unlocked).not.toBeRaceFree();
  });

  test("a mutex around each update makes the counts exact", async () => {
    await expect(locked).toBeRaceFree();
    await expect(locked).toHaveOutcomes([{ "/": 2, "/about": 1 }], { timeBudgetMs: 60_000 });
  });
});

/**
 * A lost update through an async store (plain async code, transformed by gosched).
 *
 * `addPoints` reads a balance, then writes it back increased: two calls at once can both
 * read the old balance, and one addition is lost. The fix serialises the
 * read-modify-write with a promise-chain lock.
 */
import "gosched/jest";

/** A key-value store whose calls stand for network round trips. */
function fakeStore() {
  const data = new Map<string, number>();
  return {
    async get(key: string): Promise<number> {
      await null;
      return data.get(key) ?? 0;
    },
    async set(key: string, value: number): Promise<void> {
      await null;
      data.set(key, value);
    },
  };
}
type Store = ReturnType<typeof fakeStore>;

/** The bug: read, then write, with other requests free to run in between. */
async function addPoints(store: Store, user: string, n: number): Promise<void> {
  const current = await store.get(user);
  await store.set(user, current + n);
}

/** A promise-chain lock: each caller runs after the previous one has finished. */
function serialised() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

test("the bug: one of two additions can be lost", async () => {
  await expect(async () => {
    const store = fakeStore();
    await Promise.all([addPoints(store, "ann", 10), addPoints(store, "ann", 15)]);
    return store.get("ann");
  }).toHaveOutcomes([10, 15, 25], { strategy: "dfs", timeBudgetMs: 60_000 });
});

test("the fix: serialised, both additions always land", async () => {
  await expect(async () => {
    const store = fakeStore();
    const lock = serialised();
    await Promise.all([lock(() => addPoints(store, "ann", 10)), lock(() => addPoints(store, "ann", 15))]);
    return store.get("ann");
  }).toHaveOutcomes([25], { strategy: "dfs", timeBudgetMs: 60_000 });
});

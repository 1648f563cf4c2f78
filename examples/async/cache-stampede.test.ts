/**
 * A cache stampede, in plain async code (this file runs through gosched/transform).
 *
 * Two requests for the same user both miss the cache while the first load is still in
 * flight, and both load it. gosched finds it with no change to the code under test: each
 * fake I/O (`auth`, `db.load`) settles at once, and gosched explores every order in which
 * real I/O of unknown duration could have finished. The fix caches the promise, so the
 * second request waits for the first load instead of starting its own.
 */
import "gosched/jest";

interface User {
  readonly id: string;
}
interface Db {
  load(id: string): Promise<User>;
}

/** The bug: the value is cached only once the load has finished. */
function userService(db: Db) {
  const cache = new Map<string, User>();
  return {
    async get(id: string): Promise<User> {
      const hit = cache.get(id);
      if (hit !== undefined) return hit;
      const user = await db.load(id);
      cache.set(id, user);
      return user;
    },
  };
}

/** The fix: cache the promise of the load. */
function userServiceFixed(db: Db) {
  const cache = new Map<string, Promise<User>>();
  return {
    get(id: string): Promise<User> {
      let p = cache.get(id);
      if (p === undefined) cache.set(id, (p = db.load(id)));
      return p;
    },
  };
}

/** Two requests, each authenticated first (a mocked call); returns how many loads ran. */
function twoRequests(make: (db: Db) => { get(id: string): Promise<User> }) {
  return async (): Promise<number> => {
    const auth = jest.fn().mockResolvedValue(true);
    let loads = 0;
    const service = make({
      load: async (id) => {
        loads++;
        await null; // the query
        return { id };
      },
    });
    const handle = async (): Promise<User> => {
      await auth();
      return service.get("42");
    };
    await Promise.all([handle(), handle()]);
    return loads;
  };
}

test("the bug: both requests can miss and load", async () => {
  await expect(twoRequests(userService)).toHaveOutcomes([1, 2], { strategy: "dfs", timeBudgetMs: 60_000 });
});

test("the fix: one load whatever the timing", async () => {
  await expect(twoRequests(userServiceFixed)).toHaveOutcomes([1], { strategy: "dfs", timeBudgetMs: 60_000 });
});

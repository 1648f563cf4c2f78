/**
 * Pattern 6: `Once` with an initialiser that panics.
 *
 * In Go:
 *
 *     func conn() *DB {
 *         once.Do(func() { db = dial() })   // dial panics: the network is down
 *         return db
 *     }
 *
 * `sync.Once` counts a call that panicked as done: `f` is never run again, so every later
 * caller gets a nil `db`, even after the network is back. gosched keeps that rule, and an
 * outcome check shows the connection is never made on the retry.
 *
 * The fix for a retryable initialisation is a mutex and a flag: the flag is set only after
 * the initialiser succeeded, so a failed attempt leaves it false and the next caller tries
 * again. The mutex orders every check of the flag after the write that set it.
 */
import { AtomicInt, go, Mutex, Once, Shared, WaitGroup } from "../src";
import "../src/jest";

/** `dial()`: fails on its first attempt only. */
function dialer(): () => Promise<string> {
  const attempts = new AtomicInt(0);
  return async () => {
    if ((await attempts.add(1)) === 1) throw new Error("dial tcp: connection refused");
    return "db";
  };
}

/** Two goroutines each ask for the connection, and ask once more if the first try threw. */
async function clients(conn: () => Promise<string | null>): Promise<string> {
  const got = new Shared<(string | null)[]>([], "got");
  const mu = new Mutex();
  const wg = new WaitGroup();
  for (const name of ["a", "b"]) {
    await wg.add(1);
    go(async () => {
      let db: string | null;
      try {
        db = await conn();
      } catch {
        db = await conn(); // retry once, as a caller would
      }
      await mu.lock();
      await got.write([...(await got.read()), db]);
      await mu.unlock();
      await wg.done();
    }, name);
  }
  await wg.wait();
  return (await got.read()).map(String).sort().join(",");
}

/** The bug: `Once` never retries the failed dial. */
async function withOnce(): Promise<string> {
  const dial = dialer();
  const once = new Once("dial");
  const db = new Shared<string | null>(null, "db");
  return clients(async () => {
    await once.do(async () => db.write(await dial()));
    return db.read();
  });
}

/** The fix: a mutex and a `ready` flag set only on success. */
async function retryable(): Promise<string> {
  const dial = dialer();
  const mu = new Mutex("init");
  const ready = new Shared(false, "ready");
  const db = new Shared<string | null>(null, "db");
  return clients(async () => {
    await mu.lock();
    try {
      if (!(await ready.read())) {
        await db.write(await dial()); // a throw leaves `ready` false
        await ready.write(true);
      }
      return await db.read();
    } finally {
      await mu.unlock();
    }
  });
}

/** A caller that does not recover: the dial's panic ends the program, as in Go. */
async function unrecovered(): Promise<string> {
  const dial = dialer();
  const once = new Once("dial");
  const db = new Shared<string | null>(null, "db");
  go(async () => {
    await once.do(async () => db.write(await dial()));
  }, "client");
  await once.do(async () => db.write(await dial()));
  return String(await db.read());
}

describe("6. Once with a panicking initialiser", () => {
  test("a caller that does not recover panics with the dial's error", async () => {
    await expect(unrecovered).toPanic("connection refused");
    await expect(retryable).not.toPanic();
  });

  test("after the first dial panics, Once never dials again", async () => {
    await expect(withOnce).not.toAlwaysSatisfy((got) => got === "db,db");
    // Whoever dialled first got the panic; everyone after, retries included, gets a nil db.
    await expect(withOnce).toHaveOutcomes(["null,null"], { timeBudgetMs: 60_000 });
  });

  test("a mutex and a flag retry the initialisation until it succeeds", async () => {
    await expect(retryable).toBeRaceFree();
    await expect(retryable).toHaveOutcomes(["db,db"], { timeBudgetMs: 60_000 });
  });
});

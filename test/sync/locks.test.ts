import { Chan, Cond, go, Mutex, RWMutex, Shared, WaitGroup, yieldNow } from "../../src";
import { clean, failure, outcomes, SEEDS } from "../helpers";

describe.each(SEEDS.slice(0, 4))("locks under seed %s", (seed) => {
  test("a Mutex makes read-modify-write increments atomic", async () => {
    expect(
      await outcomes(async () => {
        const mu = new Mutex("mu");
        const n = new Shared(0, "n");
        const wg = new WaitGroup();
        for (let i = 0; i < 3; i++) {
          wg.go(async () => {
            await mu.lock();
            await n.write((await n.read()) + 1);
            await mu.unlock();
          });
        }
        await wg.wait();
        return n.peek();
      }, { seed }),
    ).toEqual([3]);
  });

  test("RWMutex readers can hold the lock together, writers cannot", async () => {
    const seen = await outcomes(async () => {
      const rw = new RWMutex();
      let inside = 0;
      let most = 0;
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        wg.go(async () => {
          await rw.rLock();
          most = Math.max(most, ++inside);
          await yieldNow();
          inside--;
          await rw.rUnlock();
        });
      }
      wg.go(async () => {
        await rw.lock();
        if (inside !== 0) throw new Error("writer entered with readers inside");
        await rw.unlock();
      });
      await wg.wait();
      return most;
    }, { seed });
    expect(seen).toEqual([1, 2]);
  });
});

test("tryLock fails while the mutex is held and succeeds once it is free", async () => {
  expect(
    await outcomes(async () => {
      const mu = new Mutex();
      await mu.lock();
      const held = await mu.tryLock();
      await mu.unlock();
      const free = await mu.tryLock();
      return `${held},${free}`;
    }),
  ).toEqual(["false,true"]);
});

test("unlock of an unlocked mutex is Go's fatal error, which no try can catch", async () => {
  const f = await failure(async () => {
    const mu = new Mutex();
    try {
      await mu.unlock();
    } catch {
      return "recovered";
    }
  });
  expect(f.kind).toBe("panic");
  expect(f.message).toBe("fatal error: sync: unlock of unlocked mutex");
});

test.each([
  ["rUnlock", "sync: RUnlock of unlocked RWMutex"],
  ["unlock", "sync: Unlock of unlocked RWMutex"],
] as const)("RWMutex %s when not held is Go's fatal error", async (method, words) => {
  const f = await failure(async () => new RWMutex()[method]());
  expect(f.message).toBe(`fatal error: ${words}`);
});

test("a writer waiting on a reader stops new readers, so a recursive read lock deadlocks", async () => {
  // Go's documentation: a blocked Lock call excludes new readers, so a goroutine that
  // read-locks twice while a writer waits in between deadlocks.
  const program = async () => {
    const rw = new RWMutex("rw");
    const writerWaiting = new Chan<void>();
    await rw.rLock();
    go(async () => {
      await writerWaiting.send();
      await rw.lock();
      await rw.unlock();
    }, "writer");
    await writerWaiting.recv();
    for (let i = 0; i < 3; i++) await yieldNow();
    await rw.rLock();
    await rw.rUnlock();
    await rw.rUnlock();
  };
  const f = await failure(program, { schedules: 200 });
  expect(f.kind).toBe("deadlock");
  expect(f.message).toContain("goroutine 1 [sync.RWMutex.RLock]");
  expect(f.message).toContain("goroutine 2 [sync.RWMutex.Lock]");
});

test("without a waiting writer, recursive read locks are fine", async () => {
  await clean(async () => {
    const rw = new RWMutex();
    await rw.rLock();
    await rw.rLock();
    await rw.rUnlock();
    await rw.rUnlock();
  });
});

test("a lock-order inversion is reported with what each goroutine holds and waits on", async () => {
  const f = await failure(async () => {
    const a = new Mutex("a");
    const b = new Mutex("b");
    const wg = new WaitGroup();
    wg.go(async () => {
      await a.lock();
      await b.lock();
      await b.unlock();
      await a.unlock();
    }, "ab");
    wg.go(async () => {
      await b.lock();
      await a.lock();
      await a.unlock();
      await b.unlock();
    }, "ba");
    await wg.wait();
  });
  expect(f.kind).toBe("deadlock");
  if (f.detail.kind !== "deadlock") throw new Error("expected deadlock detail");
  const byName = Object.fromEntries(f.detail.goroutines.map((g) => [g.name, g]));
  expect(byName.ab).toMatchObject({ waitReason: "sync.Mutex.Lock", blockedIn: 'lock sync.Mutex "b"', holds: ['sync.Mutex "a"'] });
  expect(byName.ba).toMatchObject({ waitReason: "sync.Mutex.Lock", blockedIn: 'lock sync.Mutex "a"', holds: ['sync.Mutex "b"'] });
});

describe("Cond", () => {
  test("broadcast wakes every waiter, and each re-checks its predicate under the lock", async () => {
    expect(
      await outcomes(async () => {
        const mu = new Mutex();
        const c = new Cond(mu);
        let ready = false;
        let woke = 0;
        const wg = new WaitGroup();
        for (let i = 0; i < 3; i++) {
          wg.go(async () => {
            await mu.lock();
            while (!ready) await c.wait();
            woke++;
            await mu.unlock();
          });
        }
        await mu.lock();
        ready = true;
        await c.broadcast();
        await mu.unlock();
        await wg.wait();
        return woke;
      }),
    ).toEqual([3]);
  });

  test("signal wakes the longest-waiting goroutine first", async () => {
    const seen = await outcomes(async () => {
      const mu = new Mutex();
      const c = new Cond(mu);
      const waitOrder: number[] = [];
      const wakeOrder: number[] = [];
      const wg = new WaitGroup();
      for (const id of [1, 2, 3]) {
        wg.go(async () => {
          await mu.lock();
          waitOrder.push(id);
          await c.wait();
          wakeOrder.push(id);
          await mu.unlock();
        });
      }
      for (let woken = 0; woken < 3; ) {
        await mu.lock();
        if (waitOrder.length > woken && wakeOrder.length === woken) {
          await c.signal();
          woken++;
        }
        await mu.unlock();
      }
      await wg.wait();
      return `${waitOrder.join("")}|${wakeOrder.join("")}`;
    }, { checks: ["deadlock", "panic"] });
    expect(seen.length).toBeGreaterThan(1);
    for (const o of seen) {
      const [waited, woke] = o.split("|");
      expect(woke).toBe(waited);
    }
  });

  test("a signal with no waiter is lost: a later wait blocks forever", async () => {
    const f = await failure(async () => {
      const mu = new Mutex();
      const c = new Cond(mu);
      await c.signal();
      await mu.lock();
      await c.wait();
    });
    expect(f.message).toBe("all goroutines are asleep - deadlock! (goroutine 1 [sync.Cond.Wait])");
  });

  test("wait releases the lock while waiting", async () => {
    await clean(async () => {
      const mu = new Mutex();
      const c = new Cond(mu);
      let flag = false;
      go(async () => {
        await mu.lock();
        flag = true;
        await c.signal();
        await mu.unlock();
      });
      await mu.lock();
      while (!flag) await c.wait();
      await mu.unlock();
    });
  });

  test("a Cond needs a gosched Mutex or RWMutex", async () => {
    await clean(async () => {
      expect(() => new Cond({} as never)).toThrow("Expected `locker` to be a gosched Mutex or RWMutex");
    });
  });
});

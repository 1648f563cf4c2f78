import { AtomicBool, AtomicInt, AtomicValue, Cond, go, Mutex, Once, RWMutex, Shared, SharedMap, WaitGroup, yieldNow } from "../../src";
import { MODES, recovered, run } from "./harness";

describe.each(MODES)("sync primitives, %s", (mode) => {
  test("a Mutex makes a read-yield-write critical section atomic", async () => {
    const out = await run(mode, async () => {
      const mu = new Mutex();
      const wg = new WaitGroup();
      let n = 0;
      for (let i = 0; i < 4; i++) {
        wg.go(async () => {
          for (let j = 0; j < 5; j++) {
            await mu.lock();
            const v = n;
            await yieldNow();
            n = v + 1;
            await mu.unlock();
          }
        });
      }
      await wg.wait();
      return n;
    });
    expect(out).toBe(20);
  });

  test("tryLock succeeds only on a free Mutex", async () => {
    const out = await run(mode, async () => {
      const mu = new Mutex();
      const a = await mu.tryLock();
      const b = await mu.tryLock();
      await mu.unlock();
      return [a, b, await mu.tryLock()];
    });
    expect(out).toEqual([true, false, true]);
  });

  test("RWMutex: readers share, a writer excludes, a waiting writer stops new readers", async () => {
    const out = await run(mode, async () => {
      const rw = new RWMutex();
      await rw.rLock();
      const shared = await rw.tryRLock();
      await rw.rUnlock();
      const writerBlocked = !(await rw.tryLock());
      const order: string[] = [];
      const wg = new WaitGroup();
      wg.go(async () => {
        await rw.lock();
        order.push("writer");
        await rw.unlock();
      });
      // Wait until the writer is queued: from then on new readers are refused.
      while (await rw.tryRLock()) {
        await rw.rUnlock();
        await yieldNow();
      }
      order.push("reader refused");
      await rw.rUnlock();
      await wg.wait();
      await rw.rLock();
      order.push("reader after writer");
      await rw.rUnlock();
      return [shared, writerBlocked, order];
    });
    expect(out).toEqual([true, true, ["reader refused", "writer", "reader after writer"]]);
  });

  test("WaitGroup: wait returns once the counter is zero; a negative counter panics", async () => {
    const out = await run(mode, async () => {
      const wg = new WaitGroup();
      const done: number[] = [];
      await wg.add(3);
      for (let i = 0; i < 3; i++) {
        go(async () => {
          await yieldNow();
          done.push(i);
          await wg.done();
        });
      }
      await wg.wait();
      return [done.length, await recovered(() => wg.done())];
    });
    expect(out).toEqual([3, "GoPanic: sync: negative WaitGroup counter"]);
  });

  test("Once runs f once; callers wait for it; a panic in f still counts as done", async () => {
    const out = await run(mode, async () => {
      const once = new Once();
      let runs = 0;
      const wg = new WaitGroup();
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) {
        wg.go(async () => {
          await once.do(async () => {
            await yieldNow();
            runs++;
          });
          seen.push(runs);
        });
      }
      await wg.wait();
      const boom = new Once();
      const first = await recovered(() => boom.do(() => { throw new Error("boom"); }));
      let again = false;
      await boom.do(() => void (again = true));
      return [runs, seen, first, again];
    });
    expect(out).toEqual([1, [1, 1, 1], "Error: boom", false]);
  });

  test("Cond: broadcast wakes every waiter, which rechecks its condition under the lock", async () => {
    const out = await run(mode, async () => {
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
      await yieldNow();
      await mu.lock();
      ready = true;
      await c.broadcast();
      await mu.unlock();
      await wg.wait();
      return [woke, c.locker === mu];
    });
    expect(out).toEqual([3, true]);
  });

  test("Cond: signal wakes one waiter at a time", async () => {
    const out = await run(mode, async () => {
      const mu = new Mutex();
      const c = new Cond(mu);
      let tokens = 0;
      let served = 0;
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        wg.go(async () => {
          await mu.lock();
          while (tokens === 0) await c.wait();
          tokens--;
          served++;
          await mu.unlock();
        });
      }
      for (let i = 0; i < 2; i++) {
        await mu.lock();
        tokens++;
        await c.signal();
        await mu.unlock();
      }
      await wg.wait();
      return served;
    });
    expect(out).toBe(2);
  });

  test("atomics: add, swap, compareAndSwap and load as in Go", async () => {
    const out = await run(mode, async () => {
      const n = new AtomicInt(0);
      const wg = new WaitGroup();
      for (let i = 0; i < 4; i++) wg.go(async () => void (await n.add(2)));
      await wg.wait();
      const b = new AtomicBool(false);
      const v = new AtomicValue<string>();
      const before = await v.load();
      await v.store("x");
      return [await n.load(), await n.swap(1), await n.compareAndSwap(5, 9), await n.compareAndSwap(1, 9),
        await n.load(), await b.swap(true), await b.load(), before, await v.load()];
    });
    expect(out).toEqual([8, 8, false, true, 9, false, true, undefined, "x"]);
  });

  test("Shared and SharedMap read and write values", async () => {
    const out = await run(mode, async () => {
      const s = new Shared(1, "s");
      await s.write((await s.read()) + 1);
      const m = new SharedMap<string, number>("m");
      await m.set("a", 1);
      await m.set("b", 2);
      const deleted = await m.delete("a");
      return [s.peek(), await m.get("b"), await m.has("a"), deleted, await m.size(), await m.entries()];
    });
    expect(out).toEqual([2, 2, false, true, 1, [["b", 2]]]);
  });

  test("SharedMap writes from goroutines ordered by a Mutex never throw", async () => {
    const out = await run(mode, async () => {
      const m = new SharedMap<number, number>();
      const mu = new Mutex();
      const wg = new WaitGroup();
      for (let i = 0; i < 3; i++) {
        wg.go(async () => {
          await mu.lock();
          await m.set(i, i * i);
          await mu.unlock();
        });
      }
      await wg.wait();
      return (await m.entries()).sort((a, b) => a[0] - b[0]);
    });
    expect(out).toEqual([[0, 0], [1, 1], [2, 4]]);
  });
});

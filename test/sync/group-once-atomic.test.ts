import { AtomicBool, AtomicInt, AtomicValue, go, GoPanic, Once, Shared, SharedMap, WaitGroup, yieldNow } from "../../src";
import { clean, failure, outcomes, SEEDS } from "../helpers";

describe.each(SEEDS.slice(0, 4))("under seed %s", (seed) => {
  test("wait returns only after every done", async () => {
    expect(
      await outcomes(async () => {
        const wg = new WaitGroup();
        let finished = 0;
        for (let i = 0; i < 4; i++) {
          await wg.add(1);
          go(async () => {
            await yieldNow();
            finished++;
            await wg.done();
          });
        }
        await wg.wait();
        return finished;
      }, { seed }),
    ).toEqual([4]);
  });

  test("Once runs its function exactly once, and every do returns after it", async () => {
    expect(
      await outcomes(async () => {
        const once = new Once();
        let calls = 0;
        const seen: number[] = [];
        const wg = new WaitGroup();
        for (let i = 0; i < 3; i++) {
          wg.go(async () => {
            await once.do(async () => {
              await yieldNow();
              calls++;
            });
            seen.push(calls);
          });
        }
        await wg.wait();
        return `${calls}:${seen.join("")}`;
      }, { seed }),
    ).toEqual(["1:111"]);
  });

  test("atomic adds from many goroutines never lose an update", async () => {
    expect(
      await outcomes(async () => {
        const n = new AtomicInt();
        const wg = new WaitGroup();
        for (let i = 0; i < 4; i++) wg.go(async () => void (await n.add(1)));
        await wg.wait();
        return n.load();
      }, { seed }),
    ).toEqual([4]);
  });

  test("yieldNow lets other goroutines run, in both orders", async () => {
    expect(
      await outcomes(async () => {
        const log: string[] = [];
        const wg = new WaitGroup();
        wg.go(async () => {
          await yieldNow();
          log.push("a");
        });
        await yieldNow();
        log.push("m");
        await wg.wait();
        return log.join("");
      }, { seed }),
    ).toEqual(["am", "ma"]);
  });
});

test("wait on a zero counter returns at once", async () => {
  await clean(async () => {
    await new WaitGroup().wait();
  });
});

test("a negative WaitGroup counter panics with Go's words", async () => {
  const f = await failure(async () => new WaitGroup().done());
  expect(f.message).toBe('panic: sync: negative WaitGroup counter (in goroutine 1 "main")');
});

test("wg.go adds before the goroutine starts, so wait cannot return early", async () => {
  expect(
    await outcomes(async () => {
      const wg = new WaitGroup();
      let ran = false;
      wg.go(async () => {
        ran = true;
      });
      await wg.wait();
      return ran;
    }),
  ).toEqual([true]);
});

test("a panicking function still counts as done: Once never runs it again", async () => {
  expect(
    await outcomes(async () => {
      const once = new Once();
      let calls = 0;
      try {
        await once.do(() => {
          calls++;
          throw new Error("init failed");
        });
      } catch (e) {
        if (!(e instanceof Error) || e.message !== "init failed") throw e;
      }
      await once.do(() => {
        calls++;
      });
      return calls;
    }),
  ).toEqual([1]);
});

test("Once.do inside its own function deadlocks, as in Go", async () => {
  const f = await failure(async () => {
    const once = new Once();
    await once.do(() => once.do(() => undefined));
  });
  expect(f.message).toBe("all goroutines are asleep - deadlock! (goroutine 1 [sync.Once.Do])");
});

test("atomic operations return what Go's do", async () => {
  expect(
    await outcomes(async () => {
      const i = new AtomicInt(5);
      const b = new AtomicBool();
      const v = new AtomicValue<{ n: number }>();
      const r = [
        await i.add(2),
        await i.swap(1),
        await i.compareAndSwap(2, 3),
        await i.compareAndSwap(1, 4),
        await i.load(),
        await b.swap(true),
        await b.load(),
        await v.load(),
      ];
      await v.store({ n: 1 });
      r.push((await v.load())!.n);
      return JSON.stringify(r);
    }),
  ).toEqual([JSON.stringify([7, 7, false, true, 4, false, true, undefined, 1])]);
});

test("storing nil into an AtomicValue panics with Go's words", async () => {
  const r = await clean(async () => {
    try {
      await new AtomicValue<number>().store(undefined as never);
      return "stored";
    } catch (e) {
      return e instanceof GoPanic ? e.message : "other";
    }
  });
  expect(r.outcomes).toEqual(["sync/atomic: store of nil value into Value"]);
});

test("a Shared cell reads what was written; peek reads outside the model", async () => {
  expect(
    await outcomes(async () => {
      const s = new Shared("a", "s");
      const before = s.peek();
      await s.write("b");
      return `${before}${await s.read()}${s.peek()}`;
    }),
  ).toEqual(["abb"]);
});

test("a SharedMap behaves as a map", async () => {
  expect(
    await outcomes(async () => {
      const m = new SharedMap<string, number>("m");
      await m.set("a", 1);
      await m.set("b", 2);
      const had = await m.delete("a");
      return JSON.stringify([await m.get("b"), await m.has("a"), await m.size(), had, await m.entries(), [...m.peek()]]);
    }),
  ).toEqual([JSON.stringify([2, false, 1, true, [["b", 2]], [["b", 2]]])]);
});

test("go() starts the goroutine later, not inside the call", async () => {
  expect(
    await outcomes(async () => {
      let ran = false;
      go(() => {
        ran = true;
      });
      return ran;
    }),
  ).toEqual([false]);
});

test("malformed arguments are TypeErrors that say what is expected", async () => {
  await clean(async () => {
    expect(() => go(42 as never)).toThrow("Expected `fn` to be a function, got `42` (number)");
    expect(() => go(() => undefined, 7 as never)).toThrow("Expected `name` to be a string, got `7` (number)");
    expect(() => new AtomicInt(1.5)).toThrow("Expected `value` to be a safe integer, got `1.5` (number)");
    expect(() => new WaitGroup().add(0.5)).toThrow("Expected `delta` to be an integer, got `0.5` (number)");
  });
});

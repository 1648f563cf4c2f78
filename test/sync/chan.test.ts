import { Chan, go, GoPanic, select, WaitGroup, yieldNow } from "../../src";
import { clean, failure, outcomes, SEEDS } from "../helpers";

describe.each(SEEDS.slice(0, 5))("channels under seed %s", (seed) => {
  test("an unbuffered send hands its value to the receiver", async () => {
    expect(
      await outcomes(async () => {
        const ch = new Chan<string>();
        go(async () => ch.send("hello"));
        return ch.recv();
      }, { seed }),
    ).toEqual(["hello"]);
  });

  test("an unbuffered send returns only after a receiver took the value", async () => {
    // The sender records what it saw after its send; the receiver records its receipt first.
    expect(
      await outcomes(async () => {
        const ch = new Chan<number>();
        const log: string[] = [];
        const wg = new WaitGroup();
        await wg.add(1);
        go(async () => {
          await ch.send(1);
          log.push("sent");
          await wg.done();
        });
        await ch.recv();
        log.push("received");
        await wg.wait();
        return log.includes("sent") && log.includes("received") ? "both" : "missing";
      }, { seed }),
    ).toEqual(["both"]);
  });

  test("a buffered channel keeps values in FIFO order", async () => {
    expect(
      await outcomes(async () => {
        const ch = new Chan<number>(3);
        go(async () => {
          for (let i = 1; i <= 5; i++) await ch.send(i);
          await ch.close();
        });
        const got: number[] = [];
        for await (const v of ch) got.push(v);
        return got.join(",");
      }, { seed }),
    ).toEqual(["1,2,3,4,5"]);
  });

  test("a closed buffered channel is drained before receives see the zero value", async () => {
    expect(
      await outcomes(async () => {
        const ch = new Chan<number>(2);
        await ch.send(1);
        await ch.send(2);
        await ch.close();
        const a = await ch.recvOk();
        const b = await ch.recvOk();
        const c = await ch.recvOk();
        return JSON.stringify([a, b, c, ch.len, ch.cap]);
      }, { seed }),
    ).toEqual([JSON.stringify([[1, true], [2, true], [null, false], 0, 2])]);
  });

  test("close wakes every blocked receiver with ok = false", async () => {
    expect(
      await outcomes(async () => {
        const ch = new Chan<number>();
        const results = new Chan<boolean>(3);
        for (let i = 0; i < 3; i++) go(async () => results.send((await ch.recvOk())[1]));
        await ch.close();
        const got = [await results.recv(), await results.recv(), await results.recv()];
        return got.join(",");
      }, { seed }),
    ).toEqual(["false,false,false"]);
  });

  test("select picks among ready cases and both choices occur", async () => {
    expect(
      await outcomes(async () => {
        const a = new Chan<string>(1);
        const b = new Chan<string>(1);
        await a.send("a");
        await b.send("b");
        const r = await select([a.recvCase(), b.recvCase()]);
        return `${r.index}:${r.value}`;
      }, { seed }),
    ).toEqual(["0:a", "1:b"]);
  });
});

test("a send on an unbuffered channel with no receiver deadlocks", async () => {
  const f = await failure(async () => {
    const ch = new Chan<number>(0, "lonely");
    await ch.send(1);
  });
  expect(f.kind).toBe("deadlock");
  expect(f.message).toBe("all goroutines are asleep - deadlock! (goroutine 1 [chan send])");
});

test("a buffered channel accepts cap sends without a receiver, and blocks on the next", async () => {
  await clean(async () => {
    const ch = new Chan<number>(2);
    await ch.send(1);
    await ch.send(2);
  });
  const f = await failure(async () => {
    const ch = new Chan<number>(2);
    for (let i = 0; i < 3; i++) await ch.send(i);
  });
  expect(f.message).toMatch(/^all goroutines are asleep - deadlock!/);
});

test("close panics every sender blocked on the channel", async () => {
  const f = await failure(async () => {
    const ch = new Chan<number>();
    go(async () => ch.send(1), "sender");
    await yieldNow();
    await yieldNow();
    await ch.close();
    await yieldNow();
  }, { checks: ["panic"] });
  expect(f.kind).toBe("panic");
  expect(f.message).toBe('panic: send on closed channel (in goroutine 2 "sender")');
});

test.each([
  ["send on a closed channel", async (ch: Chan<number>) => { await ch.close(); await ch.send(1); }, "send on closed channel"],
  ["close of a closed channel", async (ch: Chan<number>) => { await ch.close(); await ch.close(); }, "close of closed channel"],
  ["close of a nil channel", async () => { await Chan.nil<number>().close(); }, "close of nil channel"],
])("%s panics with Go's words, and recover (try/catch) can catch it", async (_what, body, words) => {
  const f = await failure(async () => body(new Chan<number>(1)));
  expect(f.kind).toBe("panic");
  expect(f.message).toBe(`panic: ${words} (in goroutine 1 "main")`);
  const r = await clean(async () => {
    try {
      await body(new Chan<number>(1));
      return "no panic";
    } catch (e) {
      return e instanceof GoPanic ? e.message : "other";
    }
  });
  expect(r.outcomes).toEqual([words]);
});

test("a nil channel blocks send and receive forever", async () => {
  const send = await failure(async () => Chan.nil<number>().send(1));
  expect(send.message).toBe("all goroutines are asleep - deadlock! (goroutine 1 [chan send (nil chan)])");
  const recv = await failure(async () => Chan.nil<number>().recv());
  expect(recv.message).toBe("all goroutines are asleep - deadlock! (goroutine 1 [chan receive (nil chan)])");
});

test("select with default returns -1 when no case is ready", async () => {
  const r = await clean(async () => {
    const ch = new Chan<number>();
    return (await select([ch.recvCase()], { default: true })).index;
  });
  expect(r.outcomes).toEqual([-1]);
});

test("a select with default inside a loop still lets other goroutines run", async () => {
  const r = await clean(async () => {
    const done = new Chan<void>();
    go(async () => done.close());
    let spins = 0;
    for (;;) {
      const s = await select([done.recvCase()], { default: true });
      if (s.index === 0) return "done";
      spins++;
    }
  }, { schedules: 100 });
  expect(r.outcomes).toEqual(["done"]);
});

test("select with a send case completes a rendezvous with a waiting receiver", async () => {
  expect(
    await outcomes(async () => {
      const ch = new Chan<number>();
      const other = new Chan<number>();
      go(async () => {
        await select([ch.sendCase(7), other.recvCase()]);
      });
      return ch.recv();
    }),
  ).toEqual([7]);
});

test("a nil channel's case is never chosen", async () => {
  expect(
    await outcomes(async () => {
      const ready = new Chan<number>(1);
      await ready.send(1);
      return (await select([Chan.nil<number>().recvCase(), ready.recvCase()])).index;
    }),
  ).toEqual([1]);
});

test("select with no cases blocks forever, as select {} does", async () => {
  const f = await failure(async () => select([]));
  expect(f.message).toBe("all goroutines are asleep - deadlock! (goroutine 1 [select (no cases)])");
});

test("malformed arguments are TypeErrors that say what is expected", async () => {
  await clean(async () => {
    expect(() => new Chan(-1)).toThrow("Expected `cap` to be an integer from 0 and up, got `-1` (number)");
    expect(() => new Chan(1.5)).toThrow(TypeError);
    expect(() => select([{} as never])).toThrow("Expected `cases[0]` to be made by ch.recvCase() or ch.sendCase(v)");
  });
});

import { afterFunc, Chan, go, now, select, sleep, Ticker, Timer } from "../../src";
import { run, START } from "./helpers";

/** Whether a value can be received from `c` right now. */
async function pending(c: Chan<number>): Promise<boolean> {
  return (await select([c.recvCase()], { default: true })).index === 0;
}

describe("Timer", () => {
  test("stop before the timer fires returns true and nothing is ever received", async () => {
    const res = await run(async () => {
      const t = new Timer(10);
      const stopped = await t.stop();
      await sleep(20);
      return [stopped, await pending(t.c)];
    });
    expect(res.outcomes).toEqual([[true, false]]);
  });

  test("stop after the value was received returns false", async () => {
    const res = await run(async () => {
      const t = new Timer(10);
      const v = await t.c.recv();
      return [v! - START, await t.stop()];
    });
    expect(res.outcomes).toEqual([[10, false]]);
  });

  test("stop after the timer fired but before its value was received drains it and returns true, as in Go 1.23", async () => {
    const res = await run(async () => {
      const t = new Timer(10);
      await sleep(20);
      const before = t.c.len;
      return [before, await t.stop(), await pending(t.c)];
    });
    expect(res.outcomes).toEqual([[1, true, false]]);
  });

  test("a second stop returns false", async () => {
    const res = await run(async () => {
      const t = new Timer(10);
      return [await t.stop(), await t.stop()];
    });
    expect(res.outcomes).toEqual([[true, false]]);
  });

  test("reset of an armed timer returns true and moves its deadline", async () => {
    const res = await run(async () => {
      const t = new Timer(10);
      await sleep(5);
      const r = await t.reset(20);
      const v = await t.c.recv();
      return [r, v! - START];
    });
    expect(res.outcomes).toEqual([[true, 25]]);
  });

  test("reset of a timer whose value was received returns false and fires it again", async () => {
    const res = await run(async () => {
      const t = new Timer(10);
      await t.c.recv();
      const r = await t.reset(10);
      const v = await t.c.recv();
      return [r, v! - START];
    });
    expect(res.outcomes).toEqual([[false, 20]]);
  });

  test("reset after an unreceived firing leaves no stale value behind", async () => {
    const res = await run(async () => {
      const t = new Timer(10);
      await sleep(15);
      const r = await t.reset(10);
      const v = await t.c.recv();
      return [r, v! - START];
    });
    expect(res.outcomes).toEqual([[true, 25]]);
  });
});

describe("afterFunc", () => {
  test("afterFunc runs fn in its own goroutine when the timer fires", async () => {
    const res = await run(async () => {
      const ch = new Chan<number>(1);
      afterFunc(30, async () => {
        await ch.send(now() - START);
      });
      return await ch.recv();
    });
    expect(res.outcomes).toEqual([30]);
  });

  test("the goroutine afterFunc starts carries the name it was given", async () => {
    const res = await run(async () => {
      afterFunc(10, () => {
        throw new Error("boom");
      }, "bomb");
      await sleep(20);
    }, { schedules: 1 });
    expect(res.failure?.kind).toBe("panic");
    expect(res.failure?.message).toBe('panic: boom (in goroutine 2 "bomb")');
  });

  test("stop before it fires keeps fn from ever running", async () => {
    const res = await run(async () => {
      let ran = false;
      const t = afterFunc(10, () => {
        ran = true;
      });
      const stopped = await t.stop();
      await sleep(50);
      return [stopped, ran];
    });
    expect(res.outcomes).toEqual([[true, false]]);
  });

  test("stop after fn has started returns false", async () => {
    const res = await run(async () => {
      const started = new Chan<void>(1);
      const t = afterFunc(10, () => started.send());
      await started.recv();
      return await t.stop();
    });
    expect(res.outcomes).toEqual([false]);
  });

  test("an afterFunc timer's channel is nil: receiving blocks forever", async () => {
    const res = await run(async () => {
      const t = afterFunc(10, () => {});
      await sleep(20);
      return t.c.cap === 0 && !(await pending(t.c));
    });
    expect(res.outcomes).toEqual([true]);
  });
});

describe("Ticker", () => {
  test("a ticker-driven loop receives a tick every period until the ticker is stopped", async () => {
    const res = await run(async () => {
      const ticker = new Ticker(10);
      const ticks: number[] = [];
      for (let i = 0; i < 3; i++) ticks.push((await ticker.c.recv())! - START);
      await ticker.stop();
      await sleep(100);
      return [ticks, await pending(ticker.c)];
    });
    expect(res.outcomes).toEqual([[[10, 20, 30], false]]);
  });

  test("a worker driven by a ticker stops when told to quit", async () => {
    const res = await run(async () => {
      const quit = new Chan<void>();
      const result = new Chan<number>();
      go(async () => {
        const ticker = new Ticker(10);
        let n = 0;
        for (;;) {
          const s = await select<unknown>([ticker.c.recvCase(), quit.recvCase()]);
          if (s.index === 1) break;
          n++;
        }
        await ticker.stop();
        await result.send(n);
      }, "worker");
      await sleep(35);
      await quit.close();
      return await result.recv();
    });
    expect(res.failure).toBeUndefined();
    expect(res.outcomes).toEqual([3]);
  });

  test("a slow receiver gets the oldest unreceived tick and misses the ones after it", async () => {
    const res = await run(async () => {
      const ticker = new Ticker(10);
      await sleep(35);
      const a = (await ticker.c.recv())! - START;
      const b = (await ticker.c.recv())! - START;
      await ticker.stop();
      return [a, b];
    });
    expect(res.outcomes).toEqual([[10, 40]]);
  });

  test("reset changes the period from now on", async () => {
    const res = await run(async () => {
      const ticker = new Ticker(10);
      const a = (await ticker.c.recv())! - START;
      await ticker.reset(25);
      const b = (await ticker.c.recv())! - START;
      const c = (await ticker.c.recv())! - START;
      await ticker.stop();
      return [a, b, c];
    });
    expect(res.outcomes).toEqual([[10, 35, 60]]);
  });
});

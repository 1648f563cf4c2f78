import { Chan, go, select, WaitGroup, yieldNow } from "../../src";
import { MODES, recovered, run } from "./harness";

describe.each(MODES)("channels and select, %s", (mode) => {
  test("an unbuffered send returns only after a receiver took the value", async () => {
    const out = await run(mode, async () => {
      const ch = new Chan<string>();
      const log: string[] = [];
      const done = new Chan<void>();
      go(async () => {
        await ch.send("hello");
        log.push("sent");
        await done.send();
      });
      for (let i = 0; i < 3; i++) await yieldNow();
      const before = [...log];
      const v = await ch.recv();
      await done.recv();
      return [before, v, log];
    });
    expect(out).toEqual([[], "hello", ["sent"]]);
  });

  test("a buffered channel keeps FIFO order and reports len and cap", async () => {
    const out = await run(mode, async () => {
      const ch = new Chan<number>(3);
      await ch.send(1);
      await ch.send(2);
      const sizes = [ch.len, ch.cap];
      return [...sizes, await ch.recv(), await ch.recv(), ch.len];
    });
    expect(out).toEqual([2, 3, 1, 2, 0]);
  });

  test("a full buffer blocks the sender until a receive makes room", async () => {
    const out = await run(mode, async () => {
      const ch = new Chan<number>(1);
      const wg = new WaitGroup();
      wg.go(async () => {
        for (let i = 0; i < 5; i++) await ch.send(i);
        await ch.close();
      });
      const got: number[] = [];
      for await (const v of ch) got.push(v);
      await wg.wait();
      return got;
    });
    expect(out).toEqual([0, 1, 2, 3, 4]);
  });

  test("close drains the buffer first, then receives say not ok", async () => {
    const out = await run(mode, async () => {
      const ch = new Chan<number>(2);
      await ch.send(9);
      await ch.close();
      return [await ch.recvOk(), await ch.recvOk(), await ch.recv()];
    });
    expect(out).toEqual([[9, true], [undefined, false], undefined]);
  });

  test("close wakes every blocked receiver", async () => {
    const out = await run(mode, async () => {
      const ch = new Chan<number>();
      const wg = new WaitGroup();
      const oks: boolean[] = [];
      for (let i = 0; i < 3; i++) wg.go(async () => void oks.push((await ch.recvOk())[1]));
      await yieldNow();
      await ch.close();
      await wg.wait();
      return oks;
    });
    expect(out).toEqual([false, false, false]);
  });

  test("Go's channel panics reject the operation with Go's words", async () => {
    const out = await run(mode, async () => {
      const ch = new Chan<number>(1);
      await ch.close();
      return [
        await recovered(() => ch.send(1)),
        await recovered(() => ch.close()),
        await recovered(() => Chan.nil<number>().close()),
      ];
    });
    expect(out).toEqual([
      "GoPanic: send on closed channel",
      "GoPanic: close of closed channel",
      "GoPanic: close of nil channel",
    ]);
  });

  test("a sender blocked on a channel that gets closed panics", async () => {
    const out = await run(mode, async () => {
      const ch = new Chan<number>();
      const res = new Chan<string>(1);
      go(async () => res.send(await recovered(() => ch.send(1))));
      await yieldNow();
      await ch.close();
      return res.recv();
    });
    expect(out).toBe("GoPanic: send on closed channel");
  });

  test("a nil channel is never ready: select takes default; len and cap are 0", async () => {
    const out = await run(mode, async () => {
      const nil = Chan.nil<number>();
      const r = await select([nil.recvCase(), nil.sendCase(1)], { default: true });
      return [r.index, nil.len, nil.cap];
    });
    expect(out).toEqual([-1, 0, 0]);
  });

  test("select takes default only when no case is ready", async () => {
    const out = await run(mode, async () => {
      const a = new Chan<number>(1);
      const b = new Chan<number>(1);
      const first = await select([a.recvCase(), b.recvCase()], { default: true });
      await b.send(5);
      const second = await select([a.recvCase(), b.recvCase()], { default: true });
      const third = await select([a.sendCase(7)], { default: true });
      return [first.index, second, third.index, await a.recv()];
    });
    expect(out).toEqual([-1, { index: 1, value: 5, ok: true }, 0, 7]);
  });

  test("a blocked select is completed by the partner of any of its cases", async () => {
    const out = await run(mode, async () => {
      const a = new Chan<number>();
      const b = new Chan<number>();
      go(async () => b.send(42));
      const r = await select([a.recvCase(), b.recvCase()]);
      return [r.index, r.value, r.ok];
    });
    expect(out).toEqual([1, 42, true]);
  });

  test("a select on a closed channel receives not ok", async () => {
    const out = await run(mode, async () => {
      const a = new Chan<number>();
      await a.close();
      const r = await select([a.recvCase()]);
      return [r.index, r.ok];
    });
    expect(out).toEqual([0, false]);
  });

  test("among ready cases select picks each of them", async () => {
    const out = await run(mode, async () => {
      const a = new Chan<number>(64);
      const b = new Chan<number>(64);
      for (let i = 0; i < 64; i++) {
        await a.send(i);
        await b.send(i);
      }
      const picks = [0, 0];
      for (let i = 0; i < 64; i++) picks[(await select([a.recvCase(), b.recvCase()])).index]!++;
      return picks.every((n) => n > 0);
    });
    expect(out).toBe(true);
  });
});

import { after, afterFunc, Chan, go, Context, now, select, sleep, Ticker, Timer } from "../../src";
import { MODES, run } from "./harness";

describe.each(MODES)("time and context, %s", (mode) => {
  test("sleep and after wait the given milliseconds of their clock", async () => {
    const out = await run(mode, async () => {
      const t0 = now();
      await sleep(5);
      const t1 = now();
      const fired = await after(5).recv();
      return [t1 - t0 >= 5, fired! - t1 >= 5];
    });
    expect(out).toEqual([true, true]);
  });

  test("Timer.stop and reset return as Go's do", async () => {
    const out = await run(mode, async () => {
      const t = new Timer(1000);
      const stopped = await t.stop();
      const again = await t.stop();
      const reset = await t.reset(2);
      await t.c.recv();
      const afterFire = await t.stop();
      return [stopped, again, reset, afterFire];
    });
    expect(out).toEqual([true, false, false, false]);
  });

  test("select between a ready channel and a far timer takes the channel", async () => {
    const out = await run(mode, async () => {
      const ch = new Chan<number>(1);
      await ch.send(1);
      const r = await select([ch.recvCase(), after(10_000).recvCase()]);
      return r.index;
    });
    expect(out).toBe(0);
  });

  test("a Ticker ticks until stopped; afterFunc runs its function in a goroutine", async () => {
    const out = await run(mode, async () => {
      const tk = new Ticker(2);
      await tk.c.recv();
      await tk.c.recv();
      await tk.stop();
      const ran = new Chan<string>(1);
      afterFunc(2, () => ran.send("ran"));
      const cancelled = afterFunc(10_000, () => ran.send("never"));
      const stopped = await cancelled.stop();
      return [await ran.recv(), stopped];
    });
    expect(out).toEqual(["ran", true]);
  });

  test("cancel closes done, sets Go's error and cancels children, not parents", async () => {
    const out = await run(mode, async () => {
      const [parent, cancelParent] = Context.withCancel(Context.background());
      const [child] = Context.withCancel(parent);
      const [other, cancelOther] = Context.withCancel(Context.background());
      const before = child.err();
      const seen = new Chan<boolean>(1);
      go(async () => seen.send((await select([child.done().recvCase()])).ok));
      await cancelParent();
      const ok = await seen.recv();
      await cancelParent();
      const otherErr = other.err();
      await cancelOther();
      return [before, ok, parent.err()?.message, child.err() === Context.Canceled, otherErr];
    });
    expect(out).toEqual([null, false, "context canceled", true, null]);
  });

  test("a deadline cancels with `context deadline exceeded`; a parent's cancel comes first", async () => {
    const out = await run(mode, async () => {
      const [ctx, cancel] = Context.withTimeout(Context.background(), 5);
      await ctx.done().recv();
      const [parent, cancelParent] = Context.withCancel(Context.background());
      const [child, cancelChild] = Context.withTimeout(parent, 10_000);
      await cancelParent();
      await cancel();
      await cancelChild();
      return [ctx.err()?.message, child.err()?.message, Context.background().err()];
    });
    expect(out).toEqual(["context deadline exceeded", "context canceled", null]);
  });
});

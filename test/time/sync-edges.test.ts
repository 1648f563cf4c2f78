import { afterFunc, Context, go, Shared, sleep, Timer, yieldNow } from "../../src";
import { run } from "./helpers";

/** Edge 12: cancellation and timer firing synchronise like a close of their channel. */
describe("happens-before through cancellation and timers", () => {
  test("a write before cancel is ordered before a read after <-ctx.done()", async () => {
    const res = await run(async () => {
      const x = new Shared(0, "x");
      const [ctx, cancel] = Context.withCancel(Context.background());
      go(async () => {
        await ctx.done().recv();
        await x.read();
      }, "reader");
      await x.write(1);
      await cancel();
    });
    expect(res.failure).toBeUndefined();
  });

  test("without waiting for done the same read races with the write", async () => {
    const res = await run(async () => {
      const x = new Shared(0, "x");
      const [, cancel] = Context.withCancel(Context.background());
      go(async () => {
        await x.read();
      }, "reader");
      await x.write(1);
      await cancel();
    });
    expect(res.failure?.kind).toBe("race");
    expect(res.failure?.message).toMatch(/^data race on Shared "x": .* neither happens before the other$/);
  });

  test("cancellation reaches a grandchild's done channel with the canceller's clock", async () => {
    const res = await run(async () => {
      const x = new Shared(0, "x");
      const [parent, cancel] = Context.withCancel(Context.background());
      const [child] = Context.withTimeout(parent, 1000);
      const [grandchild] = Context.withCancel(child);
      go(async () => {
        await grandchild.done().recv();
        await x.read();
      }, "reader");
      await x.write(1);
      await cancel();
    });
    expect(res.failure).toBeUndefined();
  });

  test("err() returning non-null orders the cancel before the caller, as Go's Err does", async () => {
    const res = await run(async () => {
      const x = new Shared(0, "x");
      const [ctx, cancel] = Context.withCancel(Context.background());
      go(async () => {
        while (ctx.err() === null) await yieldNow();
        await x.read();
      }, "poller");
      await x.write(1);
      await cancel();
    });
    expect(res.failure).toBeUndefined();
  });

  test("re-arming a timer orders the re-arming goroutine's past before the firing", async () => {
    const res = await run(async () => {
      const x = new Shared(0, "x");
      const t = new Timer(1000);
      go(async () => {
        await t.c.recv();
        await x.read();
      }, "reader");
      await x.write(1);
      await t.reset(10);
    });
    expect(res.failure).toBeUndefined();
  });

  test("a write made after the timer was armed is not ordered before its firing", async () => {
    const res = await run(async () => {
      const x = new Shared(0, "x");
      const t = new Timer(10);
      go(async () => {
        await t.c.recv();
        await x.read();
      }, "reader");
      await x.write(1);
    });
    expect(res.failure?.kind).toBe("race");
    expect(res.failure?.message).toMatch(/^data race on Shared "x": read by goroutine 2 "reader"/);
  });

  test("a deadline's cancellation carries only what its creator knew when it set it", async () => {
    const res = await run(async () => {
      const x = new Shared(0, "x");
      const [ctx] = Context.withTimeout(Context.background(), 10);
      go(async () => {
        await ctx.done().recv();
        await x.read();
      }, "reader");
      await x.write(1);
    });
    expect(res.failure?.kind).toBe("race");
  });

  test("a deadline set after the write orders the write before the cancellation", async () => {
    const res = await run(async () => {
      const x = new Shared(0, "x");
      const [parent, cancel] = Context.withCancel(Context.background());
      let child: Context | null = null;
      const ready = new Timer(5);
      go(async () => {
        await ready.c.recv();
        await child!.done().recv();
        await x.read();
      }, "reader");
      await x.write(1);
      [child] = Context.withTimeout(parent, 10);
      await sleep(100);
      await cancel();
    });
    expect(res.failure).toBeUndefined();
  });

  test("afterFunc's goroutine starts knowing what its creator knew when it armed the timer", async () => {
    const res = await run(async () => {
      const x = new Shared(0, "x");
      await x.write(1);
      afterFunc(10, async () => {
        await x.read();
      }, "late");
      await sleep(20);
    });
    expect(res.failure).toBeUndefined();
  });

  test("a write after afterFunc armed its timer races with fn", async () => {
    const res = await run(async () => {
      const x = new Shared(0, "x");
      afterFunc(10, async () => {
        await x.read();
      }, "late");
      await x.write(1);
      await sleep(20);
    });
    expect(res.failure?.kind).toBe("race");
    expect(res.failure?.message).toMatch(/^data race on Shared "x": read by goroutine 2 "late"/);
  });
});

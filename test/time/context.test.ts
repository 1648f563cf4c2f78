import { Chan, Context, go, now, select, sleep } from "../../src";
import { run, START } from "./helpers";

const isClosed = async (c: Chan<void>): Promise<boolean> => (await select([c.recvCase()], { default: true })).index === 0;

describe("Context", () => {
  test("background is never done and has no error", async () => {
    const res = await run(async () => {
      const bg = Context.background();
      await sleep(1000);
      return [bg.err(), await isClosed(bg.done())];
    });
    expect(res.outcomes).toEqual([[null, false]]);
  });

  test("done() returns the same channel every time", async () => {
    const res = await run(async () => {
      const [ctx] = Context.withCancel(Context.background());
      return ctx.done() === ctx.done();
    }, { schedules: 1 });
    expect(res.outcomes).toEqual([true]);
  });

  test("cancel closes done, sets err to `context canceled`, and propagates to every descendant but not to the parent or siblings", async () => {
    const res = await run(async () => {
      const root = Context.background();
      const [a, cancelA] = Context.withCancel(root);
      const [b] = Context.withCancel(a);
      const [c] = Context.withTimeout(b, 1000);
      const [sibling, cancelSibling] = Context.withCancel(root);
      const before = [a.err(), b.err(), c.err()];
      await cancelA();
      await c.done().recv();
      const after = [a, b, c, sibling].map((x) => x.err()?.message ?? null);
      await cancelSibling();
      return { before, after, at: now() - START, same: c.err() === Context.Canceled };
    });
    expect(res.failure).toBeUndefined();
    expect(res.outcomes).toEqual([
      {
        before: [null, null, null],
        after: ["context canceled", "context canceled", "context canceled", null],
        at: 0,
        same: true,
      },
    ]);
  });

  test("cancelling a child leaves its parent alive", async () => {
    const res = await run(async () => {
      const [parent, cancelParent] = Context.withCancel(Context.background());
      const [child, cancelChild] = Context.withCancel(parent);
      await cancelChild();
      await cancelChild();
      const r = [parent.err(), child.err()?.message, await isClosed(parent.done())];
      await cancelParent();
      return r;
    });
    expect(res.outcomes).toEqual([[null, "context canceled", false]]);
  });

  test("a child made from a cancelled parent starts cancelled", async () => {
    const res = await run(async () => {
      const [parent, cancel] = Context.withCancel(Context.background());
      await cancel();
      const [child] = Context.withTimeout(parent, 50);
      return [child.err()?.message, await isClosed(child.done())];
    });
    expect(res.outcomes).toEqual([["context canceled", true]]);
  });

  test("withTimeout cancels with `context deadline exceeded` when its deadline passes", async () => {
    const res = await run(async () => {
      const [ctx, cancel] = Context.withTimeout(Context.background(), 50);
      const before = ctx.err();
      await ctx.done().recv();
      const at = now() - START;
      await cancel();
      return [before, ctx.err()?.message, ctx.err() === Context.DeadlineExceeded, at];
    });
    expect(res.outcomes).toEqual([[null, "context deadline exceeded", true, 50]]);
  });

  test("cancel before the deadline reports `context canceled`, and the deadline passing later changes nothing", async () => {
    const res = await run(async () => {
      const [ctx, cancel] = Context.withTimeout(Context.background(), 50);
      await sleep(10);
      await cancel();
      await sleep(100);
      return ctx.err()?.message;
    });
    expect(res.outcomes).toEqual(["context canceled"]);
  });

  test("a parent's earlier deadline ends the child with `context deadline exceeded`", async () => {
    const res = await run(async () => {
      const [parent] = Context.withTimeout(Context.background(), 50);
      const [child] = Context.withTimeout(parent, 100);
      await child.done().recv();
      return [child.err()?.message, now() - START];
    });
    expect(res.outcomes).toEqual([["context deadline exceeded", 50]]);
  });

  test("a zero or negative timeout is exceeded at once", async () => {
    const res = await run(async () => {
      const [ctx] = Context.withTimeout(Context.background(), 0);
      return [ctx.err()?.message, await isClosed(ctx.done())];
    });
    expect(res.outcomes).toEqual([["context deadline exceeded", true]]);
  });

  test("a worker blocked on a channel gives up when its context times out", async () => {
    const res = await run(async () => {
      const [ctx, cancel] = Context.withTimeout(Context.background(), 30);
      const jobs = new Chan<number>();
      const out = new Chan<string>(1);
      go(async () => {
        const s = await select<unknown>([jobs.recvCase(), ctx.done().recvCase()]);
        await out.send(s.index === 1 ? `gave up: ${ctx.err()!.message}` : "got a job");
      }, "worker");
      const r = await out.recv();
      await cancel();
      return [r, now() - START];
    });
    expect(res.failure).toBeUndefined();
    expect(res.outcomes).toEqual([["gave up: context deadline exceeded", 30]]);
  });

  test("a parent that is not a Context is a TypeError", async () => {
    const res = await run(async () => {
      try {
        Context.withCancel({} as Context);
        return "no error";
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    }, { schedules: 1 });
    expect(res.outcomes).toEqual(["TypeError: Expected `parent` to be a Context, got `[object Object]` (object)"]);
  });
});

import { after, Context, select } from "../../src";

/**
 * Node's setTimeout fires at once when asked for more than 2^31 - 1 ms (about 24.8 days).
 * Live timers and deadlines longer than that must still wait, as Go's do.
 */
const LONG = 2 ** 31 + 1000;

test("a live after() longer than Node's longest timeout does not fire before a 50 ms one", async () => {
  const r = await select([after(LONG).recvCase(), after(50).recvCase()]);
  expect(r.index).toBe(1);
});

test("a live context deadline longer than Node's longest timeout is not already past", async () => {
  const [ctx, cancel] = Context.withTimeout(Context.background(), LONG);
  const r = await select<unknown>([ctx.done().recvCase(), after(50).recvCase()]);
  expect(r.index).toBe(1);
  expect(ctx.err()).toBeNull();
  await cancel();
});

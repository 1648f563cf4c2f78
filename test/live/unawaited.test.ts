import { Chan, go, WaitGroup } from "../../src";

/** The warnings gosched emits (through Node's `process.emitWarning`) while `body` runs. */
async function warningsDuring(body: () => Promise<void>): Promise<string[]> {
  const spy = jest.spyOn(process, "emitWarning").mockImplementation(() => {});
  try {
    await body();
    return spy.mock.calls.filter((c) => (c as unknown[])[1] === "GoschedWarning").map((c) => String(c[0]));
  } finally {
    spy.mockRestore();
  }
}

describe("a forgotten await in live mode", () => {
  test("is warned about, naming the goroutine, both operations and where; the channel still works", async () => {
    const a = new Chan<number>(0, "a");
    const b = new Chan<number>(0, "b");
    const got: number[] = [];
    const warnings = await warningsDuring(async () => {
      const wg = new WaitGroup();
      wg.go(async () => {
        void a.send(1); // forgotten: parks, nobody awaits it
        await b.send(2);
      }, "forgetful");
      got.push((await b.recv())!);
      got.push((await a.recv())!); // the forgotten send still completes, on its own
      await wg.wait();
    });
    expect(got).toEqual([2, 1]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^goroutine \d+ "forgetful" started send on chan "b" at test\/live\/unawaited\.test\.ts:23:\d+ while its send on chan "a" at test\/live\/unawaited\.test\.ts:22:\d+ was not awaited: await each gosched operation before the next/,
    );
  });

  test("awaited operations, and an unawaited one that completed at once, warn about nothing", async () => {
    const warnings = await warningsDuring(async () => {
      const buffered = new Chan<number>(1, "buffered");
      const c = new Chan<number>(0, "c");
      const wg = new WaitGroup();
      wg.go(async () => {
        void buffered.send(1); // completes at once: nothing is left behind
        await c.send(await buffered.recv().then((v) => v! + 1));
      }, "careful");
      expect(await c.recv()).toBe(2);
      await wg.wait();
    });
    expect(warnings).toEqual([]);
  });

  test("two goroutines each waiting once are not confused with one goroutine waiting twice", async () => {
    const warnings = await warningsDuring(async () => {
      const ch = new Chan<number>(0, "ch");
      go(async () => void (await ch.recv()), "one");
      go(async () => void (await ch.recv()), "two");
      await ch.send(1);
      await ch.send(2);
    });
    expect(warnings).toEqual([]);
  });
});

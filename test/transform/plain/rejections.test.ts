/**
 * Unhandled rejections of transformed code are panics, judged as Node judges them: a
 * rejection still without a handler once the microtasks have drained (this file is
 * transformed).
 */
import { explore } from "gosched";

const FULL = { schedules: 100000, timeBudgetMs: 600000 };

async function save(fail: boolean): Promise<void> {
  await null;
  if (fail) throw new Error("disk full");
}

test("a task's rejection nobody handles is a panic naming the task, and replays the same", async () => {
  const prog = async (): Promise<string> => {
    void save(true);
    await null;
    await null;
    return "done";
  };
  const r = await explore(prog, { strategy: "dfs", ...FULL });
  expect(r.failure?.kind).toBe("panic");
  expect(r.failure?.message).toMatch(/^panic: Error: disk full \(an unhandled rejection, in goroutine \d+ "save"\)/);
  const again = await explore(prog, { replay: r.failure!.replay });
  expect(again.failure?.message).toBe(r.failure?.message);
});

test("a rejection handled before the microtasks drain is no panic", async () => {
  const r = await explore(
    async () => {
      const io = Promise.resolve(1);
      const p = io.then(() => {
        throw new Error("rejected");
      });
      // Runs just after `p` rejected, in the same turn: Node would not report it.
      const q = io.then(() => p.catch(() => "handled"));
      return q;
    },
    { strategy: "dfs", ...FULL },
  );
  expect(r.failure).toBeUndefined();
  expect(r.outcomes).toEqual(["handled"]);
});

test("a rejection handled only after a leaf is a panic in the schedules where the leaf comes later", async () => {
  // Node would crash when `save` rejects before the caller reaches its `catch`.
  const r = await explore(
    async () => {
      const p = save(true);
      await null;
      await null;
      return p.catch(() => "handled");
    },
    { strategy: "dfs", ...FULL },
  );
  expect(r.failure?.kind).toBe("panic");
  expect(r.failure?.message).toContain("an unhandled rejection");
});

test("a .then callback that throws, with no .catch after it, is a panic of the task that chained it", async () => {
  async function caller(): Promise<void> {
    void save(false).then(() => {
      throw new Error("bad callback");
    });
  }
  const r = await explore(
    async () => {
      await caller();
      await null;
      await null;
      return "done";
    },
    { strategy: "dfs", ...FULL },
  );
  expect(r.failure?.kind).toBe("panic");
  expect(r.failure?.message).toMatch(/bad callback \(an unhandled rejection, in goroutine \d+ "caller"\)/);
});

test("a rejection awaited by untransformed code (Promise.allSettled inside a library) is handled", async () => {
  const settle = Promise.allSettled.bind(Promise); // not rewritten: as untransformed code calls it
  const r = await explore(
    async () => {
      const all = settle([save(true), save(false)]);
      await null;
      return (await all).map((x) => x.status).join(",");
    },
    { strategy: "dfs", ...FULL },
  );
  expect(r.failure).toBeUndefined();
  expect(r.outcomes).toEqual(["rejected,fulfilled"]);
});

test("dpor on plain async code reports what dfs reports: the same panic, found after as many schedules", async () => {
  const prog = async (): Promise<string> => {
    const p = save(true);
    const q = save(false).then(() => "saved");
    await null;
    await null;
    return `${await q}:${await p.catch(() => "handled")}`;
  };
  const dfs = await explore(prog, { strategy: "dfs", ...FULL });
  const dpor = await explore(prog, { strategy: "dpor", ...FULL });
  expect(dfs.failure?.kind).toBe("panic");
  expect(dpor.failure?.message).toBe(dfs.failure?.message);
  expect(dpor.schedules - dfs.schedules).toBeLessThanOrEqual(1);
});

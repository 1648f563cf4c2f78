/**
 * Awaits of promises derived from leaves (`.then`, `.catch`, `.finally`, combinators):
 * the leaf's unknown duration comes first, then the callback, in JavaScript's order
 * (this file is transformed).
 */
import { explore } from "gosched";

const FULL = { schedules: 100000, timeBudgetMs: 600000 };

test("a callback on a settled promise runs when the leaf completes, not at once", async () => {
  const prog = async (): Promise<string> => {
    const log: string[] = [];
    const a = async (): Promise<void> => {
      await Promise.resolve("row").then(() => log.push("a"));
    };
    const b = async (): Promise<void> => {
      await null;
      log.push("b");
    };
    await Promise.all([a(), b()]);
    return log.join(",");
  };
  const r = await explore(prog, { strategy: "dfs", ...FULL });
  expect(r.complete).toBe(true);
  expect([...r.outcomes].sort()).toEqual(["a,b", "b,a"]);
});

test("a promise-chain lock: the holder's turn is a scheduling point, and the lock still excludes", async () => {
  const prog = async (): Promise<string> => {
    const log: string[] = [];
    let lock: Promise<unknown> = Promise.resolve();
    const locked = async (tag: string): Promise<void> => {
      const prev = lock;
      lock = prev.then(async () => {
        log.push(`${tag}+`);
        await null;
        log.push(`${tag}-`);
      });
      await prev.catch(() => {});
      log.push(`${tag} turn`);
    };
    const other = async (): Promise<void> => {
      await null;
      log.push("other");
    };
    await Promise.all([locked("x"), locked("y"), other()]);
    await lock;
    return log.join(",");
  };
  const r = await explore(prog, { strategy: "dfs", ...FULL });
  expect(r.failure).toBeUndefined();
  expect(r.complete).toBe(true);
  const outcomes = r.outcomes as string[];
  // `other` may finish before the first holder's turn (missed before: the turn ran at once)…
  expect(outcomes.some((o) => o.startsWith("other"))).toBe(true);
  // …and the holders never overlap.
  for (const o of outcomes) expect(o).toMatch(/x\+,.*x-.*y\+.*y-/);
});

test("two callbacks on one settled promise run in the order they were registered", async () => {
  const prog = async (): Promise<string> => {
    const log: string[] = [];
    const io = Promise.resolve(0);
    const first = io.then(() => log.push("first"));
    const second = io.finally(() => log.push("second"));
    await Promise.all([first, second]);
    return log.join(",");
  };
  const r = await explore(prog, { strategy: "dfs", ...FULL });
  expect(r.complete).toBe(true);
  expect(r.outcomes).toEqual(["first,second"]);
});

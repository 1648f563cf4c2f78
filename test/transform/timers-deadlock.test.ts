import { explore } from "../../src";
import * as gs from "../../src/transform/runtime";
import type { Task } from "../../src/transform/task";
import { A, fn, FULL } from "./helpers";

const delay = (ms: number) => new Promise<void>((r) => gs.setTimeout(r, ms));

test("a retry loop with seconds of back-off runs on the virtual clock", async () => {
  const prog = fn("main", async (t) => {
    const start = gs.dateNow();
    const perf = gs.performanceNow();
    for (let i = 0; i < 5; i++) await A(t, delay(1000 * 2 ** i));
    return [gs.dateNow() - start, gs.performanceNow() - perf];
  });
  const r = await explore(prog, { strategy: "dfs", ...FULL, timeBudgetMs: 600_000 });
  expect(r.failure).toBeUndefined();
  expect(r.outcomes).toEqual([[31000, 31000]]);
});

test("outside an execution the timers are Node's", async () => {
  const before = Date.now();
  await new Promise<void>((r) => gs.setTimeout(r, 5));
  expect(gs.dateNow()).toBeGreaterThanOrEqual(before);
  expect(gs.dateNow()).toBeGreaterThan(946684800000 + 1e9);
});

test("a leaf may take longer than a timer: a call racing a timeout has both outcomes", async () => {
  const prog = fn("main", async (t) => {
    const call = fn("call", async (u) => {
      await A(u, null);
      return "data";
    });
    const timeout = new Promise<string>((r) => gs.setTimeout(() => r("timeout"), 1000));
    return A(t, Promise.race([call(), timeout]));
  });
  const r = await explore(prog, { strategy: "dfs", ...FULL, timeBudgetMs: 600_000 });
  expect(r.complete).toBe(true);
  expect([...r.outcomes].sort()).toEqual(["data", "timeout"]);
});

test("timers due at the same instant fire in either order; clearTimeout cancels", async () => {
  const prog = fn("main", async (t) => {
    const log: string[] = [];
    gs.setTimeout(() => log.push("a"), 10);
    gs.setTimeout(() => log.push("b"), 10);
    const c = gs.setTimeout(() => log.push("c"), 5);
    gs.clearTimeout(c);
    await A(t, delay(20));
    return log.join("");
  });
  const r = await explore(prog, { strategy: "dfs", ...FULL, timeBudgetMs: 600_000 });
  expect([...r.outcomes].sort()).toEqual(["ab", "ba"]);
});

/** A promise-chain lock: each holder's release settles the next holder's turn. */
function lock(): () => Promise<() => void> {
  let tail: Promise<void> = Promise.resolve();
  return () => {
    let release = (): void => {};
    const mine = new Promise<void>((r) => (release = r));
    const turn = tail.then(() => release);
    tail = mine;
    return turn;
  };
}

const twoLocks = (sameOrder: boolean) =>
  fn("main", async (t) => {
    const a = lock();
    const b = lock();
    const transfer = (name: string, first: () => Promise<() => void>, second: () => Promise<() => void>) =>
      fn(name, async (u: Task | null) => {
        const r1 = await A(u, first());
        await A(u, null);
        const r2 = await A(u, second());
        r2();
        r1();
      });
    await A(t, Promise.all([transfer("ab", a, b)(), sameOrder ? transfer("ba", a, b)() : transfer("ba", b, a)()]));
    return "done";
  });

test("two promise locks taken in opposite orders deadlock, named by task and await", async () => {
  const r = await explore(twoLocks(false), { strategy: "dfs", ...FULL, timeBudgetMs: 600_000 });
  expect(r.failure?.kind).toBe("deadlock");
  const detail = r.failure!.detail;
  if (detail.kind !== "deadlock") throw new Error("not a deadlock");
  const byName = new Map(detail.goroutines.map((g) => [g.name, g]));
  for (const name of ["ab", "ba"]) {
    expect(byName.get(name)?.waitReason).toBe("await (promise nobody settled)");
    expect(byName.get(name)?.location).toMatch(/test\/transform\/helpers\.ts:\d+/);
  }
  expect(byName.get("main")?.waitReason).toBe("await (promise nobody settled)");
});

test("taken in one order, they never deadlock", async () => {
  const r = await explore(twoLocks(true), { strategy: "dfs", ...FULL, timeBudgetMs: 600_000 });
  expect(r.failure).toBeUndefined();
  expect(r.complete).toBe(true);
});

test("the same seed gives the same run, and the failing token replays it", async () => {
  const a = await explore(twoLocks(false), { strategy: "random", seed: "same", schedules: 1000, timeBudgetMs: 600_000 });
  const b = await explore(twoLocks(false), { strategy: "random", seed: "same", schedules: 1000, timeBudgetMs: 600_000 });
  expect(a.failure).toBeDefined();
  expect(b.schedules).toBe(a.schedules);
  expect(b.failure?.replay).toBe(a.failure?.replay);
  const again = await explore(twoLocks(false), { replay: a.failure!.replay });
  expect(again.failure?.message).toBe(a.failure?.message);
});

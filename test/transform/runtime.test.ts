/**
 * The runtime of controlled awaits, driven by code instrumented by hand exactly as the
 * transformer instruments it: `async (…) => body` becomes `task(name, async (t) => { try
 * { body } finally { fin(t) } })`, and `await x` becomes `r(t, await aw(t, x))`.
 */
import { explore, go, sleep } from "../../src";
import * as gs from "../../src/transform/runtime";
import type { Task } from "../../src/transform/task";

type Body<T> = (t: Task | null) => Promise<T>;
const fn =
  <T>(name: string, body: Body<T>) =>
  (): Promise<T> =>
    gs.task(name, async (t) => {
      try {
        return await body(t);
      } finally {
        gs.fin(t);
      }
    });
const A = async <T>(t: Task | null, x: T | Promise<T>): Promise<T> => gs.r(t, (await gs.aw(t, x)) as T);

const FULL = { schedules: 100000, timeBudgetMs: 600000 };

/** Two read-modify-writes of a plain variable, each behind leaves. */
const lostUpdate = fn("main", async (t) => {
  let n = 0;
  const inc = fn("inc", async (u) => {
    await A(u, null);
    const v = n;
    await A(u, null);
    n = v + 1;
  });
  await A(t, Promise.all([inc(), inc()]));
  return n;
});

test("Promise.all of two read-modify-writes: dfs finds the lost update and proves {1, 2}", async () => {
  const r = await explore(lostUpdate, { strategy: "dfs", ...FULL });
  expect(r.failure).toBeUndefined();
  expect(r.complete).toBe(true);
  expect([...r.outcomes].sort()).toEqual([1, 2]);
});

test("dpor treats plain steps as dependent: the same outcomes and the same number of schedules as dfs", async () => {
  const dfs = await explore(lostUpdate, { strategy: "dfs", ...FULL });
  const dpor = await explore(lostUpdate, { strategy: "dpor", ...FULL });
  expect(dpor.complete).toBe(true);
  expect([...dpor.outcomes].sort()).toEqual([...dfs.outcomes].sort());
  // dpor starts over as dfs once it sees plain async code: at most one execution more.
  expect(dpor.schedules - dfs.schedules).toBeLessThanOrEqual(1);
});

test("random and pct find both outcomes", async () => {
  for (const strategy of ["random", "pct", "pos"] as const) {
    const r = await explore(lostUpdate, { strategy, schedules: 200, seed: "s", timeBudgetMs: 600_000 });
    expect([...r.outcomes].sort()).toEqual([1, 2]);
  }
});

test("outside an execution the instrumented code runs as plain JavaScript", async () => {
  expect(await lostUpdate()).toBe(1);
});

test("with no leaf between the read and the write, no timing loses the update", async () => {
  const prog = fn("main", async (t) => {
    let n = 0;
    const inc = fn("inc", async (u) => {
      await A(u, null);
      n = n + 1;
    });
    await A(t, Promise.all([inc(), inc()]));
    return n;
  });
  const r = await explore(prog, { strategy: "dfs", ...FULL });
  expect(r.complete).toBe(true);
  expect(r.outcomes).toEqual([2]);
});

describe("JavaScript's own order is kept", () => {
  test("two awaits of one pending promise resume in the order they were registered", async () => {
    const prog = fn("main", async (t) => {
      const log: string[] = [];
      let release = (): void => {};
      const gate = new Promise<void>((r) => (release = r));
      const waiter = (name: string) =>
        fn(name, async (u) => {
          await A(u, gate);
          log.push(name);
        });
      const pa = waiter("a")();
      const pb = waiter("b")();
      await A(t, null);
      release();
      await A(t, Promise.all([pa, pb]));
      return log.join(",");
    });
    const r = await explore(prog, { strategy: "dfs", ...FULL });
    expect(r.complete).toBe(true);
    expect(r.outcomes).toEqual(["a,b"]);
  });

  test("a promise settled later in a chain never releases its waiter first", async () => {
    const prog = fn("main", async (t) => {
      const log: string[] = [];
      let release = (): void => {};
      const first = new Promise<void>((r) => (release = r));
      const second = first.then(() => {});
      const pa = fn("late", async (u) => {
        await A(u, second);
        log.push("late");
      })();
      const pb = fn("early", async (u) => {
        await A(u, first);
        log.push("early");
      })();
      await A(t, null);
      release();
      await A(t, Promise.all([pa, pb]));
      return log.join(",");
    });
    const r = await explore(prog, { strategy: "dfs", ...FULL });
    expect(r.complete).toBe(true);
    expect(r.outcomes).toEqual(["early,late"]);
  });

  test("an async function runs synchronously until its first await", async () => {
    const prog = fn("main", async (t) => {
      const log: string[] = [];
      const f = fn("f", async (u) => {
        log.push("f starts");
        await A(u, null);
        log.push("f resumes");
      });
      log.push("call");
      const p = f();
      log.push("caller goes on");
      await A(t, p);
      return log.join(",");
    });
    const r = await explore(prog, { strategy: "dfs", ...FULL });
    expect(r.outcomes).toEqual(["call,f starts,caller goes on,f resumes"]);
  });

  test("go(async fn) is one task: the goroutine adopts the body's task", async () => {
    const prog = fn("main", async () => {
      go(
        fn("worker", async (u) => {
          await A(u, null);
        }),
        "worker",
      );
      await sleep(1);
    });
    const r = await explore(prog, { strategy: "dfs", ...FULL, replay: undefined });
    expect(r.failure).toBeUndefined();
    const one = await explore(prog, { strategy: "random", schedules: 1, checks: ["leak"] });
    expect(one.failure).toBeUndefined();
  });
});

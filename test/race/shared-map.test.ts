import { explore, go, Mutex, Shared, SharedMap, WaitGroup, type CheckKind } from "../../src";
import { NO_RACE, SEEDS } from "./helpers";

type MapOp = (m: SharedMap<string, number>) => Promise<unknown>;

const ops: Record<string, MapOp> = {
  "set(a)": (m) => m.set("a", 1),
  "set(b)": (m) => m.set("b", 2),
  "delete(b)": (m) => m.delete("b"),
  "get(b)": (m) => m.get("b"),
  "has(b)": (m) => m.has("b"),
  "size()": (m) => m.size(),
  "entries()": (m) => m.entries(),
};

/** A worker does `first` while main does `second`, optionally both under one mutex. */
function pair(first: MapOp, second: MapOp, locked = false) {
  return async (): Promise<number> => {
    const m = new SharedMap<string, number>("m");
    const mu = new Mutex();
    const wg = new WaitGroup();
    await wg.add(1);
    go(async () => {
      if (locked) await mu.lock();
      await first(m);
      if (locked) await mu.unlock();
      await wg.done();
    }, "worker");
    if (locked) await mu.lock();
    await second(m);
    if (locked) await mu.unlock();
    await wg.wait();
    return m.peek().size;
  };
}

function explorePair(first: string, second: string, seed: string, checks?: readonly CheckKind[], locked = false) {
  return explore(pair(ops[first]!, ops[second]!, locked), { seed, schedules: 100, checks });
}

describe("SharedMap with race checks (the map is one location, as in Go's race detector)", () => {
  test.each([
    ["set(a)", "set(b)"],
    ["set(a)", "delete(b)"],
    ["set(a)", "get(b)"],
    ["delete(b)", "has(b)"],
    ["set(a)", "size()"],
    ["set(a)", "entries()"],
  ])("%s concurrent with %s is a data race, whatever the keys", async (a, b) => {
    for (const seed of SEEDS) {
      const r = await explorePair(a, b, seed);
      expect(r.failure?.kind).toBe("race");
      expect(r.failure?.message).toMatch(/^data race on SharedMap "m": /);
    }
  });

  test.each([
    ["get(b)", "has(b)"],
    ["size()", "entries()"],
  ])("%s concurrent with %s is not a race: reads do not conflict", async (a, b) => {
    for (const seed of SEEDS) expect((await explorePair(a, b, seed)).failure).toBeUndefined();
  });

  test("writes ordered by a mutex are not a race", async () => {
    for (const seed of SEEDS) expect((await explorePair("set(a)", "set(b)", seed, undefined, true)).failure).toBeUndefined();
  });
});

describe("SharedMap without race checks throws Go's fatal errors where Go's runtime would", () => {
  test.each([
    ["set(a)", "set(b)", "concurrent map writes"],
    ["delete(b)", "set(a)", "concurrent map writes"],
    ["set(a)", "get(b)", "concurrent map read and map write"],
    ["has(b)", "delete(b)", "concurrent map read and map write"],
    ["set(a)", "entries()", "concurrent map iteration and map write"],
    ["entries()", "set(a)", "concurrent map iteration and map write"],
  ])("%s concurrent with %s ends the execution with `fatal error: %s`", async (a, b, words) => {
    for (const seed of SEEDS) {
      const r = await explorePair(a, b, seed, NO_RACE);
      expect(r.failure?.kind).toBe("panic");
      expect(r.failure?.message).toBe(`fatal error: ${words}`);
      expect(r.failure?.detail).toMatchObject({ kind: "panic", fatal: true });
    }
  });

  test("every seed throws in its first execution: unordered map accesses are caught whatever the timing", async () => {
    const kinds = new Set<string>();
    for (let seed = 1; seed <= 50; seed++) {
      const r = await explore(pair(ops["set(a)"]!, ops["set(b)"]!), { seed: String(seed), schedules: 1, checks: NO_RACE });
      kinds.add(r.failure?.message ?? "none");
    }
    expect([...kinds]).toEqual(["fatal error: concurrent map writes"]);
  });

  test("is fatal even when checks turn panics off, and no try/catch in the goroutine sees it", async () => {
    const prog = async (): Promise<string> => {
      const m = new SharedMap<string, number>("m");
      let caught = "nothing";
      go(async () => { await m.set("a", 1); });
      try {
        await m.set("b", 2);
        await m.set("c", 3);
      } catch (e) {
        caught = String(e);
      }
      return caught;
    };
    for (const seed of SEEDS) {
      const r = await explore(prog, { seed, schedules: 20, checks: [] });
      expect(r.failure?.message).toBe("fatal error: concurrent map writes");
      expect(r.outcomes).toEqual([]);
    }
  });

  test("size() concurrent with a write does not throw: Go's len(m) never does", async () => {
    for (const seed of SEEDS) expect((await explorePair("set(a)", "size()", seed, NO_RACE)).failure).toBeUndefined();
  });

  test("concurrent reads and mutex-ordered writes do not throw", async () => {
    for (const seed of SEEDS) {
      expect((await explorePair("get(b)", "entries()", seed, NO_RACE)).failure).toBeUndefined();
      expect((await explorePair("set(a)", "set(b)", seed, NO_RACE, true)).failure).toBeUndefined();
    }
  });

  test("a map turning clocks on does not make plain Shared races count when race checks are off", async () => {
    const prog = async (): Promise<number> => {
      const m = new SharedMap<string, number>("m");
      const x = new Shared(0, "x");
      const wg = new WaitGroup();
      await wg.add(1);
      go(async () => { await x.write(1); await wg.done(); });
      await x.write(2);
      await wg.wait();
      await m.set("done", 1);
      return m.peek().size;
    };
    const r = await explore(prog, { seed: "1", schedules: 100, checks: NO_RACE });
    expect(r.failure).toBeUndefined();
    expect(r.outcomes).toEqual([1]);
    const raced = await explore(prog, { seed: "1", schedules: 100 });
    expect(raced.failure?.message).toMatch(/^data race on Shared "x"/);
  });

  test("a map made after goroutines already ran judges only accesses made since", async () => {
    const prog = async (): Promise<number> => {
      const wg = new WaitGroup();
      const mu = new Mutex();
      await wg.add(2);
      let m: SharedMap<string, number> | null = null;
      const ready = new WaitGroup();
      await ready.add(1);
      for (const k of ["a", "b"]) {
        go(async () => {
          await ready.wait();
          await mu.lock();
          await m!.set(k, 1);
          await mu.unlock();
          await wg.done();
        });
      }
      m = new SharedMap<string, number>("late");
      await ready.done();
      await wg.wait();
      return (await m.entries()).length;
    };
    const r = await explore(prog, { seed: "2", schedules: 200, checks: NO_RACE });
    expect(r.failure).toBeUndefined();
    expect(r.outcomes).toEqual([2]);
  });
});

import { AtomicBool, explore, go, Mutex, Once, Shared, SharedMap, WaitGroup } from "../../src";
import { PLAIN } from "../../src/report/paint";
import { formatSchedule } from "../../src/report/schedule";

/** The Go memory model's first example: f writes a then b; g reads b then a. */
const reorder = async () => {
  const a = new Shared(0, "a");
  const b = new Shared(0, "b");
  go(async () => {
    await a.write(1);
    await b.write(2);
  }, "f");
  return `${await b.read()}${await a.read()}`;
};

const outcomesOf = async (program: () => Promise<unknown>, memoryModel: "sc" | "go") => {
  const r = await explore(program, { memoryModel, schedules: 2000, timeBudgetMs: 600_000, seed: "mm", checks: ["deadlock", "panic"] });
  expect(r.failure).toBeUndefined();
  return [...r.outcomes].map(String).sort();
};

test("the reorder example has outcomes 00, 01, 21 under sc, and also 20 under go", async () => {
  expect(await outcomesOf(reorder, "sc")).toEqual(["00", "01", "21"]);
  expect(await outcomesOf(reorder, "go")).toEqual(["00", "01", "20", "21"]);
});

test.each(["dfs", "dpor"] as const)("%s enumerates every value a racy read may see, and proves the set complete", async (strategy) => {
  const r = await explore(reorder, { memoryModel: "go", strategy, schedules: 10_000, timeBudgetMs: 600_000, checks: ["deadlock", "panic"] });
  expect(r.complete).toBe(true);
  expect([...r.outcomes].sort()).toEqual(["00", "01", "20", "21"]);
});

/** Double-checked locking: the instance pointer is published without synchronisation. */
const doubleChecked = (useOnce: boolean) => async () => {
  const instance = new Shared<Shared<number> | null>(null, "instance");
  const mu = new Mutex("mu");
  const once = new Once();
  const get = async (): Promise<Shared<number>> => {
    if (useOnce) {
      await once.do(async () => {
        const obj = new Shared(0, "field");
        await obj.write(42);
        await instance.write(obj);
      });
      return (await instance.read())!;
    }
    let obj = await instance.read();
    if (obj === null) {
      await mu.lock();
      obj = await instance.read();
      if (obj === null) {
        obj = new Shared(0, "field");
        await obj.write(42);
        await instance.write(obj);
      }
      await mu.unlock();
    }
    return obj;
  };
  const wg = new WaitGroup();
  const seen: number[] = [];
  for (let i = 0; i < 2; i++) wg.go(async () => void seen.push(await (await get()).read()));
  await wg.wait();
  return seen.sort().join(",");
};

test("double-checked locking can hand out an object whose field still reads its initial value", async () => {
  expect(await outcomesOf(doubleChecked(false), "go")).toContain("0,42");
  expect(await outcomesOf(doubleChecked(false), "sc")).toEqual(["42,42"]);
});

test("Once never hands out a half-built object, even under go", async () => {
  expect(await outcomesOf(doubleChecked(true), "go")).toEqual(["42,42"]);
});

test("an atomic flag still publishes the data written before it", async () => {
  expect(
    await outcomesOf(async () => {
      const data = new Shared(0, "data");
      const ready = new AtomicBool(false);
      go(async () => {
        await data.write(1);
        await ready.store(true);
      });
      while (!(await ready.load())) {
        /* spin */
      }
      return data.read();
    }, "go"),
  ).toEqual(["1"]);
});

test("a mutex-protected pair never shows a mixed state", async () => {
  expect(
    await outcomesOf(async () => {
      const x = new Shared(0, "x");
      const y = new Shared(0, "y");
      const mu = new Mutex();
      go(async () => {
        for (const v of [1, 2]) {
          await mu.lock();
          await x.write(v);
          await y.write(v);
          await mu.unlock();
        }
      });
      await mu.lock();
      const pair = `${await x.read()}${await y.read()}`;
      await mu.unlock();
      return pair;
    }, "go"),
  ).toEqual(["00", "11", "22"]);
});

test("a stale read is replayed exactly, and the report says which write it saw and which it skipped", async () => {
  const opts = { memoryModel: "go" as const, schedules: 2000, seed: "stale", checks: ["deadlock" as const], invariant: (o: unknown) => o !== "20" };
  const r = await explore(reorder, opts);
  const f = r.failure!;
  expect(f.kind).toBe("invariant");
  expect(f.replay).toMatch(/^gs1\.g\./);
  const stale = f.trace.filter((s) => s.note !== undefined);
  expect(stale.map((s) => s.note)).toEqual([
    'stale: saw the initial value; skipped the write at step 3 by goroutine 2 "f", which is not ordered before this read (memoryModel "go")',
  ]);
  const again = await explore(reorder, { ...opts, replay: f.replay });
  expect(again.failure!.message).toBe(f.message);
  expect(again.failure!.trace).toEqual(f.trace);
  expect(formatSchedule(f.trace, { marks: new Map(), goroutines: [] }, new Map(), PLAIN)).toContain("stale: saw the initial value");
});

test("a SharedMap read never returns a stale entry: the racy pair is Go's fatal map error first", async () => {
  const r = await explore(async () => {
    const m = new SharedMap<string, number>("m");
    await m.set("k", 0);
    go(async () => m.set("k", 1), "writer");
    return m.get("k");
  }, { memoryModel: "go", checks: ["deadlock", "panic"], schedules: 200, seed: "map" });
  expect(r.failure?.kind).toBe("panic");
  expect(r.failure?.message).toBe("fatal error: concurrent map read and map write");
});

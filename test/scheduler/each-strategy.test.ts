import { AtomicBool, Chan, explore, go, Mutex, select, Shared, WaitGroup, yieldNow, type StrategyName } from "../../src";

const STRATEGIES: StrategyName[] = ["random", "pct", "pos", "dfs", "dpor"];
const quiet = { checks: ["deadlock", "leak", "panic"] as const };

/** Two goroutines increment a shared counter without a lock: outcomes 1 and 2. */
const lostUpdate = async () => {
  const n = new Shared(0, "n");
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) wg.go(async () => n.write((await n.read()) + 1));
  await wg.wait();
  return n.peek();
};

/** A select over two ready channels, and a mutex-protected critical section. */
const mixed = async () => {
  const a = new Chan<string>(1);
  const b = new Chan<string>(1);
  const mu = new Mutex();
  let inside = 0;
  const wg = new WaitGroup();
  for (const ch of [a, b]) {
    wg.go(async () => {
      await mu.lock();
      if (++inside > 1) throw new Error("two goroutines inside the mutex");
      inside--;
      await mu.unlock();
      await ch.send(ch === a ? "a" : "b");
    });
  }
  await wg.wait();
  return (await select([a.recvCase(), b.recvCase()])).value;
};

describe.each(STRATEGIES)("strategy %s", (strategy) => {
  test("finds both outcomes of a lost update", async () => {
    const r = await explore(lostUpdate, { strategy, seed: 1, schedules: 500, ...quiet, checks: [...quiet.checks], timeBudgetMs: 600_000 });
    expect(r.failure).toBeUndefined();
    expect([...r.outcomes].sort()).toEqual([1, 2]);
    expect(r.strategy).toMatch(new RegExp(`^${strategy}`));
  });

  test("runs mutexes, channels and select with Go's semantics, and explores both select choices", async () => {
    const r = await explore(mixed, { strategy, seed: 2, schedules: 500, checks: [...quiet.checks], timeBudgetMs: 600_000 });
    expect(r.failure).toBeUndefined();
    expect([...r.outcomes].sort()).toEqual(["a", "b"]);
  });

  test("finds a data race and replays it exactly", async () => {
    const r = await explore(lostUpdate, { strategy, seed: 3, schedules: 500, timeBudgetMs: 600_000 });
    expect(r.failure?.kind).toBe("race");
    const again = await explore(lostUpdate, { replay: r.failure!.replay });
    expect(again.failure!.message).toBe(r.failure!.message);
    expect(again.failure!.trace).toEqual(r.failure!.trace);
  });

  test("gives the same result twice for the same seed", async () => {
    const run = () => explore(mixed, { strategy, seed: "twice", schedules: 50, checks: [...quiet.checks], timeBudgetMs: 600_000 });
    const [one, two] = [await run(), await run()];
    expect({ ...two, elapsedMs: 0 }).toEqual({ ...one, elapsedMs: 0 });
  });

  test("lets a correct spin-wait on an atomic flag finish instead of reporting a livelock", async () => {
    const r = await explore(async () => {
      const ready = new AtomicBool(false);
      go(async () => {
        await yieldNow();
        await ready.store(true);
      });
      while (!(await ready.load())) {
        /* spin */
      }
      return "done";
    }, { strategy, seed: 4, schedules: 200, maxSteps: 5000, timeBudgetMs: 600_000 });
    expect(r.failure).toBeUndefined();
    expect(r.outcomes).toEqual(["done"]);
  });
});

test.each(["dfs", "dpor"] as const)("%s says complete only after covering every schedule", async (strategy) => {
  const r = await explore(lostUpdate, { strategy, schedules: 10_000, timeBudgetMs: 600_000, checks: ["deadlock", "leak", "panic"] });
  expect(r.complete).toBe(true);
  const cut = await explore(lostUpdate, { strategy, schedules: 1, checks: ["deadlock", "leak", "panic"], timeBudgetMs: 600_000 });
  expect(cut.complete).toBe(false);
});

test("dpor needs fewer executions than dfs for the same outcomes", async () => {
  const independent = async () => {
    const xs = [new Shared(0, "x0"), new Shared(0, "x1"), new Shared(0, "x2")];
    const wg = new WaitGroup();
    xs.forEach((x, i) => wg.go(async () => x.write(i)));
    await wg.wait();
    return xs.map((x) => x.peek()).join("");
  };
  const opts = { schedules: 10_000, timeBudgetMs: 600_000, checks: ["deadlock", "leak", "panic"] as ("deadlock" | "leak" | "panic")[] };
  const dfs = await explore(independent, { ...opts, strategy: "dfs" });
  const dpor = await explore(independent, { ...opts, strategy: "dpor" });
  expect(dfs.complete && dpor.complete).toBe(true);
  expect(dpor.outcomes).toEqual(dfs.outcomes);
  expect(dpor.schedules).toBeLessThan(dfs.schedules);
  // The whole space of both (hundreds of executions): Jest's 5 s default cuts it on a loaded machine.
}, 600_000);

test("a preemption bound limits dfs and is named in the result", async () => {
  const r = await explore(lostUpdate, { strategy: "dfs", preemptionBound: 0, schedules: 10_000, timeBudgetMs: 600_000, checks: ["deadlock", "leak", "panic"] });
  // The lost update needs a preemption: the bound cut it, so this is no proof.
  expect(r.outcomes).toEqual([2]);
  expect(r.complete).toBe(false);
  expect(r.incomplete).toEqual({ reason: "preemptionBound", bound: 0 });
  expect(r.bound).toMatch(/preemption/i);
});

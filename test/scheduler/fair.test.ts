import { AtomicBool, AtomicInt, Chan, explore, go, Mutex, select, Shared, yieldNow, type ExploreOptions } from "../../src";
import type { StrategyName } from "../../src/scheduler/strategy";

/**
 * Busy-waiting must not livelock any strategy: a goroutine spinning on something
 * another goroutine will change lets that goroutine run, so correct spin-wait programs
 * pass (and systematic strategies finish), while a spin that nothing can end is still a
 * livelock, reported once nothing has changed for a hundredth of `maxSteps`.
 */
const STRATEGIES: StrategyName[] = ["random", "pct", "pos", "dfs", "dpor"];
const SYSTEMATIC = new Set<StrategyName>(["dfs", "dpor"]);
const OPTIONS: ExploreOptions = { maxSteps: 2000, schedules: 200, seed: "fair", timeBudgetMs: 600_000 };

const SPINS: { name: string; program: () => Promise<unknown>; outcome: unknown; options?: ExploreOptions }[] = [
  {
    name: "an atomic load",
    program: async () => {
      const flag = new AtomicBool(false);
      const data = new Shared(0);
      go(async () => {
        await data.write(42);
        await flag.store(true);
      });
      while (!(await flag.load())) {}
      return data.read();
    },
    outcome: 42,
  },
  {
    name: "a Shared read",
    program: async () => {
      const flag = new Shared(false);
      go(() => flag.write(true));
      let spins = 0;
      while (!(await flag.read())) spins++;
      return spins >= 0;
    },
    outcome: true,
    options: { checks: ["deadlock", "leak", "panic"] },
  },
  {
    name: "a select with default",
    program: async () => {
      const ch = new Chan<number>();
      go(() => ch.send(7));
      for (;;) {
        const r = await select([ch.recvCase()], { default: true });
        if (r.index === 0) return r.value;
      }
    },
    outcome: 7,
  },
  {
    name: "yieldNow on a plain variable",
    program: async () => {
      let done = false;
      const x = new AtomicInt(0);
      go(async () => {
        await x.add(1);
        done = true;
      });
      while (!done) await yieldNow();
      return x.load();
    },
    outcome: 1,
  },
  {
    name: "a failing tryLock",
    program: async () => {
      const mu = new Mutex();
      const n = new AtomicInt(0);
      await mu.lock();
      go(async () => {
        await n.add(1);
        await mu.unlock();
      });
      while (!(await mu.tryLock())) {}
      return n.load();
    },
    outcome: 1,
  },
  {
    name: "a compareAndSwap spin lock",
    program: async () => {
      const held = new AtomicBool(true);
      const n = new Shared(0);
      go(async () => {
        await n.write(1);
        await held.store(false);
      });
      while (!(await held.compareAndSwap(false, true))) {}
      return n.read();
    },
    outcome: 1,
  },
  {
    name: "a swap that writes back what it read (claiming a node of a lock-free stack)",
    program: async () => {
      const head = new AtomicInt(-1); // -1: empty, or claimed by someone
      go(() => head.swap(5));
      for (;;) {
        const node = await head.swap(-1);
        if (node !== -1) return node;
      }
    },
    outcome: 5,
  },
];

describe.each(STRATEGIES)("under %s, a goroutine busy-waiting lets the others run", (strategy) => {
  test.each(SPINS)("spinning on $name", async ({ program, outcome, options }) => {
    const r = await explore(program, { strategy, ...OPTIONS, ...options });
    expect(r.failure).toBeUndefined();
    expect(r.outcomes).toEqual([outcome]);
    expect(r.complete).toBe(SYSTEMATIC.has(strategy));
  });

  test("a spin that nothing can end is still reported as a livelock", async () => {
    const r = await explore(
      async () => {
        const flag = new AtomicBool(false);
        go(async () => {});
        while (!(await flag.load())) {}
      },
      { strategy, ...OPTIONS, maxSteps: 300 },
    );
    expect(r.failure?.kind).toBe("livelock");
    expect(r.failure?.message).toBe("livelock: every goroutine that can run has spun for 4 steps and no timer can end it");
  });
});

test("exhaustive search of a spin-wait stays small: spinning longer is never a new schedule", async () => {
  const r = await explore(SPINS[0]!.program, { strategy: "dfs", schedules: 10_000, timeBudgetMs: 600_000 });
  expect(r.complete).toBe(true);
  expect(r.schedules).toBeLessThan(100);
});

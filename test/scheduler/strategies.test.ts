import {
  AtomicInt, Chan, Cond, explore, go, Mutex, Once, RWMutex, select, Shared, WaitGroup, type ExploreOptions,
} from "../../src";
import type { StrategyName } from "../../src/scheduler/strategy";

/**
 * Every strategy runs every primitive correctly: systematic ones find exactly the
 * outcomes Go allows and say they covered the space; sampling ones never find an
 * outcome Go forbids, and find them all on these small programs.
 */
const STRATEGIES: StrategyName[] = ["random", "pct", "pos", "dfs", "dpor"];
const SYSTEMATIC = new Set<StrategyName>(["dfs", "dpor"]);
const NO_RACE: ExploreOptions = { checks: ["deadlock", "leak", "panic"] };

interface Case {
  readonly name: string;
  readonly program: () => Promise<unknown>;
  readonly outcomes: unknown[];
  readonly options?: ExploreOptions;
}

const CASES: Case[] = [
  {
    name: "two unsynchronised increments lose an update",
    program: async () => {
      const n = new Shared(0);
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        await wg.add(1);
        go(async () => {
          await n.write((await n.read()) + 1);
          await wg.done();
        });
      }
      await wg.wait();
      return n.peek();
    },
    outcomes: [1, 2],
    options: NO_RACE,
  },
  {
    name: "a mutex makes the increments atomic",
    program: async () => {
      const n = new Shared(0);
      const mu = new Mutex();
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        await wg.add(1);
        go(async () => {
          await mu.lock();
          await n.write((await n.read()) + 1);
          await mu.unlock();
          await wg.done();
        });
      }
      await wg.wait();
      return n.peek();
    },
    outcomes: [2],
  },
  {
    name: "receives see the sends of an unbuffered channel in order",
    program: async () => {
      const ch = new Chan<number>();
      go(async () => {
        await ch.send(1);
        await ch.send(2);
        await ch.close();
      });
      const got: number[] = [];
      for await (const v of ch) got.push(v);
      return got.join(",");
    },
    outcomes: ["1,2"],
  },
  {
    name: "two senders race for one buffered channel",
    program: async () => {
      const ch = new Chan<string>(2);
      go(() => ch.send("a"));
      go(() => ch.send("b"));
      return `${await ch.recv()}${await ch.recv()}`;
    },
    outcomes: ["ab", "ba"],
  },
  {
    name: "a select takes whichever case is ready, or its default",
    program: async () => {
      const a = new Chan<number>(1);
      const b = new Chan<number>(1);
      go(() => a.send(1));
      go(() => b.send(2));
      const r = await select([a.recvCase(), b.recvCase()], { default: true });
      return r.index === -1 ? "default" : r.value;
    },
    outcomes: [1, 2, "default"],
    options: { checks: ["deadlock", "panic"] },
  },
  {
    name: "Once runs its function exactly once",
    program: async () => {
      const hits = new AtomicInt(0);
      const once = new Once();
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        await wg.add(1);
        go(async () => {
          await once.do(() => hits.add(1));
          await wg.done();
        });
      }
      await wg.wait();
      return hits.load();
    },
    outcomes: [1],
  },
  {
    name: "a writer excludes readers of an RWMutex",
    program: async () => {
      const rw = new RWMutex();
      const x = new Shared(0);
      go(async () => {
        await rw.lock();
        await x.write(1);
        await x.write(2);
        await rw.unlock();
      });
      await rw.rLock();
      const v = await x.read();
      await rw.rUnlock();
      return v;
    },
    outcomes: [0, 2],
    options: { checks: ["deadlock", "panic"] },
  },
  {
    name: "Cond.signal wakes the waiter that re-checks its predicate",
    program: async () => {
      const mu = new Mutex();
      const cond = new Cond(mu);
      const ready = new Shared(false);
      go(async () => {
        await mu.lock();
        await ready.write(true);
        await cond.signal();
        await mu.unlock();
      });
      await mu.lock();
      let waits = 0;
      while (!(await ready.read())) {
        waits++;
        await cond.wait();
      }
      await mu.unlock();
      return waits;
    },
    outcomes: [0, 1],
  },
];

describe.each(STRATEGIES)("strategy %s", (strategy) => {
  test.each(CASES)("$name", async ({ program, outcomes, options }) => {
    const schedules = SYSTEMATIC.has(strategy) ? 5000 : 300;
    const r = await explore(program, { strategy, seed: "strategies", schedules, timeBudgetMs: 600_000, ...options });
    expect(r.failure).toBeUndefined();
    const sorted = (xs: unknown[]): string[] => xs.map(String).sort();
    expect(sorted(r.outcomes)).toEqual(sorted(outcomes));
    expect(r.complete).toBe(SYSTEMATIC.has(strategy));
    expect(r.strategy).toBe(strategy === "pct" ? "pct(depth 3)" : strategy);
  });

  test("the same seed gives the same executions twice", async () => {
    const program = CASES[0]!.program;
    const runs = [];
    for (let i = 0; i < 2; i++) {
      runs.push(await explore(program, { strategy, seed: 7, schedules: 40, timeBudgetMs: 600_000, invariant: (n) => n === 2, ...NO_RACE }));
    }
    expect(runs[1]!.schedules).toBe(runs[0]!.schedules);
    expect(runs[1]!.failure?.replay).toBe(runs[0]!.failure?.replay);
    expect(runs[0]!.failure?.kind).toBe("invariant");
  });
});

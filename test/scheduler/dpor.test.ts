import { AtomicInt, explore, go, Mutex, Shared } from "../../src";
import { DfsStrategy } from "../../src/scheduler/dfs";
import { DporStrategy } from "../../src/scheduler/dpor";
import { FairStrategy } from "../../src/scheduler/fair";
import { fileSystem, indexer, lastZero, readersWriter } from "../../bench/dpor/programs";
import { runAll, type Summary } from "./run-all";

/**
 * dpor explores one execution per Mazurkiewicz trace: checked against closed forms and,
 * for small programs, against the traces exhaustive dfs finds (each dfs execution is
 * named by its Foata normal form, see run-all.ts).
 */
const config = { seed: "dpor", preemptionBound: undefined, pctDepth: 3, maxSteps: 10_000 };

async function dpor(program: () => Promise<unknown>): Promise<{ s: Summary; stats: DporStrategy["stats"] }> {
  const strategy = new DporStrategy();
  const s = await runAll(program, new FairStrategy(strategy), { traces: true });
  return { s, stats: strategy.stats };
}

async function expectOnePerTrace(program: () => Promise<unknown>): Promise<number> {
  const dfs = await runAll(program, new FairStrategy(new DfsStrategy(config)), { traces: true });
  const { s, stats } = await dpor(program);
  expect(dfs.complete && s.complete).toBe(true);
  expect([...s.traces.keys()].sort()).toEqual([...dfs.traces.keys()].sort());
  expect(s.executions).toBe(s.traces.size);
  expect(stats).toMatchObject({ infeasible: 0, redundant: 0 });
  expect(s.outcomes).toEqual(dfs.outcomes);
  return s.executions;
}

test("goroutines that share nothing need one execution", async () => {
  const { s } = await dpor(async () => {
    for (let i = 0; i < 4; i++) {
      go(async () => {
        const mine = new AtomicInt(0);
        await mine.add(1);
        await mine.add(1);
      });
    }
  });
  expect(s.executions).toBe(1);
});

test("three writers of one variable need 3! = 6 executions", async () => {
  const { s } = await dpor(async () => {
    const x = new Shared(0);
    for (let i = 1; i <= 3; i++) go(() => x.write(i));
  });
  expect(s.executions).toBe(6);
});

test.each([1, 2, 3, 4])("a writer and %i readers need 2^n executions, reads commuting", async (n) => {
  const { s, stats } = await dpor(readersWriter(n));
  expect(s.executions).toBe(2 ** n);
  expect(stats.redundant).toBe(0);
});

test("lastzero(2): one execution per trace, the 5 that dfs finds among its 672 schedules", async () => {
  expect(await expectOnePerTrace(lastZero(2))).toBe(5);
});

test("two lock acquisitions race across the unlock between them", async () => {
  const n = await expectOnePerTrace(async () => {
    const mu = new Mutex();
    const x = new Shared(0);
    for (let i = 1; i <= 2; i++) {
      go(async () => {
        await mu.lock();
        await x.write(i);
        await mu.unlock();
      });
    }
  });
  expect(n).toBe(2);
});

test("indexer with colliding hashes (8 slots, 2 threads): one execution per trace", async () => {
  expect(await expectOnePerTrace(indexer(2, 8))).toBe(3);
});

test("indexer(11) and file-system(13) have no conflicts: one execution each", async () => {
  expect((await dpor(indexer(11))).s.executions).toBe(1);
  expect((await dpor(fileSystem(13))).s.executions).toBe(1);
});

test("a lock-order deadlock is found, and dpor names no bound even when given one", async () => {
  const r = await explore(
    async () => {
      const a = new Mutex("a");
      const b = new Mutex("b");
      go(async () => {
        await a.lock();
        await b.lock();
        await b.unlock();
        await a.unlock();
      });
      await b.lock();
      await a.lock();
      await a.unlock();
      await b.unlock();
    },
    { strategy: "dpor", preemptionBound: 1 },
  );
  expect(r.failure?.kind).toBe("deadlock");
  expect(r.bound).toBeNull();
});

import { AtomicInt, Chan, explore, go, Mutex, select, Shared } from "../../src";
import { DfsStrategy } from "../../src/scheduler/dfs";
import { DporStrategy } from "../../src/scheduler/dpor/dpor";
import { FairStrategy } from "../../src/scheduler/fair";
import { fileSystem, indexer, lastZero, readers } from "../../bench/dpor/programs";
import { PROGRAMS, PUBLISHED } from "../../bench/dpor/run-dpor";
import { runAll, type Summary } from "./run-all";

/**
 * dpor explores one execution per Mazurkiewicz trace: checked against closed forms, the
 * numbers of traces published for the classic benchmarks and, for small programs,
 * against the traces exhaustive dfs finds (each execution is named by its Foata normal
 * form, see trace-key.ts).
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
  expect(stats).toMatchObject({ infeasible: 0, redundant: 0, mismatches: 0 });
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
  const { s, stats } = await dpor(readers(n));
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

test("inserts into a hash table under per-slot locks, colliding: one execution per trace", async () => {
  const n = await expectOnePerTrace(async () => {
    const table = [new Shared(0), new Shared(0)];
    const locks = [new Mutex(), new Mutex()];
    for (let tid = 1; tid <= 2; tid++) {
      go(async () => {
        for (let h = 0; ; h = (h + 1) % 2) {
          await locks[h]!.lock();
          const free = (await table[h]!.read()) === 0;
          if (free) await table[h]!.write(tid);
          await locks[h]!.unlock();
          if (free) return;
        }
      });
    }
  });
  expect(n).toBe(2);
});

test("indexer(11) and file-system(12) have no conflicts: one execution each", async () => {
  expect((await dpor(indexer(11))).s.executions).toBe(1);
  expect((await dpor(fileSystem(12))).s.executions).toBe(1);
});

// The sizes that run in a few seconds; bench/dpor/run-dpor.ts prints the others.
const published: [string, number][] = [
  ["indexer", 12], ["indexer", 13],
  ["file-system", 14], ["file-system", 16], ["file-system", 18],
  ["lastzero", 2], ["lastzero", 4], ["lastzero", 5], ["lastzero", 6],
  ["readers", 2], ["readers", 4], ["readers", 6], ["readers", 8],
];

test.each(published)("%s(%i): as many executions as the published number of traces", async (name, n) => {
  const { s, stats } = await dpor(PROGRAMS[name]!(n));
  expect(s.executions).toBe(PUBLISHED[name]![n]);
  expect(stats).toMatchObject({ infeasible: 0, redundant: 0, mismatches: 0 });
}, 60_000);

describe("channels", () => {
  test("two senders and a receiver on an unbuffered channel: who queues first is part of the trace", async () => {
    const n = await expectOnePerTrace(async () => {
      const c = new Chan<number>();
      go(() => c.send(1));
      go(() => c.send(2));
      return [await c.recv(), await c.recv()].join();
    });
    expect(n).toBeGreaterThanOrEqual(2);
  });

  test("two receivers and a sender: the rendezvous is one event, whichever side fires it", async () => {
    await expectOnePerTrace(async () => {
      const ch = new Chan<number>();
      go(async () => void (await ch.recv()));
      go(async () => void (await ch.recv()));
      await ch.send(1);
      await ch.send(2);
    });
  });

  test("a select with two ready cases runs each of them", async () => {
    const n = await expectOnePerTrace(async () => {
      const a = new Chan<number>(1);
      const b = new Chan<number>(1);
      go(() => a.send(1));
      go(() => b.send(2));
      const got = await select([a.recvCase(), b.recvCase()]);
      return got.value;
    });
    expect(n).toBeGreaterThanOrEqual(3);
  });

  test("a select with default, a buffered channel, and a close racing with the receives", async () => {
    await expectOnePerTrace(async () => {
      const c = new Chan<number>(1);
      const got = new Shared("");
      go(async () => got.write(`s${(await select([c.recvCase()], { default: true })).index}`));
      go(async () => got.write(`r${(await c.recvOk())[1]}`));
      await c.send(1);
      await c.close();
    });
  });

  test("a select that took its default and then waits to receive makes a later select with default send to it", async () => {
    // Found by the differential sweep (seed "s10", channels family, program 164).
    const n = await expectOnePerTrace(async () => {
      const c = new Chan<number>();
      go(async () => void (await c.recv()));
      go(async () => {
        await select([c.sendCase(7)], { default: true });
        await select([c.recvCase()]);
      });
      go(async () => void (await select([c.sendCase(7)], { default: true })));
    });
    expect(n).toBe(13);
  });
});

test("a lock-order deadlock is found, dpor names no bound, and refuses a preemptionBound it would ignore", async () => {
  const program = async () => {
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
  };
  const r = await explore(program, { strategy: "dpor", timeBudgetMs: 600_000 });
  expect(r.failure?.kind).toBe("deadlock");
  expect(r.bound).toBeNull();
  await expect(explore(program, { strategy: "dpor", preemptionBound: 1, timeBudgetMs: 600_000 })).rejects.toThrow('`preemptionBound` applies only to strategy "dfs"');
});

import "../../src/jest";
import { after, afterFunc, Chan, Context, go, Mutex, select, Shared, sleep, Ticker, Timer, WaitGroup } from "../../src";
import { DfsStrategy } from "../../src/scheduler/dfs";
import { DporStrategy } from "../../src/scheduler/dpor/dpor";
import { FairStrategy } from "../../src/scheduler/fair";
import { runAll, type Summary } from "./run-all";

/**
 * dpor over virtual time: each advance of the clock is an event (a tick) that conflicts
 * with every other, and races between goroutines are reversed across it. Checked against
 * the traces exhaustive dfs finds, with a budget that cannot cut either search.
 */
// Searches that cannot be cut short: generous for a loaded machine.
jest.setTimeout(300_000);

const config = { seed: "dpor-time", preemptionBound: undefined, pctDepth: 3, maxSteps: 10_000 };
const ALL = { max: 100_000, traces: true };

async function dpor(program: () => Promise<unknown>): Promise<{ s: Summary; stats: DporStrategy["stats"] }> {
  const strategy = new DporStrategy();
  const s = await runAll(program, new FairStrategy(strategy), ALL);
  return { s, stats: strategy.stats };
}

/** dpor and dfs find the same traces, outcomes and failures; dpor runs one execution per trace. */
async function expectOnePerTrace(program: () => Promise<unknown>): Promise<number> {
  const dfs = await runAll(program, new FairStrategy(new DfsStrategy(config)), ALL);
  const { s, stats } = await dpor(program);
  expect(dfs.complete && s.complete).toBe(true);
  expect([...s.traces.keys()].sort()).toEqual([...dfs.traces.keys()].sort());
  expect(s.executions).toBe(s.traces.size);
  expect(stats).toEqual({ executions: s.executions, infeasible: 0, redundant: 0, mismatches: 0, untimed: null });
  expect(s.outcomes).toEqual(dfs.outcomes);
  expect(s.failures).toEqual(dfs.failures);
  return s.executions;
}

/** Two workers drain two jobs from a channel, each sleeping `ms` per job, and send back its square. */
function pool(ms: number): () => Promise<number> {
  return async () => {
    const jobs = new Chan<number>(0, "jobs");
    const results = new Chan<number>(2, "results");
    const wg = new WaitGroup("workers");
    for (let w = 1; w <= 2; w++) {
      await wg.add(1);
      go(async () => {
        for await (const j of jobs) {
          if (ms > 0) await sleep(ms);
          await results.send(j * j);
        }
        await wg.done();
      }, `worker ${w}`);
    }
    for (const j of [1, 2]) await jobs.send(j);
    await jobs.close();
    await wg.wait();
    await results.close();
    let sum = 0;
    for await (const r of results) sum += r;
    return sum;
  };
}

describe("a pool of 2 workers draining 2 jobs", () => {
  test("with a sleep(10) per job, dpor needs no more executions than without it", async () => {
    const untimed = await dpor(pool(0));
    const timed = await dpor(pool(10));
    expect(untimed.s.complete && timed.s.complete).toBe(true);
    expect([untimed.s.executions, timed.s.executions]).toEqual([36, 16]);
    expect(timed.stats.untimed).toBeNull();
    expect([...timed.s.outcomes]).toEqual(["5"]);
    // Deterministic: a second search runs the same executions in the same order.
    expect([...(await dpor(pool(10))).s.traces.keys()]).toEqual([...timed.s.traces.keys()]);
  });

  test("one execution per trace, the 16 that dfs finds among its 8,190 schedules", async () => {
    expect(await expectOnePerTrace(pool(10))).toBe(16);
  });

  test("toHaveOutcomes proves its outcome within the default budget", async () => {
    await expect(pool(10)).toHaveOutcomes([5], { timeBudgetMs: 600_000 });
  });
});

describe("races across an advance of the clock", () => {
  test("a lock held across a sleep: the other goroutine may take it first", async () => {
    const n = await expectOnePerTrace(async () => {
      const mu = new Mutex();
      const x = new Shared(0);
      go(async () => {
        await mu.lock();
        await sleep(5);
        await x.write(1);
        await mu.unlock();
      });
      go(async () => {
        await mu.lock();
        await x.write(2);
        await mu.unlock();
      });
    });
    expect(n).toBe(2);
  });

  test("the loser of a race for a buffered value waits for a sender that sleeps", async () => {
    const n = await expectOnePerTrace(async () => {
      const c = new Chan<number>(1);
      const x = new Shared(0);
      for (let i = 0; i < 2; i++) go(async () => x.write((await c.recv()) ?? 0));
      go(async () => {
        await sleep(5);
        await c.send(2);
      });
      await c.send(1);
    });
    expect(n).toBeGreaterThanOrEqual(2);
  });

  test("a goroutine that joins a wait queue after a sleep cannot join it before one that never slept", async () => {
    // Found by the differential sweep (seed "s10", timers family, program 114).
    const n = await expectOnePerTrace(async () => {
      const c = new Chan<number>();
      go(async () => void (await c.recv()));
      go(async () => {
        await sleep(1);
        await c.recv();
      });
    });
    expect(n).toBe(1);
  });

  test("a receive with a timeout takes the value or times out, as the sender's sleep decides", async () => {
    const n = await expectOnePerTrace(async () => {
      const c = new Chan<number>();
      go(async () => {
        await sleep(5);
        await select([c.sendCase(1)], { default: true });
      });
      const got = await select([c.recvCase(), after(5).recvCase()]);
      return got.index;
    });
    expect(n).toBeGreaterThanOrEqual(1);
  });

  test("a timer stopped by one goroutine and waited for by another", async () => {
    await expectOnePerTrace(async () => {
      const t = new Timer(2);
      const stopped = new Shared(false);
      go(async () => {
        await sleep(1);
        await stopped.write(await t.stop());
      });
      go(async () => void (await select([t.c.recvCase(), after(3).recvCase()])));
      await t.reset(2);
    });
  });

  test("a ticker's ticks and a sleeper's writes", async () => {
    await expectOnePerTrace(async () => {
      const x = new Shared(0);
      const t = new Ticker(1);
      go(async () => {
        await sleep(2);
        await x.write(2);
      });
      await t.c.recv();
      await x.write(1);
      await t.c.recv();
      await t.stop();
      return x.read();
    });
  });

  test("a context's deadline closes its done channel", async () => {
    await expectOnePerTrace(async () => {
      const c = new Chan<number>(1);
      const [ctx, cancel] = Context.withTimeout(Context.background(), 2);
      go(async () => {
        await sleep(2);
        await c.send(1);
      });
      const got = await select<unknown>([c.recvCase(), ctx.done().recvCase() as never]);
      await cancel();
      return [got.index, ctx.err()?.message ?? null];
    });
  });
});

test("a goroutine started by afterFunc sends dpor to dfs (it has no stable name), which misses nothing", async () => {
  const program = async (): Promise<number> => {
    const x = new Shared(0);
    afterFunc(1, () => x.write(1));
    go(() => x.write(2));
    await sleep(2);
    return x.read();
  };
  const dfs = await runAll(program, new FairStrategy(new DfsStrategy(config)), ALL);
  const { s, stats } = await dpor(program);
  expect(stats.untimed).toBe(1);
  expect(s.complete).toBe(true);
  expect([...s.traces.keys()].sort()).toEqual([...new Set([...dfs.traces.keys(), ...s.traces.keys()])].sort());
  expect(s.outcomes).toEqual(dfs.outcomes);
});

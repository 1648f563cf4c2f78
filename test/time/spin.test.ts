import { after, AtomicInt, Chan, Context, explore, go, now, select, Shared, sleep, Ticker, type ExploreOptions } from "../../src";
import type { StrategyName } from "../../src/scheduler/strategy";
import { START } from "./helpers";

/**
 * Virtual time and busy-waiting: a goroutine polling until a deadline ends under every
 * strategy (time moves once every goroutine that can run is spinning), a spin nothing can
 * end is a livelock long before `maxSteps`, and time after `main` returns.
 */
const STRATEGIES: StrategyName[] = ["random", "pct", "pos", "dfs", "dpor"];
const OPTIONS: ExploreOptions = { seed: "spin", schedules: 30, timeBudgetMs: 600_000, checks: ["deadlock", "leak", "panic", "race"] };

/** Go's idiom: `select { case <-ctx.Done(): ...; default: }` in a loop. */
async function pollDeadline(): Promise<unknown> {
  const [ctx, cancel] = Context.withTimeout(Context.background(), 100);
  let polls = 0;
  for (;;) {
    const r = await select([ctx.done().recvCase()], { default: true });
    if (r.index === 0) break;
    polls++;
  }
  await cancel();
  return [ctx.err()?.message, now() - START, polls > 0];
}

/** Two goroutines poll one `after()` channel with a select and a yield between. */
async function twoPollers(): Promise<unknown> {
  const timeout = after(50);
  const seen = new AtomicInt(0);
  const done = new Chan<void>();
  for (let i = 0; i < 2; i++) {
    go(async () => {
      for (;;) {
        const r = await select([timeout.recvCase()], { default: true });
        if (r.index === 0) break;
        await sleep(0);
      }
      await seen.add(1);
      await done.send();
    });
  }
  // The first poller takes the only value; the second never sees it.
  await done.recv();
  return [await seen.load(), now() - START];
}

/** A goroutine works in steps of 10 ms while main polls a shared flag it sets at the end. */
async function pollWorker(): Promise<unknown> {
  const flag = new Shared(false, "flag");
  go(async () => {
    for (let i = 0; i < 3; i++) await sleep(10);
    await flag.write(true);
  });
  while (!(await flag.read())) {}
  return now() - START;
}

describe.each(STRATEGIES)("under %s", (strategy) => {
  test("polling a context deadline with select-default ends when the deadline passes", async () => {
    const r = await explore(pollDeadline, { ...OPTIONS, strategy });
    expect(r.failure).toBeUndefined();
    expect(r.outcomes).toEqual([["context deadline exceeded", 100, true]]);
  });

  test("spinning until a sleeping goroutine sets a flag ends once time moves", async () => {
    const r = await explore(pollWorker, { ...OPTIONS, strategy, checks: ["deadlock", "leak", "panic"] });
    expect(r.failure).toBeUndefined();
    expect(r.outcomes).toEqual([30]);
  });

  test("a poller whose timer value was taken by another is a spin no timer can end: a livelock, long before maxSteps", async () => {
    const r = await explore(twoPollers, { ...OPTIONS, strategy, checks: ["deadlock", "panic"] });
    expect(r.failure?.kind).toBe("livelock");
    expect(r.failure?.message).toMatch(/^livelock: every goroutine that can run has spun for 1000 steps and no timer can end it$/);
  });

  test("a spin nothing can end is reported after a hundredth of maxSteps", async () => {
    const r = await explore(
      async () => {
        const n = new AtomicInt(0);
        go(async () => {
          await n.add(1);
        });
        while ((await n.load()) < 2) {}
      },
      { ...OPTIONS, strategy, maxSteps: 5000 },
    );
    expect(r.failure?.kind).toBe("livelock");
    expect(r.failure?.message).toBe("livelock: every goroutine that can run has spun for 50 steps and no timer can end it");
  });

  test("a computation far longer than the spin limit, changing something at every step, is no livelock", async () => {
    const r = await explore(
      async () => {
        const n = new AtomicInt(0);
        go(async () => {
          for (let i = 0; i < 5000; i++) await n.add(1);
        });
        while ((await n.load()) < 5000) {}
        return n.load();
      },
      // The spin limit is 400 steps; every execution takes over 5000 (5000 adds, and loads).
      { ...OPTIONS, strategy, schedules: 2, maxSteps: 40_000 },
    );
    expect(r.failure).toBeUndefined();
    expect(r.outcomes).toEqual([5000]);
  });

  test("a goroutine left ranging over a Ticker when main returns is a leak", async () => {
    const r = await explore(
      async () => {
        const t = new Ticker(10, "tick");
        go(async () => {
          for await (const _ of t.c) {
            // work on every tick
          }
        }, "ticker loop");
        await sleep(25);
      },
      { ...OPTIONS, strategy },
    );
    expect(r.failure?.kind).toBe("leak");
    expect(r.failure?.message).toBe('1 goroutine leaked: goroutine 2 "ticker loop" [chan receive]');
  });

  test("after main returns, a one-shot timer still fires: a goroutine that sleeps and then races is judged", async () => {
    const r = await explore(
      async () => {
        const x = new Shared(0, "x");
        go(async () => {
          await sleep(10);
          await x.write(1);
        });
        await x.write(2);
      },
      { ...OPTIONS, strategy },
    );
    expect(r.failure?.kind).toBe("race");
  });
});

test("the same seed gives the same result twice for a program that polls a deadline", async () => {
  const go1 = await explore(pollDeadline, { ...OPTIONS, strategy: "pct" });
  const go2 = await explore(pollDeadline, { ...OPTIONS, strategy: "pct" });
  expect({ ...go2, elapsedMs: 0 }).toEqual({ ...go1, elapsedMs: 0 });
});

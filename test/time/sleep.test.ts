import { after, Chan, go, now, sleep, Ticker, Timer, afterFunc, yieldNow } from "../../src";
import { outcomesOf, run, START } from "./helpers";

describe("sleep, after and now", () => {
  test("virtual time starts at 2000-01-01T00:00:00Z", async () => {
    const res = await run(async () => new Date(now()).toISOString(), { schedules: 1 });
    expect(res.outcomes).toEqual(["2000-01-01T00:00:00.000Z"]);
  });

  test("sleeping goroutines wake in the order of their deadlines, in every schedule", async () => {
    const res = await run(async () => {
      const woke = new Chan<string>(3);
      for (const ms of [30, 10, 20]) {
        go(async () => {
          await sleep(ms);
          await woke.send(`${ms}@${now() - START}`);
        });
      }
      return [await woke.recv(), await woke.recv(), await woke.recv()];
    });
    expect(res.failure).toBeUndefined();
    expect(res.outcomes).toEqual([["10@10", "20@20", "30@30"]]);
  });

  test("a program that sleeps an hour ends with the clock an hour later", async () => {
    const res = await run(async () => {
      await sleep(3_600_000);
      return now() - START;
    });
    expect(res.outcomes).toEqual([3_600_000]);
    expect(res.steps).toBe(2 * res.schedules);
  });

  test("time stands still while any goroutine can run", async () => {
    const res = await run(async () => {
      const seen: number[] = [];
      go(async () => {
        for (let i = 0; i < 5; i++) {
          seen.push(now() - START);
          await yieldNow();
        }
      }, "busy");
      await sleep(10);
      return { seen, woke: now() - START };
    });
    expect(res.outcomes).toEqual([{ seen: [0, 0, 0, 0, 0], woke: 10 }]);
  });

  test("after delivers the virtual time at which it fired", async () => {
    const res = await run(async () => {
      await sleep(5);
      const v = await after(25).recv();
      return [v! - START, now() - START];
    });
    expect(res.outcomes).toEqual([[30, 30]]);
  });

  test("sleep of zero or a negative duration returns without advancing time", async () => {
    const res = await run(async () => {
      await sleep(0);
      await sleep(-5);
      return now() - START;
    });
    expect(res.outcomes).toEqual([0]);
  });

  test("a goroutine asleep when main returns finishes and is not a leak", async () => {
    const res = await run(async () => {
      go(async () => {
        await sleep(1000);
      }, "sleeper");
      return "main done";
    });
    expect(res.failure).toBeUndefined();
    expect(res.outcomes).toEqual(["main done"]);
  });

  test("duration arguments are checked", async () => {
    const res = await run(async () => {
      const messages: string[] = [];
      for (const bad of [() => sleep("1" as never), () => after(NaN), () => new Ticker(0), () => afterFunc(1, 5 as never)]) {
        try {
          await bad();
        } catch (error) {
          messages.push(`${(error as Error).name}: ${(error as Error).message}`);
        }
      }
      return messages;
    }, { schedules: 1 });
    expect(res.outcomes).toEqual([
      [
        "TypeError: Expected `ms` to be a finite number of milliseconds, got `1` (string)",
        "TypeError: Expected `ms` to be a finite number of milliseconds, got `NaN` (number)",
        "TypeError: Expected `ms` to be a positive number of milliseconds, got `0` (number)",
        "TypeError: Expected `fn` to be a function, got `5` (number)",
      ],
    ]);
  });

  test("now() and sleep() outside a program run on real time", async () => {
    const before = Date.now();
    await sleep(1);
    expect(now()).toBeGreaterThanOrEqual(before);
    await expect(new Timer(1).c.recv()).resolves.toEqual(expect.any(Number));
  });
});

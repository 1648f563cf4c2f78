import { after, Chan, explore, go, now, select, sleep, Ticker } from "../../src";
import { outcomesOf, run, START } from "./helpers";

/** Wait for a result, giving up after `timeoutMs`; the worker takes `workMs`. */
function withTimeout(resultCap: number, workMs: number, timeoutMs: number) {
  return async (): Promise<string> => {
    const result = new Chan<number>(resultCap, "result");
    go(async () => {
      await sleep(workMs);
      await result.send(42);
    }, "worker");
    const s = await select<number>([result.recvCase(), after(timeoutMs).recvCase()]);
    return s.index === 0 ? "result" : "timeout";
  };
}

describe("timeouts and leaks", () => {
  test("a timeout that abandons an unbuffered result leaves the sender blocked: a leak", async () => {
    const res = await run(withTimeout(0, 100, 50));
    expect(res.failure?.kind).toBe("leak");
    expect(res.failure?.message).toBe('1 goroutine leaked: goroutine 2 "worker" [chan send]');
    expect(res.schedules).toBe(1);
  });

  test("a result channel with room for the late value fixes the leak", async () => {
    const res = await run(withTimeout(1, 100, 50));
    expect(res.failure).toBeUndefined();
    expect(res.outcomes).toEqual(["timeout"]);
  });

  test("a result that arrives at the timeout's instant races with it: both cases are explored", async () => {
    const res = await run(withTimeout(1, 50, 50));
    expect(res.failure).toBeUndefined();
    expect(outcomesOf(res)).toEqual(['"result"', '"timeout"']);
  });

  test("with an unbuffered result, the schedules where the timeout wins leak the sender", async () => {
    const res = await run(withTimeout(0, 50, 50));
    expect(res.failure?.kind).toBe("leak");
    expect(res.failure?.trace.map((s) => s.op)).toContain("sleep 50ms");
  });
});

describe("simultaneous timers", () => {
  test("goroutines woken at the same instant run in either order across schedules", async () => {
    const res = await run(async () => {
      const order = new Chan<string>(2);
      for (const name of ["a", "b"]) {
        go(async () => {
          await sleep(10);
          await order.send(name);
        }, name);
      }
      return `${await order.recv()}${await order.recv()}@${now() - START}`;
    });
    expect(outcomesOf(res)).toEqual(['"ab@10"', '"ba@10"']);
  });

  test("a select on two timers that fired at the same instant takes either", async () => {
    const res = await run(async () => {
      const s = await select([after(10).recvCase(), after(10).recvCase()]);
      return s.index;
    });
    expect(res.outcomes.slice().sort()).toEqual([0, 1]);
  });

  test("a select on a fired timer and a ready channel takes either", async () => {
    const res = await run(async () => {
      const ready = new Chan<number>(1);
      const timeout = after(10);
      await sleep(20);
      await ready.send(1);
      return (await select([ready.recvCase(), timeout.recvCase()])).index;
    });
    expect(res.outcomes.slice().sort()).toEqual([0, 1]);
  });
});

describe("replay and determinism", () => {
  const leaky = async (): Promise<number> => {
    const ticker = new Ticker(10);
    const result = new Chan<number>(0, "result");
    go(async () => {
      await sleep(30);
      await result.send(now() - START);
    }, "worker");
    let ticks = 0;
    for (;;) {
      const s = await select<number>([result.recvCase(), ticker.c.recvCase()]);
      if (s.index === 0) break;
      if (++ticks === 3) break;
    }
    await ticker.stop();
    return ticks;
  };

  test("a failure in an execution with timers replays to the same message and trace", async () => {
    const found = await run(leaky);
    expect(found.failure?.kind).toBe("leak");
    const again = await explore(leaky, { replay: found.failure!.replay });
    expect(again.failure?.message).toBe(found.failure!.message);
    expect(again.failure?.trace).toEqual(found.failure!.trace);
    expect(again.failure?.replay).toBe(found.failure!.replay);
  });

  test("the same seed twice gives the same schedules, outcomes and failure", async () => {
    const first = await run(leaky, { seed: "twice" });
    const second = await run(leaky, { seed: "twice" });
    expect(second.schedules).toBe(first.schedules);
    expect(second.steps).toBe(first.steps);
    expect(second.outcomes).toEqual(first.outcomes);
    expect(second.failure?.replay).toBe(first.failure?.replay);
    expect(second.failure?.trace).toEqual(first.failure?.trace);
  });

  test("without a failure, the same seed twice explores the same outcomes in the same order", async () => {
    const prog = withTimeout(1, 50, 50);
    const first = await run(prog, { seed: 7, schedules: 50 });
    const second = await run(prog, { seed: 7, schedules: 50 });
    expect(second.outcomes).toEqual(first.outcomes);
    expect(second.steps).toBe(first.steps);
  });
});

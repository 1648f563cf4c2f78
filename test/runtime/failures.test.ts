import { AtomicInt, Chan, explore, go, Mutex, Shared, WaitGroup, yieldNow } from "../../src";
import { failure } from "../helpers";

describe("each failure kind is a typed value with Go's words", () => {
  test("a global deadlock dumps every goroutine with what it waits on", async () => {
    const f = await failure(async () => {
      const a = new Chan<number>(0, "a");
      const b = new Chan<number>(0, "b");
      go(async () => {
        await a.recv();
        await b.send(1);
      }, "worker");
      await b.recv();
    });
    expect(f.kind).toBe("deadlock");
    expect(f.message).toBe("all goroutines are asleep - deadlock! (goroutine 1 [chan receive], goroutine 2 [chan receive])");
    expect(f.detail).toEqual({
      kind: "deadlock",
      goroutines: [
        expect.objectContaining({ id: 1, name: "main", waitReason: "chan receive", blockedIn: 'recv on chan "b"' }),
        expect.objectContaining({ id: 2, name: "worker", waitReason: "chan receive", blockedIn: 'recv on chan "a"' }),
      ],
    });
  });

  test("goroutines still blocked after main returns are leaked", async () => {
    const f = await failure(async () => {
      const ch = new Chan<number>(0, "results");
      go(async () => ch.send(1), "sender");
      return "main is done";
    });
    expect(f.kind).toBe("leak");
    expect(f.message).toBe('1 goroutine leaked: goroutine 2 "sender" [chan send]');
  });

  test("a goroutine that finishes after main returns is not a leak", async () => {
    const r = await explore(async () => {
      go(async () => yieldNow());
      return 1;
    }, { schedules: 50 });
    expect(r.failure).toBeUndefined();
    expect(r.outcomes).toEqual([1]);
  });

  test("an exception thrown in any goroutine is a panic naming it", async () => {
    const f = await failure(async () => {
      const wg = new WaitGroup();
      wg.go(async () => {
        throw new Error("boom");
      }, "bomber");
      await wg.wait();
    });
    expect(f.kind).toBe("panic");
    expect(f.message).toBe('panic: boom (in goroutine 2 "bomber")');
    expect(f.detail).toMatchObject({ kind: "panic", goroutine: { id: 2, name: "bomber" }, fatal: false });
  });

  test("a non-Error panic value is printed as Go prints it", async () => {
    const f = await failure(async () => {
      throw 42;
    });
    expect(f.message).toBe('panic: 42 (in goroutine 1 "main")');
  });

  test("an execution longer than maxSteps fails as a possible livelock", async () => {
    const f = await failure(async () => {
      const n = new AtomicInt(0);
      for (;;) await n.add(1);
    }, { maxSteps: 500 });
    expect(f.kind).toBe("livelock");
    expect(f.message).toBe("execution exceeded maxSteps (500 steps): a possible livelock");
  });

  test("a loop that changes nothing, with no timer to end it, is a livelock after a hundredth of maxSteps", async () => {
    const f = await failure(async () => {
      for (;;) await yieldNow();
    }, { maxSteps: 500 });
    expect(f.kind).toBe("livelock");
    expect(f.message).toBe("livelock: every goroutine that can run has spun for 5 steps and no timer can end it");
    expect(f.detail).toEqual({ kind: "livelock", maxSteps: 500, spun: 5 });
  });

  test("an invariant on the outcome fails as invariant", async () => {
    const f = await failure(async () => {
      const n = new Shared(0);
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) wg.go(async () => n.write((await n.read()) + 1));
      await wg.wait();
      return n.peek();
    }, { invariant: (n) => n === 2, checks: ["deadlock", "panic"] });
    expect(f.kind).toBe("invariant");
    expect(f.message).toBe("the invariant does not hold for outcome 1");
  });

  test("checks decide which kinds count: without deadlock, a deadlocked execution ends quietly", async () => {
    const r = await explore(async () => {
      await new Mutex().lock();
      await new Chan<number>().recv();
    }, { checks: ["race", "panic", "leak"], schedules: 5 });
    expect(r.failure).toBeUndefined();
    expect(r.outcomes).toEqual([]);
  });

  test("the failure of an exploration carries the seed, strategy and execution number", async () => {
    const r = await explore(async () => {
      const n = new Shared(0, "n");
      go(async () => n.write(1));
      await n.write(2);
      await yieldNow();
    }, { seed: "fixed", schedules: 100, timeBudgetMs: 600_000 });
    expect(r.failure).toMatchObject({ kind: "race", seed: "fixed", strategy: "random" });
    expect(r.failure!.execution).toBeGreaterThanOrEqual(1);
    expect(r.schedules).toBe(r.failure!.execution);
    expect(r.failure!.replay).toMatch(/^gs1\.s\./);
  });
});

import { Chan, decodeToken, encodeToken, explore, go, select, Shared, WaitGroup, yieldNow } from "../../src";

/** A program with a race that only some interleavings reveal, plus select choices. */
const racy = async () => {
  const n = new Shared(0, "n");
  const a = new Chan<number>(1, "a");
  const b = new Chan<number>(1, "b");
  const wg = new WaitGroup();
  for (let i = 0; i < 3; i++) {
    wg.go(async () => {
      for (let k = 0; k < 3; k++) await yieldNow();
      await a.send(i);
      await select([a.recvCase(), b.recvCase()], { default: true });
      if (i === 2) await n.write(1);
    }, `w${i}`);
  }
  await yieldNow();
  await wg.wait();
  await n.write(2);
  return n.peek();
};

const unsynchronised = async () => {
  const n = new Shared(0, "n");
  go(async () => {
    for (let k = 0; k < 6; k++) await yieldNow();
    await n.write(1);
  }, "late");
  for (let k = 0; k < 6; k++) await yieldNow();
  return n.read();
};

describe("determinism", () => {
  test("the same seed twice gives the same executions, outcomes and failure, byte for byte", async () => {
    for (const seed of ["a", "b", 7]) {
      const one = await explore(unsynchronised, { seed, schedules: 300 });
      const two = await explore(unsynchronised, { seed, schedules: 300 });
      const strip = (r: typeof one) => JSON.stringify({ ...r, elapsedMs: 0 });
      expect(strip(two)).toBe(strip(one));
      expect(one.failure?.kind).toBe("race");
    }
  });

  test("a replay token reproduces its failure in exactly one execution, with the same trace", async () => {
    const found = await explore(unsynchronised, { seed: "r", schedules: 300 });
    const f = found.failure!;
    const again = await explore(unsynchronised, { replay: f.replay, timeBudgetMs: 600_000 });
    expect(again.schedules).toBe(1);
    expect(again.failure!.message).toBe(f.message);
    expect(again.failure!.trace).toEqual(f.trace);
    expect(again.failure!.detail).toEqual(f.detail);
    expect(again.failure!.replay).toBe(f.replay);
  });

  test("replaying a passing schedule reproduces its outcome", async () => {
    // Record one execution's decisions through a failing invariant, then replay it.
    const found = await explore(racy, { seed: 3, invariant: () => false, checks: ["deadlock", "panic"] });
    const f = found.failure!;
    expect(f.kind).toBe("invariant");
    const again = await explore(racy, { replay: f.replay, invariant: () => false, checks: ["deadlock", "panic"] });
    expect(again.failure!.trace).toEqual(f.trace);
  });

  test("a token that does not fit the program is reported as a divergence, never replayed into a wrong run", async () => {
    const f = (await explore(unsynchronised, { seed: "d", schedules: 300 })).failure!;
    const changed = async () => {
      const n = new Shared(0, "n");
      go(async () => n.write(1), "late");
      await yieldNow();
      return n.read();
    };
    const r = await explore(changed, { replay: f.replay });
    expect(r.failure!.kind).toBe("divergence");
    expect(r.failure!.message).toMatch(/^the program took another path than the replay token/);
    expect(r.failure!.message).not.toMatch(/option -1/);
  });

  test("a program that is not deterministic is caught when its failure is replayed", async () => {
    let calls = 0;
    const r = await explore(async () => {
      calls++;
      const ch = new Chan<number>();
      if (calls % 2 === 1) await ch.recv(); // deadlocks only on odd executions
      return 1;
    }, { schedules: 10 });
    expect(r.failure!.kind).toBe("divergence");
    expect(r.failure!.message).toMatch(/^the program is not deterministic: replaying the failing schedule gave no failure/);
    expect(r.failure!.message).toContain(MODULE_STATE);
  });

  test("a module-level cache that outlives one execution is named as the likely cause, with its fix", async () => {
    const cache = new Map<string, number>(); // module-level in the code under test
    const program = async () => {
      const hit = cache.get("k");
      if (hit !== undefined) return hit;
      const ch = new Chan<number>();
      go(async () => ch.send(1));
      cache.set("k", 1);
      await yieldNow();
      throw new Error("first execution only"); // a panic the replay, with a warm cache, does not repeat
    };
    const f = (await explore(program, { seed: "c", schedules: 5 })).failure!;
    expect(f.kind).toBe("divergence");
    expect(f.message).toContain(MODULE_STATE);
    const replayed = await explore(program, { replay: encodeToken({ memoryModel: "sc", steps: 9, hash: 1, decisions: [] }) });
    expect(replayed.failure!.kind).toBe("divergence");
    expect(replayed.failure!.message).toContain(MODULE_STATE);
  });
});

const MODULE_STATE =
  "state that outlives one execution, such as a module-level Map cache or an object created when the module " +
  "loaded (construct it inside the program, or export a factory and call it there)";

describe("replay tokens", () => {
  test("encode and decode round-trip, small and large decisions", () => {
    for (const decisions of [[], [0], [1, 0, 2], [127, 128, 16383, 16384, 2 ** 31], Array.from({ length: 500 }, (_, i) => (i * 7919) % 13)]) {
      const t = { memoryModel: "go" as const, steps: 12345, hash: 0xdeadbeef, decisions };
      const s = encodeToken(t);
      expect(s).toMatch(/^gs1\.g\.[0-9a-z]+\.[0-9a-z]+\.[rz][A-Za-z0-9_-]*$/);
      expect(decodeToken(s)).toEqual(t);
    }
  });

  test("a 10,000-step schedule of 100 goroutines stays well under 20 KB", async () => {
    const r = await explore(async () => {
      const wg = new WaitGroup();
      for (let i = 0; i < 100; i++) wg.go(async () => {
        for (let k = 0; k < 99; k++) await yieldNow();
      });
      await wg.wait();
    }, { seed: 1, schedules: 1, invariant: () => false });
    const f = r.failure!;
    expect(f.trace[f.trace.length - 1]!.step).toBeGreaterThanOrEqual(10_000);
    expect(f.replay.length).toBeLessThan(12_000);
  });

  test.each([
    ["", "it does not start with gs1"],
    ["gs9.s.1.1.r", "format gs9 is not supported by this version (gs1)"],
    ["gs1.s.1.1", "it should have five parts separated by dots"],
    ["gs1.x.1.1.r", "unknown memory model"],
    ["gs1.s.1.1.r/+", "malformed payload"],
  ])("a malformed token %p is a TypeError saying why", (token, why) => {
    expect(() => decodeToken(token)).toThrow(`Expected \`replay\` to be a replay token printed by gosched (gs1.…), got \`${token}\`: ${why}`);
  });
});

describe("a divergence says in words what differs", () => {
  const twoWorkers = async () => {
    const n = new Shared(0, "n");
    const wg = new WaitGroup();
    for (const name of ["a", "b"]) wg.go(async () => n.write(1), name);
    await wg.wait();
  };

  test("a token whose pick is not among the ready goroutines names the step and what was ready", async () => {
    const token = encodeToken({ memoryModel: "sc", steps: 5, hash: 0, decisions: [5] });
    const r = await explore(twoWorkers, { replay: token });
    expect(r.failure!.kind).toBe("divergence");
    expect(r.failure!.message).toMatch(
      /^the program took another path than the replay token at step \d+: the token picks option 6 of the goroutines ready to run, and the program had only 2: goroutine 2 "a" to start, goroutine 3 "b" to start\./,
    );
  });

  test("a token that ends before the program names the step and what was still to choose", async () => {
    const token = encodeToken({ memoryModel: "sc", steps: 1, hash: 0, decisions: [] });
    const r = await explore(twoWorkers, { replay: token });
    expect(r.failure!.message).toMatch(/^the program took another path than the replay token at step \d+: the token's schedule had ended, but the program still had to choose among \d of the goroutines ready to run: /);
  });
});

import { Chan, explore, go, Mutex, Shared, WaitGroup, yieldNow } from "../../src";
import * as location from "../../src/runtime/location";
import { formatFailure } from "../../src/report/format-failure";

/**
 * A failure at the end of a long execution: the report replays the schedule to find
 * user-code locations, and must neither take a stack per step nor keep every step. The
 * number of stacks taken is counted instead of timed.
 */
const ROUNDS = 25_000;

/** 100,000 steps of ping-pong, then both goroutines write x unordered. */
const longRace = async (): Promise<void> => {
  const ping = new Chan<number>();
  const pong = new Chan<number>();
  const x = new Shared(0, "x");
  go(async () => {
    for (let i = 0; i < ROUNDS; i++) await pong.send((await ping.recv())!);
    await x.write(1);
  }, "pong");
  for (let i = 0; i < ROUNDS; i++) {
    await ping.send(i);
    await pong.recv();
  }
  await x.write(2);
};

const MAX_KEPT = 208;
const LONG = { schedules: 1, seed: "long", maxSteps: 1_000_000, timeBudgetMs: 600_000 };

let stacks: jest.SpiedFunction<typeof location.captureLocation>;
beforeEach(() => (stacks = jest.spyOn(location, "captureLocation")));
afterEach(() => stacks.mockRestore());

test("a race after 100,000 steps keeps a bounded trace with both accesses located, from a few stacks", async () => {
  const r = await explore(longRace, LONG);
  const f = r.failure!;
  expect(f.kind).toBe("race");
  expect(r.steps).toBeGreaterThan(100_000);
  const d = f.detail as Extract<typeof f.detail, { kind: "race" }>;
  expect(f.trace.length).toBeLessThanOrEqual(MAX_KEPT);
  expect(f.trace[f.trace.length - 1]!.step).toBe(r.steps);
  for (const a of [d.previous, d.current]) {
    const s = f.trace.find((t) => t.step === a.step)!;
    expect(s).toMatchObject({ goroutine: a.goroutine.id, op: 'write Shared "x"' });
    expect(a.location).toMatch(/long-failure\.test\.ts:\d+:\d+$/);
  }
  expect(f.trace.every((s) => s.location !== null && /long-failure\.test\.ts/.test(s.location))).toBe(true);
  expect(stacks.mock.calls.length).toBeLessThanOrEqual(MAX_KEPT + 2);
  const text = formatFailure(f, { source: { kind: "explored", budget: 1 }, replayLine: (t) => t });
  expect(text).toContain(`Schedule (${r.steps} steps, trimmed around the failure)`);
  expect(text).toContain(`${d.current.step}  pong  write Shared "x"`);
});

test("the token of a long failure replays it exactly, to the same report", async () => {
  const first = (await explore(longRace, LONG)).failure!;
  const again = (await explore(longRace, { ...LONG, replay: first.replay })).failure!;
  expect(again.kind).toBe("race");
  expect(again.message).toBe(first.message);
  expect(again.detail).toEqual(first.detail);
  expect(again.trace).toEqual(first.trace);
});

test("a livelock report keeps the last 30 steps and takes a stack for those only", async () => {
  // Each goroutine keeps changing its own cell, so this is no spin (which is reported
  // after a hundredth of maxSteps): it runs into maxSteps.
  const busy = async (): Promise<void> => {
    const a = new Shared(0, "a");
    const b = new Shared(0, "b");
    go(async () => {
      for (let i = 1; ; i++) await b.write(i);
    });
    for (let i = 1; ; i++) await a.write(i);
  };
  const r = await explore(busy, { schedules: 1, seed: 1, maxSteps: 100_000, checks: ["deadlock", "leak", "panic"] });
  const f = r.failure!;
  expect(f.kind).toBe("livelock");
  expect(f.trace.map((s) => s.step)).toEqual(Array.from({ length: 30 }, (_, i) => 100_000 - 29 + i));
  expect(stacks.mock.calls.length).toBeLessThanOrEqual(30);
});

test("a deadlock after a long run locates every blocked goroutine, and keeps its latest steps", async () => {
  const f = (await explore(async () => {
    const a = new Mutex("a");
    const wg = new WaitGroup();
    for (let i = 0; i < 20; i++) {
      wg.go(async () => {
        for (let k = 0; k < 500; k++) await yieldNow();
        await a.lock(); // never unlocked: all but one block here
      });
    }
    await wg.wait();
  }, { schedules: 1, seed: 2, checks: ["deadlock"] })).failure!;
  const d = f.detail as Extract<typeof f.detail, { kind: "deadlock" }>;
  expect(f.kind).toBe("deadlock");
  expect(d.goroutines).toHaveLength(20);
  for (const g of d.goroutines) expect(g.location).toMatch(/long-failure\.test\.ts:\d+:\d+$/);
  // The report shows the latest steps of the first six blocked goroutines: main has one (its start), the workers 501.
  for (const g of d.goroutines.slice(0, 6)) {
    expect(f.trace.filter((s) => s.goroutine === g.id).length).toBeGreaterThanOrEqual(g.id === 1 ? 1 : 6);
  }
  expect(f.trace.length).toBeLessThanOrEqual(MAX_KEPT);
});

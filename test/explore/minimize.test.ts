import { explore, go, Mutex, Shared, WaitGroup, type ExploreOptions, type Failure } from "../../src";
import { formatFailure, type FailureSource } from "../../src/report/format-failure";

/** Workers that do unrelated steps around one unsynchronised increment: a race among many preemptions. */
async function paddedRace(): Promise<number> {
  const counter = new Shared(0, "counter");
  const wg = new WaitGroup();
  for (let w = 0; w < 4; w++) {
    await wg.add(1);
    go(async () => {
      const own = new Shared(0, "own");
      for (let i = 0; i < 6; i++) await own.write(i);
      await counter.write((await counter.read()) + 1);
      await wg.done();
    }, `worker${w}`);
  }
  await wg.wait();
  return counter.peek();
}

/** Two goroutines take two mutexes in opposite orders, after unrelated steps. */
async function paddedLockOrder(): Promise<void> {
  const a = new Mutex("a");
  const b = new Mutex("b");
  const wg = new WaitGroup();
  await wg.add(2);
  for (const [name, first, second] of [["ab", a, b], ["ba", b, a]] as const) {
    go(async () => {
      const own = new Shared(0, "own");
      for (let i = 0; i < 5; i++) await own.write(i);
      await first.lock();
      await second.lock();
      await second.unlock();
      await first.unlock();
      await wg.done();
    }, name);
  }
  await wg.wait();
}

const BUDGET = { schedules: 100000, timeBudgetMs: 600000 };

async function failureOf(program: () => Promise<unknown>, options: ExploreOptions = {}): Promise<Failure> {
  const r = await explore(program, { seed: "minimise", ...BUDGET, ...options });
  if (r.failure === undefined) throw new Error("expected a failure");
  return r.failure;
}

const EXPLORED: FailureSource = { kind: "explored", budget: BUDGET.schedules };
const report = (f: Failure, source: FailureSource = EXPLORED): string => formatFailure(f, { source, replayLine: (t) => `replay("${t}")` });
/** The report without its provenance block (the second). */
const withoutProvenance = (text: string): string => text.split("\n\n").filter((_, i) => i !== 1).join("\n\n");

function raceSides(f: Failure): string[] {
  if (f.detail.kind !== "race") throw new Error(`expected a race, got ${f.kind}`);
  return [f.detail.previous, f.detail.current].map((a) => `${a.access} ${a.location}`).sort();
}

describe("minimising a failing schedule", () => {
  test("a race is reported with fewer preemptions, at the same pair of source locations", async () => {
    const found = await failureOf(paddedRace, { minimize: false });
    const small = await failureOf(paddedRace);
    expect(found.minimised).toBeUndefined();
    expect(small.minimised).toBeDefined();
    const m = small.minimised!;
    expect(m.to.preemptions).toBeLessThan(m.from.preemptions);
    expect(m.from.steps).toBe(found.trace[found.trace.length - 1]!.step);
    expect(m.to.steps).toBe(small.trace[small.trace.length - 1]!.step);
    expect(raceSides(small)).toEqual(raceSides(found));
    expect(small.replay).not.toBe(found.replay);
    expect(report(small)).toContain(
      `Minimised from ${m.from.steps} steps and ${m.from.preemptions} preemptions to ${m.to.steps} steps and ${m.to.preemptions} preemption`,
    );
  });

  test("replaying the minimised token prints the same report, apart from the provenance", async () => {
    const small = await failureOf(paddedRace);
    const again = await failureOf(paddedRace, { replay: small.replay });
    expect(withoutProvenance(report(again, { kind: "replayed" }))).toBe(withoutProvenance(report(small)));
    expect(report(again, { kind: "replayed" })).not.toContain("Minimised");
  });

  test("the same seed minimises to the same report, byte for byte", async () => {
    const first = report(await failureOf(paddedRace));
    const second = report(await failureOf(paddedRace));
    expect(second).toBe(first);
  });

  test("a deadlock keeps the same goroutines blocked at the same locations", async () => {
    const blocked = (f: Failure): string[] => {
      if (f.detail.kind !== "deadlock") throw new Error(`expected a deadlock, got ${f.kind}`);
      return f.detail.goroutines.map((g) => `${g.name} ${g.blockedIn} ${g.location}`).sort();
    };
    const found = await failureOf(paddedLockOrder, { minimize: false });
    const small = await failureOf(paddedLockOrder);
    expect(small.minimised!.to.preemptions).toBeLessThan(small.minimised!.from.preemptions);
    expect(blocked(small)).toEqual(blocked(found));
  });

  test("an invariant keeps its message", async () => {
    const options = { checks: ["deadlock", "leak", "panic"] as const, invariant: (n: unknown) => n === 4 };
    const found = await failureOf(paddedRace, { ...options, checks: [...options.checks], minimize: false });
    const small = await failureOf(paddedRace, { ...options, checks: [...options.checks] });
    expect(small.message).toBe(found.message);
    expect(small.minimised!.to.preemptions).toBeLessThan(small.minimised!.from.preemptions);
  });

  test("the search stays within the replays it is given", async () => {
    const small = await failureOf(paddedRace, { minimize: 4 });
    expect(small.minimised?.replays ?? 0).toBeLessThanOrEqual(4);
    const unbounded = await failureOf(paddedRace);
    expect(unbounded.minimised!.replays).toBeGreaterThan(4);
  });

  test("the search never goes past the exploration's schedule budget", async () => {
    const found = await failureOf(paddedRace, { minimize: false, seed: "late" });
    const r = await explore(paddedRace, { seed: "late", schedules: found.execution + 3, timeBudgetMs: 600000 });
    expect(r.failure!.minimised?.replays ?? 0).toBeLessThanOrEqual(3);
    const none = await explore(paddedRace, { seed: "late", schedules: found.execution, timeBudgetMs: 600000 });
    expect(none.failure!.minimised).toBeUndefined();
    expect(none.failure!.replay).toBe(found.replay);
  });

  test("a malformed minimize option is a TypeError saying what it takes", async () => {
    const start = async (minimize: unknown) => explore(paddedRace, { minimize: minimize as number });
    await expect(start(0)).rejects.toThrow(
      "Expected `minimize` to be a boolean or an integer from 1 and up (replays), got `0` (number)",
    );
    await expect(start("yes")).rejects.toThrow(TypeError);
  });
});

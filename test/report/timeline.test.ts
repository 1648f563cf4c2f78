import { explore, go, Shared, timelineHtml, WaitGroup, yieldNow, type ExploreOptions, type Failure } from "../../src";
import type { TraceStep } from "../../src/runtime/execution";
import { timelineModel } from "../../src/report/timeline-model";
import { learnt } from "../../src/report/unordered";
import { lockCycle, racyWorkers } from "./timeline-programs";

const BUDGET = { schedules: 100000, timeBudgetMs: 600000 };

async function failureOf(program: () => Promise<unknown>, options: ExploreOptions = {}): Promise<Failure> {
  const r = await explore(program, { seed: "timeline", ...BUDGET, ...options });
  if (r.failure === undefined) throw new Error("expected a failure");
  return r.failure;
}

const count = (html: string, re: RegExp): number => html.match(re)?.length ?? 0;

describe("timelineHtml", () => {
  test("a race page is one self-contained file: nothing loaded from the network or another file", async () => {
    const html = timelineHtml(await failureOf(racyWorkers));
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<link|<img|<iframe|\bsrc=|@import|url\((?!#)/);
    expect(html.replace('xmlns="http://www.w3.org/2000/svg"', "")).not.toMatch(/https?:/);
  });

  test("every goroutine has a lane, named, even one that never ran before the failure", async () => {
    const f = await failureOf(racyWorkers);
    const html = timelineHtml(f);
    expect(count(html, /class="lane-name"/g)).toBe(f.goroutines.length);
    for (const name of ["main", "alpha", "beta", "gamma"]) expect(html).toContain(`>${name}</span>`);
  });

  test("the two racing steps are marked, with their operations and locations, and the missing happens-before explained", async () => {
    const f = await failureOf(racyWorkers);
    if (f.detail.kind !== "race") throw new Error("expected a race");
    const html = timelineHtml(f);
    const { previous, current } = f.detail;
    for (const a of [previous, current]) {
      expect(html).toMatch(new RegExp(`<g class="step racing[^"]*" id="step-${a.step}"`));
      expect(html).toContain(a.location!.replace(/^.*\//, "").replace(/:\d+$/, ""));
    }
    expect(count(html, /class="step racing/g)).toBe(2);
    expect(html).toContain(`before step ${current.step}`);
    expect(html).toContain("neither happens before the other");
  });

  test("a mutex handed from one goroutine to another is drawn as an edge from the unlock to the lock", async () => {
    const f = await failureOf(racyWorkers);
    const m = timelineModel(f);
    const opAt = (row: number): string => {
      const r = m.rows[row]!;
      return r.kind === "step" ? r.step.op : "";
    };
    const handover = m.edges.filter((e) => opAt(e.fromRow).startsWith("unlock") && opAt(e.toRow).startsWith("lock"));
    expect(handover.length).toBeGreaterThan(0);
    expect(handover.every((e) => e.fromLane !== e.toLane && e.fromRow < e.toRow)).toBe(true);
    expect(count(timelineHtml(f), /<path class="hb"/g)).toBe(m.edges.length);
  });

  test("a deadlock page shows what each goroutine waits on and holds, and the wait-for cycle", async () => {
    const f = await failureOf(lockCycle);
    expect(f.kind).toBe("deadlock");
    const html = timelineHtml(f);
    expect(html).toContain("Wait-for cycle:");
    expect(count(html, /<g class="blocked"/g)).toBe(3);
    expect(html).toContain("ab blocked [sync.Mutex.Lock] in lock sync.Mutex &quot;b&quot;");
    expect(html).toContain("holding sync.Mutex &quot;a&quot;");
    expect(html).toContain("holds sync.Mutex &quot;a&quot;");
    expect(count(html, />waits: /g)).toBe(3);
  });

  test("virtual time is shown, from the start of the execution, where timers were used", async () => {
    const m = timelineModel(await failureOf(lockCycle));
    expect(m.usesTime).toBe(true);
    const times = m.rows.flatMap((r) => (r.kind === "step" && r.time !== undefined ? [r.time] : []));
    expect(times[0]).toBe(0);
    expect(times).toContain(10);
    expect(timelineModel(await failureOf(racyWorkers)).usesTime).toBe(false);
  });

  test("a long schedule is trimmed around the failure, keeping the marked steps", async () => {
    const long = async (): Promise<void> => {
      const n = new Shared(0, "n");
      const wg = new WaitGroup();
      await wg.add(2);
      for (let w = 0; w < 2; w++) {
        go(async () => {
          for (let i = 0; i < 300; i++) await yieldNow();
          await n.write(w);
          await wg.done();
        });
      }
      await wg.wait();
    };
    const f = await failureOf(long, { minimize: false });
    const m = timelineModel(f);
    const steps = f.trace[f.trace.length - 1]!.step;
    expect(steps).toBeGreaterThan(600);
    expect(m.rows.some((r) => r.kind === "gap")).toBe(true);
    expect(m.rows.filter((r) => r.kind === "step" && r.racing)).toHaveLength(2);
    expect(m.rows.length).toBeLessThan(steps / 2);
  });

  test("ten goroutines fit the width of a laptop's screen, and an invariant fades no goroutine", async () => {
    const many = async (): Promise<number> => {
      const n = new Shared(0, "n");
      const wg = new WaitGroup();
      for (let w = 0; w < 9; w++) {
        await wg.add(1);
        go(async () => {
          await n.write((await n.read()) + 1);
          await wg.done();
        }, `w${w}`);
      }
      await wg.wait();
      return n.peek();
    };
    const f = await failureOf(many, { checks: ["deadlock"], invariant: (n) => n === 9 });
    const html = timelineHtml(f);
    expect(count(html, /class="lane-name"/g)).toBe(10);
    const width = Number(/<svg [^>]*width="(\d+)"/.exec(html)![1]);
    expect(width).toBeLessThanOrEqual(1400);
    expect(html).not.toContain("step aside");
  });

  test("names and operations are escaped", async () => {
    const f = await failureOf(async () => {
      const n = new Shared(0, "<b>&");
      go(async () => void (await n.write(1)), "<script>alert(1)</script>");
      await n.write(2);
      await yieldNow();
    });
    const html = timelineHtml(f);
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;b&gt;&amp;");
  });
});

describe("learnt", () => {
  const step = (n: number, goroutine: number, edges?: TraceStep["edges"]): TraceStep => ({ step: n, goroutine, name: "", op: "", location: null, edges });

  test("follows edges transitively, and only from what the releaser knew at its step", () => {
    const trace = [
      step(1, 1),
      step(2, 2),
      step(3, 2, [{ from: 1, fromGoroutine: 1, to: 2 }]),
      step(4, 1),
      step(5, 3, [{ from: 3, fromGoroutine: 2, to: 3 }]),
    ];
    expect(learnt(trace, 3, 1, 6)).toBe(1);
    expect(learnt(trace, 3, 2, 6)).toBe(3);
    expect(learnt(trace, 3, 1, 5)).toBe(0);
    expect(learnt(trace, 2, 1, 3)).toBe(0);
  });
});

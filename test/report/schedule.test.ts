import { after, Chan, explore, go, select, sleep } from "../../src";
import { formatFailure } from "../../src/report/format-failure";
import type { TraceStep } from "../../src/runtime/execution";
import { shortNames } from "../../src/report/names";
import { PLAIN } from "../../src/report/paint";
import { formatSchedule, selectSteps } from "../../src/report/schedule";

/** A trace of `n` steps: goroutine `who(step)` doing `op step`. */
function trace(n: number, who: (step: number) => number): TraceStep[] {
  return Array.from({ length: n }, (_, i) => {
    const g = who(i + 1);
    return { step: i + 1, goroutine: g, name: g === 1 ? "main" : `w${g}`, op: `op ${i + 1}`, location: null };
  });
}

const names = (t: TraceStep[]) => new Map(t.map((s) => [s.goroutine, s.name]));

describe("formatSchedule", () => {
  test("a short trace is shown whole, numbered, with goroutine, operation, location and markers aligned", () => {
    const t: TraceStep[] = [
      { step: 1, goroutine: 1, name: "main", op: "start", location: null },
      { step: 2, goroutine: 2, name: "withdraw", op: 'write Shared "balance"', location: "bank.ts:14:5" },
      { step: 3, goroutine: 1, name: "main", op: 'read Shared "balance"', location: "bank.ts:9:18" },
    ];
    const text = formatSchedule(t, { marks: new Map([[2, "race (write)"], [3, "race (read)"]]), goroutines: [1, 2] }, names(t), PLAIN);
    expect(text).toBe(
      [
        "Schedule (3 steps):",
        "   1  main      start",
        '   2  withdraw  write Shared "balance"  bank.ts:14:5  ◀ race (write)',
        '   3  main      read Shared "balance"   bank.ts:9:18  ◀ race (read)',
      ].join("\n"),
    );
  });

  test("a long trace keeps the last 20 steps, the marked ones and the involved goroutines' latest steps, with … for gaps", () => {
    const t = trace(200, (s) => (s === 10 || s === 50 ? 7 : 1 + (s % 3)));
    const marks = new Map([[50, "race (write)"], [200, "race (read)"]]);
    const shown = [...selectSteps(t, { marks, goroutines: [7] })].sort((a, b) => a - b);
    expect(shown).toEqual([10, 50, ...Array.from({ length: 20 }, (_, i) => 181 + i)]);
    const text = formatSchedule(t, { marks, goroutines: [7] }, names(t), PLAIN);
    const lines = text.split("\n");
    expect(lines[0]).toBe("Schedule (200 steps, trimmed around the failure):");
    expect(lines.slice(1, 6)).toEqual(["   …", "  10  w7    op 10", "   …", "  50  w7    op 50   ◀ race (write)", "   …"]);
    expect(lines[lines.length - 1]).toBe(" 200  w3    op 200  ◀ race (read)");
  });

  test("an involved goroutine keeps at most its six latest earlier steps", () => {
    const t = trace(100, (s) => (s % 2 === 0 ? 2 : 3));
    const shown = selectSteps(t, { marks: new Map(), goroutines: [2] });
    expect([...shown].filter((s) => s <= 80).sort((a, b) => a - b)).toEqual([70, 72, 74, 76, 78, 80]);
  });

  test("a trace that ends after the last shown step ends with …", () => {
    const t = trace(3, () => 1);
    expect(formatSchedule(t, { marks: new Map(), goroutines: [] }, names(t), PLAIN)).toBe(
      "Schedule (3 steps):\n   1  main  op 1\n   2  main  op 2\n   3  main  op 3",
    );
    expect(formatSchedule([], { marks: new Map(), goroutines: [] }, new Map(), PLAIN)).toBe("Schedule: no step was taken.");
  });
});

describe("shortNames", () => {
  test("names a goroutine by its name when unique, name#id when shared, as the headline does when unnamed", () => {
    const n = shortNames([
      { id: 1, name: "main" },
      { id: 2, name: "worker" },
      { id: 3, name: "worker" },
      { id: 4, name: "" },
      { id: 5, name: "logger" },
    ]);
    expect([...n.values()]).toEqual(["main", "worker#2", "worker#3", "goroutine 4", "logger"]);
  });
});

describe("virtual time and select cases in the schedule", () => {
  test("rows carry the virtual time once the program has a timer, and a select row the case it took", async () => {
    const r = await explore(
      async () => {
        const result = new Chan<string>(0, "result");
        go(async () => {
          await sleep(100);
          await result.send("response");
        }, "call");
        const { index } = await select<string | number>([result.recvCase(), after(50).recvCase()]);
        return index;
      },
      { seed: 1, invariant: (i) => i === 0 },
    );
    const text = formatFailure(r.failure!, { source: { kind: "replayed" }, replayLine: () => "" });
    const rows = text.split("\n").filter((l) => /^\s+\d+ /.test(l));
    expect(rows.some((l) => /^\s+\d+\s+t=0\s+main\s+start/.test(l))).toBe(true);
    expect(rows.some((l) => l.includes('t=50ms   main  select {recv chan "result", recv chan "after(50ms)"} → case 1 (recv chan "after(50ms)")'))).toBe(true);
    expect(rows.some((l) => /^\s+\d+\s+t=100ms\s+call\s+sleep 100ms/.test(l))).toBe(true);
  });

  test("the time column formats ms and seconds, and stays out of a trace without timers", () => {
    const t: TraceStep[] = [
      { step: 1, goroutine: 1, name: "main", op: "start", location: null, time: 0 },
      { step: 2, goroutine: 1, name: "main", op: "sleep 1.5s", location: null, time: 1500 },
    ];
    expect(formatSchedule(t, { marks: new Map(), goroutines: [] }, names(t), PLAIN)).toBe(
      "Schedule (2 steps):\n   1  t=0     main  start\n   2  t=1.5s  main  sleep 1.5s",
    );
  });
});

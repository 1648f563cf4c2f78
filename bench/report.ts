import type { HuntResult, Searcher } from "./lost-update";
import type { BenchResults, TimedCase, Timings } from "./run-benchmarks";

/**
 * Renders a bench run as tables, for the terminal (padded columns) and for
 * bench/RESULTS.md (Markdown), from the same rows.
 */

type Table = { readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] };

const CASE_LABELS: Record<TimedCase, string> = {
  floor: "floor: 2 plain async functions handing a promise back and forth",
  pingPong: "ping-pong, 2 goroutines over an unbuffered Chan, race detection on",
  pingPongNoRace: "ping-pong, race detection off",
  fourByFifty: "4x50: 4 goroutines x 50 yieldNow, random strategy",
  fastcheck: "4x50 under fast-check fc.scheduler() + s.waitFor",
  raceOn: "8 goroutines, Mutex + Shared read/write, race detection on",
  raceOff: "8 goroutines, Mutex + Shared read/write, race detection off",
};

const SEARCHER_LABELS: Record<Searcher, string> = { random: "random", pct: "pct", pos: "pos", fastcheck: "fast-check" };

const fixed = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : String(x));
function bytes(b: number): string {
  if (Math.abs(b) >= 1 << 20) return `${(b / (1 << 20)).toFixed(1)} MiB`;
  return Math.abs(b) >= 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${b.toFixed(1)} B`;
}
const goal = (ok: boolean): string => (ok ? "met" : "MISSED");

function timings(r: BenchResults): Table {
  return timingTable((k) => r[`${k}NsPerStep` as `floorNsPerStep`], r.vsFloor, r.spread);
}

function timingTable(
  ns: (k: TimedCase) => number,
  vsFloor: Record<TimedCase, number>,
  spread: Record<TimedCase, number>,
): Table {
  const rows = (Object.keys(CASE_LABELS) as TimedCase[]).map((k) => [
    CASE_LABELS[k],
    fixed(ns(k)),
    `${fixed(vsFloor[k], 2)}x`,
    `${fixed(spread[k] * 100, 0)}%`,
  ]);
  return { head: ["case", "ns/step", "vs floor", "spread"], rows };
}

/** The table of `npm run bench -- --timing`. */
export function timingReport(t: Timings, rounds: number): string {
  const note = `median of ${rounds} timed rounds after warm-up; vs floor: median of each round's ratio to the floor`;
  return `${note}\n${padded(timingTable((k) => t.ns[k], t.vsFloor, t.spread))}`;
}

function goals(r: BenchResults): Table {
  const g = r.goals;
  const vsFastcheck = `${fixed(r.fastcheckOverFourByFifty, 1)}x`;
  return {
    head: ["goal", "measured", ""],
    rows: [
      ["a step (ping-pong, race on) at most 3x the floor", `${fixed(r.vsFloor.pingPong, 2)}x`, goal(g.stepAtMost3xFloor)],
      ["at least 10x faster per step than fast-check (4x50)", vsFastcheck, goal(g.tenTimesFasterThanFastcheck)],
      ["race detection costs at most 30% of steps/s", `${fixed(r.raceOverhead, 2)}x`, goal(g.raceOverheadAtMost30Percent)],
      [
        "transformed code outside an execution at most 1.2x untransformed",
        `${fixed(r.transformOverheadOutside, 2)}x`,
        goal(g.transformOverheadOutsideAtMost1_2),
      ],
      [
        `a controlled await (${fixed(r.controlledAwaitNsPerStep, 0)} ns) at most 3x the floor`,
        `${fixed(r.controlledAwaitVsFloor, 2)}x`,
        goal(g.controlledAwaitAtMost3xFloor),
      ],
    ],
  };
}

function hunts(r: BenchResults): Table {
  const rows = (Object.keys(SEARCHER_LABELS) as Searcher[]).map((s) => {
    const h: HuntResult = r.lostUpdate[s];
    if (h.found === null) return [SEARCHER_LABELS[s], "n/a", "not available yet"];
    return [SEARCHER_LABELS[s], h.median === null ? "not found" : fixed(h.median, 1), `${h.found}/${h.seeds} seeds`];
  });
  return { head: ["searcher", "median schedules to failure", "found"], rows };
}

function memory(r: BenchResults): Table {
  const allocated = r.allocatedBytesPerExecution;
  const perStep = r.allocatedBytesPerStep === null ? "" : ` (${bytes(r.allocatedBytesPerStep)}/step)`;
  return {
    head: [`memory, ${r.memoryExecutions.toLocaleString("en")} executions of 4x50`, "value"],
    rows: [
      ["heap retained per execution (after full GC)", bytes(r.heapBytesPerExecution)],
      ["heap allocated per execution (sampled)", allocated === null ? "n/a" : bytes(allocated) + perStep],
      ["resident memory before the executions", bytes(r.rssBeforeBytes)],
      ["peak resident memory during them", bytes(r.peakRssBytes)],
    ],
  };
}

/** Anything the DPOR or bug-finding benchmarks returned, as a table. */
function extra(title: string, value: unknown): Table {
  if (value === null || value === undefined) return { head: [title], rows: [["not built yet"]] };
  if (Array.isArray(value) && value.every((v) => typeof v === "object" && v !== null)) {
    const keys = [...new Set(value.flatMap((v: object) => Object.keys(v)))];
    return { head: keys, rows: value.map((v: Record<string, unknown>) => keys.map((k) => show(v[k]))) };
  }
  if (typeof value === "object") return { head: [title, ""], rows: Object.entries(value).map(([k, v]) => [k, show(v)]) };
  return { head: [title], rows: [[show(value)]] };
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "-";
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : fixed(v, 2);
  return JSON.stringify(v) ?? "";
}

function sideBySideTitle(v: unknown): string {
  const { seeds, budget } = (v ?? {}) as { seeds?: number; budget?: number };
  const within = budget === undefined ? "" : `: ${seeds} seeds, at most ${budget.toLocaleString("en")} executions (fast-check: runs) each`;
  return `Side by side with fast-check on its race-condition examples${within}`;
}

function tables(r: BenchResults): [string, Table][] {
  return [
    ["Cost of one scheduling step", timings(r)],
    ["Goals", goals(r)],
    [
      `Lost update (4 goroutines x 20 steps, window of 1 step): median over ${r.lostUpdate.random.seeds} seeds, ` +
        `at most ${r.lostUpdate.random.budget.toLocaleString("en")} schedules each`,
      hunts(r),
    ],
    ["Memory", memory(r)],
    ["DPOR (bench/dpor)", extra("dpor", r.dpor)],
    ["Bug finding (bench/bugs)", extra("bug finding", r.bugFinding)],
    ["Scale (bench/scale)", extra("scale", r.scale)],
    [sideBySideTitle(r.sideBySide), extra("side by side", (r.sideBySide as { rows?: unknown } | null)?.rows ?? r.sideBySide)],
  ];
}

/** A warning when other processes were busy while the bench ran. */
function busy(r: BenchResults): string[] {
  const m = r.machine;
  // By the end, the one-minute load average includes the bench itself (about one busy core).
  if (m.loadAverage <= m.cores / 2 && m.loadAverageEnd <= m.cores / 2 + 1) return [];
  return [
    `Warning: the machine was busy (load average ${m.loadAverage} at the start, ${m.loadAverageEnd} at the end, ` +
      `on ${m.cores} cores): timings are inflated and ratios to the floor unreliable, since contention does not ` +
      "slow every case alike. Rerun on an idle machine before quoting them.",
  ];
}

function headline(r: BenchResults): string {
  const m = r.machine;
  const load = `load average ${m.loadAverage} → ${m.loadAverageEnd}`;
  return `${m.cpu} (${m.cores} cores) · ${m.os} · node ${m.node} · ${m.date} · ${load}`;
}

function padded(t: Table): string {
  const all = [t.head, ...t.rows];
  const widths = t.head.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(t.head), widths.map((w) => "-".repeat(w)).join("  "), ...t.rows.map(line)].join("\n");
}

/** The terminal table. */
export function textReport(r: BenchResults): string {
  const intro = `gosched bench (${r.mode}) · ${headline(r)}\nmedian of ${r.rounds} timed rounds, after warm-up`;
  return [intro, ...busy(r), ...tables(r).map(([title, t]) => `${title}\n${padded(t)}`)].join("\n\n");
}

function markdown(t: Table): string {
  const row = (cells: readonly string[]): string => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [row(t.head), row(t.head.map((_, i) => (i === 0 ? "---" : "---:"))), ...t.rows.map(row)].join("\n");
}

const NOTES = [
  "A step is one scheduling decision: one gosched operation performed (a send, a receive, a yield, a lock), " +
    "or one goroutine started. ns/step is the wall time of whole explorations divided by their steps, so " +
    "per-execution work (a fresh random generator, the outcome) is included.",
  "Ping-pong runs 20 executions of 10,000 steps per round (an exploration is many executions, and a test's " +
    "are short); in one execution of 200,000 steps a step costs about a tenth more.",
  "The floor is the least any promise-based scheduler can do per step: one goroutine parks on a promise " +
    "and another resolves it. A gosched step adds the scheduling microtask, the readiness scan, the strategy's " +
    "choice and the operation's effect.",
  "All cases run in one process, round-robin, so gosched's code sees every program's kinds of operation, as in " +
    "a real test suite. No GC is forced between rounds: `gc()` makes V8 drop compiled code, and the next round " +
    "would be timed while recompiling.",
  "fast-check runs the same 4x50 program as 4 tasks that each await 50 `s.schedule(Promise.resolve())`, driven " +
    "by `s.waitFor(Promise.all(tasks))` inside `fc.assert(fc.asyncProperty(fc.scheduler(), …))`; one released " +
    "scheduled promise is one step. Its `waitFor` lets the microtask queue settle (dozens of ticks) before each release.",
  "The lost update runs with race detection off (it would flag the unsynchronised counter in the first " +
    "execution) and fails on the outcome (`invariant`); fast-check runs with `endOnFailure` (no shrinking). " +
    "The count includes the failing execution.",
  "Memory comes from a separate plain node process running the transpiled JavaScript (no TypeScript compiler " +
    "loaded), after 1,000 warm-up executions; retained heap is measured after a full GC, allocation by V8's " +
    "sampling heap profiler.",
  "Transformed code: `transformOverheadOutside` times a promise-heavy workload (async calls awaiting settled " +
    "values and each other, `Promise.all` fan-outs) instrumented as `gosched/transform` does, over the same code " +
    "untransformed, outside any execution; `controlledAwaitNsPerStep` is two instrumented tasks awaiting in turn " +
    "inside one execution, per controlled await, over the floor timed in the same round. Medians of 9 rounds " +
    "(bench/transform/index.ts).",
  "Side by side (`node -r ts-node/register/transpile-only bench/transform/side-by-side.ts` runs it alone): the " +
    "examples of fast-check's race-condition documentation written as plain async code (bench/transform/examples.ts): " +
    "an async counter (read, then write back one more), a queue that must run calls one at a time in call order, fed " +
    "a second call later (its bug: a call notes itself as the last only after waiting, so a call fired meanwhile runs " +
    "alongside), and search as you type (an older answer shown over a newer one). gosched runs the code instrumented " +
    "as `gosched/transform` does, with race detection off (the test's own assertion fails); fast-check runs the same " +
    "code untransformed under `fc.scheduler()`, wrapping the async dependency with `s.scheduleFunction` and the later " +
    "call with `s.schedule`, with `endOnFailure`. A count includes the failing execution (run); the median is over " +
    "all seeds, a seed that did not find the bug counting as slowest. fast-check cannot find the queue's bug: its " +
    "window lies between microtasks of the code under test (the first call's await of the call before it, and its " +
    "noting itself as last), and fast-check only reorders the promises the test wraps, letting the microtask queue " +
    "settle before each release; gosched controls every await of the instrumented code. Test lines are the non-blank lines of each " +
    "test body (examples.ts, fastcheck-tests.ts), without the `test(…)` line and the `explore`/`fc.assert` call " +
    "around it, which each tool needs once.",
  "Where the time goes: `node -r ts-node/register/transpile-only bench/profile.ts pingpong` (or `4x50`).",
];

/** The command above the side-by-side table, which is quoted on its own. */
function madeBy(title: string, command: string): string[] {
  if (!title.startsWith("Side by side")) return [];
  const alone = "node -r ts-node/register/transpile-only bench/transform/side-by-side.ts";
  return [`Made by \`${command}\` (alone, as JSON: \`${alone}\`).`, ""];
}

/** bench/RESULTS.md. */
export function markdownReport(r: BenchResults, command: string): string {
  return [
    "# gosched benchmarks",
    "",
    `Generated by \`${command}\`. Machine: ${headline(r)}.`,
    `Each timing is the median of ${r.rounds} timed rounds after warm-up, round-robin across cases; ` +
      "a ratio is the median over rounds of the case's time over the floor's in the same round.",
    ...busy(r).flatMap((w) => ["", `> ${w}`]),
    ...tables(r).flatMap(([title, t]) => ["", `## ${title}`, "", ...madeBy(title, command), markdown(t)]),
    "",
    "## How it is measured",
    "",
    ...NOTES.map((n) => `- ${n}`),
    "",
  ].join("\n");
}

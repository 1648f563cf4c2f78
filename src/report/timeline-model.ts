import type { Failure } from "./explored";
import type { TraceStep } from "../runtime/execution";
import type { BlockedGoroutine } from "../runtime/failure";
import { cycle, focusOf } from "./details";
import { shortNames } from "./names";
import { PLAIN } from "./paint";
import { selectSteps, totalSteps, type ScheduleFocus } from "./schedule";
import { whyUnordered } from "./unordered";

/** Traces up to this long are drawn whole; longer ones are trimmed around the failure. */
const DRAW_WHOLE = 300;
/** When trimming, the last steps drawn, and each involved goroutine's latest steps. */
const TRIM = { window: 120, perGoroutine: 20 };

/** One goroutine's lane. */
export interface Lane {
  readonly id: number;
  readonly name: string;
  /** What it is blocked in at the end, for a deadlock or leak. */
  readonly blocked?: BlockedGoroutine;
}

/** A row of the timeline: a step, or steps left out. */
export type Row =
  | {
      readonly kind: "step";
      readonly step: TraceStep;
      readonly lane: number;
      readonly mark?: string;
      readonly racing: boolean;
      /** A step of a goroutine the failure does not involve: drawn behind the others. */
      readonly aside: boolean;
      /** Virtual milliseconds since the execution began, when it used timers. */
      readonly time?: number;
    }
  | { readonly kind: "gap"; readonly count: number };

/** A happens-before edge between two drawn steps' rows, from one lane to another. */
export interface Edge {
  readonly fromRow: number;
  readonly fromLane: number;
  readonly toRow: number;
  readonly toLane: number;
}

/** Everything the page shows, as data (rendered by timeline-html.ts). */
export interface TimelineModel {
  readonly kind: string;
  readonly message: string;
  readonly lanes: readonly Lane[];
  readonly rows: readonly Row[];
  readonly edges: readonly Edge[];
  /** Sentences that explain the failure: the missing happens-before, the wait-for cycle. */
  readonly explanation: readonly string[];
  readonly usesTime: boolean;
  readonly steps: number;
}

/** Lay out a failure's trace as lanes, rows and edges. */
export function timelineModel(f: Failure): TimelineModel {
  const focus = focusOf(f, PLAIN.value);
  const lanes = lanesOf(f);
  const laneOf = new Map(lanes.map((l, i) => [l.id, i]));
  const rows = rowsOf(f, focus, laneOf);
  return {
    kind: f.kind,
    message: f.message,
    lanes,
    rows,
    edges: edgesOf(f.trace, rows, laneOf),
    explanation: explain(f),
    usesTime: f.trace.some((s) => s.time !== undefined),
    steps: totalSteps(f.trace),
  };
}

function lanesOf(f: Failure): Lane[] {
  const names = shortNames(f.goroutines);
  const ids = new Set([...f.goroutines.map((g) => g.id), ...f.trace.map((s) => s.goroutine)]);
  const blocked = new Map((f.detail.kind === "deadlock" || f.detail.kind === "leak" ? f.detail.goroutines : []).map((g) => [g.id, g]));
  for (const id of blocked.keys()) ids.add(id);
  return [...ids].sort((a, b) => a - b).map((id) => ({ id, name: names.get(id) ?? `g${id}`, blocked: blocked.get(id) }));
}

function rowsOf(f: Failure, focus: ScheduleFocus, laneOf: ReadonlyMap<number, number>): Row[] {
  const shown = f.trace.length <= DRAW_WHOLE ? null : trimmed(f.trace, focus);
  const racing = f.detail.kind === "race" ? new Set([f.detail.previous.step, f.detail.current.step]) : new Set<number>();
  // Faded steps only where the failure names its goroutines (an invariant is everyone's).
  const involved = new Set(f.kind === "race" || f.kind === "deadlock" || f.kind === "leak" ? focus.goroutines : []);
  const t0 = f.trace.find((s) => s.time !== undefined)?.time;
  const rows: Row[] = [];
  let previous = 0;
  for (const s of f.trace) {
    if (shown !== null && !shown.has(s.step)) continue;
    if (s.step !== previous + 1) rows.push({ kind: "gap", count: s.step - previous - 1 });
    previous = s.step;
    rows.push({
      kind: "step",
      step: s,
      lane: laneOf.get(s.goroutine) ?? 0,
      mark: focus.marks.get(s.step),
      racing: racing.has(s.step),
      aside: involved.size > 0 && !involved.has(s.goroutine),
      time: s.time === undefined || t0 === undefined ? undefined : s.time - t0,
    });
  }
  return rows;
}

/** The steps drawn from a long trace: a wide window before the failure, the marks, the involved goroutines' steps. */
function trimmed(trace: readonly TraceStep[], focus: ScheduleFocus): Set<number> {
  const shown = selectSteps(trace, focus);
  for (const s of trace.slice(-TRIM.window)) shown.add(s.step);
  for (const id of focus.goroutines) {
    const own = trace.filter((s) => s.goroutine === id);
    for (const s of own.slice(-TRIM.perGoroutine)) shown.add(s.step);
  }
  return shown;
}

/** Edges whose both ends are drawn: from the releasing step to the acquiring goroutine's lane at the step it took effect. */
function edgesOf(trace: readonly TraceStep[], rows: readonly Row[], laneOf: ReadonlyMap<number, number>): Edge[] {
  const rowOf = new Map<number, number>();
  rows.forEach((r, i) => r.kind === "step" && rowOf.set(r.step.step, i));
  const edges: Edge[] = [];
  for (const s of trace) {
    const toRow = rowOf.get(s.step);
    if (toRow === undefined) continue;
    for (const e of s.edges ?? []) {
      const fromRow = rowOf.get(e.from);
      const fromLane = laneOf.get(e.fromGoroutine);
      const toLane = laneOf.get(e.to);
      if (fromRow !== undefined && fromLane !== undefined && toLane !== undefined && fromLane !== toLane) {
        edges.push({ fromRow, fromLane, toRow, toLane });
      }
    }
  }
  return edges;
}

function explain(f: Failure): string[] {
  const d = f.detail;
  if (d.kind === "race") return whyUnordered(f.trace, d.previous, d.current, shortNames(f.goroutines));
  if (d.kind === "deadlock" || d.kind === "leak") {
    const lines = d.goroutines.map((g) => `${g.name || `g${g.id}`} waits in ${g.blockedIn}${g.holds.length === 0 ? "" : ` while holding ${g.holds.join(", ")}`}.`);
    return [...lines, ...cycle(d.goroutines)];
  }
  return [];
}

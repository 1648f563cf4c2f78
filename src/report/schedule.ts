import type { TraceStep } from "../runtime/execution";
import type { Paint } from "./paint";

/** Traces up to this long are shown whole. */
const SHOW_WHOLE = 30;
/** The last steps, always shown. */
const WINDOW = 20;
/** Earlier steps shown for each goroutine involved in the failure, latest first. */
const PER_GOROUTINE = 6;
/** Involved goroutines whose earlier steps are shown (a deadlock may block hundreds). */
const MAX_FOCUS = 6;
/** Operation texts are padded to at most this width so that locations line up. */
const OP_WIDTH = 44;

/** What the schedule should point at. */
export interface ScheduleFocus {
  /** Step number → marker text (`race (write)`). */
  readonly marks: ReadonlyMap<number, string>;
  /** Goroutines involved in the failure: their earlier steps survive trimming. */
  readonly goroutines: readonly number[];
}

/**
 * Which steps to show: all of a short execution; else the window, the marks and the
 * involved goroutines' latest steps. The trace may hold only some steps of a long
 * execution (a failure keeps what this shows), so lengths are read from step numbers.
 */
export function selectSteps(trace: readonly TraceStep[], focus: ScheduleFocus): Set<number> {
  const shown = new Set<number>();
  const total = totalSteps(trace);
  if (total <= SHOW_WHOLE) {
    for (const s of trace) shown.add(s.step);
    return shown;
  }
  const firstOfWindow = total - WINDOW + 1;
  for (const s of trace) if (s.step >= firstOfWindow) shown.add(s.step);
  for (const step of focus.marks.keys()) shown.add(step);
  for (const id of focus.goroutines.slice(0, MAX_FOCUS)) {
    let taken = 0;
    for (let i = trace.length - 1; i >= 0 && taken < PER_GOROUTINE; i--) {
      const s = trace[i]!;
      if (s.goroutine !== id || s.step >= firstOfWindow) continue;
      shown.add(s.step);
      taken++;
    }
  }
  return shown;
}

/**
 * The schedule as numbered steps, one line per step with its goroutine, operation and
 * user-code location, trimmed around the failure (`…` marks a gap), the failing steps
 * marked `◀`. Once the program uses virtual time, each row starts with the time
 * (`t=100ms`); a `select` row ends with the case it took (`→ case 1 (recv …)`).
 */
export function formatSchedule(
  trace: readonly TraceStep[],
  focus: ScheduleFocus,
  names: ReadonlyMap<number, string>,
  paint: Paint,
): string {
  if (trace.length === 0) return "Schedule: no step was taken.";
  const shown = selectSteps(trace, focus);
  // Annotated steps (a stale read under memoryModel "go") explain the failure: always shown.
  const rows = trace.filter((s) => shown.has(s.step) || s.note !== undefined);
  const numWidth = Math.max(4, String(trace[trace.length - 1]!.step).length + 1);
  const nameOf = (s: TraceStep): string => names.get(s.goroutine) ?? s.name;
  const nameWidth = Math.max(...rows.map((s) => nameOf(s).length));
  const opWidth = Math.min(OP_WIDTH, Math.max(...rows.map((s) => s.op.length)));
  const locWidth = Math.max(...rows.map((s) => (s.location ?? "").length));
  const timed = trace.some((s) => s.time !== undefined);
  const timeOf = (s: TraceStep): string => (timed ? `${timeText(s.time ?? 0)}  ` : "");
  const timeWidth = Math.max(...rows.map((s) => timeOf(s).length));
  const lines: string[] = [];
  let previous = 0;
  for (const s of rows) {
    if (s.step !== previous + 1) lines.push(`${" ".repeat(numWidth - 1)}…`);
    previous = s.step;
    const mark = focus.marks.get(s.step);
    let line = `${String(s.step).padStart(numWidth)}  ${timeOf(s).padEnd(timeWidth)}${nameOf(s).padEnd(nameWidth)}  ${s.op.padEnd(opWidth)}`;
    if (locWidth > 0) line += `  ${paint.dim((s.location ?? "").padEnd(mark === undefined ? 0 : locWidth))}`;
    if (mark !== undefined) line += `  ${paint.mark(`◀ ${mark}`)}`;
    lines.push(line.trimEnd());
    if (s.note !== undefined) lines.push(`${" ".repeat(numWidth + timeWidth + nameWidth + 4)}${paint.dim(s.note)}`);
  }
  const last = trace[trace.length - 1]!.step;
  if (last !== previous) lines.push(`${" ".repeat(numWidth - 1)}…`);
  const total = totalSteps(trace);
  const title = rows.length === total ? `Schedule (${plural(total, "step")}):` : `Schedule (${plural(total, "step")}, trimmed around the failure):`;
  return [title, ...lines].join("\n");
}

/** The execution's length: its last step (a trace always keeps the last step). */
export function totalSteps(trace: readonly TraceStep[]): number {
  return trace.length === 0 ? 0 : trace[trace.length - 1]!.step;
}

/** Virtual time on a schedule row: `t=0`, `t=100ms`, `t=1.5s`. */
function timeText(ms: number): string {
  if (ms === 0) return "t=0";
  return ms >= 1000 ? `t=${ms / 1000}s` : `t=${ms}ms`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

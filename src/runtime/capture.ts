import type { ExecutionFailure } from "./failure";
import type { Goroutine } from "./goroutine";
import { captureLocation } from "./location";
import type { Op } from "./op";
import type { SyncEdge } from "./sync-edges";

/** One step of a captured trace. */
export interface TraceStep {
  readonly step: number;
  readonly goroutine: number;
  readonly name: string;
  readonly op: string;
  readonly location: string | null;
  /** What the step did that its operation does not say (a stale read's reason). */
  note?: string;
  /** Virtual time at the step, in an execution that used timers. */
  readonly time?: number;
  /** Happens-before edges between goroutines that took effect at this step. */
  edges?: SyncEdge[];
}

/**
 * How much of a failing execution's trace is kept: what the report shows, never more.
 * The last {@link KEEP_LAST} steps; the last {@link KEEP_PER_GOROUTINE} steps of each of
 * the first {@link MAX_FOCUS} goroutines the failure involves (the race's two sides, the
 * blocked or panicking goroutine, main for an invariant); the steps the failure names
 * (a race's two accesses); and the last {@link KEEP_NOTES} annotated steps (stale reads).
 * At most 30 + 6 × 26 + 2 + 20 = 208 steps, however long the execution.
 */
export const KEEP_LAST = 30;
export const KEEP_PER_GOROUTINE = 26;
export const MAX_FOCUS = 6;
export const KEEP_NOTES = 20;

/** What a capture keeps and where it looks up user-code locations (see {@link planFor}). */
export interface CapturePlan {
  /** Steps the failure names: kept wherever they fall. */
  readonly marks: readonly number[];
  /** Goroutines whose last steps are kept. */
  readonly focus: readonly number[];
  /**
   * The announcements to locate (goroutine id → its n-th operation, 1-based), and the
   * goroutines whose `go()` call to locate. Null on the first pass, which only learns them.
   */
  readonly locate: Locate | null;
}

/** The locations a second pass captures: `new Error().stack` only where the report needs one. */
export interface Locate {
  readonly announces: ReadonlyMap<number, ReadonlySet<number>>;
  readonly created: ReadonlySet<number>;
}

/** The goroutines and steps a failure's report shows, before any location is known. */
export function planFor(f: ExecutionFailure | null): CapturePlan {
  const d = f?.detail;
  const marks: number[] = [];
  let focus: number[] = [];
  if (d?.kind === "race") {
    marks.push(d.previous.step, d.current.step);
    focus = [d.current.goroutine.id, d.previous.goroutine.id];
  } else if (d?.kind === "deadlock" || d?.kind === "leak") focus = d.goroutines.map((g) => g.id);
  else if (d?.kind === "panic") focus = [d.goroutine.id];
  else if (d?.kind === "misuse" && d.goroutine !== null) focus = [d.goroutine.id];
  else if (d?.kind === "invariant") focus = [1];
  return { marks, focus: focus.slice(0, MAX_FOCUS), locate: null };
}

/** A kept step and the operation (the goroutine's n-th announcement) it performed. */
interface Kept {
  readonly t: TraceStep;
  readonly g: number;
  readonly nth: number;
}

/** The last `size` items pushed. */
class Ring {
  private readonly items: Kept[] = [];
  private next = 0;
  constructor(private readonly size: number) {}
  push(k: Kept): void {
    if (this.items.length < this.size) this.items.push(k);
    else this.items[this.next] = k;
    this.next = (this.next + 1) % this.size;
  }
  get all(): readonly Kept[] {
    return this.items;
  }
}

/**
 * The trace of a capture run, bounded as {@link KEEP_LAST} says. A failure is explained
 * in two replays of its schedule: the first keeps the steps without locations and so
 * learns which operations (goroutine, n-th announcement) the kept steps performed; the
 * second captures a stack only when one of those is announced. A stack is what made
 * capture costly (tens of microseconds each), so a million-step execution is reported in
 * about three times its own cost instead of a stack per step.
 */
export class TraceRecorder {
  private readonly last = new Ring(KEEP_LAST);
  private readonly perGoroutine = new Map<number, Ring>();
  private readonly marked: Kept[] = [];
  private readonly notes = new Ring(KEEP_NOTES);
  private readonly marks: ReadonlySet<number>;
  /** Announcements so far, by goroutine id. */
  private readonly announced: number[] = [];
  private current: Kept | null = null;
  /** The last step of each goroutine, by id (for happens-before edges). */
  private readonly lastStep: number[] = [];

  constructor(readonly plan: CapturePlan) {
    this.marks = new Set(plan.marks);
    for (const id of plan.focus) this.perGoroutine.set(id, new Ring(KEEP_PER_GOROUTINE));
  }

  /** Where `go()` created `g`, when the report needs it (main and timer goroutines have no such call). */
  created(g: Goroutine): string | null {
    return g.parent !== null && this.plan.locate?.created.has(g.id) === true ? captureLocation() : null;
  }

  /** `g` announced an operation: its location, when the report needs it. */
  announce(g: Goroutine): string | null {
    const nth = (this.announced[g.id] ?? 0) + 1;
    this.announced[g.id] = nth;
    return this.plan.locate?.announces.get(g.id)?.has(nth) === true ? captureLocation() : null;
  }

  /** `g` performs `op` as step `step`, at virtual time `time` when the program uses timers. */
  fired(g: Goroutine, op: Op, step: number, time?: number): { op: string } {
    const t: TraceStep = { step, goroutine: g.id, name: g.name, op: op.describe(), location: g.pendingAt };
    if (time !== undefined) (t as { time?: number }).time = time;
    this.lastStep[g.id] = step;
    const k: Kept = { t, g: g.id, nth: this.announced[g.id] ?? 0 };
    this.current = k;
    this.last.push(k);
    this.perGoroutine.get(g.id)?.push(k);
    if (this.marks.has(step)) this.marked.push(k);
    return t as { op: string };
  }

  /** The last step `id` performed so far (0: none yet). */
  lastStepOf(id: number): number {
    return this.lastStep[id] ?? 0;
  }

  /** A happens-before edge took effect at the step being fired. */
  edge(e: SyncEdge): void {
    const k = this.current;
    if (k !== null) (k.t.edges ??= []).push(e);
  }

  /** Annotate the step being fired. */
  note(text: string): void {
    const k = this.current;
    if (k === null) return;
    if (k.t.note === undefined) this.notes.push(k);
    k.t.note = text;
  }

  /** The kept steps, in order. */
  steps(): TraceStep[] {
    return this.kept().map((k) => k.t);
  }

  /**
   * What a second pass must locate to give these steps their locations: their
   * operations, the current operation of each goroutine in `blocked` (a deadlock's rows),
   * and where the goroutines in `created` were started (a race's two sides).
   */
  locate(blocked: readonly number[], created: readonly number[]): Locate {
    const announces = new Map<number, Set<number>>();
    const want = (g: number, nth: number): void => {
      let s = announces.get(g);
      if (s === undefined) announces.set(g, (s = new Set()));
      s.add(nth);
    };
    for (const k of this.kept()) want(k.g, k.nth);
    for (const g of blocked) want(g, this.announced[g] ?? 0);
    return { announces, created: new Set(created) };
  }

  private kept(): Kept[] {
    const byStep = new Map<number, Kept>();
    const add = (ks: readonly Kept[]): void => ks.forEach((k) => byStep.set(k.t.step, k));
    add(this.last.all);
    for (const r of this.perGoroutine.values()) add(r.all);
    add(this.marked);
    add(this.notes.all);
    return [...byStep.values()].sort((a, b) => a.t.step - b.t.step);
  }
}

import type { ExecutionResult } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import type { Op } from "../runtime/op";
import type { SyncObject } from "../runtime/sync-object";
import { traitsOf, Touch, type ExecutionView } from "../runtime/view";
import { changesNothing, SPIN_REPEATS } from "../runtime/spin";
import type { Strategy } from "./strategy";

/**
 * Fair scheduling for busy-waiting, after the good-samaritan rule of CHESS (Musuvathi
 * and Qadeer, "Fair stateless model checking", PLDI 2008) and Coyote's fair schedulers:
 * a goroutine spinning (re-reading what nobody changed, yielding, polling a select with
 * default, failing a tryLock or compareAndSwap) must not keep the others from running.
 *
 * Departure: instead of demoting every goroutine that yields, a goroutine is held back
 * only once it is seen spinning: its last steps since it last made progress all changed
 * nothing, and one of them came back {@link SPIN_REPEATS} more times while nothing it
 * reads was written. It may run again as soon as another goroutine makes progress on
 * something it reads (any progress at all when it only yields). When every goroutine
 * that can run is held back, they take turns, least recently run first (no choice), and
 * the runtime moves virtual time or reports a livelock (see spin.ts).
 * Schedules in which such a goroutine spins longer are stutterings of ones explored, so
 * exhaustive strategies stay complete for spin loops and become finite. A goroutine
 * that reads the same unchanged object four times in a row and then does something else
 * (not a loop) waits for the others at that point: that schedule is not explored.
 */
export class FairStrategy implements Strategy {
  private spins = new Map<Goroutine, Spin>();
  private waiting = new Waiting();
  private held = 0;
  /** Spinners visited when a step made progress, for tests: it grows with the spinners a step may release, not with the goroutines. */
  examined = 0;
  /** Counts the steps tracked, to order goroutines by when they last ran. */
  private clock = 0;

  /** `patience`: the repeats beyond the first that make a spinner ({@link SPIN_REPEATS} unless the strategy needs more). */
  constructor(
    readonly inner: Strategy,
    private readonly patience = SPIN_REPEATS,
  ) {}

  get name(): string {
    return this.inner.name;
  }
  get complete(): boolean {
    return this.inner.complete;
  }
  get bound(): string | null {
    return this.inner.bound;
  }

  begin(index: number): boolean {
    this.spins = new Map();
    this.waiting = new Waiting();
    this.held = 0;
    this.clock = 0;
    return this.inner.begin(index);
  }

  pick(enabled: readonly Goroutine[], step: number, view: ExecutionView): number {
    if (this.held === 0) return this.inner.pick(enabled, step, view);
    const free = enabled.filter((g) => this.spins.get(g)?.held !== true);
    if (free.length === 0) return this.longestWaiting(enabled);
    if (free.length === enabled.length) return this.inner.pick(enabled, step, view);
    if (free.length === 1) return enabled.indexOf(free[0]!);
    const i = this.inner.pick(free, step, view);
    return i >= 0 && i < free.length ? enabled.indexOf(free[i]!) : i;
  }

  choose(n: number, kind: "select" | "timer" | "read", step: number): number {
    return this.inner.choose(n, kind, step);
  }

  fired(g: Goroutine, op: Op, step: number, view: ExecutionView): void {
    this.track(g, op);
    this.inner.fired?.(g, op, step, view);
  }

  end(result: ExecutionResult): void {
    this.inner.end(result);
  }

  /**
   * Every goroutine that can run is held back: they take turns, the one that ran least
   * recently first, so that each is seen spinning again and the runtime may move time
   * or call a livelock (spin.ts). Their interleavings change nothing: no choice is made.
   */
  private longestWaiting(enabled: readonly Goroutine[]): number {
    let best = 0;
    for (let i = 1; i < enabled.length; i++) {
      if (this.spins.get(enabled[i]!)!.last < this.spins.get(enabled[best]!)!.last) best = i;
    }
    return best;
  }

  private track(g: Goroutine, op: Op): void {
    let s = this.spins.get(g);
    if (s === undefined) this.spins.set(g, (s = new Spin(this.waiting)));
    s.last = ++this.clock;
    const objects = op.targets ?? (op.target === null ? [] : [op.target]);
    const idle = changesNothing(op, g, op.flags);
    if (idle) {
      if (s.repeat(op.code, objects) > this.patience && !s.held) {
        s.held = true;
        this.held++;
      }
      return;
    }
    this.release(s);
    for (const t of this.waiting.touchedBy(objects, traitsOf(op).touch !== Touch.None)) {
      this.examined++;
      if (t !== s) this.release(t);
    }
  }

  private release(s: Spin): void {
    if (s.held) this.held--;
    s.clear();
  }
}

/**
 * The goroutines that have spun since they last made progress, indexed by what may
 * release them, so that a step that makes progress visits only those (a step costs the
 * same however many goroutines are blocked or idle).
 */
class Waiting {
  /** Every goroutine that has spun. */
  readonly all = new Set<Spin>();
  /** Those that only yielded (they read nothing): any progress releases them. */
  readonly blind = new Set<Spin>();
  /** Those that read each object. */
  readonly readers = new Map<SyncObject, Set<Spin>>();

  /**
   * Who progress on `objects` may release: every spinner when the step names no object
   * but does something (its effects reach what it does not name); else the blind
   * spinners and those that read one of the objects.
   */
  touchedBy(objects: readonly SyncObject[], acts: boolean): Spin[] {
    if (objects.length === 0) return acts ? [...this.all] : [...this.blind];
    const out = [...this.blind];
    for (const o of objects) {
      const rs = this.readers.get(o);
      if (rs !== undefined) for (const r of rs) if (!out.includes(r)) out.push(r);
    }
    return out;
  }
}

/** What one goroutine did since it last made progress. */
class Spin {
  held = false;
  /** When the goroutine last ran (the wrapper's step count). */
  last = 0;
  private readonly seen = new Map<string, number>();
  private readonly reads = new Set<SyncObject>();

  constructor(private readonly waiting: Waiting) {}

  /** Record an operation that changed nothing; how many times it came since the goroutine last made progress. */
  repeat(code: number, objects: readonly SyncObject[]): number {
    let key = String(code);
    for (const o of objects) {
      key += `:${o.id}`;
      this.read(o);
    }
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    this.waiting.all.add(this);
    if (this.reads.size === 0) this.waiting.blind.add(this);
    return n;
  }

  clear(): void {
    this.held = false;
    this.seen.clear();
    for (const o of this.reads) this.waiting.readers.get(o)!.delete(this);
    this.reads.clear();
    this.waiting.all.delete(this);
    this.waiting.blind.delete(this);
  }

  private read(o: SyncObject): void {
    if (this.reads.has(o)) return;
    this.reads.add(o);
    this.waiting.blind.delete(this);
    let rs = this.waiting.readers.get(o);
    if (rs === undefined) this.waiting.readers.set(o, (rs = new Set()));
    rs.add(this);
  }
}

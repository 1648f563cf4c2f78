import type { ExecutionResult } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { OpCode, type Op } from "../runtime/op";
import type { SyncObject } from "../runtime/sync-object";
import type { ExecutionView } from "../runtime/view";
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
  private held = 0;
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
    if (s === undefined) this.spins.set(g, (s = new Spin()));
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
    for (const [h, t] of this.spins) {
      if (h !== g && t.touched(objects, op)) this.release(t);
    }
  }

  private release(s: Spin): void {
    if (s.held) this.held--;
    s.clear();
  }
}

/** What one goroutine did since it last made progress. */
class Spin {
  held = false;
  /** When the goroutine last ran (the wrapper's step count). */
  last = 0;
  private readonly seen = new Map<string, number>();
  private readonly reads = new Set<SyncObject>();

  /** Record an operation that changed nothing; how many times it came since the goroutine last made progress. */
  repeat(code: number, objects: readonly SyncObject[]): number {
    let key = String(code);
    for (const o of objects) {
      key += `:${o.id}`;
      this.reads.add(o);
    }
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    return n;
  }

  /** True when another goroutine's progress (`op` on `objects`) may change what this one waits for. */
  touched(objects: readonly SyncObject[], op: Op): boolean {
    if (this.seen.size === 0) return false;
    if (this.reads.size === 0 || (objects.length === 0 && op.code !== OpCode.Start && op.code !== OpCode.Woken)) {
      return true;
    }
    return objects.some((o) => this.reads.has(o));
  }

  clear(): void {
    this.held = false;
    this.seen.clear();
    this.reads.clear();
  }
}

import type { Goroutine } from "./goroutine";
import { ALWAYS_READY, CODE_BITS, OpCode, type Op } from "./op";
import type { SyncObject } from "./sync-object";

/**
 * Above `limit` live goroutines the step loop keeps a {@link RunnableIndex}; below half of
 * it, it scans them all again (cheaper for a few). Mutable for tests, which compare both.
 */
export const SCAN = { limit: 32 };

/**
 * The enabled goroutines of an execution with many live goroutines, kept up to date
 * instead of found by asking every pending operation on every step.
 *
 * The idea is the run queue of Go's scheduler and of loom and shuttle: a goroutine is
 * looked at again only when something it waits for may have changed. A pending
 * operation is re-checked (its `ready` called) when it is announced, when it parks, and
 * when one of the objects it waits on is touched: an operation announced or performed
 * on the object, or a state change the object reports itself (`Execution.touch`); every
 * pending operation is re-checked after virtual time advances. The enabled set is a
 * Fenwick tree over goroutine ids, so the strategy's k-th enabled goroutine (in id
 * order, as the scan gives them) is found in O(log n), and the chosen schedule is the
 * one the scan would give: tokens replay in either mode.
 *
 * Departures. Only operations whose readiness depends on their own objects alone are
 * tracked (channel operations, select, locks, WaitGroup.wait, Once, Cond.wait, sleep);
 * any other conditional operation is asked on every step, as before. An object may say
 * through `readinessKey` that its waiters cannot have changed (a buffered channel that
 * stayed neither empty nor full), else all its waiters are re-checked when it is
 * touched: goroutines that all wait on one unbuffered channel or one mutex cost O(their
 * number) per change of that object.
 */
export class RunnableIndex {
  /** Fenwick tree over goroutine ids (1-based) of the enabled flags. */
  private tree = new Int32Array(64);
  private on = new Uint8Array(64);
  count = 0;
  /** Per goroutine id: how many operations it announced (a watch is valid for one). */
  private serial = new Int32Array(64);
  private mark = new Uint8Array(64);
  private readonly dirty: Goroutine[] = [];
  /** Goroutines with a conditional operation that is not tracked, and its serial. */
  private polled: Watch[] = [];
  /** Per object id: the goroutines that wait on it. */
  private readonly watchers: (Watch[] | undefined)[] = [];
  private readonly keys: number[] = [];
  /** Per object id: the length at which its watchers are next compacted. */
  private readonly limits: number[] = [];
  private readonly touched: SyncObject[] = [];
  private readonly touchedMark: boolean[] = [];

  constructor(private readonly goroutines: readonly Goroutine[]) {}

  /** An index for an execution already running: every pending operation is watched and checked. */
  static build(goroutines: readonly Goroutine[]): RunnableIndex {
    const ix = new RunnableIndex(goroutines);
    for (const g of goroutines) if (!g.done && g.op !== null) ix.announced(g, g.op, g.flags);
    return ix;
  }

  /** Operations visited by {@link settle} so far: scale tests count them instead of timing. */
  visits = 0;

  announced(g: Goroutine, op: Op, flags: number): void {
    this.fit(g.id);
    const s = ++this.serial[g.id]!;
    this.markDirty(g);
    if ((flags & ALWAYS_READY) !== 0) return;
    if (!TRACKED[flags & CODE_BITS]) {
      this.polled.push({ g, s });
      return;
    }
    forEachObject(op, (o) => {
      let w = this.watchers[o.id];
      if (w === undefined) this.watchers[o.id] = w = [];
      w.push({ g, s });
      this.touch(o);
    });
  }

  /** `g` is about to perform `op`: it stops being enabled, and `op`'s objects will change. */
  fired(g: Goroutine, op: Op): void {
    this.set(g.id, false);
    this.markDirty(g); // it may park on the same operation
    forEachObject(op, (o) => this.touch(o));
  }

  spawned(g: Goroutine): void {
    this.announced(g, g.op!, g.flags);
  }

  retired(g: Goroutine): void {
    this.fit(g.id);
    this.set(g.id, false);
  }

  /** Anything may have changed (virtual time moved): re-check every pending goroutine. */
  all(): void {
    for (const g of this.goroutines) if (!g.done && g.op !== null) this.markDirty(g);
  }

  touch(o: SyncObject): void {
    if (this.touchedMark[o.id] === true) return;
    this.touchedMark[o.id] = true;
    this.touched.push(o);
  }

  /** Bring the enabled set up to date; how many goroutines are enabled. */
  settle(): number {
    for (const o of this.touched) this.wakeWatchers(o);
    this.touched.length = 0;
    if (this.polled.length > 0) this.polled = this.polled.filter((w) => this.valid(w) && (this.markDirty(w.g), true));
    const dirty = this.dirty;
    for (let i = 0; i < dirty.length; i++) {
      const g = dirty[i]!;
      this.mark[g.id] = 0;
      this.visits++;
      const op = g.op;
      this.set(g.id, op !== null && !g.done && ((g.flags & ALWAYS_READY) !== 0 || op.ready(g)));
    }
    dirty.length = 0;
    return this.count;
  }

  /** The `i`-th enabled goroutine in id order (0-based). */
  at(i: number): Goroutine {
    const t = this.tree;
    let pos = 0;
    let rest = i + 1;
    for (let step = highBit(t.length - 1); step > 0; step >>= 1) {
      const next = pos + step;
      if (next < t.length && t[next]! < rest) {
        pos = next;
        rest -= t[next]!;
      }
    }
    return this.goroutines[pos]!; // id pos + 1
  }

  private wakeWatchers(o: SyncObject): void {
    this.touchedMark[o.id] = false;
    const w = this.watchers[o.id];
    if (w === undefined || w.length === 0) return;
    const key = o.readinessKey?.() ?? -1;
    if (key !== -1 && this.keys[o.id] === key) return this.compact(o.id, w);
    this.keys[o.id] = key;
    let n = 0;
    for (const x of w) {
      if (!this.valid(x)) continue;
      this.markDirty(x.g);
      w[n++] = x;
    }
    w.length = n;
  }

  /** Drop finished watches each time the list doubles, so it stays within twice the live ones. */
  private compact(id: number, w: Watch[]): void {
    if (w.length < (this.limits[id] ?? 64)) return;
    let n = 0;
    for (const x of w) if (this.valid(x)) w[n++] = x;
    w.length = n;
    this.limits[id] = Math.max(64, 2 * n);
  }

  private valid(w: Watch): boolean {
    return w.g.op !== null && !w.g.done && this.serial[w.g.id] === w.s;
  }

  private markDirty(g: Goroutine): void {
    if (this.mark[g.id] === 1) return;
    this.mark[g.id] = 1;
    this.dirty.push(g);
  }

  private set(id: number, enabled: boolean): void {
    if ((this.on[id] === 1) === enabled) return;
    this.on[id] = enabled ? 1 : 0;
    const d = enabled ? 1 : -1;
    this.count += d;
    const t = this.tree;
    for (let i = id; i < t.length; i += i & -i) t[i]! += d;
  }

  /** Grow the per-id arrays to hold `id`, rebuilding the tree. */
  private fit(id: number): void {
    if (id < this.on.length) return;
    let size = this.on.length;
    while (size <= id) size *= 2;
    this.on = grow(this.on, size);
    this.mark = grow(this.mark, size);
    this.serial = grow(this.serial, size);
    const t = new Int32Array(size);
    for (let i = 1; i < size; i++) {
      t[i]! += this.on[i]!;
      const parent = i + (i & -i);
      if (parent < size) t[parent]! += t[i]!;
    }
    this.tree = t;
  }
}

/** One goroutine waiting on an object, for its `s`-th announced operation. */
interface Watch {
  readonly g: Goroutine;
  readonly s: number;
}

/** Operation codes whose readiness depends only on the objects they name (see the class comment). */
const TRACKED: boolean[] = [];
for (const c of [OpCode.Send, OpCode.Recv, OpCode.Select, OpCode.Lock, OpCode.RLock, OpCode.WgWait, OpCode.OnceEnter,
  OpCode.CondWait, OpCode.Sleep]) TRACKED[c] = true;

function forEachObject(op: Op, f: (o: SyncObject) => void): void {
  const ts = op.targets;
  if (ts !== undefined) for (const o of ts) f(o);
  else if (op.target !== null) f(op.target);
}

function highBit(n: number): number {
  let b = 1;
  while (b * 2 <= n) b *= 2;
  return b;
}

function grow<T extends Int32Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

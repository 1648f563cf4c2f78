/**
 * Live mode: gosched objects made outside any execution run for real on Node's event loop.
 *
 * Design. Every object's state (a `ChanState`, a `MutexState`…) holds the executor it
 * belongs to, and every operation goes through that executor's `perform(op, flags)`. An
 * object made inside a program gets the running `Execution` (the scheduler decides when
 * each operation fires); one made anywhere else gets the one {@link LiveExecutor} of the
 * process. The live executor reuses each operation's own rules, `announce`, `ready` and
 * `fire`, so the semantics of a primitive are written once, for both modes:
 * - an operation that is ready fires at once and its promise resolves;
 * - one that is not ready is parked in a waiter set of every object it touches; when an
 *   operation fires, the waiters of the objects it touched are checked again (in the
 *   order they parked) and every one that has become ready fires and resolves. A partner
 *   that completed a waiter's operation (a rendezvous, `wg.done()`) has left it a `Woken`
 *   operation, which is always ready. No scheduler, no step loop, no polling.
 * - a select among several ready cases picks one uniformly at random, as Go's does.
 * - a recoverable Go panic rejects the operation's promise (the caller may catch it, as
 *   `recover` would); a fatal error is thrown as an uncaught exception, as Go's runtime
 *   kills the program.
 * - the hot path is a channel send or receive that finds its partner waiting: it fires on
 *   a scratch record and resumes the partner directly ({@link LiveExecutor.chanNow}), so a
 *   message allocates only its operation and the waiting side's promise.
 * Departures from the model: there is no "current goroutine" (an operation gets its own
 * goroutine record, see {@link LiveExecutor.perform}), no happens-before clocks and no
 * race detection.
 */
import { activeExecution } from "../runtime/active";
import type { ChoiceKind } from "../runtime/chooser";
import type { Goroutine } from "../runtime/goroutine";
import { Execution } from "../runtime/execution";
import { ALWAYS_READY, ANNOUNCES, PARK, type Op, type Woken } from "../runtime/op";
import type { ChanIoOp } from "../sync/chan-state";
import type { SyncObject } from "../runtime/sync-object";
import { installTimerQueue, type TimerQueue } from "../sync/timer-queue";
import { liveSpawn, runningGoroutine, siteNow } from "./goroutines";
import { failed, mixed } from "./failures";
import { LiveTimerQueue } from "./timers";
import { reportAtExit } from "./dump";
import { checkAwaited, noteParked } from "./unawaited";
import { isChanIo, joinList, leaveList, listOf, LiveWaiter, reachesOthers, waitersOf } from "./waiter";

const NO_CHECKS: ReadonlySet<never> = new Set();
const never = (): never => {
  throw new Error("the live executor makes no scheduling decisions");
};

export class LiveExecutor extends Execution {
  readonly isLive = true;
  private ids = 0;
  /**
   * The objects that have had parked waiters since the last sweep (each keeps its own list
   * in `liveWaiters`); swept of empty ones when it doubles, so it stays small.
   */
  private readonly busy = new Set<SyncObject>();
  private sweepAt = 64;
  private readonly dirty: SyncObject[] = [];
  private pumping = false;
  /** Scratch record for operations that do not park (an unlock, an atomic store). */
  private readonly scratch = new LiveWaiter();
  /** Records of finished operations, reused: a step allocates little. */
  private readonly pool: LiveWaiter[] = [];
  /** Parks so far: each park's number tells a dump which waiters are new. */
  private parks = 0;
  private readonly timers = new LiveTimerQueue(() => this.touchAll(), (obj) => waitersOf(obj as SyncObject) > 0);
  /** The waiter whose promise is being made (see {@link bindWaiter}). */
  private binding: LiveWaiter | null = null;

  constructor() {
    super({ chooser: { pick: never, choose: never }, maxSteps: Infinity, checks: NO_CHECKS, capture: false, memoryModel: "sc" });
    this.current = this.scratch;
    installTimerQueue(this, this.timers as unknown as TimerQueue);
    reportAtExit(this);
  }

  override register(_obj: SyncObject): number {
    return ++this.ids;
  }

  override choose(n: number, _kind: ChoiceKind): number {
    return n <= 1 ? 0 : Math.floor(Math.random() * n);
  }

  override spawn(fn: () => unknown, name: string): Goroutine {
    return liveSpawn(fn, name);
  }

  /** Perform `op` now if it is ready; otherwise park it until a change makes it ready. */
  override perform<T>(op: Op, flags: number): Promise<T> {
    const active = activeExecution();
    if (active !== null && !active.finished) return mixed(op, active);
    const owner = runningGoroutine();
    if (owner !== null && owner.pending !== null) checkAwaited(owner, op);
    if ((flags & ANNOUNCES) !== 0) {
      // A channel send or receive that can complete at once needs no record: it never
      // waits, so no queue needs to hold it (its readiness never depends on its own node).
      if (isChanIo(flags) && op.ready(this.scratch)) return this.chanNow<T>(op as ChanIoOp);
      const g = this.take();
      op.announce!(g);
      return op.ready(g) ? this.fireNow<T>(g, op) : this.park<T>(g, op);
    }
    if ((flags & ALWAYS_READY) !== 0 || op.ready(this.scratch)) return this.fireNow<T>(this.scratch, op);
    return this.park<T>(this.take(), op);
  }

  /**
   * A channel send or receive that is ready. A rendezvous on an unbuffered channel changes
   * the readiness of no other waiter (no buffer moves, the queues only lose the pair), so
   * the partner it completed is resumed directly, with no sweep of the waiters.
   */
  private chanNow<T>(op: ChanIoOp): Promise<T> {
    const ch = op.target;
    if (ch.cap !== 0 || ch.closed) return this.fireNow<T>(this.scratch, op);
    const value = op.fire(this.scratch);
    const w = ch.woke as LiveWaiter;
    ch.woke = null;
    const delivered = (w.op as Woken).value;
    const resolve = w.resume;
    this.unpark(w);
    resolve(delivered);
    return (value === undefined ? DONE : Promise.resolve(value)) as Promise<T>;
  }

  private take(): LiveWaiter {
    return this.pool.pop() ?? new LiveWaiter();
  }

  /** Give back a record whose operation is over (no queue holds it any more). */
  private release(g: LiveWaiter): void {
    if (g === this.scratch) return;
    g.op = null;
    g.flags = 0;
    g.owner = null;
    g.site = null;
    g.resume = g.throwIn = noop;
    if (this.pool.length < 256) this.pool.push(g);
  }

  private fireNow<T>(g: LiveWaiter, op: Op): Promise<T> {
    let value: unknown;
    try {
      value = op.fire(g, this);
    } catch (error) {
      this.release(g);
      return failed(error, op);
    }
    this.touched(op);
    if (value === PARK) return this.park<T>(g === this.scratch ? this.take() : g, op);
    this.release(g);
    return (value === undefined ? DONE : Promise.resolve(value)) as Promise<T>;
  }

  private park<T>(w: LiveWaiter, op: Op): Promise<T> {
    w.op = op;
    w.flags = 0;
    const keys = op.targets;
    w.key = keys === undefined ? op.target : null;
    w.keys = keys ?? null;
    w.owner = runningGoroutine();
    w.site = siteNow();
    w.parks = ++this.parks;
    if (w.owner !== null) noteParked(w.owner, w);
    if (w.key !== null) this.join(w.key, w);
    else if (keys !== undefined) for (const k of keys) this.join(k, w);
    this.binding = w;
    return new Promise<T>(this.bindWaiter);
  }

  /** One promise executor for every park (no closure per operation): `binding` is the waiter. */
  private readonly bindWaiter = (resolve: (v: never) => void, reject: (e: unknown) => void): void => {
    const w = this.binding!;
    w.resume = resolve as (v: unknown) => void;
    w.throwIn = reject;
  };

  private join(k: SyncObject, w: LiveWaiter): void {
    if (!joinList(k, w)) return;
    if (!k.liveListed) this.list(k);
    this.timers.waiting(k, true);
  }

  private list(k: SyncObject): void {
    k.liveListed = true;
    this.busy.add(k);
    if (this.busy.size < this.sweepAt) return;
    for (const o of this.busy) if (waitersOf(o) === 0) this.unlist(o);
    this.sweepAt = Math.max(64, 2 * this.busy.size);
  }

  private unlist(k: SyncObject): void {
    k.liveListed = false;
    this.busy.delete(k);
  }

  private leave(k: SyncObject, w: LiveWaiter): void {
    if (leaveList(k, w)) this.timers.waiting(k, false);
  }

  /** Check again the waiters of every object `op` touched (and of those {@link touch} named meanwhile). */
  private touched(op: Op): void {
    const keys = op.targets;
    if (keys === undefined && !reachesOthers(op.code)) {
      const k = op.target;
      if (k === null || waitersOf(k) === 0) return;
      this.dirty.push(k);
    } else if (keys !== undefined) {
      for (const k of keys) if (waitersOf(k) > 0) this.dirty.push(k);
    } else {
      for (const k of this.busy) this.dirty.push(k);
    }
    if (!this.pumping) this.pump();
  }

  /**
   * `obj` changed outside an operation on it (a context's cancel closing its channel, a
   * timer's stop draining one): its waiters are checked once the current operation is done.
   */
  override touch(obj: SyncObject): void {
    if (waitersOf(obj) > 0) this.dirty.push(obj);
  }

  /** Something outside any operation changed objects (a timer fired): check every waiter. */
  touchAll(): void {
    for (const k of this.busy) this.dirty.push(k);
    if (!this.pumping) this.pump();
  }

  private pump(): void {
    this.pumping = true;
    try {
      for (let k = this.dirty.pop(); k !== undefined; k = this.dirty.pop()) {
        const list = listOf(k);
        if (list === null) continue;
        for (let i = 0; i < list.length; ) {
          const w = list[i]!;
          this.retry(w);
          if (list[i] === w) i++;
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Fire a parked operation if it has become ready (or a partner completed it). */
  private retry(w: LiveWaiter): void {
    const op = w.op!;
    if ((w.flags & ALWAYS_READY) === 0 && !op.ready(w)) return;
    w.op = null;
    let value: unknown;
    try {
      value = op.fire(w, this);
    } catch (error) {
      const reject = w.throwIn;
      this.unpark(w);
      failed(error, op).catch(reject);
      return;
    }
    if (value === PARK) {
      w.op = op;
      return;
    }
    const resolve = w.resume;
    this.unpark(w);
    this.touched(op);
    resolve(value);
  }

  private unpark(w: LiveWaiter): void {
    if (w.key !== null) this.leave(w.key, w);
    else if (w.keys !== null) for (const k of w.keys) this.leave(k, w);
    this.release(w);
  }

  /** Every parked waiter, for the goroutine dump. */
  parked(): LiveWaiter[] {
    const all = new Set<LiveWaiter>();
    for (const k of this.busy) for (const w of listOf(k) ?? []) all.add(w);
    return [...all];
  }
}

function noop(): void {}

/** What an operation that completed at once with no value returns: one promise for all. */
const DONE: Promise<undefined> = Promise.resolve(undefined);

let instance: LiveExecutor | null = null;

/** The process's live executor, made on first use. */
export function liveExecutor(): LiveExecutor {
  return (instance ??= new LiveExecutor());
}

/** True for the live executor (an object made outside any execution). */
export function isLive(exec: Execution): exec is LiveExecutor {
  return exec instanceof LiveExecutor;
}

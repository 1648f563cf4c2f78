import type { Goroutine } from "./goroutine";
import type { Execution } from "./execution";
import type { SyncObject } from "./sync-object";
import { NO_TRAITS, type ChannelUse, type OpTraits } from "./view";

/**
 * One scheduling point: an operation a goroutine has announced and waits to perform.
 *
 * The scheduler calls `ready` on every pending operation to learn which goroutines are
 * enabled, then `fire` on the one the strategy picks. `fire` performs the whole effect
 * atomically (including completing a partner, e.g. the receiver of a rendezvous) and
 * returns the value the goroutine's `await` resolves to, or {@link PARK} to keep the
 * goroutine waiting on the same operation (a `Cond.wait` that has released its lock).
 * A recoverable Go panic is thrown from `fire` as a `GoPanic`; Go's fatal errors as a
 * `FatalError`.
 */
export interface Op {
  /** Small integer naming the kind of operation; it feeds the schedule hash. */
  readonly code: number;
  /** The object operated on, or null (go, yield). */
  readonly target: SyncObject | null;
  ready(g: Goroutine): boolean;
  fire(g: Goroutine, exec: Execution): unknown;
  /**
   * `code`, plus {@link ALWAYS_READY} and {@link ANNOUNCES}: what the scheduler needs
   * on every step, handed to `perform` by the caller (see {@link opFlags}).
   */
  readonly flags: number;
  /** Called when the goroutine announces the operation (enqueue as a waiter). */
  announce?(g: Goroutine): void;
  /** A short description for traces and reports: `send on chan "jobs"`. */
  describe(): string;
  /** Go's wait reason for a goroutine blocked here: `chan receive`, `sync.Mutex.Lock`. */
  waitReason(): string;
  /** Every object the operation touches, when more than `target` (a select's channels, a Cond's lock). */
  readonly targets?: readonly SyncObject[];
  /** True when firing now would change nothing (a select taking its default, a failing tryLock): fairness spots busy-waiting with it. */
  idle?(g: Goroutine): boolean;
  /**
   * True when firing now would leave every value as it is, though the operation still
   * counts as a write (a swap that writes back the value it replaces): not a read for
   * partial-order reduction, but spinning for fairness and virtual time (spin.ts).
   */
  unchanged?(g: Goroutine): boolean;
  /**
   * What the operation does, as the strategies see it (view.ts): how it touches its
   * objects, whether it may wait, its part in the rules that order blocking operations.
   * Absent: it may touch anything (every step conflicts with it).
   */
  readonly traits?: OpTraits;
  /** A channel operation: the channels it uses and how (view.ts); the strategies' one way to learn it. */
  channel?(): ChannelUse;
}

/** Flag: `ready` is always true (a start, a yield, an unlock), so the scheduler skips the call. */
export const ALWAYS_READY = 1 << 8;
/** Flag: the operation has an `announce`. */
export const ANNOUNCES = 1 << 9;
/** Flag: the operation has `idle` or `unchanged`, so whether it changes anything depends on the state. */
export const MAY_IDLE = 1 << 10;
/** The bits of the flags that hold the operation code. */
export const CODE_BITS = 0xff;

/**
 * An operation's flags. Why flags at all: a program with many kinds of operation makes
 * every property read on an operation inside the scheduler a megamorphic lookup (one
 * call site, a dozen classes), and those reads cost a tenth of a step. So the caller,
 * whose operation class is always the same, reads `op.flags` and passes it to
 * `perform`, and the scheduler keeps it on the goroutine.
 */
export function opFlags(code: number, alwaysReady: boolean, announces: boolean, mayIdle = false): number {
  return code | (alwaysReady ? ALWAYS_READY : 0) | (announces ? ANNOUNCES : 0) | (mayIdle ? MAY_IDLE : 0);
}

/** Returned by `fire` to leave the goroutine parked on the same operation. */
export const PARK: unique symbol = Symbol("gosched.park");

/** Operation codes (stable: they feed the replay hash). */
export const enum OpCode {
  Start = 1,
  Yield,
  Send,
  Recv,
  Close,
  Select,
  Lock,
  Unlock,
  TryLock,
  RLock,
  RUnlock,
  TryRLock,
  WgAdd,
  WgWait,
  OnceEnter,
  OnceExit,
  CondWait,
  CondSignal,
  CondBroadcast,
  AtomicLoad,
  AtomicStore,
  AtomicRmw,
  Read,
  Write,
  MapRead,
  MapWrite,
  Sleep,
  TimerOp,
  Woken,
  CtxCancel,
}

/**
 * What a goroutine is left holding when a partner has completed its operation (the
 * receiver of a rendezvous, a waiter released by `wg.done()`): always ready, and firing
 * it only hands over the result. It keeps the original operation for reports. Each
 * goroutine reuses one (see {@link wake}), so a rendezvous allocates nothing.
 */
export class Woken implements Op {
  readonly code = OpCode.Woken;
  readonly flags = WOKEN_FLAGS;
  readonly traits = NO_TRAITS;
  constructor(
    public original: Op,
    public value: unknown,
  ) {}
  get target(): SyncObject | null {
    return this.original.target;
  }
  ready(): boolean {
    return true;
  }
  fire(): unknown {
    return this.value;
  }
  describe(): string {
    return this.original.describe();
  }
  waitReason(): string {
    return this.original.waitReason();
  }
}

/** Complete `g`'s pending operation `original` on its behalf: its await will resolve to `value`. */
export function wake(g: Goroutine, original: Op, value: unknown): void {
  const w = g.woken;
  if (w === null) {
    g.op = g.woken = new Woken(original, value);
    g.flags = WOKEN_FLAGS;
    return;
  }
  w.original = original;
  w.value = value;
  g.op = w;
  g.flags = WOKEN_FLAGS;
}

const WOKEN_FLAGS = OpCode.Woken | ALWAYS_READY;

/** `go fn()`: the new goroutine's first step. */
export const START: Op = {
  code: OpCode.Start,
  target: null,
  flags: OpCode.Start | ALWAYS_READY,
  traits: NO_TRAITS,
  ready: () => true,
  fire: () => undefined,
  describe: () => "start",
  waitReason: () => "runnable",
};

/** `runtime.Gosched()`. */
export const YIELD: Op = {
  code: OpCode.Yield,
  target: null,
  flags: OpCode.Yield | ALWAYS_READY,
  traits: NO_TRAITS,
  ready: () => true,
  fire: () => undefined,
  describe: () => "yield",
  waitReason: () => "runnable",
};

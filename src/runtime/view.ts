import type { ExecutionFailure } from "./failure";
import type { Goroutine } from "./goroutine";
import type { SyncObject } from "./sync-object";

/**
 * What a strategy may see of the execution it schedules, handed to it with every
 * question (`pick`) and every step (`fired`), after shuttle's scheduler interface: the
 * strategy reads, the runtime owns. Each goroutine's pending operation (`g.op`) says what
 * it would do through {@link OpTraits} and, for channels, {@link ChannelUse}, so that no
 * strategy needs to know the classes of the operations or of the objects.
 */
export interface ExecutionView {
  /** Every goroutine made so far, in id order (ended ones too). */
  readonly goroutines: readonly Goroutine[];
  /** How many objects the execution has made (object ids are below it). */
  readonly objectCount: number;
  /** The failure that ended the execution, once there is one. */
  readonly failure: Pick<ExecutionFailure, "kind"> | null;
  /** Plain async code is running between steps (controlled awaits): state no operation names may change. */
  readonly drain: boolean;
  /** Per-execution state of other modules (the timer queue's listeners). */
  readonly moduleState: Map<symbol, unknown>;
}

/** How an operation touches the objects it names (`target`, `targets`). */
export const enum Touch {
  /** Not at all: a start, a yield, the return of an operation a partner completed. */
  None,
  /** Only reads them: it commutes with other reads. */
  Read,
  /** Writes them. */
  Write,
  /** Reaches state it does not name (virtual time, a context's children): it conflicts with every step. */
  Any,
}

/** An operation's part in the rules that say which of two blocking operations let the other run. */
export const enum Role {
  None,
  /** Takes what a release gives (a lock's read side, `wg.wait`, entering `once.do`). */
  Acquire,
  /** Takes it for itself alone (a write lock): a failed attempt also tells it could not run. */
  AcquireAlone,
  /** Gives it (an unlock, `wg.done`, leaving `once.do`). */
  Release,
  /** Tries to acquire without waiting (`tryLock`). */
  Try,
}

/** What one kind of operation is, for the strategies: dependency, fairness, contention, partial-order reduction. */
export interface OpTraits {
  readonly touch: Touch;
  /** It may wait before it can fire (its `ready` can be false). */
  readonly blocks: boolean;
  readonly role: Role;
  /** A WaitGroup counter operation: `wg.go()` adds to the counter inside the step that starts a goroutine. */
  readonly counter: boolean;
  /** Virtual time completes it (a sleep): announcing and firing it touch nothing; the tick that wakes it does. */
  readonly timed: boolean;
}

/** Traits from their parts (the defaults: writes, never waits, no role). */
export function opTraits(touch: Touch, blocks = false, role = Role.None, counter = false, timed = false): OpTraits {
  return { touch, blocks, role, counter, timed };
}

/** An operation that touches nothing. */
export const NO_TRAITS = opTraits(Touch.None);
/** An operation whose effects gosched cannot name: the traits of an operation that has none. */
export const ANY_TRAITS = opTraits(Touch.Any);

/** The traits of `op`, {@link ANY_TRAITS} when it gives none. */
export function traitsOf(op: { readonly traits?: OpTraits }): OpTraits {
  return op.traits ?? ANY_TRAITS;
}

/** A channel as the strategies see it. */
export interface ChannelView {
  readonly cap: number;
  readonly isNil: boolean;
  readonly closed: boolean;
  /** Values in its buffer. */
  readonly len: number;
}

/** One channel a channel operation uses, and in which direction. */
export interface ChannelCase {
  readonly chan: SyncObject & ChannelView;
  readonly send: boolean;
}

/** A channel operation as it describes itself: a send, receive, close, or a select over cases. */
export interface ChannelUse {
  readonly kind: "send" | "recv" | "close" | "select";
  readonly cases: readonly ChannelCase[];
  readonly hasDefault: boolean;
  /** The case a select took when it fired itself (-1: its default, or not fired); 0 otherwise. */
  readonly taken: number;
}

import { Goroutine, type GoroutineInfo } from "../runtime/goroutine";
import { CODE_BITS, OpCode } from "../runtime/op";
import type { SyncObject } from "../runtime/sync-object";

/** What the goroutine dump shows of a live goroutine: its identity, as in explored reports. */
export type LiveGoroutineInfo = GoroutineInfo;

/** A live goroutine while its function runs synchronously (see goroutines.ts). */
export class LiveGoroutine implements LiveGoroutineInfo {
  /** The first operation it parked in this synchronous run, and that park's number. */
  pending: LiveWaiter | null = null;
  pendingPark = 0;
  constructor(
    readonly id: number,
    readonly name: string,
  ) {}
}

/**
 * One live operation's goroutine record, and, while the operation is parked, its waiter:
 * what it waits on, how to resume it (`resume` and `throwIn`, the promise's own
 * functions) and what a dump says of it. Records are pooled by the executor, so a
 * parked operation allocates only its promise.
 */
export class LiveWaiter extends Goroutine {
  /** The one object it waits on, or null when it waits on several (`keys`) or none. */
  key: SyncObject | null = null;
  keys: readonly SyncObject[] | null = null;
  /** The live goroutine that performed the operation, when known (see goroutines.ts). */
  owner: LiveGoroutine | null = null;
  /** A stack captured when the operation parked, formatted only for a dump (or null). */
  site: { stack?: string } | null = null;
  /** Parks so far: a dump lists each parked waiter once per park. */
  parks = 0;

  constructor() {
    super(0, "", null);
  }
}

/** The operations parked on `k`, in the order they parked. */
export function listOf(k: SyncObject): LiveWaiter[] | null {
  return k.liveWaiters as LiveWaiter[] | null;
}

/** How many operations are parked on `k`. */
export function waitersOf(k: SyncObject): number {
  const list = k.liveWaiters;
  return list === null ? 0 : list.length;
}

/** Add `w` to `k`'s waiters; true when it is the first one. */
export function joinList(k: SyncObject, w: LiveWaiter): boolean {
  const list = listOf(k);
  if (list === null) {
    k.liveWaiters = [w];
    return true;
  }
  list.push(w);
  return list.length === 1;
}

/** Take `w` out of `k`'s waiters; true when none is left. */
export function leaveList(k: SyncObject, w: LiveWaiter): boolean {
  const list = listOf(k);
  if (list === null) return false;
  if (list.length === 1) {
    if (list[0] !== w) return false;
    list.pop();
    return true;
  }
  const i = list.indexOf(w);
  if (i < 0) return false;
  list.splice(i, 1);
  return list.length === 0;
}

/** A plain channel send or receive (a `ChanIoOp`: a select has its own code). */
export function isChanIo(flags: number): boolean {
  const code = flags & CODE_BITS;
  return code === OpCode.Send || code === OpCode.Recv;
}

/** The operations whose effect reaches objects other than their target (a cancel closes done channels). */
export function reachesOthers(code: number): boolean {
  return code === OpCode.CtxCancel || code === OpCode.TimerOp;
}

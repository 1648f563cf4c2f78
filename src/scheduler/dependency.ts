import type { Goroutine } from "../runtime/goroutine";
import { OpCode, type Op } from "../runtime/op";
import type { SyncObject } from "../runtime/sync-object";

/**
 * Which objects one step touches and how: the dependency relation of partial-order
 * reduction (Godefroid 1996; Flanagan and Godefroid, POPL 2005), made exact per object.
 * Two steps of different goroutines are dependent when they touch the same object and
 * do not commute: two reads (a `Shared` read, a map lookup, an atomic load, a tryLock or
 * compareAndSwap that fails, a select taking its default) commute, everything else on
 * the same object does not. Steps on different objects commute; `start`, `yield` and the
 * return of an operation a partner completed touch nothing.
 *
 * Departures, all conservative (they only make more steps dependent): a channel, mutex or
 * WaitGroup operation writes its whole object (two buffered sends that could commute are
 * still ordered); operations whose effects reach objects gosched cannot name here
 * (virtual time, context cancellation, operation codes added later) conflict with every
 * step; and a step that starts goroutines conflicts with every WaitGroup operation,
 * because `wg.go()` adds to its counter inside the current step.
 */
export interface Access {
  /** Stable ids of objects only read. */
  readonly reads: number[];
  /** Stable ids of objects written. */
  readonly writes: number[];
  /** Objects written only by announcing the next operation (joining a wait queue). */
  readonly queued: number[];
  /** Conflicts with every step. */
  all: boolean;
  /** Started goroutines. */
  spawns: boolean;
  /** A WaitGroup operation. */
  wg: boolean;
}

/** Stable ids for objects across executions (see event-log.ts). */
export type ObjectKey = (o: SyncObject) => number;

const READS = new Set<number>([OpCode.Read, OpCode.MapRead, OpCode.AtomicLoad]);
const NOTHING = new Set<number>([OpCode.Start, OpCode.Yield, OpCode.Woken]);
const PRECISE = new Set<number>([
  OpCode.Send, OpCode.Recv, OpCode.Close, OpCode.Select, OpCode.Lock, OpCode.Unlock, OpCode.TryLock,
  OpCode.RLock, OpCode.RUnlock, OpCode.TryRLock, OpCode.WgAdd, OpCode.WgWait, OpCode.OnceEnter,
  OpCode.OnceExit, OpCode.CondWait, OpCode.CondSignal, OpCode.CondBroadcast, OpCode.AtomicStore,
  OpCode.AtomicRmw, OpCode.Write, OpCode.MapWrite, OpCode.Read, OpCode.MapRead, OpCode.AtomicLoad,
]);
/** Operations that may wait (their `ready` can be false). */
const BLOCKING = new Set<number>([
  OpCode.Send, OpCode.Recv, OpCode.Lock, OpCode.RLock, OpCode.WgWait, OpCode.OnceEnter, OpCode.Sleep,
]);

export function emptyAccess(): Access {
  return { reads: [], writes: [], queued: [], all: false, spawns: false, wg: false };
}

function objectsOf(op: Op): readonly SyncObject[] {
  if (op.targets !== undefined) return op.targets;
  return op.target === null ? [] : [op.target];
}

/** True when `op` only reads its objects if it fires now for `g`. */
export function readsOnly(op: Op, g: Goroutine): boolean {
  return READS.has(op.code) || (op.idle !== undefined && op.idle(g));
}

/** How `op`, about to fire for `g`, touches objects. */
export function classify(op: Op, g: Goroutine, key: ObjectKey): Access {
  const a = emptyAccess();
  if (NOTHING.has(op.code)) return a;
  if (!PRECISE.has(op.code)) {
    a.all = true;
    return a;
  }
  const into = readsOnly(op, g) ? a.reads : a.writes;
  for (const o of objectsOf(op)) into.push(key(o));
  a.wg = op.code === OpCode.WgAdd || op.code === OpCode.WgWait;
  return a;
}

/**
 * Add what announcing `next` (joining its wait queues) does to the step that announced
 * it; returns the objects announcing wrote.
 */
export function addAnnounce(a: Access, next: Op, key: ObjectKey): number[] {
  const out: number[] = [];
  if (next.announce === undefined) return out;
  if (!PRECISE.has(next.code)) {
    a.all = true;
    return out;
  }
  for (const o of objectsOf(next)) {
    if (!queues(o)) continue;
    const id = key(o);
    out.push(id);
    if (a.writes.includes(id)) continue;
    a.writes.push(id);
    if (!a.reads.includes(id)) a.queued.push(id);
  }
  return out;
}

interface SelectLike {
  readonly taken?: number;
  readonly cases?: readonly { readonly dir: string; readonly chan: SyncObject }[];
}

/**
 * Once a select has fired: it wrote the channel of the case it took and the wait queues
 * of its unbuffered channels (it left them), and only read the other buffered ones.
 * Returns what the select did (a send or a receive, on which channel), or null when it
 * took its default or a partner completed it.
 */
export function settleSelect(a: Access, op: Op, key: ObjectKey): { effect: number; chan: SyncObject } | null {
  const sel = op as SelectLike;
  const i = sel.taken ?? -1;
  const cases = sel.cases ?? [];
  if (i < 0 || i >= cases.length) return null;
  const writes: number[] = [];
  const reads: number[] = [];
  cases.forEach((c, j) => {
    const id = key(c.chan);
    const into = j === i || queues(c.chan) ? writes : reads;
    if (!into.includes(id)) into.push(id);
  });
  a.writes.length = a.reads.length = 0;
  a.writes.push(...writes);
  a.reads.push(...reads.filter((id) => !writes.includes(id)));
  return { effect: cases[i]!.dir === "send" ? OpCode.Send : OpCode.Recv, chan: cases[i]!.chan };
}

/** Only unbuffered channels match partners from their wait queues; a buffered one's queues change nothing. */
export function queues(o: SyncObject): boolean {
  if (o.kind !== "chan") return true;
  const c = o as SyncObject & { cap?: number; isNil?: boolean };
  return c.cap === 0 && c.isNil !== true;
}

/**
 * True when a partner may complete `op` on the goroutine's behalf (an unbuffered
 * rendezvous, a `wait` released by `done`, a read or write lock granted by an unlock):
 * the operation may then never fire as a step of its own.
 */
export function completable(op: Op): boolean {
  switch (op.code) {
    case OpCode.Send:
    case OpCode.Recv:
    case OpCode.Select:
      return objectsOf(op).some(queues);
    case OpCode.WgWait:
    case OpCode.RLock:
      return true;
    case OpCode.Lock:
      return op.target?.kind === "sync.RWMutex";
    default:
      return false;
  }
}

/** True when `op` may wait before it can fire. */
export function mayBlock(op: Op): boolean {
  if (op.code === OpCode.Select) return !(op as { hasDefault?: boolean }).hasDefault;
  return BLOCKING.has(op.code);
}

/** True when the two accesses touch an object in a way that does not commute. */
export function conflict(a: Access, b: Access): boolean {
  if (a.all || b.all) return true;
  if ((a.spawns && b.wg) || (a.wg && b.spawns)) return true;
  for (const o of a.writes) if (b.writes.includes(o) || b.reads.includes(o)) return true;
  for (const o of a.reads) if (b.writes.includes(o)) return true;
  return false;
}

/** The objects both accesses touch. */
export function common(a: Access, b: Access): number[] {
  const out: number[] = [];
  for (const o of a.writes.concat(a.reads)) if (b.writes.includes(o) || b.reads.includes(o)) out.push(o);
  return out;
}

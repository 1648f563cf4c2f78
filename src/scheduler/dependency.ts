import type { Goroutine } from "../runtime/goroutine";
import type { Op } from "../runtime/op";
import type { SyncObject } from "../runtime/sync-object";
import { traitsOf, Touch } from "../runtime/view";

/**
 * Which objects one step touches and how: the dependency relation of partial-order
 * reduction (Godefroid 1996; Flanagan and Godefroid, POPL 2005), made exact per object.
 * Two steps of different goroutines are dependent when they touch the same object and
 * do not commute: two reads (a `Shared` read, a map lookup, an atomic load, a tryLock or
 * compareAndSwap that fails, a select taking its default) commute, everything else on
 * the same object does not. Steps on different objects commute; `start`, `yield` and the
 * return of an operation a partner completed touch nothing.
 *
 * The wait queues of an unbuffered channel are objects of their own, touched in three
 * ways (see {@link conflict}): a goroutine joins one when it announces an operation on
 * the channel (`pushes`), leaves it when its operation fires or a partner completes it
 * (`pops`, marked `head` when a partner may have been taken from the front), and a
 * select reads whether one holds a partner (`peeks`).
 *
 * Departures, all conservative (they only make more steps dependent): a buffered
 * channel, mutex or WaitGroup operation writes its whole object (two buffered sends that
 * could commute are still ordered); two rendezvous on one channel are ordered even when
 * FIFO order would let them swap; operations whose effects reach objects gosched cannot
 * name here (virtual time, context cancellation, operation codes added later) conflict
 * with every step; and a step that starts goroutines conflicts with every WaitGroup
 * operation, because `wg.go()` adds to its counter inside the current step.
 */
export interface Footprint {
  /** Stable ids of objects only read. */
  readonly reads: number[];
  /** Stable ids of objects written. */
  readonly writes: number[];
  /** Objects other than channels written only by joining their wait lists (announcing). */
  readonly joined: number[];
  /** Wait queues joined (see {@link queueKey}). */
  readonly pushes: number[];
  /** Goroutines leaving wait queues. */
  readonly pops: Pop[];
  /** Wait queues read for a waiting partner. */
  readonly peeks: number[];
  /** Conflicts with every step. */
  all: boolean;
  /** Started goroutines. */
  spawns: boolean;
  /** A WaitGroup operation. */
  wg: boolean;
}

/** Goroutine `t` leaves queue `q`; `head`: it may have been taken from the front by a partner. */
export interface Pop {
  readonly q: number;
  readonly t: number;
  readonly head: boolean;
}

/** Stable ids for objects across executions (see event-log.ts). */
export type ObjectKey = (o: SyncObject) => number;

export function emptyFootprint(): Footprint {
  return { reads: [], writes: [], joined: [], pushes: [], pops: [], peeks: [], all: false, spawns: false, wg: false };
}

/** The key of channel `chan`'s send queue (`send`) or receive queue: negative, apart from object ids. */
export function queueKey(chan: number, send: boolean): number {
  return -(2 * chan + (send ? 1 : 2));
}

export function objectsOf(op: Op): readonly SyncObject[] {
  if (op.targets !== undefined) return op.targets;
  return op.target === null ? [] : [op.target];
}

/** True when `op` only reads its objects if it fires now for `g`. */
export function readsOnly(op: Op, g: Goroutine): boolean {
  return traitsOf(op).touch === Touch.Read || (op.idle !== undefined && op.idle(g));
}

/** How `op`, about to fire for `g`, touches objects (whole objects: channels are written). */
export function classify(op: Op, g: Goroutine, key: ObjectKey): Footprint {
  const a = emptyFootprint();
  const traits = traitsOf(op);
  if (traits.touch === Touch.None) return a;
  if (traits.touch === Touch.Any) {
    a.all = true;
    return a;
  }
  const into = readsOnly(op, g) ? a.reads : a.writes;
  for (const o of objectsOf(op)) into.push(key(o));
  a.wg = traits.counter;
  return a;
}

/** True when `op` names every object it touches (else it conflicts with everything). */
export function precise(op: Op): boolean {
  return traitsOf(op).touch !== Touch.Any;
}

/** Only unbuffered channels match partners from their wait queues; a buffered one's queues change nothing. */
export function queues(o: SyncObject): boolean {
  const c = o.asChannel();
  return c === null || (c.cap === 0 && !c.isNil);
}

/** True when `op` may wait before it can fire. */
export function mayBlock(op: Op): boolean {
  return traitsOf(op).blocks;
}

function shares(a: readonly number[], b: readonly number[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

function popsConflict(a: readonly Pop[], b: readonly Pop[]): boolean {
  for (const p of a) {
    for (const r of b) if (p.q === r.q && p.t !== r.t && (p.head || r.head)) return true;
  }
  return false;
}

function peeksConflict(peeks: readonly number[], b: Footprint): boolean {
  for (const q of peeks) if (b.pushes.includes(q) || b.pops.some((p) => p.q === q)) return true;
  return false;
}

/**
 * True when the two accesses touch an object in a way that does not commute. On a wait
 * queue: two joins do not commute (the queue is FIFO); a join commutes with another
 * goroutine leaving; two goroutines leaving commute unless one may have been taken from
 * the front (who is first decides who pairs); a peek commutes only with peeks.
 */
export function conflict(a: Footprint, b: Footprint): boolean {
  if (a.all || b.all) return true;
  if ((a.spawns && b.wg) || (a.wg && b.spawns)) return true;
  for (const o of a.writes) if (b.writes.includes(o) || b.reads.includes(o)) return true;
  for (const o of a.reads) if (b.writes.includes(o)) return true;
  if (a.pushes.length > 0 && shares(a.pushes, b.pushes)) return true;
  if (a.pops.length > 0 && b.pops.length > 0 && popsConflict(a.pops, b.pops)) return true;
  return peeksConflict(a.peeks, b) || peeksConflict(b.peeks, a);
}

/** The objects and queues both accesses touch (for the rules of race-rules.ts). */
export function common(a: Footprint, b: Footprint): number[] {
  const mine = [...a.writes, ...a.reads];
  const theirs = [...b.writes, ...b.reads];
  return mine.filter((o) => theirs.includes(o));
}

/** Everything `x` and `b` touch, as one access (a copy; a write of an object absorbs its read). */
export function merged(x: Footprint, b: Footprint): Footprint {
  const a: Footprint = {
    ...x, reads: x.reads.slice(), writes: x.writes.slice(), joined: x.joined.slice(), pushes: x.pushes.slice(),
    pops: x.pops.slice(), peeks: x.peeks.slice(),
  };
  // Joined only if `x` did not touch the object already (before `b`'s writes are added).
  for (const o of b.joined) if (!a.joined.includes(o) && !a.writes.includes(o) && !a.reads.includes(o)) a.joined.push(o);
  for (const o of b.writes) {
    if (!a.writes.includes(o)) a.writes.push(o);
    const r = a.reads.indexOf(o);
    if (r >= 0) a.reads.splice(r, 1);
  }
  for (const o of b.reads) if (!a.reads.includes(o) && !a.writes.includes(o)) a.reads.push(o);
  for (const q of b.pushes) if (!a.pushes.includes(q)) a.pushes.push(q);
  for (const q of b.peeks) if (!a.peeks.includes(q)) a.peeks.push(q);
  for (const p of b.pops) a.pops.push(p);
  a.all ||= b.all;
  a.spawns ||= b.spawns;
  a.wg ||= b.wg;
  return a;
}

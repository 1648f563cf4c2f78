import { conflict, type Access } from "./dependency";

/** A vector clock indexed by stable thread id: how many steps of each thread happen before. */
export type Clock = number[];

/**
 * One step as partial-order reduction sees it. Goroutines and objects are named by
 * stable ids that survive from one execution to the next (a goroutine by its parent and
 * rank among that parent's children; an object by the step that made it and its rank
 * there), because the runtime's ids follow creation order, which depends on the schedule.
 */
export interface Ev {
  readonly thread: number;
  /** Rank among its thread's steps (0 is the goroutine's start). */
  readonly index: number;
  /** Data choices made inside the step; null for an operation that has not run. */
  choices: number[] | null;
  readonly acc: Access;
  readonly code: number;
  /** What the step did: its code, or for a select the send or receive it made. */
  effect: number;
  /** The operation may wait (a lock, a receive...). */
  readonly blocking: boolean;
  /** A partner may complete the operation instead (see `completable`). */
  readonly completable: boolean;
  /** An operation on a buffered channel. */
  buffered: boolean;
  /** Position in its execution; -1 for an operation still pending at the end. */
  readonly pos: number;
  /** Position of the step after which the operation was pending (-1: from the start). */
  readonly since: number;
  /** What it must follow besides program order: its goroutine's spawn, or the partner that completed it. */
  readonly cause: Ev | null;
  /**
   * The channel operations of partners this step completed (a send that handed its value
   * to a waiting receiver), as they were pending: the partner firing itself instead
   * would have made the same rendezvous.
   */
  readonly completed: Ev[];
  /** Objects written by announcing the goroutine's next operation (also in `acc`). */
  announced: number[];
  clock: Clock;
}

export function join(into: Clock, from: Clock): Clock {
  for (let i = 0; i < from.length; i++) if ((into[i] ?? 0) < from[i]!) into[i] = from[i]!;
  for (let i = 0; i < into.length; i++) if (into[i] === undefined) into[i] = 0;
  return into;
}

/** True when `a` happens before `b` (`b`'s clock has seen `a`). */
export function before(a: Ev, b: Ev): boolean {
  return (b.clock[a.thread] ?? 0) > a.index;
}

/** Full dependency: same goroutine, a conflict, or a spawn or completion edge. */
export function dependent(a: Ev, b: Ev): boolean {
  if (a.thread === b.thread) return true;
  if (caused(a, b) || caused(b, a)) return true;
  return conflict(a.acc, b.acc);
}

function caused(a: Ev, b: Ev): boolean {
  return b.cause !== null && b.cause.thread === a.thread && b.cause.index === a.index;
}


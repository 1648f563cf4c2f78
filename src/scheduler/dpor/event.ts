import { OpCode } from "../../runtime/op";
import { ANY_TRAITS, NO_TRAITS, opTraits, Touch, type OpTraits } from "../../runtime/view";
import type { Effect, OpDesc } from "./chan-model";
import { conflict, type Footprint } from "../dependency";

/** A vector clock indexed by stable goroutine id: how many events of each goroutine happen before. */
export type Clock = number[];

/**
 * What an event is. A step of one goroutine is an `Op` (its operation and what the
 * goroutine then did up to announcing its next one). An unbuffered rendezvous is one
 * `Rdv` event of both goroutines, whichever of them fired it: each then goes on with a
 * `Tail` event of its own (what it did up to its next operation). The side that fired
 * runs its tail in the same scheduling step; the other runs its tail as the step that
 * returns from its completed operation. A `Tick` is an advance of virtual time, an event
 * of the clock (a goroutine of its own): it fires the timers due, and happens only when every
 * goroutine is blocked.
 */
export const enum Kind {
  Op,
  Rdv,
  Tail,
  Tick,
}

/** What an event ran, as its `code` and `traits` say it. */
export interface Ran {
  readonly code: number;
  readonly traits?: OpTraits;
}

/** A rendezvous is known by the code of a send; it writes its channel. */
export const RDV: Ran = { code: OpCode.Send, traits: opTraits(Touch.Write, true) };
/** A tail is known by the code of the return of a completed operation; its own step touches nothing. */
export const TAIL: Ran = { code: OpCode.Woken, traits: NO_TRAITS };
/** An advance of virtual time: it touches everything. */
export const TICK: Ran = { code: 0, traits: ANY_TRAITS };

/**
 * One event as partial-order reduction sees it. Goroutines and objects are named by
 * stable ids that survive from one execution to the next (a goroutine by its parent and
 * rank among that parent's children; an object by the event that made it and its rank
 * there), because the runtime's ids follow creation order, which depends on the schedule.
 */
export interface Ev {
  readonly kind: Kind;
  /** The goroutine (for a rendezvous: the sender). */
  readonly goroutine: number;
  /** Rank among its goroutine's events (0 is the goroutine's start). */
  readonly index: number;
  /** A rendezvous's receiver and its rank; -1 otherwise. */
  readonly other: number;
  readonly otherIndex: number;
  /** The select case each side of a rendezvous (or an `Op` select) used; -1 for a plain operation. */
  readonly cases: readonly number[];
  /** Data choices made inside the step (not a rendezvous's: they depend on who fired); null: not made yet. */
  choices: number[] | null;
  acc: Footprint;
  /** The part of `acc` from what the goroutine did after its operation (announcing the next one...). */
  readonly tailAcc: Footprint | null;
  /**
   * A predicted event (it has not run with this outcome): what the goroutine then does in
   * the same step is unknown, and `acc` leaves it out.
   */
  readonly guessed: boolean;
  readonly code: number;
  /** What the operation is (view.ts): how it touches objects, its part in enabling others. */
  readonly traits: OpTraits;
  /** The operation's channel description, for predicting what it does elsewhere (null: not a channel op). */
  readonly desc: OpDesc | null;
  /** For a rendezvous: the receiver's operation. */
  readonly otherDesc: OpDesc | null;
  /** The operation may wait (a lock, a receive...). */
  readonly blocking: boolean;
  /** Position in its execution's event sequence; -1 for an operation still pending at the end. */
  readonly pos: number;
  /** Position of the event after which the operation was pending (-1: from the start); per side for a rendezvous. */
  readonly since: number;
  readonly otherSince: number;
  /** What it must follow besides program order: its goroutine's spawn, or the event that completed it. */
  readonly cause: Ev | null;
  /** For a rendezvous: the sides that could have fired it, and the data choices each would make. */
  readonly firers: readonly number[];
  readonly firerChoices: readonly (readonly number[])[];
  /** For a rendezvous: the side that fired it in this execution. */
  readonly firedBy: number;
  /** What the event did to the channels. */
  readonly effects: readonly Effect[];
  clock: Clock;
}

/**
 * `e` with the fields of `c` replaced. Every event is built here, field by field in one
 * order, so that all have one shape (property access stays fast).
 */
export function remake(e: Ev, c: Partial<Ev> = {}): Ev {
  return {
    kind: "kind" in c ? c.kind! : e.kind,
    goroutine: "goroutine" in c ? c.goroutine! : e.goroutine,
    index: "index" in c ? c.index! : e.index,
    other: "other" in c ? c.other! : e.other,
    otherIndex: "otherIndex" in c ? c.otherIndex! : e.otherIndex,
    cases: "cases" in c ? c.cases! : e.cases,
    choices: "choices" in c ? c.choices! : e.choices,
    acc: "acc" in c ? c.acc! : e.acc,
    tailAcc: "tailAcc" in c ? c.tailAcc! : e.tailAcc,
    guessed: "guessed" in c ? c.guessed! : e.guessed,
    code: "code" in c ? c.code! : e.code,
    traits: "traits" in c ? c.traits! : e.traits,
    desc: "desc" in c ? c.desc! : e.desc,
    otherDesc: "otherDesc" in c ? c.otherDesc! : e.otherDesc,
    blocking: "blocking" in c ? c.blocking! : e.blocking,
    pos: "pos" in c ? c.pos! : e.pos,
    since: "since" in c ? c.since! : e.since,
    otherSince: "otherSince" in c ? c.otherSince! : e.otherSince,
    cause: "cause" in c ? c.cause! : e.cause,
    firers: "firers" in c ? c.firers! : e.firers,
    firerChoices: "firerChoices" in c ? c.firerChoices! : e.firerChoices,
    firedBy: "firedBy" in c ? c.firedBy! : e.firedBy,
    effects: "effects" in c ? c.effects! : e.effects,
    clock: "clock" in c ? c.clock! : e.clock,
  };
}

export function join(into: Clock, from: Clock): Clock {
  for (let i = 0; i < from.length; i++) if ((into[i] ?? 0) < from[i]!) into[i] = from[i]!;
  for (let i = 0; i < into.length; i++) if (into[i] === undefined) into[i] = 0;
  return into;
}

/** The goroutines an event belongs to. */
export function goroutinesOf(e: Ev): number[] {
  return e.kind === Kind.Rdv ? [e.goroutine, e.other] : [e.goroutine];
}

/** True when `e` belongs to goroutine `t`. */
export function involves(e: Ev, t: number): boolean {
  return e.goroutine === t || (e.kind === Kind.Rdv && e.other === t);
}

/** `t`'s rank of event `e` (which involves `t`). */
export function rankOf(e: Ev, t: number): number {
  return e.goroutine === t ? e.index : e.otherIndex;
}

/** True when `t` is the tail of a side of rendezvous `p` (what that side ran right after it). */
export function isTailOf(t: Ev, p: Ev): boolean {
  return t.kind === Kind.Tail && involves(p, t.goroutine) && t.index === rankOf(p, t.goroutine) + 1;
}

/** True when `a` and `b` have a goroutine in common. */
export function shareGoroutine(a: Ev, b: Ev): boolean {
  return involves(b, a.goroutine) || (a.kind === Kind.Rdv && involves(b, a.other));
}

/** True when `a` happens before `b` (`b`'s clock has seen `a`). */
export function before(a: Ev, b: Ev): boolean {
  return (b.clock[a.goroutine] ?? 0) > a.index;
}

function caused(a: Ev, b: Ev): boolean {
  const c = b.cause;
  return c !== null && involves(a, c.goroutine) && rankOf(a, c.goroutine) === c.index;
}

/** Full dependency: a common goroutine, a conflict, or a spawn or completion edge. */
export function dependent(a: Ev, b: Ev): boolean {
  if (shareGoroutine(a, b)) return true;
  if (caused(a, b) || caused(b, a)) return true;
  return conflict(a.acc, b.acc);
}

function sameChoices(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === null || b === null) return true;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** True when `a` and `b` are the same event (choices not made yet match any). */
export function same(a: Ev, b: Ev): boolean {
  if (a.kind !== b.kind || a.goroutine !== b.goroutine || a.index !== b.index) return false;
  if (a.other !== b.other || a.otherIndex !== b.otherIndex) return false;
  if (a.cases.length !== b.cases.length || a.cases.some((c, i) => c !== b.cases[i])) return false;
  if (a.kind === Kind.Op && a.code !== b.code) return false;
  // A select is known by the case it took (its choice index depends on which cases were ready).
  return a.kind === Kind.Rdv || a.cases.length > 0 || sameChoices(a.choices, b.choices);
}

/** A label naming the event within its execution (for traces and tests). */
export function label(e: Ev): string {
  const cases = e.cases.some((c) => c >= 0) ? `#${e.cases.join(",")}` : "";
  if (e.kind === Kind.Rdv) return `${e.goroutine}.${e.index}<>${e.other}.${e.otherIndex}${cases}`;
  if (e.kind === Kind.Tail) return `${e.goroutine}.${e.index}~`;
  if (e.kind === Kind.Tick) return `${e.goroutine}.${e.index}@`;
  const ch = e.choices !== null && e.choices.length > 0 ? `[${e.choices.join(",")}]` : "";
  const w = e.acc.writes.length > 0 || e.acc.pushes.length > 0 ? "w" : "";
  return `${e.goroutine}.${e.index}:${e.code}${w}${cases}${ch}`;
}

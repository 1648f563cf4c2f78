import type { Candidates } from "./candidates";
import { pendingFootprint } from "./chan-footprint";
import type { OpDesc } from "./chan-model";
import { conflict, type Footprint } from "../dependency";
import type { Node } from "./dpor-node";
import { before, dependent, involves, join, Kind, rankOf, remake, same, goroutinesOf, type Clock, type Ev } from "./event";
import type { EventLog } from "./event-log";
import { realize } from "./realize";
import { covers } from "./sleep-set";
import { insert, type WNode } from "./wakeup-tree";

/**
 * Race detection and reversal for dpor.ts (Algorithm 2 of Abdulla et al., POPL 2014,
 * lines 7-10): at the end of an execution, every race is turned into a wakeup sequence
 * (what does not depend on the first event, then the second event as it would run
 * there) inserted at the state before the first event, unless a sleeping event covers
 * it. Departures: see dpor.ts; every race of the execution is examined, not only those
 * of its new part, because what follows a race can change from one execution to the
 * next and the wakeup sequence includes it.
 */

/** One goroutine's part of an event: what it follows in program order, what it touches. */
interface Side {
  readonly x: number;
  readonly pred: Clock;
  readonly acc: Footprint;
}

/** Wakeup sequences for the race of the event at position `i`, to insert at node `at`. */
interface Reversal {
  readonly i: number;
  readonly at: number;
  readonly seqs: Ev[][];
  /** The event the race is reversed against (it runs after the sequence). */
  readonly against: Ev;
}

export class RaceFinder {
  /** The last branch of the execution being examined. */
  private current: WNode | null = null;

  constructor(
    private readonly log: EventLog,
    private readonly cands: Candidates,
  ) {}

  /** Find the races of the execution that ended (`pending`: operations that did not run) and add their reversals to `nodes`. */
  find(nodes: readonly Node[], events: readonly Ev[], pending: readonly Ev[]): void {
    this.current = nodes[nodes.length - 1]?.taken ?? null;
    const clocks = new Map<number, Clock>();
    const sidesOf = (e: Ev): Side[] => {
      if (e.kind === Kind.Rdv) {
        return [e.goroutine, e.other].map((x) => ({ x, pred: clocks.get(x) ?? [], acc: pendingFootprint(x, sideDesc(e, x)) }));
      }
      const pred: Clock = join((clocks.get(e.goroutine) ?? []).slice(), e.cause?.clock ?? []);
      return [{ x: e.goroutine, pred, acc: e.acc }];
    };
    const sides = events.map((e) => {
      const s = sidesOf(e);
      for (const t of goroutinesOf(e)) clocks.set(t, e.clock);
      return s;
    });
    const owned = new Map<number, number[]>();
    events.forEach((e, i) => {
      const mine = owned.get(e.goroutine);
      if (mine === undefined) owned.set(e.goroutine, [i]);
      else mine.push(i);
    });
    // A tick happens only when every goroutine is blocked, so nothing can run in its
    // place: its races are never reversed (the orders that move it come from races of
    // the goroutines' events, which are looked for across it).
    events.forEach((e, j) => e.kind !== Kind.Tick && this.racesOf(nodes, events, owned, e, j, sides[j]!));
    for (const p of pending) this.racesOf(nodes, events, owned, p, events.length, sidesOf(p));
  }

  /**
   * Find the events `later` races with, and schedule the reversal of each. As in the
   * paper, a race is with an event no other racing event happens after; only races that
   * can be reversed count, so two lock acquisitions race across the unlock between them.
   * A rendezvous races once per side: with what that side's operation depends on (the
   * other side's earlier events included), as if it had run alone.
   */
  private racesOf(
    nodes: readonly Node[], events: readonly Ev[], owned: ReadonlyMap<number, readonly number[]>, later: Ev, j: number,
    sides: readonly Side[],
  ): void {
    for (const { x, pred, acc } of sides) {
      const found: Reversal[] = [];
      for (const i of concurrent(events, owned, pred, j)) {
        const e = events[i]!;
        if (e.kind === Kind.Tick || involves(e, x) || !conflict(e.acc, acc)) continue;
        if (later.kind === Kind.Rdv && !before(e, later)) continue;
        found.push(...this.reversal(nodes[i]!, i, e, events, later, x, pred));
      }
      for (const r of found) {
        const e = events[r.i]!;
        if (found.some((c) => c.i !== r.i && before(e, events[c.i]!))) continue;
        for (const v of r.seqs) this.schedule(nodes[r.at]!, r.at, v, r.against);
      }
    }
  }

  /** How to run goroutine `x`'s part of `later` before `e` (at position `i`, node `node`); none when it cannot. */
  private reversal(node: Node, i: number, e: Ev, events: readonly Ev[], later: Ev, x: number, pred: Clock): Reversal[] {
    if (node.after === null && !this.cands.reversible(i, e, later, x, node.enabled)) return [];
    // What need not follow `e` (the paper's notdep(e, E)).
    const notdep = events.slice(i + 1).filter((y) => !before(e, y));
    // A last event that commutes with `e` adds nothing: its runs start with `e` too.
    const lasts = this.cands.lastsFor(i, notdep, later, x).filter((last) => dependent(e, last));
    const seqs = lasts.map((last) => [...notdep, last]);
    const rdv = node.after;
    if (rdv === null) return seqs.length > 0 ? [{ i, at: i, seqs, against: e }] : [];
    // `e` is the tail of the side that fired `rdv`, run in the same step. The step as a
    // whole races with `later`: put `later` before the step when it does not come after
    // it through other events; and when it depends on the rendezvous itself, also
    // between the two, by having another side fire it.
    const out: Reversal[] = [];
    const afterRdv = (pred[rdv.goroutine] ?? 0) > rdv.index;
    if (!afterRdv) {
      const free = this.log.events.slice(rdv.pos + 1).filter((y) => y !== later && !before(rdv, y));
      const early = this.cands.lastsFor(i - 1, free, later, x).filter((last) => dependent(rdv, last) || dependent(e, last));
      if (early.length > 0) out.push({ i, at: i - 1, seqs: early.map((last) => [...free, last]), against: rdv });
    }
    const direct = lasts.some((last) => dependent(rdv, last));
    const firers = rdv.firers.filter((t) => t !== e.goroutine);
    if ((afterRdv || direct) && seqs.length > 0 && firers.length > 0) {
      // The rendezvous first, fired by another side (events of the sequence that need not
      // follow it may still go before it).
      const other = remake(rdv, { firers, firerChoices: rdv.firerChoices.filter((_, k) => rdv.firers[k] !== e.goroutine) });
      out.push({ i, at: i - 1, seqs: seqs.map((v) => [other, ...v]), against: e });
    }
    return out;
  }

  /**
   * Insert wakeup sequence `v` at node `i`, unless a sleeping event covers it. Departure:
   * a sleeping event that `v` does not contain stands for it only if it also commutes
   * with what the goroutines of `e`, the event the race is reversed against, would do
   * right after `v` (see `admits`).
   */
  private schedule(node: Node, i: number, v: Ev[], e: Ev): void {
    const tailOf = (p: Ev, t: number): Ev | null => this.cands.tailOf(p, t);
    const seq = realize(v, node.after, tailOf);
    if (seq === null) return;
    const next = this.cands.nextAfter(i, seq, e);
    const stands = (p: Ev): boolean => admits(p, e, next);
    if (node.sleep.some((s) => covers(s, seq, stands))) return;
    // Another choice of `e`'s own step (the same goroutine at the same rank), while the
    // event to run before it is still to come.
    const later = v[v.length - 1]!;
    const rival = (p: Ev, rest: readonly Ev[]): boolean =>
      rest.includes(later) && !same(p, e) && goroutinesOf(e).some((t) => involves(p, t) && rankOf(p, t) === rankOf(e, t));
    insert(node.tree, seq, node.after, tailOf, stands, rival, this.current);
  }
}

/**
 * True when runs that start with `p`, which a sequence reversing a race against `e` does
 * not contain, may stand for runs that start with that sequence: `p` must not be
 * another choice of `e`'s own step, and must commute with what `e`'s goroutines would
 * do next (`next`): run first, it could change that (disable a rendezvous, make a
 * select take another case), and then its runs are not those wanted.
 */
function admits(p: Ev, e: Ev, next: readonly Ev[]): boolean {
  return same(p, e) || (!goroutinesOf(e).some((t) => involves(p, t)) && next.every((x) => !dependent(p, x)));
}

/**
 * Positions before `j` of the events that do not happen before a side whose program-order
 * and cause predecessors are `pred`, ascending. `owned` lists each goroutine's events
 * (by `goroutine`) in order, so its ranks grow: those `pred` has seen form a prefix, skipped
 * by binary search. With tight synchronisation few remain, instead of a scan of the whole
 * execution for every event.
 */
function concurrent(events: readonly Ev[], owned: ReadonlyMap<number, readonly number[]>, pred: Clock, j: number): number[] {
  const out: number[] = [];
  for (const [t, positions] of owned) {
    const seen = pred[t] ?? 0;
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (events[positions[mid]!]!.index < seen) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < positions.length && positions[k]! < j; k++) out.push(positions[k]!);
  }
  return out.sort((a, b) => a - b);
}

/** The channel operation side `x` of rendezvous `e` performed. */
function sideDesc(e: Ev, x: number): OpDesc {
  return (x === e.goroutine ? e.desc : e.otherDesc)!;
}

import type { Goroutine } from "../../runtime/goroutine";
import { Woken, type Op } from "../../runtime/op";
import { traitsOf, Touch, type OpTraits } from "../../runtime/view";
import type { ChanModel } from "./chan-model";
import { emptyFootprint, merged, type Footprint } from "../dependency";
import { Kind, rankOf, remake, same, goroutinesOf, type Ev } from "./event";
import type { EventLog } from "./event-log";
import { predict } from "./predict";
import { enables } from "./race-rules";

/**
 * What a goroutine would do if it ran at some state of the current execution, for the
 * strategy of dpor.ts: its possible next events now (to check them against a sleep set),
 * after a reordering (the event a reversed race ends with), and the select choice that
 * takes a given case.
 */
export class Candidates {
  constructor(private readonly log: EventLog) {}

  /** The events `g` could run next (`op`: its operation, when the runtime has cleared `g.op`). */
  of(g: Goroutine, op?: Op): Ev[] {
    const o = op ?? g.op;
    if (o === null) return [];
    const t = this.log.goroutineOf(g);
    const index = this.log.nextIndex(g);
    if (o instanceof Woken) {
      const by = this.log.completer(g);
      return [bare(by?.kind === Kind.Rdv ? Kind.Tail : Kind.Op, t, index, o.code, o.traits)];
    }
    const d = this.log.describe(o);
    if (d === null) return [bare(Kind.Op, t, index, o.code, traitsOf(o))];
    return predict(this.log.model, t, index, d, -1, (u) => this.log.rank(u));
  }

  /** The choice index that makes goroutine `t`, firing select `op` now, take case `k` (-1: none). */
  choiceFor(t: number, op: Op, k: number): number {
    const d = this.log.describe(op);
    return d === null ? -1 : this.log.model.readyCases(t, d).indexOf(k);
  }

  /**
   * True when goroutine `x`'s part of `later` may run in place of `e`, at position `i`
   * where `enabled` could run (channel operations are checked by {@link lastsFor}).
   */
  reversible(i: number, e: Ev, later: Ev, x: number, enabled: readonly number[]): boolean {
    const desc = x === later.goroutine ? later.desc : later.otherDesc;
    if (desc !== null || later.kind === Kind.Tail) return true;
    const since = x === later.goroutine ? later.since : later.otherSince;
    // A sleep that a tick after `e` woke: nothing can run it before `e` (every goroutine
    // must be blocked for the clock to advance, `e`'s too).
    if (later.traits.timed && this.tickBetween(Math.max(i, since), later.pos)) return false;
    if (since < i) return enabled.includes(x);
    return !later.blocking || !enables(e, later);
  }

  /** True when a tick ran after position `from` and before `to`. */
  private tickBetween(from: number, to: number): boolean {
    const events = this.log.events;
    for (let p = from + 1; p < to; p++) if (events[p]!.kind === Kind.Tick) return true;
    return false;
  }

  /**
   * The events a reversal of the race of `e` (at position `i`) with `later` can end with,
   * once the events of `notdep` have run: goroutine `x`'s next event as it would be then
   * (one per select case it could take; none when it could not run).
   */
  lastsFor(i: number, notdep: readonly Ev[], later: Ev, x: number): Ev[] {
    if (later.kind === Kind.Tail) return [later];
    const d = x === later.goroutine ? later.desc : later.otherDesc;
    // Not a channel operation: its outcome here is unknown (a compareAndSwap may now
    // fail or succeed), so it counts as writing what it touches, and what the goroutine
    // does next is unknown.
    if (d === null) return [remake(later, { choices: null, guessed: true, acc: asWrites(later.acc, later.traits) })];
    const { m, ranks } = this.stateAfter(i, notdep);
    const since = x === later.goroutine ? later.since : later.otherSince;
    const out = predict(m, x, rankOf(later, x), d, since, (u) => ranks.get(u) ?? 0);
    return out.map((p) => {
      if (p.kind === Kind.Rdv || !same(p, later)) return p;
      // The same outcome: what the goroutine then did (and whether it failed) is as it was.
      if (sameEffects(p, later)) return later;
      return later.tailAcc === null ? p : remake(p, { acc: merged(p.acc, later.tailAcc) });
    });
  }

  /**
   * What the goroutines of `e` (an event of this execution) would run next once `seq` has
   * run from position `i`: `e` itself when its outcome cannot change (a tail, an operation
   * on objects other than channels), else its channel operation as it would be then.
   */
  nextAfter(i: number, seq: readonly Ev[], e: Ev): Ev[] {
    if (e.kind === Kind.Tail || (e.desc === null && e.otherDesc === null)) return [e];
    const { m, ranks } = this.stateAfter(i, seq);
    const out: Ev[] = [];
    for (const x of goroutinesOf(e)) {
      // A goroutine that ran its step of `e` inside `seq` has gone past it.
      if ((ranks.get(x) ?? 0) > rankOf(e, x)) continue;
      const d = x === e.goroutine ? e.desc : e.otherDesc;
      if (d !== null) out.push(...predict(m, x, rankOf(e, x), d, -1, (u) => ranks.get(u) ?? 0));
    }
    return out;
  }

  /**
   * The channels, and the rank of each goroutine's next event, once the events before
   * position `i` of this execution and then `seq` have run.
   */
  private stateAfter(i: number, seq: readonly Ev[]): { m: ChanModel; ranks: Map<number, number> } {
    const m = this.log.modelAt(i);
    const ranks = new Map<number, number>();
    const see = (ev: Ev): void => {
      for (const t of goroutinesOf(ev)) ranks.set(t, rankOf(ev, t) + 1);
    };
    for (let k = 0; k < i; k++) see(this.log.events[k]!);
    for (const ev of seq) {
      see(ev);
      for (const f of ev.effects) m.apply(f);
    }
    return { m, ranks };
  }

  /** The tail side `t` of rendezvous `p` ran after it in the current execution, if any. */
  tailOf(p: Ev, t: number): Ev | null {
    const events = this.log.events;
    if (p.pos < 0 || !same(events[p.pos] ?? p, p) || events[p.pos] === undefined) return null;
    const index = rankOf(p, t) + 1;
    for (let k = p.pos + 1; k < events.length; k++) {
      const e = events[k]!;
      if (e.kind === Kind.Tail && e.goroutine === t && e.index === index) return e;
    }
    return null;
  }
}

/** `a` with its reads counted as writes, unless the operation only ever reads. */
function asWrites(a: Footprint, traits: OpTraits): Footprint {
  if (traits.touch === Touch.Read || a.reads.length === 0) return a;
  return { ...a, reads: [], writes: [...a.writes, ...a.reads.filter((o) => !a.writes.includes(o))] };
}

/** True when `p` changes the channels as `e` did (leaving aside `e`'s joining queues afterwards). */
function sameEffects(p: Ev, e: Ev): boolean {
  const mine = e.effects.filter((f) => f.k !== "join");
  return JSON.stringify(p.effects) === JSON.stringify(mine);
}

/** An event known by its goroutine and rank only (a step whose effect is not predicted). */
function bare(kind: Kind, goroutine: number, index: number, code: number, traits: OpTraits): Ev {
  return remake({
    kind, goroutine, index, other: -1, otherIndex: -1, cases: [], choices: null, acc: emptyFootprint(), tailAcc: null, guessed: true, code, traits, desc: null,
    otherDesc: null, blocking: false, pos: -1, since: -1, otherSince: -1, cause: null, firers: [], firerChoices: [],
    firedBy: goroutine, effects: [], clock: [],
  });
}

import type { Op } from "../../runtime/op";
import { ownFootprint, rdvFootprint } from "./chan-footprint";
import { unbuffered, type ChanModel, type OpDesc } from "./chan-model";
import { queueKey } from "../dependency";
import { Kind, RDV, remake, type Ev } from "./event";

/** The case a select took when it fired itself (-1: its default, or it did not fire). */
export function selectCase(op: Op): number {
  return op.channel?.().taken ?? -1;
}

/** A side of a rendezvous that could fire it, and the data choices it would make. */
export interface Firer {
  readonly t: number;
  readonly choices: number[];
}

/**
 * The sides of a rendezvous of `s` (case `ks` of `ds`, -1 for a plain send) and `r`
 * that could fire it in state `model`: firing, each pairs with the first goroutine
 * waiting in the other queue, which must be the other side.
 */
export function firersOf(model: ChanModel, s: number, ds: OpDesc, ks: number, r: number, dr: OpDesc, kr: number): Firer[] {
  const out: Firer[] = [];
  const sides: [number, OpDesc, number, number, number][] = [[s, ds, ks, r, kr], [r, dr, kr, s, ks]];
  for (const [x, d, kx, y, ky] of sides) {
    const k = Math.max(kx, 0);
    const c = d.cases[k]!;
    const ready = model.readyCases(x, d);
    if (!ready.includes(k)) continue;
    const p = model.first(queueKey(c.chan, !c.send), x);
    if (p === undefined || p.t !== y || p.c !== Math.max(ky, 0)) continue;
    out.push({ t: x, choices: d.kind === "select" && ready.length > 1 ? [ready.indexOf(k)] : [] });
  }
  return out;
}

/**
 * What goroutine `x` (next event of rank `xi`, pending since `since`) would do if it ran
 * its channel operation `d` in state `model`: one event per case a select could take,
 * none when it could not run. `rank` gives other goroutines' next ranks. Events of one
 * goroutine carry no accesses of what it does after its operation (unknown here).
 */
export function predict(model: ChanModel, x: number, xi: number, d: OpDesc, since: number, rank: (t: number) => number): Ev[] {
  if (d.kind === "close") return [opEvent(model, x, xi, d, 0, [], since)];
  const ready = model.readyCases(x, d);
  const select = d.kind === "select";
  if (ready.length === 0) return select && d.hasDefault ? [opEvent(model, x, xi, d, -1, [], since)] : [];
  return ready.map((k, i) => {
    const choices = select && ready.length > 1 ? [i] : [];
    const c = d.cases[k]!;
    const p = unbuffered(c) && !model.closed(c.chan) ? model.first(queueKey(c.chan, !c.send), x) : undefined;
    if (p === undefined) return opEvent(model, x, xi, d, select ? k : 0, choices, since);
    const sel = (dd: OpDesc, kk: number): number => (dd.kind === "select" ? kk : -1);
    const mine = { t: x, i: xi, d, k: sel(d, k), since };
    const theirs = { t: p.t, i: rank(p.t), d: p.d, k: sel(p.d, p.c), since: -1 };
    const [snd, rcv] = c.send ? [mine, theirs] : [theirs, mine];
    const firers = firersOf(model, snd.t, snd.d, snd.k, rcv.t, rcv.d, rcv.k);
    return remake({
      kind: Kind.Rdv, goroutine: snd.t, index: snd.i, other: rcv.t, otherIndex: rcv.i, cases: [snd.k, rcv.k], choices,
      tailAcc: null, guessed: false, acc: rdvFootprint(snd.t, snd.d, Math.max(snd.k, 0), rcv.t, rcv.d, Math.max(rcv.k, 0)), code: RDV.code, traits: RDV.traits!,
      desc: snd.d, otherDesc: rcv.d, blocking: true, pos: -1, since: snd.since, otherSince: rcv.since, cause: null,
      firers: firers.map((f) => f.t), firerChoices: firers.map((f) => f.choices), firedBy: x,
      effects: model.fire(x, d, k).effects, clock: [],
    });
  });
}

function opEvent(model: ChanModel, x: number, xi: number, d: OpDesc, k: number, choices: number[], since: number): Ev {
  const acc = ownFootprint(x, d, k, model);
  const effects = model.fire(x, d, k).effects;
  // A send on a closed channel, or closing one twice, panics: the execution ends there.
  if (effects.some((f) => f.k === "panic")) acc.all = true;
  return remake({
    kind: Kind.Op, goroutine: x, index: xi, other: -1, otherIndex: -1, cases: d.kind === "select" ? [k] : [], choices,
    acc, tailAcc: null, guessed: true, code: d.code, traits: d.traits, desc: d, otherDesc: null, blocking: d.kind !== "close",
    pos: -1, since, otherSince: -1, cause: null, firers: [], firerChoices: [], firedBy: x,
    effects, clock: [],
  });
}

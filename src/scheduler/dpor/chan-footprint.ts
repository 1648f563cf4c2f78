// Idea: per-object dependency as in loom and Godefroid's partial-order methods (1996),
// refined for channels: a wait queue is an object of its own (FIFO pairing decides who
// meets whom), so joining one commutes with a rendezvous of others.
import type { Op } from "../../runtime/op";
import { traitsOf } from "../../runtime/view";
import { unbuffered, type CaseDesc, type ChanModel, type OpDesc } from "./chan-model";
import type { Goroutine } from "../../runtime/goroutine";
import { classify, emptyFootprint, objectsOf, precise, queueKey, queues, type Footprint, type ObjectKey } from "../dependency";

/**
 * How channel events touch channels and their wait queues (see dependency.ts). A
 * channel's own id stands for its buffer and whether it is closed; its queues have keys
 * of their own. Every access here is the same whichever side of a rendezvous fired it.
 */

function add(into: number[], x: number): void {
  if (!into.includes(x)) into.push(x);
}

/** What a select waiting on case `c` reads to know whether it is ready, and its leaving that queue. */
function watch(a: Footprint, t: number, c: CaseDesc): void {
  if (c.nil) return;
  add(a.reads, c.chan);
  if (!unbuffered(c)) return;
  add(a.peeks, queueKey(c.chan, !c.send));
  a.pops.push({ q: queueKey(c.chan, c.send), t, head: false });
}

/** The other cases of a select side `d` of an event (`k`: the case it used). */
function others(a: Footprint, t: number, d: OpDesc, k: number): void {
  if (d.kind !== "select") return;
  d.cases.forEach((c, j) => {
    if (j !== k) watch(a, t, c);
  });
}

/** A rendezvous of sender `s` (case `ks` of `ds`) and receiver `r` (case `kr` of `dr`). */
export function rdvFootprint(s: number, ds: OpDesc, ks: number, r: number, dr: OpDesc, kr: number): Footprint {
  const a = emptyFootprint();
  const c = ds.cases[Math.max(ks, 0)]!;
  a.reads.push(c.chan);
  a.pops.push({ q: queueKey(c.chan, true), t: s, head: true }, { q: queueKey(c.chan, false), t: r, head: true });
  others(a, s, ds, ks);
  others(a, r, dr, kr);
  return a;
}

/**
 * Goroutine `t` firing channel operation `d` itself with no partner: a close, a buffered
 * send or receive, a receive on a closed channel, a select taking case `k` (-1: default).
 * `model` is the state before the step (did a buffered case change the buffer?).
 */
export function ownFootprint(t: number, d: OpDesc, k: number, model: ChanModel): Footprint {
  const a = emptyFootprint();
  if (d.kind === "close") {
    a.writes.push(d.cases[0]!.chan);
    return a;
  }
  if (d.kind === "select") {
    for (const c of d.cases) watch(a, t, c);
  } else {
    watch(a, t, d.cases[0]!);
  }
  const c = k >= 0 ? d.cases[k] : d.kind === "select" ? undefined : d.cases[0];
  if (c === undefined || unbuffered(c)) return a;
  const changes = c.send ? !model.closed(c.chan) : model.items(c.chan) > 0;
  if (changes) {
    a.reads.splice(a.reads.indexOf(c.chan), 1);
    add(a.writes, c.chan);
  }
  return a;
}

/** An operation still pending when the execution ended, as if it fired with any partner. */
export function pendingFootprint(t: number, d: OpDesc): Footprint {
  const a = emptyFootprint();
  if (d.kind === "close") {
    a.writes.push(d.cases[0]!.chan);
    return a;
  }
  for (const c of d.cases) {
    if (c.nil) continue;
    if (!unbuffered(c)) {
      add(a.writes, c.chan);
      continue;
    }
    watch(a, t, c);
    a.pops.push({ q: queueKey(c.chan, !c.send), t: -1, head: true });
  }
  return a;
}

/**
 * Add to `a` what announcing `next` did: joining the wait queues of its unbuffered
 * channels, or the wait list of another object (a write of it).
 */
export function addAnnounce(a: Footprint, next: Op, key: ObjectKey, desc: OpDesc | null): void {
  // A sleep arms its alarm: only the next tick, which conflicts with every event, reads it.
  if (next.announce === undefined || traitsOf(next).timed) return;
  if (desc !== null) {
    for (const c of desc.cases) if (unbuffered(c)) add(a.pushes, queueKey(c.chan, c.send));
    return;
  }
  if (!precise(next)) {
    a.all = true;
    return;
  }
  for (const o of objectsOf(next)) {
    if (!queues(o)) continue;
    const id = key(o);
    if (a.writes.includes(id)) continue;
    a.writes.push(id);
    if (!a.reads.includes(id)) a.joined.push(id);
  }
}

/** How `op`, about to fire for `g`, touches objects; a sleep touches none (its wake-up is a tick's doing). */
export function stepFootprint(op: Op, g: Goroutine, key: ObjectKey): Footprint {
  return traitsOf(op).timed ? emptyFootprint() : classify(op, g, key);
}

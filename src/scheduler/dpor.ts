import { activeExecution } from "../runtime/active";
import type { Goroutine } from "../runtime/goroutine";
import { OpCode, type Op } from "../runtime/op";
import { conflict } from "./dependency";
import { before, dependent, EventLog, join, type Clock, type Ev } from "./event-log";
import { quiet, reversible, sameRendezvous } from "./race-rules";
import type { Strategy } from "./strategy";
import { insert, leaf, weakInitial, type WNode } from "./wakeup-tree";

/**
 * Optimal dynamic partial-order reduction: Abdulla, Aronis, Jonsson and Sagonas,
 * "Optimal Dynamic Partial Order Reduction", POPL 2014 (Algorithm 2: wakeup trees and
 * sleep sets), over the per-object dependency of dependency.ts. Each execution is run
 * from the start (the runtime cannot save states); the strategy replays the prefix it
 * shares with the previous one, then follows the next wakeup sequence.
 *
 * Departures from the paper:
 * - Blocking operations (race-rules.ts). A race is reversed only when the later step
 *   could have run in place of the earlier one: when it was already pending there, the
 *   recorded enabled set decides; otherwise pairs where the earlier step is what enabled
 *   the later one (an unlock and the next lock, a buffered send and the receive, a
 *   `done` and the `wait` it releases, joining a wait queue and the partner) are not
 *   races, and the "no race in between" condition looks only at reversible races, so
 *   two lock acquisitions race across the unlock between them. Elsewhere reversal is
 *   assumed possible; a wakeup sequence that turns out not to be runnable (a goroutine
 *   it names is not enabled when its turn comes) is dropped (`stats.infeasible`).
 * - Operations still pending when an execution ends (a blocked goroutine) take part in
 *   race detection as steps that did not run, so schedules where they would have run
 *   are found.
 * - Data choices (select cases, timers, racy reads) are part of a step: a step that makes
 *   a fresh choice adds its other options as branches right after it at the same state.
 * - A rendezvous is one joint step whichever side fires it (see `partners`); an
 *   operation a partner may complete never counts as a weak initial by commuting
 *   (wakeup-tree.ts), since it may never run as a step of its own.
 * - Virtual time: once an execution has timers, every later step conflicts with every
 *   other (dependency.ts), which is sound but reduces nothing there.
 */
interface Node {
  /** The wakeup tree at this state; its children are the branches still to explore. */
  readonly tree: WNode;
  taken: WNode | null;
  readonly sleep: Ev[];
  /** Stable ids of the goroutines the strategy could pick at this state. */
  enabled: number[];
}

export class DporStrategy implements Strategy {
  readonly name = "dpor";
  readonly bound = null;
  complete = false;
  /** Executions, dropped infeasible branches, executions that ran into their sleep set. */
  readonly stats = { executions: 0, infeasible: 0, redundant: 0 };
  private readonly log = new EventLog();
  private readonly root = leaf(-1, null, null);
  private nodes: Node[] = [];
  private replay = 0;
  private at = 0;
  private choice = 0;
  private attached = false;
  private last = -1;
  private blocked = false;

  begin(): boolean {
    if (this.complete) return false;
    this.attached = false;
    this.at = 0;
    this.last = -1;
    this.blocked = false;
    return true;
  }

  pick(enabled: readonly Goroutine[]): number {
    this.attach();
    this.log.settle();
    const threads = enabled.map((g) => this.log.threadOf(g));
    const chosen = this.decide(threads);
    const i = threads.indexOf(chosen.thread);
    return i >= 0 ? i : 0;
  }

  fired(g: Goroutine, op: Op, step: number): void {
    this.attach();
    this.log.settle(g, op);
    const thread = this.log.threadOf(g);
    if (this.at === step - 1) this.decide([thread]);
    const node = this.nodes[step - 1]!;
    if (node.taken!.thread !== thread) {
      this.stats.infeasible++;
      node.taken = leaf(thread, null, null);
      node.tree.children.unshift(node.taken);
    }
    node.taken!.ev = this.log.step(g, op);
    this.last = thread;
    this.choice = 0;
  }

  choose(n: number, _kind: string, step: number): number {
    const node = this.nodes[step - 1]!;
    const taken = node.taken!;
    const ev = taken.ev!;
    const j = this.choice++;
    let i = 0;
    if (taken.choices !== null && j < taken.choices.length) {
      i = taken.choices[j]! < n ? taken.choices[j]! : 0;
    } else {
      // The other options run right after this one, before any other branch here: a
      // goroutine counts as asleep in later branches only once every option has run.
      const prefix = ev.choices!.slice();
      const children = node.tree.children;
      const at = children.indexOf(taken) + 1;
      for (let alt = n - 1; alt >= 1; alt--) {
        const choices = [...prefix, alt];
        children.splice(at, 0, leaf(ev.thread, choices, { ...ev, choices }));
      }
      taken.choices = [...prefix, 0];
    }
    this.log.chose(i);
    return i;
  }

  end(): void {
    const pending = this.log.pending();
    const events = this.log.events;
    this.stats.executions++;
    if (this.blocked) this.stats.redundant++;
    this.detectRaces(events, pending);
    this.backtrack(this.partners(events));
  }

  private attach(): void {
    if (this.attached) return;
    this.attached = true;
    this.log.reset(activeExecution());
  }

  /** Decide the step at position `this.at` among the goroutines that may run. */
  private decide(threads: number[]): WNode {
    const k = this.at++;
    let node = this.nodes[k];
    if (node === undefined) node = this.grow(k, threads);
    if (k < this.replay) return node.taken!;
    node.enabled = threads;
    const children = node.tree.children;
    while (children.length > 0) {
      const c = children[0]!;
      if (threads.includes(c.thread)) return (node.taken = c);
      children.shift();
      this.stats.infeasible++;
    }
    const asleep = (t: number): boolean => node.sleep.some((s) => s.thread === t);
    let t = threads.includes(this.last) && !asleep(this.last) ? this.last : threads.find((x) => !asleep(x));
    if (t === undefined) {
      t = threads[0]!;
      this.blocked = true;
    }
    node.taken = leaf(t, null, null);
    children.push(node.taken);
    return node.taken;
  }

  private grow(k: number, threads: number[]): Node {
    const parent = k === 0 ? null : this.nodes[k - 1]!;
    const tree = parent === null ? this.root : parent.taken!;
    const ran = parent?.taken?.ev;
    const sleep = parent === null || ran == null ? [] : parent.sleep.filter((s) => !dependent(s, ran));
    const node: Node = { tree, taken: null, sleep, enabled: threads };
    this.nodes[k] = node;
    return node;
  }

  private detectRaces(events: readonly Ev[], pending: readonly Ev[]): void {
    const preds: Clock[] = [];
    const clocks = new Map<number, Clock>();
    for (const e of events) {
      // A partner's completion counts as what came before the return it caused.
      const own = clocks.get(e.thread) ?? e.cause?.clock ?? [];
      preds.push(e.code === OpCode.Woken && e.cause !== null ? join(own.slice(), e.cause.clock) : own);
      clocks.set(e.thread, e.clock);
    }
    for (let j = this.replay; j < events.length; j++) this.racesOf(events, events[j]!, j, preds[j]!);
    for (const p of pending) this.racesOf(events, p, events.length, clocks.get(p.thread) ?? p.cause?.clock ?? []);
  }

  /** Find the steps `later` races with, and schedule the reversal of each. */
  private racesOf(events: readonly Ev[], later: Ev, j: number, pred: Clock): void {
    const found: number[] = [];
    for (let i = 0; i < j; i++) {
      const e = events[i]!;
      if (e.thread === later.thread || !conflict(e.acc, later.acc)) continue;
      if ((pred[e.thread] ?? 0) > e.index) continue;
      if (reversible(i, e, later, this.nodes[i]!.enabled)) found.push(i);
    }
    for (const i of found) {
      const e = events[i]!;
      if (found.some((c) => c !== i && before(e, events[c]!))) continue;
      const v: Ev[] = [];
      for (let k = i + 1; k < j; k++) if (!before(e, events[k]!)) v.push(events[k]!);
      // Moved before `e`, the later step may choose differently (that is the race).
      v.push({ ...later, choices: null });
      this.schedule(i, v);
    }
  }

  /**
   * A rendezvous can be fired by either side; whichever fires goes on at once, and the
   * other returns later (its `Woken` step). When what a side does after it, before its
   * next operation, is invisible (it is "quiet"), the schedules where that side fired
   * are among those where the other side fired. So: if the side that fired is quiet,
   * the other side joins the sleep set (see `backtrack`); if it is not but the other
   * side is, the other side firing covers every schedule of this subtree, which is
   * dropped for it; if neither is quiet, both sides are branches. A select completed by
   * a partner is always a branch of its own too: fired itself, it may take another case.
   * Returns the position to backtrack from (this subtree is abandoned above it).
   */
  private partners(events: readonly Ev[]): number {
    let from = events.length - 1;
    for (let j = this.replay; j < events.length; j++) {
      const ev = events[j]!;
      if (ev.completed.length === 0) continue;
      const node = this.nodes[j]!;
      const children = node.tree.children;
      for (const p of ev.completed) {
        if (quiet(ev) && p.code !== OpCode.Select) continue;
        if (!node.enabled.includes(p.thread) || node.sleep.some((s) => s.thread === p.thread)) continue;
        if (!children.some((c) => c.thread === p.thread)) {
          children.splice(children.indexOf(node.taken!) + 1, 0, leaf(p.thread, null, p));
        }
        const back = events.find((e) => e.code === OpCode.Woken && e.cause === ev && e.thread === p.thread);
        if (!quiet(ev) && back !== undefined && quiet(back) && j < from) from = j;
      }
    }
    return from;
  }

  private schedule(i: number, v: Ev[]): void {
    const node = this.nodes[i]!;
    if (!node.enabled.includes(v[0]!.thread)) return;
    if (node.sleep.some((s) => weakInitial(s, v))) return;
    insert(node.tree, v);
  }

  private backtrack(from: number): void {
    for (let m = from; m >= 0; m--) {
      const node = this.nodes[m]!;
      const taken = node.taken!;
      const children = node.tree.children;
      const at = children.indexOf(taken);
      if (at >= 0) children.splice(at, 1);
      if (taken.ev !== null) node.sleep.push(taken.ev, ...sameRendezvous(taken.ev));
      if (children.length > 0) {
        this.nodes.length = m + 1;
        this.replay = m;
        return;
      }
    }
    this.nodes = [];
    this.complete = true;
  }
}

import type { Goroutine } from "../../runtime/goroutine";
import type { Op } from "../../runtime/op";
import type { ExecutionView } from "../../runtime/view";
import { Candidates } from "./candidates";
import { DfsStrategy } from "../dfs";
import { growNode, prune, settleTail, settleTaken, settleTick, sleeperAt, type Node } from "./dpor-node";
import { Kind, type Ev } from "./event";
import { EventLog } from "./event-log";
import { Planner, type Plan } from "./planner";
import { RaceFinder } from "./races";
import type { Strategy } from "../strategy";
import { drop, leaf } from "./wakeup-tree";

/**
 * Optimal dynamic partial-order reduction: Abdulla, Aronis, Jonsson and Sagonas,
 * "Optimal Dynamic Partial Order Reduction", POPL 2014 (Algorithm 2: wakeup trees and
 * sleep sets; "Source Sets", JACM 2017), over the events of event.ts and the dependency
 * of dependency.ts. It runs one execution per equivalence class of the relation below.
 *
 * Two executions are equivalent when they are made of the same events and order every
 * two dependent events alike (Mazurkiewicz traces). An event is one goroutine's step
 * (its operation and what it does up to its next one), except that an unbuffered
 * rendezvous is one event of both goroutines, whichever side fired it; each side then
 * goes on with a tail event of its own. Two events are dependent when they share a
 * goroutine, one started the other's goroutine or completed its operation, or they touch
 * an object in ways that do not commute (dependency.ts): on an unbuffered channel, the
 * order in which goroutines join one wait queue decides who pairs first and is part of
 * the trace; a goroutine joining a queue commutes with a rendezvous of others; two
 * rendezvous on one channel do not commute; a select's readiness check depends on the
 * queues and buffers of all its cases; a step that fails (a panic) conflicts with every
 * event. An advance of virtual time is an event of the clock (a tick: the timers due
 * fire, which happens only when every goroutine is blocked) and conflicts with every
 * event, so which events ran before which advance is part of the trace. Data choices
 * (select cases, racy reads) are part of an event, and a rendezvous is known by its two
 * sides, not by who fired it. trace-key.ts names a trace by its Foata normal form (the
 * tests compare dpor's traces with dfs's by it).
 *
 * Departures from the paper:
 * - The runtime cannot save states: each execution runs from the start, replaying the
 *   prefix it shares with the previous one, then following the next wakeup sequence.
 * - A goroutine that fires a rendezvous runs its tail in the same scheduling step. The
 *   state between a rendezvous and that tail is a node of its own whose branches are
 *   the tails of the sides that could fire it (a sleep set there keeps a tail already
 *   explored from being explored again after the other side fires). Wakeup sequences
 *   are ordered so that the runtime can run them (realize.ts); a race with a tail is
 *   reversed by having the other side fire, or before the rendezvous.
 * - Whether a channel operation can run after a reordering, and with which partner, is
 *   computed from a model of the channels (chan-model.ts); for other blocking
 *   operations, race-rules.ts says which races cannot be reversed. Operations still
 *   pending when an execution ends take part in race detection as events that did not
 *   run. Every race of each execution is examined (races.ts). A planned step that turns
 *   out different is counted in `stats.infeasible`.
 * - Data choices: a step that makes a fresh choice adds its other options as branches at
 *   the same state (a select's other ready cases, unless asleep). Since a goroutine's
 *   next step is then not a function of the state, an event that a wakeup sequence does
 *   not contain stands for it (as a weak initial, in a sleep set or a wakeup tree) only
 *   if it is not another choice of the step the sequence reverses a race against and
 *   commutes with what that step's goroutines do next (races.ts, wakeup-tree.ts).
 * - Branches whose every sequence a sleeping event now covers are dropped (their events
 *   were partly predicted when they were added); a leaf that covers a later sequence is
 *   extended with it, so that a branch always says what it stands for (dpor-node.ts).
 * - Virtual time: a tick is not a step anyone chooses. It runs exactly when every
 *   goroutine is blocked, so at the state before it nothing else could run: its races
 *   are never reversed, and its node has no other branch. What moves an event to the
 *   other side of a tick is another order of the goroutines' own events (the loser of a
 *   race for a lock or a value waits past the tick), so races between goroutines are
 *   looked for across ticks as anywhere else; the wakeup sequence that reverses one
 *   holds only events from before the tick (a sleep that a later tick woke cannot be
 *   moved there, candidates.ts). A sleep touches nothing (its wake-up is the tick's
 *   doing); what a tick, a timer's stop or reset or a context's cancel does to channels
 *   reaches the channel model through chan-sync.ts. Exactness here is checked against
 *   dfs on generated timer programs (the same traces, none twice, nothing infeasible
 *   or redundant), not proven for every program. One case still falls back:
 *   a goroutine started by `afterFunc` has no stable name (timers at one instant fire in
 *   the order they were armed, which equivalent executions need not share), so once an
 *   execution has one, dpor starts over and explores as dfs.ts does (`stats.untimed`).
 *
 * `stats.redundant` counts executions that found every goroutine asleep (the paper's
 * algorithm has none; the tests assert it stays 0).
 */
export class DporStrategy implements Strategy {
  readonly name = "dpor";
  readonly bound = null;
  complete = false;
  /**
   * Executions; dropped or diverging branches; executions that ran into their sleep set;
   * rendezvous whose partner the channel model did not predict (a bug if not 0); and how
   * many executions ran before a goroutine started by `afterFunc` sent dpor to dfs (null: none did).
   */
  readonly stats = { executions: 0, infeasible: 0, redundant: 0, mismatches: 0, untimed: null as number | null };
  private readonly log = new EventLog();
  private readonly cands = new Candidates(this.log);
  private readonly races = new RaceFinder(this.log, this.cands);
  private readonly planner = new Planner(this.cands);
  private readonly root = leaf(null);
  private nodes: Node[] = [];
  private replay = 0;
  private at = 0;
  private plan: Plan | null = null;
  private choice = 0;
  private attached = false;
  private firing: Op | null = null;
  /** Position of the node that decided the current (or last) scheduling step. */
  private stepNode = 0;
  /** Set once an execution had a goroutine started by `afterFunc`: from then on dfs explores instead (see above). */
  private dfs: DfsStrategy | null = null;

  begin(): boolean {
    if (this.dfs !== null) return this.dfsBegin();
    if (this.complete) return false;
    this.attached = false;
    this.at = 0;
    this.planner.last = -1;
    this.planner.blocked = false;
    this.plan = null;
    return true;
  }

  pick(enabled: readonly Goroutine[], _step: number, view: ExecutionView): number {
    if (this.dfs !== null) return this.dfs.pick(enabled);
    this.attach(view);
    this.absorb(this.log.settle());
    const goroutines = enabled.map((g) => this.log.goroutineOf(g));
    this.plan = this.decide(enabled, goroutines);
    const i = goroutines.indexOf(this.plan.goroutine);
    return i >= 0 ? i : 0;
  }

  fired(g: Goroutine, op: Op, _step: number, view: ExecutionView): void {
    if (this.dfs !== null) return this.dfs.fired(g);
    this.attach(view);
    this.absorb(this.log.settle(g, op));
    const t = this.log.goroutineOf(g);
    this.plan ??= this.decide([g], [t], op);
    if (this.plan.goroutine !== t) {
      this.stats.infeasible++;
      this.plan = { goroutine: t, caseIdx: null };
    }
    this.log.begin(g, op);
    this.stepNode = this.at;
    this.firing = op;
    this.planner.last = t;
    this.choice = 0;
  }

  choose(n: number, kind: string): number {
    if (this.dfs !== null) return this.dfs.choose(n);
    const plan = this.plan;
    let i: number;
    if (kind === "select" && plan !== null && plan.caseIdx !== null && this.firing !== null) {
      i = this.cands.choiceFor(plan.goroutine, this.firing, plan.caseIdx);
      if (i < 0 || i >= n) {
        this.stats.infeasible++;
        i = 0;
      }
    } else {
      i = this.fresh(n);
    }
    this.log.chose(i);
    return i;
  }

  end(): void {
    this.stats.executions++;
    if (this.dfs !== null) return this.dfsEnd();
    this.absorb(this.log.settle());
    const pending = this.log.pending();
    if (this.planner.blocked) this.stats.redundant++;
    this.stats.mismatches = this.log.mismatches;
    if (this.log.orphaned) {
      // An afterFunc's goroutine: start over with dfs.
      this.stats.untimed = this.stats.executions;
      this.dfs = new DfsStrategy({ seed: "", preemptionBound: undefined, pctDepth: 0, maxSteps: 0 });
      this.nodes = [];
      return;
    }
    this.races.find(this.nodes, this.log.events, pending);
    this.backtrack();
  }

  private dfsBegin(): boolean {
    if (this.dfs!.begin()) return true;
    this.complete = true;
    return false;
  }

  private dfsEnd(): void {
    this.dfs!.end();
    this.complete = this.dfs!.complete;
  }

  private attach(view: ExecutionView): void {
    if (this.attached) return;
    this.attached = true;
    this.log.reset(view);
  }

  /** A data choice with no plan: replay the node's choices, or take option 0 and branch. */
  private fresh(n: number): number {
    const node = this.nodes[this.stepNode];
    const taken = node?.taken;
    if (node === undefined || taken == null) return 0;
    const j = this.choice++;
    if (taken.choices !== null && j < taken.choices.length) return taken.choices[j]! < n ? taken.choices[j]! : 0;
    // The other options run right after this one, before any other branch here.
    const prefix = taken.choices?.slice(0, j) ?? [];
    const children = node.tree.children;
    const at = children.indexOf(taken) + 1;
    for (let alt = n - 1; alt >= 1; alt--) children.splice(at, 0, leaf(null, taken.goroutine, [...prefix, alt]));
    taken.choices = [...prefix, 0];
    return 0;
  }

  /** Decide the step whose first event will be at position `this.at`. */
  private decide(gs: readonly Goroutine[], goroutines: number[], op?: Op): Plan {
    const p = this.at;
    const node = this.nodes[p] ?? growNode(this.nodes, this.root, p, goroutines);
    if (p < this.replay) return this.planner.planFor(node.taken!, gs, goroutines, op, true) ?? { goroutine: goroutines[0]!, caseIdx: null };
    node.enabled = goroutines;
    const children = node.tree.children;
    prune(node);
    while (children.length > 0) {
      const c = children[0]!;
      const plan = this.planner.planFor(c, gs, goroutines, op, false);
      if (plan !== null) {
        node.taken = c;
        // The end of a wakeup sequence ran in a state of its own: branch on its alternatives.
        if (c.children.length === 0 && c.ev !== null) this.planner.alternatives(node, gs, goroutines, op, c.ev);
        return plan;
      }
      drop(node.tree, children.shift()!);
      this.stats.infeasible++;
    }
    return this.planner.free(node, gs, goroutines, op);
  }

  /**
   * Record the events of the step that just ran on the nodes of their positions, then
   * the advances of virtual time that followed it, if any.
   */
  private absorb(evs: Ev[]): void {
    if (evs.length === 0) return;
    const n = evs[0]!.kind === Kind.Tick ? 0 : evs[0]!.kind === Kind.Rdv ? 2 : 1;
    const p = evs[0]!.pos;
    if (n > 0 && !settleTaken(this.nodes[p]!, evs[0]!)) this.stats.infeasible++;
    if (n > 1 && !settleTail(this.nodes, this.root, evs[0]!, evs[1]!, p + 1 >= this.replay)) this.stats.infeasible++;
    for (const tick of evs.slice(n)) if (!settleTick(this.nodes, this.root, tick)) this.stats.infeasible++;
    this.at = p + evs.length;
    this.plan = null;
    this.firing = null;
  }

  private backtrack(): void {
    for (let m = this.nodes.length - 1; m >= 0; m--) {
      const node = this.nodes[m]!;
      const taken = node.taken!;
      const children = node.tree.children;
      const at = children.indexOf(taken);
      if (at >= 0) children.splice(at, 1);
      if (taken.ev !== null) node.sleep.push(sleeperAt(this.nodes, m, taken.ev));
      prune(node);
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



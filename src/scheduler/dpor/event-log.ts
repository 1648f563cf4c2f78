import type { Goroutine } from "../../runtime/goroutine";
import { Woken, type Op } from "../../runtime/op";
import type { SyncObject } from "../../runtime/sync-object";
import { traitsOf, type ExecutionView } from "../../runtime/view";
import { listenToTime, type Alarm, type TimeListener } from "../../sync/timer-queue";
import { addAnnounce, ownFootprint, pendingFootprint, rdvFootprint, stepFootprint } from "./chan-footprint";
import { ChanModel, describeOp, pairs, type Effect, type OpDesc } from "./chan-model";
import { ChanSync } from "./chan-sync";
import { ConflictClocks } from "./conflict-clocks";
import { emptyFootprint, mayBlock, merged, type Footprint } from "../dependency";
import { Kind, join, RDV, remake, TAIL, TICK, type Ev, type Ran } from "./event";
import { firersOf, selectCase } from "./predict";
import { StableIds, type Followed } from "./stable-ids";

export { before, dependent, join, type Clock, type Ev } from "./event";

/** Failures that are states reached, not a step that failed. */
const STATES = new Set<string>(["deadlock", "leak", "livelock"]);

/** The scheduling step being run: who fired what, and the data choices made inside. */
interface Open {
  readonly g: Goroutine;
  readonly op: Op;
  readonly t: Followed;
  readonly choices: number[];
  /** How the operation touches objects other than channels, judged before it fires. */
  readonly acc: Footprint;
}

type Fields = { -readonly [K in keyof Omit<Ev, "clock" | "pos">]: Ev[K] };

/**
 * Follows one execution step by step (through the chooser's hooks) and builds its events
 * (event.ts) with happens-before clocks: program order, spawns, completions, and every
 * pair of conflicting events in the order they ran. It also keeps the channels' state
 * (chan-model.ts), so that the strategy can tell what a goroutine would do if it ran.
 * Each advance of virtual time is an event of its own (a `Tick`, see event.ts), recorded
 * as it happens: the step that blocked the last goroutine is settled first.
 */
export class EventLog implements TimeListener {
  private readonly ids = new StableIds();
  events: Ev[] = [];
  /** The channels as they are now (before the step being run). */
  model = new ChanModel();
  private exec: ExecutionView | null = null;
  private open: Open | null = null;
  /** Goroutines whose operation a partner completed, and the event that did it. */
  private wokenBy = new Map<Goroutine, Ev>();
  private clocks = new ConflictClocks();
  /** Channel changes no channel operation describes (timers, contexts). */
  private readonly sync = new ChanSync();
  /** Events settled when virtual time advanced, not yet handed out by {@link settle}. */
  private ready: Ev[] = [];
  private spawnMark = 0;
  /** An advance of virtual time started goroutines (`afterFunc`), which have no stable names, or plain async code ran (controlled awaits). */
  orphaned = false;
  /** Rendezvous whose partner the channel model did not predict (a bug if not 0). */
  mismatches = 0;
  readonly key = (o: SyncObject): number => {
    const id = this.ids.objectId(o);
    this.sync.see(id, o, this.model);
    return id;
  };

  private discover(by: Ev | null): void {
    this.ids.discover(this.exec!.goroutines, by);
  }

  /** Start following `exec`. */
  reset(exec: ExecutionView | null): void {
    this.exec = exec;
    this.events = [];
    this.model = new ChanModel();
    this.ids.reset();
    this.open = null;
    this.wokenBy = new Map();
    this.clocks = new ConflictClocks();
    this.sync.reset();
    this.ready = [];
    this.orphaned = false;
    if (exec !== null) listenToTime(exec, this);
  }

  /** Stable goroutine id of `g` (known once `g` has been seen). */
  goroutineOf(g: Goroutine): number {
    this.discover(null);
    return this.ids.goroutines.get(g)!.id;
  }

  /** Rank of the next event of `g`. */
  nextIndex(g: Goroutine): number {
    this.discover(null);
    return this.ids.goroutines.get(g)!.next;
  }

  /** The channel operation `op` describes, or null. */
  describe(op: Op): OpDesc | null {
    return describeOp(op, this.key);
  }

  /** The event that completed `g`'s pending operation, if one did. */
  completer(g: Goroutine): Ev | undefined {
    return this.wokenBy.get(g);
  }

  /** `op` is about to fire for `g` (after {@link settle}). */
  begin(g: Goroutine, op: Op): void {
    this.discover(null);
    this.ids.stepBegins(this.exec!.objectCount);
    this.open = { g, op, t: this.ids.goroutines.get(g)!, choices: [], acc: stepFootprint(op, g, this.key) };
  }

  /** A data choice made inside the current step. */
  chose(i: number): void {
    this.open?.choices.push(i);
  }

  /**
   * Finish the current step once its goroutine has stopped running, and return its
   * events. `firing` and `op` name the step about to run, when there is one (the runtime
   * clears `g.op` just before telling us that `g` fires).
   */
  settle(firing?: Goroutine, op?: Op): Ev[] {
    if (this.ready.length === 0) return this.close(firing, op);
    const out = this.ready;
    this.ready = [];
    return out;
  }

  /** Every goroutine is blocked: settle the step that ran last, before the timers fire. */
  advancing(due: readonly Alarm[]): void {
    this.ready.push(...this.close());
    // Name the timers' channels now, so that what they receive is the tick's doing.
    for (const a of due) if (a.chan != null) this.key(a.chan);
    this.spawnMark = this.exec!.goroutines.length;
  }

  /** The timers fired: one `Tick` event, which conflicts with every other. */
  advanced(): void {
    if (this.exec!.goroutines.length > this.spawnMark) this.orphaned = true;
    this.ready.push(this.emit({ ...this.base(this.ids.clock(), Kind.Tick, TICK, null), acc: { ...emptyFootprint(), all: true } }));
  }

  private close(firing?: Goroutine, op?: Op): Ev[] {
    const cur = this.open;
    if (cur === null) return [];
    this.open = null;
    const exec = this.exec!;
    const pendingOf = (h: Goroutine): Op | null => (h === firing ? op! : h.op);
    const completed: Goroutine[] = [];
    for (const h of exec.goroutines) {
      const p = pendingOf(h);
      if (h !== cur.g && p instanceof Woken && !this.wokenBy.has(h)) completed.push(h);
    }
    // Plain async code (exec.drain) touches state no operation names: dpor cannot order it, so dfs explores.
    if (exec.drain) this.orphaned = true;
    const partner = pairs(cur.op)
      ? completed.find((h) => pairs((pendingOf(h) as Woken).original))
      : undefined;
    const { t } = cur;
    this.ids.stepNamer(t.id, t.next + (partner === undefined ? 0 : 1));
    const tail = this.tail(cur, cur.g.done ? null : pendingOf(cur.g));
    const out = partner === undefined ? [this.single(cur, tail)] : this.rendezvous(cur, partner, pendingOf(partner) as Woken, tail);
    const last = out[out.length - 1]!;
    for (const h of completed) if (h !== partner) this.wokenBy.set(h, last);
    t.since = last.pos;
    this.discover(last);
    return out;
  }

  /** The operations still pending when the execution ended, as events that did not run. */
  pending(): Ev[] {
    this.settle();
    const out: Ev[] = [];
    for (const [g, t] of this.ids.goroutines) {
      if (g.done || g.op === null) continue;
      const by = this.wokenBy.get(g);
      const woken = g.op instanceof Woken;
      const desc = woken ? null : this.describe(g.op);
      const acc = desc !== null ? pendingFootprint(t.id, desc) : stepFootprint(g.op, g, this.key);
      out.push({
        ...this.base(t, woken && by?.kind === Kind.Rdv ? Kind.Tail : Kind.Op, g.op, desc),
        cause: woken ? by ?? null : t.next === 0 ? t.cause : null, acc, pos: -1, clock: [], blocking: mayBlock(g.op),
      });
    }
    return out.sort((a, b) => a.goroutine - b.goroutine);
  }

  /** The channels as they were before event `pos` of this execution. */
  modelAt(pos: number): ChanModel {
    const m = new ChanModel();
    for (const e of this.sync.initial) m.apply(e);
    for (let i = 0; i < pos; i++) for (const e of this.events[i]!.effects) m.apply(e);
    return m;
  }

  /** Rank of the next event of goroutine `t` (by stable id). */
  rank(t: number): number {
    return this.ids.byId[t]?.next ?? 0;
  }

  private base(t: Followed, kind: Kind, ran: Ran, desc: OpDesc | null): Fields {
    const { code } = ran;
    const traits = traitsOf(ran);
    return {
      kind, goroutine: t.id, index: t.next, other: -1, otherIndex: -1, cases: [], choices: [], acc: emptyFootprint(), tailAcc: null, guessed: false,
      code, traits, desc, otherDesc: null, blocking: false, since: t.since, otherSince: -1, cause: null, firers: [],
      firerChoices: [], firedBy: t.id, effects: [],
    };
  }

  /** What the goroutine of the step did after its operation: announcing `next`, starting goroutines. */
  private tail(cur: Open, next: Op | null): { acc: Footprint; effects: Effect[] } {
    const acc = emptyFootprint();
    const effects: Effect[] = [];
    if (next !== null) {
      const desc = this.describe(next);
      addAnnounce(acc, next, this.key, desc);
      if (desc !== null && next.announce !== undefined) effects.push({ k: "join", t: cur.t.id, d: desc });
    }
    if (this.ids.spawned(this.exec!.goroutines)) acc.spawns = true;
    return { acc, effects };
  }

  /** A step that did not rendezvous: one event. */
  private single(cur: Open, tail: { acc: Footprint; effects: Effect[] }): Ev {
    const { g, op, t } = cur;
    const woken = op instanceof Woken;
    const by = woken ? this.wokenBy.get(g) : undefined;
    if (woken) this.wokenBy.delete(g);
    if (by?.kind === Kind.Rdv) return this.emit({ ...this.base(t, Kind.Tail, op, null), ...tail, tailAcc: tail.acc });
    const desc = this.describe(op);
    const f: Fields = { ...this.base(t, Kind.Op, op, desc), choices: cur.choices, blocking: mayBlock(op) };
    f.cause = woken ? by ?? null : t.next === 0 ? t.cause : null;
    if (desc === null) {
      f.acc = cur.acc;
    } else {
      const k = desc.kind === "select" ? selectCase(op) : 0;
      if (desc.kind === "select") f.cases = [k];
      f.acc = ownFootprint(t.id, desc, k, this.model);
      f.effects = this.model.fire(t.id, desc, k).effects;
    }
    f.tailAcc = tail.acc;
    f.acc = merged(f.acc, tail.acc);
    f.effects = [...f.effects, ...tail.effects];
    return this.emit(f);
  }

  /** A step whose operation paired with `h`'s: the rendezvous, then the firer's tail. */
  private rendezvous(cur: Open, h: Goroutine, woken: Woken, tail: { acc: Footprint; effects: Effect[] }): Ev[] {
    const { op, t } = cur;
    const u = this.ids.goroutines.get(h)!;
    const mine = this.describe(op)!;
    const theirs = this.describe(woken.original)!;
    const k = mine.kind === "select" ? selectCase(op) : 0;
    const fired = this.model.fire(t.id, mine, k);
    const kk = fired.partner?.c ?? 0;
    const sends = mine.cases[k]!.send;
    const [s, ds, ks, r, dr, kr] = sends ? [t, mine, k, u, theirs, kk] : [u, theirs, kk, t, mine, k];
    const sel = (d: OpDesc, c: number): number => (d.kind === "select" ? c : -1);
    const firers = firersOf(this.model, s.id, ds, sel(ds, ks), r.id, dr, sel(dr, kr));
    if (fired.partner?.t !== u.id || !firers.some((f) => f.t === t.id)) this.mismatches++;
    const rdv = this.emit({
      ...this.base(s, Kind.Rdv, RDV, ds), other: r.id, otherIndex: r.next, cases: [sel(ds, ks), sel(dr, kr)],
      otherDesc: dr, blocking: true, otherSince: r.since, acc: rdvFootprint(s.id, ds, ks, r.id, dr, kr),
      firers: firers.map((x) => x.t), firerChoices: firers.map((x) => x.choices), firedBy: t.id, effects: fired.effects,
    });
    this.wokenBy.set(h, rdv);
    u.since = rdv.pos;
    return [rdv, this.emit({ ...this.base(t, Kind.Tail, TAIL, null), ...tail, tailAcc: tail.acc })];
  }

  /** Append `f` with its position and clock, advancing its goroutines and the channels. */
  private emit(f: Fields): Ev {
    // A step that failed (a panic, a data race...) ended the execution: nothing could run
    // after it, so it conflicts with every other event.
    const failure = this.exec!.failure;
    const failed = failure !== null && !STATES.has(failure.kind) && f.kind !== Kind.Rdv;
    const acc = failed ? { ...f.acc, all: true } : f.acc;
    const ev = remake(f as Ev, { pos: this.events.length, clock: [], acc });
    const mine = this.ids.byId[ev.goroutine]!;
    const base = mine.clock.slice();
    if (ev.kind === Kind.Rdv) join(base, this.ids.byId[ev.other]!.clock);
    if (ev.cause !== null) join(base, ev.cause.clock);
    ev.clock = this.clocks.next(base, ev.acc, (c) => {
      while (c.length <= Math.max(ev.goroutine, ev.other)) c.push(0);
      c[ev.goroutine] = ev.index + 1;
      if (ev.kind === Kind.Rdv) c[ev.other] = ev.otherIndex + 1;
    });
    for (const t of ev.kind === Kind.Rdv ? [mine, this.ids.byId[ev.other]!] : [mine]) {
      t.next++;
      t.clock = ev.clock;
    }
    this.events.push(ev);
    for (const e of ev.effects) this.model.apply(e);
    this.sync.ran(ev, this.model);
    return ev;
  }
}

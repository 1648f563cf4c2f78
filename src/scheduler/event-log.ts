import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { OpCode, type Op, type Woken } from "../runtime/op";
import type { SyncObject } from "../runtime/sync-object";
import { addAnnounce, classify, completable, mayBlock, queues, settleSelect } from "./dependency";
import { join, type Clock, type Ev } from "./event";

export { before, dependent, join, type Clock, type Ev } from "./event";

const RENDEZVOUS = new Set<number>([OpCode.Send, OpCode.Recv, OpCode.Select]);

interface Thread {
  readonly id: number;
  readonly key: string;
  next: number;
  children: number;
  since: number;
  clock: Clock;
  cause: Ev | null;
}

function buffered(o: SyncObject | null): boolean {
  return ((o as { cap?: number } | null)?.cap ?? 0) > 0;
}

/**
 * Follows one execution step by step (through the chooser's `fired` hook) and builds its
 * events with happens-before clocks: program order, spawns, partner completions, and
 * every pair of conflicting steps in the order they ran.
 */
export class EventLog {
  private readonly threadIds = new Map<string, number>();
  private readonly objectIds = new Map<string, number>();
  events: Ev[] = [];
  private exec: Execution | null = null;
  private threads = new Map<Goroutine, Thread>();
  private byId: Thread[] = [];
  private seen = 0;
  private orphans = 0;
  private objects: number[] = [];
  private starts: number[] = [];
  private current: Ev | null = null;
  private currentG: Goroutine | null = null;
  private currentOp: Op | null = null;
  /** Goroutines whose operation a partner completed, and the step that did it. */
  private wokenBy = new Map<Goroutine, Ev>();
  private writes = new Map<number, Clock>();
  private reads = new Map<number, Clock>();
  private allClock: Clock = [];
  private global: Clock = [];
  private spawnClock: Clock = [];
  private wgClock: Clock = [];
  private timers = false;
  private readonly key = (o: SyncObject): number => this.objectId(o);

  /** Start following `exec`. */
  reset(exec: Execution | null): void {
    this.exec = exec;
    this.events = [];
    this.threads = new Map();
    this.byId = [];
    this.seen = this.orphans = 0;
    this.objects = [];
    this.starts = [];
    this.current = this.currentG = null;
    this.wokenBy = new Map();
    this.writes = new Map();
    this.reads = new Map();
    this.allClock = [];
    this.global = [];
    this.spawnClock = [];
    this.wgClock = [];
    this.timers = false;
  }

  /** Stable thread id of `g` (known once `g` has been seen). */
  threadOf(g: Goroutine): number {
    this.discover(null);
    return this.threads.get(g)!.id;
  }

  /** `op` is about to fire for `g`: settle the previous step and open a new one. */
  step(g: Goroutine, op: Op): Ev {
    this.settle(g, op);
    const t = this.threads.get(g) ?? (this.discover(null), this.threads.get(g)!);
    const pos = this.events.length;
    this.starts.push(this.exec!.objectCount);
    const acc = classify(op, g, this.key);
    if (this.timers) acc.all = true;
    const cause = op.code === OpCode.Woken ? this.wokenBy.get(g) ?? null : t.next === 0 ? t.cause : null;
    if (op.code === OpCode.Woken) this.wokenBy.delete(g);
    const ev: Ev = {
      thread: t.id, index: t.next++, choices: [], acc, code: op.code, effect: op.code, blocking: mayBlock(op), completable: completable(op),
      buffered: buffered(op.target), pos, since: t.since, cause, clock: [], completed: [], announced: [],
    };
    this.events.push(ev);
    this.current = ev;
    this.currentG = g;
    this.currentOp = op;
    return ev;
  }

  /** A data choice made inside the current step. */
  chose(i: number): void {
    this.current?.choices!.push(i);
  }

  /**
   * Finish the current step once its goroutine has stopped running: add what announcing
   * its next operation touched, the goroutines it started, and its clock. `firing` and
   * `op` name the step about to run, when there is one.
   */
  settle(firing?: Goroutine, op?: Op): void {
    const ev = this.current;
    if (ev === null) return;
    const g = this.currentG!;
    const exec = this.exec!;
    this.current = this.currentG = null;
    // The runtime clears `g.op` just before telling us that `g` fires its next operation.
    const next = g === firing ? op! : g.op;
    if (ev.code === OpCode.Select && !this.timers) this.settleSelect(ev, this.currentOp!);
    if (!g.done && next !== null) ev.announced = addAnnounce(ev.acc, next, this.key);
    if (exec.idle !== null) this.timers = true;
    if (this.timers) ev.acc.all = true;
    if (exec.goroutines.length > this.seen) ev.acc.spawns = true;
    ev.clock = this.clockFor(ev);
    const t = this.byId[ev.thread]!;
    t.since = ev.pos;
    t.clock = ev.clock;
    this.discover(ev);
    for (const h of exec.goroutines) {
      const pending = h === firing ? op! : h.op;
      if (h !== g && pending !== null && pending.code === OpCode.Woken && !this.wokenBy.has(h)) {
        this.wokenBy.set(h, ev);
        const original = (pending as Woken).original;
        if (!RENDEZVOUS.has(original.code)) continue;
        ev.completed.push(this.pendingEv(h, original, []));
        // Completing the partner took it out of every wait queue it had joined.
        for (const o of original.targets ?? (original.target === null ? [] : [original.target])) {
          const id = this.key(o);
          if (queues(o) && !ev.acc.writes.includes(id)) ev.acc.writes.push(id);
        }
      }
    }
  }

  /** The operations still pending when the execution ended, as events that did not run. */
  pending(): Ev[] {
    this.settle();
    const out: Ev[] = [];
    for (const [g] of this.threads) {
      if (!g.done && g.op !== null) out.push(this.pendingEv(g, g.op, null));
    }
    return out.sort((a, b) => a.thread - b.thread);
  }

  /** `g`'s operation `op` as a step that has not run. */
  private pendingEv(g: Goroutine, op: Op, choices: number[] | null): Ev {
    const t = this.threads.get(g)!;
    const acc = classify(op, g, this.key);
    if (this.timers) acc.all = true;
    const cause = op.code === OpCode.Woken ? this.wokenBy.get(g) ?? null : t.next === 0 ? t.cause : null;
    return {
      thread: t.id, index: t.next, choices, acc, code: op.code, effect: op.code, blocking: mayBlock(op), completable: completable(op),
      buffered: buffered(op.target), pos: -1, since: t.since, cause, clock: [], completed: [], announced: [],
    };
  }

  private settleSelect(ev: Ev, op: Op): void {
    const did = settleSelect(ev.acc, op, this.key);
    if (did === null) return;
    ev.effect = did.effect;
    ev.buffered = buffered(did.chan);
  }

  /** The clock of `thread` before its next step. */
  clockBefore(ev: Ev): Clock {
    return this.byId[ev.thread]!.clock;
  }

  private clockFor(ev: Ev): Clock {
    const t = this.byId[ev.thread]!;
    const c = t.clock.slice();
    if (ev.cause !== null) join(c, ev.cause.clock);
    join(c, this.allClock);
    const a = ev.acc;
    if (a.all) join(c, this.global);
    for (const o of a.writes) {
      join(c, this.writes.get(o) ?? []);
      join(c, this.reads.get(o) ?? []);
    }
    for (const o of a.reads) join(c, this.writes.get(o) ?? []);
    if (a.spawns) join(c, this.wgClock);
    if (a.wg) join(c, this.spawnClock);
    while (c.length <= ev.thread) c.push(0);
    c[ev.thread] = ev.index + 1;
    for (const o of a.writes) {
      this.writes.set(o, c);
      this.reads.delete(o);
    }
    for (const o of a.reads) this.reads.set(o, join((this.reads.get(o) ?? []).slice(), c));
    if (a.all) this.allClock = c;
    join(this.global, c);
    if (a.spawns) join(this.spawnClock, c);
    if (a.wg) join(this.wgClock, c);
    return c;
  }

  /** Give stable ids to goroutines created since the last look; `by` is the step that ran. */
  private discover(by: Ev | null): void {
    const all = this.exec!.goroutines;
    for (; this.seen < all.length; this.seen++) {
      const g = all[this.seen]!;
      const parent = g.parent === null ? undefined : this.threads.get(g.parent);
      const key = parent === undefined ? `t${this.orphans++}` : `${parent.key}.${parent.children++}`;
      let id = this.threadIds.get(key);
      if (id === undefined) this.threadIds.set(key, (id = this.threadIds.size));
      const t: Thread = {
        id, key, next: 0, children: 0, since: by === null ? -1 : by.pos,
        clock: by === null ? [] : by.clock.slice(), cause: by,
      };
      this.threads.set(g, t);
      this.byId[id] = t;
    }
  }

  private objectId(o: SyncObject): number {
    const known = this.objects[o.id];
    if (known !== undefined) return known;
    let k = this.starts.length - 1;
    while (k >= 0 && this.starts[k]! >= o.id) k--;
    const ev = k >= 0 ? this.events[k]! : null;
    const name = ev === null ? `-:${o.id}` : `${ev.thread}:${ev.index}:${o.id - this.starts[k]!}`;
    let id = this.objectIds.get(name);
    if (id === undefined) this.objectIds.set(name, (id = this.objectIds.size));
    this.objects[o.id] = id;
    return id;
  }
}

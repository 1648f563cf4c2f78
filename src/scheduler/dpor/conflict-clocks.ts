// Idea: vector clocks (Fidge 1988, Mattern 1989) over the dependency relation, as DPOR
// computes happens-before between events (Flanagan and Godefroid, POPL 2005, section 4).
import type { Footprint } from "../dependency";
import { join, type Clock } from "./event";

/**
 * Happens-before clocks of partial-order reduction's events: for each object and wait
 * queue, the clocks of the last accesses a new event must follow (dependency.ts says
 * which accesses do not commute). Joins of two writes, two queue joins or two
 * front-of-queue leaves keep only the last: those are totally ordered.
 */
export class ConflictClocks {
  private readonly writes = new Map<number, Clock>();
  private readonly reads = new Map<number, Clock>();
  private readonly pushes = new Map<number, Clock>();
  private readonly heads = new Map<number, Clock>();
  private readonly selfs = new Map<number, Clock>();
  private readonly peeks = new Map<number, Clock>();
  private all: Clock = [];
  private readonly global: Clock = [];
  private readonly spawn: Clock = [];
  private readonly wg: Clock = [];

  /**
   * The clock of an event with accesses `a`, given `base` (its goroutines' clocks and its
   * causes joined); `own` then writes the event's own entries.
   */
  next(base: Clock, a: Footprint, own: (c: Clock) => void): Clock {
    const c = base.slice();
    const from = (m: Map<number, Clock>, k: number): void => {
      const x = m.get(k);
      if (x !== undefined) join(c, x);
    };
    join(c, this.all);
    if (a.all) join(c, this.global);
    for (const o of a.writes) {
      from(this.writes, o);
      from(this.reads, o);
    }
    for (const o of a.reads) from(this.writes, o);
    for (const q of a.pushes) {
      from(this.pushes, q);
      from(this.peeks, q);
    }
    for (const p of a.pops) {
      from(this.heads, p.q);
      from(this.peeks, p.q);
      if (p.head) from(this.selfs, p.q);
    }
    for (const q of a.peeks) {
      from(this.pushes, q);
      from(this.heads, q);
      from(this.selfs, q);
    }
    if (a.spawns) join(c, this.wg);
    if (a.wg) join(c, this.spawn);
    own(c);
    this.record(a, c);
    return c;
  }

  private record(a: Footprint, c: Clock): void {
    const add = (m: Map<number, Clock>, k: number): void => void m.set(k, join((m.get(k) ?? []).slice(), c));
    for (const o of a.writes) {
      this.writes.set(o, c);
      this.reads.delete(o);
    }
    for (const o of a.reads) add(this.reads, o);
    for (const q of a.pushes) this.pushes.set(q, c);
    for (const p of a.pops) {
      if (p.head) {
        this.heads.set(p.q, c);
        this.selfs.delete(p.q);
      } else {
        add(this.selfs, p.q);
      }
    }
    for (const q of a.peeks) add(this.peeks, q);
    if (a.all) this.all = c;
    join(this.global, c);
    if (a.spawns) join(this.spawn, c);
    if (a.wg) join(this.wg, c);
  }
}

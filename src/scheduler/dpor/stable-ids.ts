import type { Goroutine } from "../../runtime/goroutine";
import type { SyncObject } from "../../runtime/sync-object";
import type { Clock, Ev } from "./event";

/** A goroutine as the event log follows it. */
export interface Followed {
  readonly id: number;
  /** Its parent's key and its rank among the parent's children: stable across executions. */
  readonly key: string;
  /** Rank of its next event. */
  next: number;
  children: number;
  /** Position of the event after which its pending operation was announced. */
  since: number;
  clock: Clock;
  /** The event that started it. */
  cause: Ev | null;
}

/**
 * Names for goroutines and objects that survive from one execution to the next, for
 * partial-order reduction (the runtime's ids follow creation order, which depends on the
 * schedule): a goroutine by its parent and its rank among that parent's children; an
 * object by the event that made it and its rank among the objects that event made.
 */
export class StableIds {
  private readonly goroutineIds = new Map<string, number>();
  private readonly objectIds = new Map<string, number>();
  goroutines = new Map<Goroutine, Followed>();
  byId: Followed[] = [];
  private seen = 0;
  private orphans = 0;
  private objects: number[] = [];
  /** For each scheduling step: how many objects existed when it began, and the event (goroutine, rank) that names those it made. */
  private starts: number[] = [];
  private namers: [number, number][] = [];
  private clockGoroutine: Followed | null = null;

  /** A new execution starts (the names given so far are kept). */
  reset(): void {
    this.goroutines = new Map();
    this.byId = [];
    this.seen = this.orphans = 0;
    this.objects = [];
    this.starts = [];
    this.namers = [];
    this.clockGoroutine = null;
  }

  /** The clock: a goroutine of its own, whose events are the advances of virtual time. */
  clock(): Followed {
    if (this.clockGoroutine !== null) return this.clockGoroutine;
    let id = this.goroutineIds.get("clock");
    if (id === undefined) this.goroutineIds.set("clock", (id = this.goroutineIds.size));
    const t: Followed = { id, key: "clock", next: 0, children: 0, since: -1, clock: [], cause: null };
    this.byId[id] = t;
    return (this.clockGoroutine = t);
  }

  /** True when goroutines were created that have no name yet. */
  spawned(all: readonly Goroutine[]): boolean {
    return all.length > this.seen;
  }

  /** Name the goroutines of `all` created since the last look; `by` is the event that started them. */
  discover(all: readonly Goroutine[], by: Ev | null): void {
    for (; this.seen < all.length; this.seen++) {
      const g = all[this.seen]!;
      const parent = g.parent === null ? undefined : this.goroutines.get(g.parent);
      const key = parent === undefined ? `t${this.orphans++}` : `${parent.key}.${parent.children++}`;
      let id = this.goroutineIds.get(key);
      if (id === undefined) this.goroutineIds.set(key, (id = this.goroutineIds.size));
      const t: Followed = {
        id, key, next: 0, children: 0, since: by === null ? -1 : by.pos,
        clock: by === null ? [] : by.clock.slice(), cause: by,
      };
      this.goroutines.set(g, t);
      this.byId[id] = t;
    }
  }

  /** A scheduling step begins when `objects` objects exist. */
  stepBegins(objects: number): void {
    this.starts.push(objects);
  }

  /** The objects the current step makes are named after event (`goroutine`, `rank`). */
  stepNamer(goroutine: number, rank: number): void {
    this.namers.push([goroutine, rank]);
  }

  /** The stable id of `o`. */
  objectId(o: SyncObject): number {
    const known = this.objects[o.id];
    if (known !== undefined) return known;
    let k = this.starts.length - 1;
    while (k >= 0 && this.starts[k]! >= o.id) k--;
    const at = k >= 0 ? this.namers[k] : undefined;
    const name = at === undefined ? `-:${o.id}` : `${at[0]}:${at[1]}:${o.id - this.starts[k]!}`;
    let id = this.objectIds.get(name);
    if (id === undefined) this.objectIds.set(name, (id = this.objectIds.size));
    this.objects[o.id] = id;
    return id;
  }
}

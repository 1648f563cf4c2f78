import type { Goroutine } from "../runtime/goroutine";
import type { Strategy, StrategyConfig } from "./strategy";

/**
 * Exhaustive depth-first search of every schedule and every data choice (select cases,
 * timers, racy reads), as in stateless model checking (Godefroid, VeriSoft, POPL 1997).
 * With `preemptionBound` b it is iterative context bounding (Musuvathi and Qadeer,
 * "Iterative context bounding for systematic testing of multithreaded programs", PLDI
 * 2007): first every schedule with no preemption, then with one, ... up to b, each
 * schedule run once. A preemption is running another goroutine while the one that ran
 * last could go on; switching when it blocks, ends or is held back for spinning is free.
 *
 * Departure: states are not stored (each execution runs from the start and replays its
 * prefix), and schedules beyond the bound are kept as decision prefixes for the next
 * level rather than as saved states.
 */
interface Decision {
  /** How many options may be tried here (at this preemption level). */
  readonly options: number;
  chosen: number;
  /** For a pick: option rank → index into `enabled`. Null for a data choice. */
  readonly order: number[] | null;
}

export class DfsStrategy implements Strategy {
  readonly name = "dfs";
  readonly bound: string | null;
  complete = false;
  private readonly max: number | undefined;
  private level = 0;
  /** Decisions every execution of this subtree starts with. */
  private base: number[] = [];
  private stack: Decision[] = [];
  private readonly deferred: number[][][] = [];
  private pos = 0;
  private preemptions = 0;
  private taken: number[] = [];
  private last: Goroutine | null = null;

  constructor(config: StrategyConfig) {
    this.max = config.preemptionBound;
    this.bound = this.max === undefined ? null : `preemptionBound ${this.max}`;
  }

  begin(): boolean {
    if (this.complete) return false;
    this.pos = 0;
    this.preemptions = 0;
    this.taken = [];
    this.last = null;
    return true;
  }

  pick(enabled: readonly Goroutine[]): number {
    const cur = this.last !== null ? enabled.indexOf(this.last) : -1;
    const i = this.decide(enabled.length, cur);
    if (cur >= 0 && i !== cur) this.preemptions++;
    return i;
  }

  choose(n: number): number {
    return this.decide(n, -2);
  }

  fired(g: Goroutine): void {
    this.last = g;
  }

  end(): void {
    for (let d = this.stack.length - 1; d >= 0; d--) {
      const top = this.stack[d]!;
      if (top.chosen + 1 < top.options) {
        top.chosen++;
        this.stack.length = d + 1;
        return;
      }
    }
    this.stack = [];
    this.nextSubtree();
  }

  /** One decision among `n` options; `cur` is the goroutine that ran last (-1: none, -2: a data choice). */
  private decide(n: number, cur: number): number {
    const k = this.pos++;
    let raw: number;
    if (k < this.base.length) {
      raw = this.base[k]!;
    } else {
      const d = k - this.base.length;
      if (d === this.stack.length) this.stack.push(this.fresh(n, cur));
      const top = this.stack[d]!;
      raw = top.order === null ? top.chosen : top.order[top.chosen]!;
    }
    this.taken.push(raw);
    return raw < n ? raw : 0;
  }

  private fresh(n: number, cur: number): Decision {
    if (cur === -2) return { options: n, chosen: 0, order: null };
    const order: number[] = [];
    if (cur >= 0) order.push(cur);
    for (let i = 0; i < n; i++) if (i !== cur) order.push(i);
    if (cur < 0 || this.max === undefined || this.preemptions < this.level) return { options: n, chosen: 0, order };
    if (this.level < this.max) {
      const later = (this.deferred[this.level + 1] ??= []);
      for (const i of order.slice(1)) later.push([...this.taken, i]);
    }
    return { options: 1, chosen: 0, order };
  }

  private nextSubtree(): void {
    for (;;) {
      const queue = this.deferred[this.level];
      const next = queue?.shift();
      if (next !== undefined) {
        this.base = next;
        return;
      }
      if (this.max === undefined || this.level >= this.max) {
        this.complete = true;
        return;
      }
      this.level++;
    }
  }
}

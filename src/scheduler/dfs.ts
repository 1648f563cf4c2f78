import type { Goroutine } from "../runtime/goroutine";
import type { Strategy, StrategyConfig } from "./strategy";

/**
 * Exhaustive search of every schedule and every data choice (select cases, timers, racy
 * reads), as in stateless model checking (Godefroid, VeriSoft, POPL 1997), in order of
 * increasing preemptions: iterative context bounding (Musuvathi and Qadeer, "Iterative
 * context bounding for systematic testing of multithreaded programs", PLDI 2007), as
 * CHESS does. First every schedule with no preemption, then every one with exactly one,
 * and so on, each schedule run once; within a level, depth-first. A preemption is running
 * another goroutine while the one that ran last could go on; switching when it blocks,
 * ends or is held back for spinning is free, and so are data choices. So any budget first
 * covers every schedule with fewer preemptions, and a bug that needs one early preemption
 * is found after a handful of executions, not after every variation of the last decisions.
 *
 * With `preemptionBound` b the levels stop at b. A search that had to leave a schedule
 * out because of the bound is not complete (`cut`); it still names the bound it covered.
 *
 * Departures: states are not stored (each execution runs from the start and replays its
 * prefix), and a schedule deferred to the next level is kept as a decision prefix (a
 * shared array of the execution's decisions, a length and the alternative), not a state.
 */
interface Decision {
  /** How many options may be tried here (at this preemption level). */
  readonly options: number;
  chosen: number;
  /** For a pick: option rank → index into `enabled`. Null for a data choice. */
  readonly order: number[] | null;
}

/** A schedule for the next level: the first `length` decisions of `taken`, then `alternative`. */
interface Deferred {
  readonly taken: readonly number[];
  readonly length: number;
  readonly alternative: number;
}

export class DfsStrategy implements Strategy {
  readonly name = "dfs";
  readonly bound: string | null;
  /** Every schedule within the bound has run. */
  done = false;
  /** The bound left out a schedule that has more preemptions than it allows. */
  cut = false;
  private readonly max: number;
  private level = 0;
  /** Decisions every execution of this subtree starts with. */
  private base: readonly number[] = [];
  private stack: Decision[] = [];
  /** Schedules of the next level, in the order they were found. */
  private next: Deferred[] = [];
  private cursor = 0;
  private current: Deferred[] = [];
  private pos = 0;
  private preemptions = 0;
  private taken: number[] = [];
  private last: Goroutine | null = null;

  constructor(config: StrategyConfig) {
    this.max = config.preemptionBound ?? Infinity;
    this.bound = config.preemptionBound === undefined ? null : `preemptionBound ${config.preemptionBound}`;
  }

  /** True only when every schedule has run: nothing left, and nothing cut by the bound. */
  get complete(): boolean {
    return this.done && !this.cut;
  }

  begin(): boolean {
    if (this.done) return false;
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

  /** A new decision: every option, or, once this level's preemptions are spent, only going on. */
  private fresh(n: number, cur: number): Decision {
    if (cur === -2) return { options: n, chosen: 0, order: null };
    const order: number[] = [];
    if (cur >= 0) order.push(cur);
    for (let i = 0; i < n; i++) if (i !== cur) order.push(i);
    if (cur < 0 || this.preemptions < this.level) return { options: n, chosen: 0, order };
    if (this.level < this.max) {
      const length = this.taken.length;
      for (const alternative of order.slice(1)) this.next.push({ taken: this.taken, length, alternative });
    } else {
      this.cut = true;
    }
    return { options: 1, chosen: 0, order };
  }

  /** The next deferred schedule of this level, or the first of the next level; done when none is left. */
  private nextSubtree(): void {
    for (;;) {
      const d = this.current[this.cursor];
      if (d !== undefined) {
        this.current[this.cursor++] = undefined as never;
        this.base = [...d.taken.slice(0, d.length), d.alternative];
        return;
      }
      if (this.next.length === 0) {
        this.done = true;
        return;
      }
      this.level++;
      this.current = this.next;
      this.next = [];
      this.cursor = 0;
    }
  }
}

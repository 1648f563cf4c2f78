import type { Goroutine } from "../runtime/goroutine";
import type { Op } from "../runtime/op";
import type { SyncObject } from "../runtime/sync-object";
import type { ExecutionView } from "../runtime/view";
import { classify, conflict } from "./dependency";
import { highestPriority } from "./highest-priority";
import { rngFor, type Rng } from "./rng";
import type { Strategy, StrategyConfig } from "./strategy";

const runtimeId = (o: SyncObject): number => o.id;

/**
 * Partial order sampling: Yuan, Yang and Gu, "Partial Order Aware Concurrency Sampling",
 * CAV 2018 (the basic POS algorithm). Every pending operation carries a random priority
 * and the enabled one with the highest priority runs. After a step runs, every pending
 * operation of another goroutine that conflicts with it (dependency.ts) draws a fresh
 * priority, and so does the goroutine's next operation. Reassigning after each race
 * makes every partial order about as likely as the others, where a uniform random walk
 * favours those with many interleavings.
 *
 * Departure: data choices (select cases, timers) are uniform.
 */
export class PosStrategy implements Strategy {
  readonly name = "pos";
  readonly complete = false;
  readonly bound = null;
  private rng: Rng;
  private priorities = new Map<Goroutine, number>();

  constructor(private readonly config: StrategyConfig) {
    this.rng = rngFor(config.seed, 0);
  }

  begin(index: number): boolean {
    this.rng = rngFor(this.config.seed, index);
    this.priorities = new Map();
    return true;
  }

  pick(enabled: readonly Goroutine[]): number {
    return highestPriority(enabled, this.priority);
  }

  choose(n: number): number {
    return this.rng.below(n);
  }

  fired(g: Goroutine, op: Op, _step: number, view: ExecutionView): void {
    const ran = classify(op, g, runtimeId);
    for (const h of view.goroutines) {
      const pending = h.op;
      if (h === g || h.done || pending === null || !this.priorities.has(h)) continue;
      if (conflict(ran, classify(pending, h, runtimeId))) this.priorities.set(h, this.rng.next());
    }
    this.priorities.set(g, this.rng.next());
  }

  end(): void {}

  private readonly priority = (g: Goroutine): number => {
    let p = this.priorities.get(g);
    if (p === undefined) this.priorities.set(g, (p = this.rng.next()));
    return p;
  };
}

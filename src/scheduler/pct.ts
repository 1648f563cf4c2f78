import type { Goroutine } from "../runtime/goroutine";
import { rngFor, type Rng } from "./rng";
import type { Strategy, StrategyConfig } from "./strategy";

/** The execution length assumed before any execution has been seen. */
const FIRST_ESTIMATE = 100;

/**
 * Probabilistic concurrency testing: Burckhardt, Kothari, Musuvathi and Nagarakatte, "A
 * randomized scheduler with probabilistic guarantees of finding bugs", ASPLOS 2010.
 * Every goroutine gets a random priority at or above d (the depth), the highest-priority
 * enabled goroutine always runs, and at d - 1 random change points the goroutine that
 * ran that step drops to priority i (below every initial one), for change point i.
 * A bug of depth d is found with probability at least 1 / (n k^(d-1)).
 *
 * Departures: k, the number of steps, is not known in advance: change points are drawn
 * over the longest execution seen so far in this exploration (100 steps before the
 * first one). Goroutines created during the run get a random place among the initial
 * priorities. Data choices (select cases, timers) are uniform.
 */
export class PctStrategy implements Strategy {
  readonly name: string;
  readonly complete = false;
  readonly bound = null;
  private readonly depth: number;
  private estimate = 0;
  private rng: Rng;
  private priorities = new Map<Goroutine, number>();
  /** Step number → the priority its goroutine drops to. */
  private changes = new Map<number, number>();

  constructor(private readonly config: StrategyConfig) {
    this.depth = config.pctDepth;
    this.name = `pct(depth ${this.depth})`;
    this.rng = rngFor(config.seed, 0);
  }

  begin(index: number): boolean {
    this.rng = rngFor(this.config.seed, index);
    this.priorities = new Map();
    this.changes = new Map();
    const k = this.estimate > 0 ? this.estimate : FIRST_ESTIMATE;
    for (let i = 1; i < this.depth && this.changes.size < k; i++) {
      let step = 1 + this.rng.below(k);
      while (this.changes.has(step)) step = 1 + this.rng.below(k);
      this.changes.set(step, i);
    }
    return true;
  }

  pick(enabled: readonly Goroutine[]): number {
    let best = 0;
    let top = -Infinity;
    enabled.forEach((g, i) => {
      const p = this.priority(g);
      if (p > top) {
        top = p;
        best = i;
      }
    });
    return best;
  }

  choose(n: number): number {
    return this.rng.below(n);
  }

  fired(g: Goroutine, _op: unknown, step: number): void {
    this.priority(g);
    const low = this.changes.get(step);
    if (low !== undefined) this.priorities.set(g, low);
  }

  end(result: { steps: number }): void {
    if (result.steps > this.estimate) this.estimate = result.steps;
  }

  private priority(g: Goroutine): number {
    let p = this.priorities.get(g);
    if (p === undefined) this.priorities.set(g, (p = this.depth + this.rng.next()));
    return p;
  }
}

import type { Goroutine } from "../runtime/goroutine";
import type { Op } from "../runtime/op";
import { ContendedObjects } from "./contended-objects";
import { highestPriority } from "./highest-priority";
import { rngFor, type Rng } from "./rng";
import type { Strategy, StrategyConfig } from "./strategy";

/**
 * How many times beyond the first a goroutine may repeat an operation that changes
 * nothing before the fairness wrapper (fair.ts) holds it back, under PCT.
 * Holding a goroutine back is a preemption PCT did not choose, and each one takes away
 * from its guarantee; the default patience of the wrapper (3) would break up every loop
 * of a few yields or re-reads, not only real busy-waiting. A real spin costs this many
 * steps before the goroutine it waits for may run.
 */
export const PCT_SPIN_PATIENCE = 64;

/**
 * Probabilistic concurrency testing: Burckhardt, Kothari, Musuvathi and Nagarakatte, "A
 * randomized scheduler with probabilistic guarantees of finding bugs", ASPLOS 2010.
 * Every goroutine gets a random priority at or above d (the depth) when it is first
 * seen, which puts it at a random place among the others; the highest-priority enabled
 * goroutine always runs; and d - 1 change points are drawn uniformly among the first k
 * steps, change point i lowering the goroutine about to run at that step to priority i,
 * below every initial one. A bug of depth d is found with probability at least
 * 1 / (n k^(d-1)), so the smaller k, the better.
 *
 * Departures, mostly about what counts as a step for k:
 * - Only steps with a choice count: two goroutines or more enabled (the paper's §4.1
 *   notes that change points in sequential parts are not needed; Coyote and shuttle
 *   count the same way). The change is applied just before the choice, to the goroutine
 *   that would have run, so that every change point alters the schedule.
 * - Only steps whose operation touches a contended object count ({@link ContendedObjects}):
 *   a step on objects no other goroutine uses (or on none) commutes with the others'
 *   steps, so a change point there has the effect of one at the goroutine's next
 *   contended step. k shrinks from every step to the steps that race, which is what
 *   keeps a narrow bug likely however many private steps surround it.
 * - k is not known in advance: it is the most counted steps of any earlier execution of
 *   this exploration. The first execution has no change point and measures it.
 * - Data choices (select cases, timers, racy reads) are uniform.
 * - Busy-waiting is broken up by the fairness wrapper (fair.ts), but only after
 *   {@link PCT_SPIN_PATIENCE} repeats, so that it seldom overrides the priorities.
 */
export class PctStrategy implements Strategy {
  readonly name: string;
  readonly complete = false;
  readonly bound = null;
  private readonly depth: number;
  private readonly contended = new ContendedObjects();
  /** The most counted steps of one execution so far: k. */
  private k = 0;
  /** Counted steps of the current execution. */
  private counted = 0;
  private rng: Rng;
  private priorities = new Map<Goroutine, number>();
  /** Counted step number → the priority its goroutine drops to. */
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
    this.counted = 0;
    this.contended.begin();
    for (let i = 1; i < this.depth && this.changes.size < this.k; i++) {
      let step = 1 + this.rng.below(this.k);
      while (this.changes.has(step)) step = 1 + this.rng.below(this.k);
      this.changes.set(step, i);
    }
    return true;
  }

  pick(enabled: readonly Goroutine[]): number {
    const top = highestPriority(enabled, this.priority);
    const g = enabled[top]!;
    if (g.op === null || !this.contended.matters(g.op, g)) return top;
    const low = this.changes.get(++this.counted);
    if (low === undefined) return top;
    this.priorities.set(g, low);
    return highestPriority(enabled, this.priority);
  }

  choose(n: number): number {
    return this.rng.below(n);
  }

  fired(g: Goroutine, op: Op): void {
    this.contended.record(g, op);
  }

  end(): void {
    if (this.counted > this.k) this.k = this.counted;
  }

  private readonly priority = (g: Goroutine): number => {
    let p = this.priorities.get(g);
    if (p === undefined) this.priorities.set(g, (p = this.depth + this.rng.next()));
    return p;
  };
}

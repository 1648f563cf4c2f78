import type { Goroutine } from "../runtime/goroutine";
import { rngFor, type Rng } from "./rng";
import type { Strategy, StrategyConfig } from "./strategy";

/**
 * Uniform random walk: every enabled goroutine and every option of a choice is equally
 * likely. Execution i draws from its own generator seeded with (seed, i), so any single
 * execution, and any shard of the index space, can be rerun on its own.
 */
export class RandomStrategy implements Strategy {
  readonly name = "random";
  readonly complete = false;
  readonly bound = null;
  private rng: Rng;

  constructor(private readonly config: StrategyConfig) {
    this.rng = rngFor(config.seed, 0);
  }

  begin(index: number): boolean {
    this.rng = rngFor(this.config.seed, index);
    return true;
  }

  pick(enabled: readonly Goroutine[]): number {
    return this.rng.below(enabled.length);
  }

  pickIndex(n: number): number {
    return this.rng.below(n);
  }

  choose(n: number): number {
    return this.rng.below(n);
  }

  end(): void {}
}

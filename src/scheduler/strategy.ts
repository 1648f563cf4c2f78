import type { Chooser } from "../runtime/chooser";
import type { ExecutionResult } from "../runtime/execution";

/**
 * A strategy decides every interleaving: which enabled goroutine runs next (`pick`) and
 * how n-way choices resolve (`choose`). The runtime records each answer, so every
 * strategy replays for free. One file per strategy implements this.
 */
export interface Strategy extends Chooser {
  /** As results print it: `random`, `pct(depth 3)`. */
  readonly name: string;
  /** Prepare execution `index`; false when a systematic strategy has no schedule left. */
  begin(index: number): boolean;
  /** The execution ended (systematic strategies backtrack here). */
  end(result: ExecutionResult): void;
  /** True once every schedule of the space (within `bound`) has been run. */
  readonly complete: boolean;
  /** The bound that limited the space, as the result names it, or null. */
  readonly bound: string | null;
}

/** The strategies `explore` accepts. */
export type StrategyName = "random" | "pct" | "pos" | "dfs" | "dpor";
export const STRATEGY_NAMES: readonly StrategyName[] = ["random", "pct", "pos", "dfs", "dpor"];

/** What a strategy may be configured with. */
export interface StrategyConfig {
  readonly seed: string;
  readonly preemptionBound: number | undefined;
  readonly pctDepth: number;
  readonly maxSteps: number;
}

import { DfsStrategy } from "./dfs";
import { DporStrategy } from "./dpor/dpor";
import { FairStrategy } from "./fair";
import { PCT_SPIN_PATIENCE, PctStrategy } from "./pct";
import { PosStrategy } from "./pos";
import { RandomStrategy } from "./random";
import type { Strategy, StrategyConfig, StrategyName } from "./strategy";

type Factory = (config: StrategyConfig) => Strategy;

/**
 * Every strategy by name. The priority-based and systematic ones are wrapped in
 * {@link FairStrategy} so that busy-waiting cannot starve the goroutine it waits for;
 * the uniform random walk needs no wrapper (every enabled goroutine runs with
 * probability 1/n at each step), which keeps its hot path free of bookkeeping.
 */
const FACTORIES: Record<StrategyName, Factory> = {
  random: (c) => new RandomStrategy(c),
  pct: (c) => new FairStrategy(new PctStrategy(c), PCT_SPIN_PATIENCE),
  pos: (c) => new FairStrategy(new PosStrategy(c)),
  dfs: (c) => new FairStrategy(new DfsStrategy(c)),
  dpor: () => new FairStrategy(new DporStrategy()),
};

export function makeStrategy(opts: StrategyConfig & { readonly strategy: StrategyName }): Strategy {
  return FACTORIES[opts.strategy](opts);
}

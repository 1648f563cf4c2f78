import { RandomStrategy } from "./random";
import type { Strategy, StrategyConfig, StrategyName } from "./strategy";

type Factory = (config: StrategyConfig) => Strategy;

/** Every strategy by name. Systematic strategies register here as they are built. */
const FACTORIES: Partial<Record<StrategyName, Factory>> = {
  random: (c) => new RandomStrategy(c),
};

export function makeStrategy(opts: StrategyConfig & { readonly strategy: StrategyName }): Strategy {
  const make = FACTORIES[opts.strategy];
  if (make === undefined) {
    throw new Error(`strategy "${opts.strategy}" is not available in this version of gosched`);
  }
  return make(opts);
}

import type { StrategyName } from "../scheduler/strategy";
import type { ExploreOptions } from "./options";

/** Options that only one strategy reads. */
const ONLY_FOR: readonly (readonly [keyof ExploreOptions, StrategyName])[] = [
  ["preemptionBound", "dfs"],
  ["pctDepth", "pct"],
];

const warned = new Set<string>();

/**
 * An option set for another strategy than the one that runs is a mistake the test would
 * never notice (it is ignored). When the test named the strategy, that is a TypeError;
 * when the strategy came from GOSCHED_STRATEGY (CI fuzzing a test that leaves it unset)
 * or a default, the option is ignored with a warning, once per message.
 */
export function checkFit(options: ExploreOptions, strategy: StrategyName, source: "option" | "environment" | "default"): void {
  for (const [name, owner] of ONLY_FOR) {
    if (options[name] === undefined || strategy === owner) continue;
    const text = `\`${name}\` applies only to strategy "${owner}", and this exploration uses "${strategy}"`;
    if (source === "option") throw new TypeError(`${text}: remove \`${name}\` or set \`strategy: "${owner}"\``);
    const why = source === "environment" ? " (from GOSCHED_STRATEGY)" : " (the default)";
    warnOnce(`${text}${why}: \`${name}\` is ignored. Set \`strategy: "${owner}"\` to use it.`);
  }
}

function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, "GoschedWarning");
}

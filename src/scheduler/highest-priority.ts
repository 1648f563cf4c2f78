import type { Goroutine } from "../runtime/goroutine";

/**
 * The index in `enabled` of the goroutine with the highest priority, the first one on a
 * tie: the pick of every priority-based strategy (pct, pos). `priority` is called once
 * per goroutine, in order, so a strategy that draws priorities lazily stays deterministic.
 */
export function highestPriority(enabled: readonly Goroutine[], priority: (g: Goroutine) => number): number {
  let best = 0;
  let top = -Infinity;
  for (let i = 0; i < enabled.length; i++) {
    const p = priority(enabled[i]!);
    if (p > top) {
      top = p;
      best = i;
    }
  }
  return best;
}

import type { GoroutineInfo } from "../runtime/goroutine";
import type { HiddenAwait } from "../runtime/hidden-awaits";

/**
 * Why an exploration is not `complete`: why its verdict is not a proof. Only a
 * systematic strategy (dfs, dpor) that covered every schedule, with no hidden await and
 * no failure, is complete.
 */
export type Incomplete =
  /** It stopped at a failure. */
  | { readonly reason: "failure" }
  /** A goroutine awaited a promise gosched did not settle: interleavings there were not explored. */
  | { readonly reason: "hidden-await"; readonly goroutine: GoroutineInfo; readonly after: string }
  /** Every schedule with at most `bound` preemptions ran; some needed more. */
  | { readonly reason: "preemptionBound"; readonly bound: number }
  /** The `schedules` budget ran out first. */
  | { readonly reason: "schedules"; readonly budget: number }
  /** The `timeBudgetMs` budget ran out first. */
  | { readonly reason: "timeBudgetMs"; readonly budget: number }
  /** A sampling strategy (random, pct, pos): it never covers every schedule. */
  | { readonly reason: "sampling" }
  /** One execution, replayed from a token. */
  | { readonly reason: "replay" };

/** How an exploration ended, as {@link whyIncomplete} needs it. */
export interface Ending {
  readonly failed: boolean;
  readonly hidden: HiddenAwait | null;
  /** The strategy covered every schedule it could (within its bound). */
  readonly ranOut: boolean;
  readonly strategyComplete: boolean;
  readonly systematic: boolean;
  readonly schedules: number;
  readonly budget: number;
  readonly timeBudgetMs: number;
  readonly preemptionBound: number | undefined;
}

/** Null when the exploration is a proof; else the first reason it is not. */
export function whyIncomplete(e: Ending): Incomplete | null {
  if (e.failed) return { reason: "failure" };
  if (e.hidden !== null) return { reason: "hidden-await", goroutine: e.hidden.goroutine, after: e.hidden.after };
  if (!e.systematic) return { reason: "sampling" };
  if (e.strategyComplete) return null;
  if (e.ranOut) return { reason: "preemptionBound", bound: e.preemptionBound ?? 0 };
  if (e.schedules >= e.budget) return { reason: "schedules", budget: e.budget };
  return { reason: "timeBudgetMs", budget: e.timeBudgetMs };
}

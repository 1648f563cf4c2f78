import type { Incomplete } from "../report/explored";
import type { HiddenAwait } from "../runtime/hidden-awaits";

export type { Incomplete } from "../report/explored";

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

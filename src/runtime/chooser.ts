import type { Goroutine } from "./goroutine";
import type { Op } from "./op";
import type { ExecutionView } from "./view";

/** What an n-way choice inside an operation is about. */
export type ChoiceKind = "select" | "timer" | "read";

/**
 * The scheduler's side of an execution: the runtime asks it to pick among enabled
 * goroutines and to resolve data choices. The runtime records every answer, so any
 * chooser replays for free. Implemented by the strategies in `scheduler/`. What a
 * chooser may know of the execution is the {@link ExecutionView} handed to it with each
 * call: it never reaches for the running execution itself.
 */
export interface Chooser {
  /**
   * Index into `enabled` (which has at least two goroutines, in id order). The array is
   * reused by the next step: read it during the call, never keep it.
   */
  pick(enabled: readonly Goroutine[], step: number, view: ExecutionView): number;
  /**
   * Optional: for a chooser whose pick depends only on how many goroutines are enabled
   * (a uniform random walk, a replay). The runtime then calls this instead of `pick` and
   * skips building the `enabled` array, which was a measurable share of a step.
   */
  pickIndex?(n: number, step: number): number;
  /** An index below `n` (at least 2). */
  choose(n: number, kind: ChoiceKind, step: number): number;
  /**
   * Told of every step, chosen or forced, just before `op` fires for `g` (`step` is
   * 1-based). Optional: partial-order reduction and fairness follow operations with it.
   */
  fired?(g: Goroutine, op: Op, step: number, view: ExecutionView): void;
}

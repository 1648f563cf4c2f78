import type { TraceStep } from "../runtime/capture";
import type { FailureDetail, FailureKind } from "../runtime/failure";
import type { GoroutineInfo } from "../runtime/goroutine";

/**
 * What an exploration found, as reports read it. The exploration (src/explore/)
 * produces these values; they live here, below it, so that the report needs nothing
 * from the layer that uses it.
 */

/** The size of a schedule, as minimisation measures it. */
export interface Size {
  readonly steps: number;
  readonly preemptions: number;
}

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

/** A failure found by `explore`, with everything needed to reproduce it. */
export interface Failure {
  readonly kind: FailureKind;
  readonly message: string;
  /** Paste into `{ replay: "…" }` or GOSCHED_REPLAY to run exactly this execution again. */
  readonly replay: string;
  readonly seed: string;
  readonly strategy: string;
  /** Which execution of the exploration found it (1-based). */
  readonly execution: number;
  /**
   * The steps of the failing execution that its report shows, in order, with user-code
   * locations: all of them up to 30 steps; beyond that the last 30, the last 26 of each
   * goroutine the failure involves (at most 6), the race's two accesses and the last 20
   * annotated steps, so at most 208 however long the execution (`replay` stays exact).
   */
  readonly trace: readonly TraceStep[];
  readonly detail: FailureDetail;
  readonly goroutines: readonly { id: number; name: string; createdAt: string | null }[];
  /** Set when the schedule was minimised: its size as found and as reported. */
  readonly minimised?: { readonly from: Size; readonly to: Size; readonly replays: number };
}

/** What `explore` found. It never throws for a failure of the program. */
export interface ExploreResult<T = unknown> {
  /** Executions run. */
  readonly schedules: number;
  /** Scheduling steps, summed over every execution. */
  readonly steps: number;
  /**
   * Accesses of Shared and SharedMap cells, and atomics and channels made, summed over
   * every execution: 0 means the race detector saw nothing to judge (plain variables are
   * invisible to it).
   */
  readonly accesses: number;
  /**
   * True only when a systematic strategy (dfs, dpor) covered every schedule, with no
   * goroutine awaiting a promise that gosched did not settle: then the result is a proof.
   */
  readonly complete: boolean;
  /** Null when complete; else why the result is not a proof (see `Incomplete`). */
  readonly incomplete: Incomplete | null;
  /** The bound that limited the space (`preemptionBound 2`), or null. */
  readonly bound: string | null;
  /** The distinct values the main goroutine returned. */
  readonly outcomes: T[];
  readonly failure?: Failure;
  readonly seed: string;
  readonly strategy: string;
  readonly elapsedMs: number;
  /**
   * What ended the exploration: a failure, the end of the space, the schedule budget,
   * the time budget, or the end of the Jest test that started it (it timed out).
   */
  readonly stoppedBy: "failure" | "end" | "schedules" | "time" | "test";
}


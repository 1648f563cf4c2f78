import type { Chooser } from "./chooser";
import type { TraceRecorder, TraceStep } from "./capture";
import type { Execution } from "./execution";
import type { CheckKind, ExecutionFailure } from "./failure";
import type { AwaitWatch } from "./hidden-awaits";

/** What goes into and comes out of one execution (see execution.ts). */

/** Which model of memory a racy read follows (the README's "What is and is not modelled"). */
export type MemoryModel = "sc" | "go";

/** How one execution is run. */
export interface ExecutionConfig {
  readonly chooser: Chooser;
  readonly maxSteps: number;
  readonly checks: ReadonlySet<CheckKind>;
  /** Record a bounded trace with user-code locations: only when replaying a failure. */
  readonly capture: TraceRecorder | false;
  readonly memoryModel: MemoryModel;
  /** Watches for hidden awaits (explorations that can prove something only). */
  readonly watch?: AwaitWatch;
}

/** What one execution produced. */
export interface ExecutionResult {
  readonly outcome: unknown;
  /** True when the main goroutine returned (false after a failure or a deadlock). */
  readonly returned: boolean;
  readonly failure: ExecutionFailure | null;
  readonly steps: number;
  /** Every decision with two or more options, in order: the schedule. */
  readonly decisions: number[];
  /** A hash of every step's goroutine and operation kind: a replay must match it. */
  readonly hash: number;
  /** The steps the report shows, when captured (bounded: see `capture.ts`). */
  readonly trace: TraceStep[] | null;
  /** Every goroutine, when the trace was captured (empty otherwise: only reports need it). */
  readonly goroutines: readonly { id: number; name: string; createdAt: string | null }[];
  /**
   * How the program shared data that gosched sees: each read and write of a Shared or
   * SharedMap cell, and one for each atomic or channel made. 0: toBeRaceFree judged nothing.
   */
  readonly accesses: number;
}

/** Consulted when no goroutine can run, before declaring a deadlock (virtual time). */
export interface IdleHook {
  /** Make progress (fire the earliest timers); false when there is nothing to fire. */
  advance(exec: Execution): boolean;
  /** The virtual time, in ms since the execution began, for traces. */
  elapsedMs?(): number;
}

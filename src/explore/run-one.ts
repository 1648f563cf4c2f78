import type { TraceRecorder } from "../runtime/capture";
import type { Chooser } from "../runtime/chooser";
import { Execution, type ExecutionResult } from "../runtime/execution";
import type { ExecutionFailure } from "../runtime/failure";
import type { AwaitWatch } from "../runtime/hidden-awaits";
import { asyncJudge, type ResolvedOptions } from "./options";

/** One execution of the program under `chooser`, with the exploration's options. */
export function runOne(
  program: () => unknown,
  chooser: Chooser,
  opts: ResolvedOptions,
  capture: TraceRecorder | false,
  watch?: AwaitWatch,
): Promise<ExecutionResult> {
  const exec = new Execution({
    chooser,
    maxSteps: opts.maxSteps,
    checks: opts.checks,
    capture,
    memoryModel: opts.memoryModel,
    watch,
  });
  return exec.run(program);
}

/** How an execution failed: the runtime's failure, else the invariant's, else null. */
export function failureOf(res: ExecutionResult, opts: ResolvedOptions): ExecutionFailure | null {
  return res.failure ?? checkInvariant(res, opts);
}

function checkInvariant(res: ExecutionResult, opts: ResolvedOptions): ExecutionFailure | null {
  if (opts.invariant === undefined || !res.returned) return null;
  let ok: boolean | void;
  let why: string | undefined;
  try {
    ok = opts.invariant(res.outcome);
  } catch (error) {
    ok = false;
    why = error instanceof Error ? error.message : String(error);
  }
  if (isThenable(ok)) {
    ok.then(undefined, () => {});
    throw asyncJudge("invariant", "a promise");
  }
  if (ok !== false) return null;
  const detail = why === undefined ? { kind: "invariant" as const, outcome: res.outcome } : { kind: "invariant" as const, outcome: res.outcome, why };
  return { kind: "invariant", step: res.steps, detail };
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as { then?: unknown }).then === "function";
}

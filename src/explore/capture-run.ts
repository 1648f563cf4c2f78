import { planFor, TraceRecorder } from "../runtime/capture";
import type { ExecutionResult } from "../runtime/execution";
import type { ExecutionFailure } from "../runtime/failure";

/**
 * Replay a failing schedule to capture what its report shows, in two passes (see
 * `TraceRecorder`): the first keeps the report's steps and learns which operations they
 * were, the second captures a stack for those operations only. `run` replays the
 * schedule once with the given recorder; `same` says whether a pass reproduced the
 * failing execution. A pass that did not is returned as it is, for the caller to report.
 */
export async function captureReplay(
  run: (recorder: TraceRecorder) => Promise<ExecutionResult>,
  found: ExecutionFailure,
  same: (r: ExecutionResult) => boolean,
): Promise<ExecutionResult> {
  const plan = planFor(found);
  const learn = new TraceRecorder(plan);
  const first = await run(learn);
  if (!same(first)) return first;
  const d = found.detail;
  // Blocked goroutines (and a misusing one: its un-awaited operation) are shown at their current operation.
  const blocked =
    d.kind === "deadlock" || d.kind === "leak" ? d.goroutines.map((g) => g.id) : d.kind === "misuse" && d.goroutine !== null ? [d.goroutine.id] : [];
  const created = d.kind === "race" ? [d.previous.goroutine.id, d.current.goroutine.id] : [];
  return run(new TraceRecorder({ ...plan, locate: learn.locate(blocked, created) }));
}

import type { TraceRecorder } from "../runtime/capture";
import type { ExecutionResult } from "../runtime/execution";
import type { ExecutionFailure } from "../runtime/failure";
import type { ExploreResult, Failure } from "../report/explored";
import { ReplayStrategy } from "../scheduler/replay";
import { captureReplay } from "./capture-run";
import { build, sameFailure } from "./explain";
import type { ResolvedOptions } from "./options";
import { OutcomeSet } from "./outcome-set";
import { realNow } from "../runtime/real-clock";
import { failureOf, runOne } from "./run-one";
import { decodeToken } from "./token";

/** Run one execution from a token, with capture on; a token that does not fit is a divergence. */
export async function replayOnce(program: () => unknown, opts: ResolvedOptions, token: string): Promise<ExploreResult> {
  const start = realNow();
  const t = decodeToken(token);
  const strategy = new ReplayStrategy(t.decisions);
  const o = { ...opts, memoryModel: t.memoryModel };
  const res = await runOne(program, strategy, o, false);
  let f = failureOf(res, opts);
  if (f?.kind !== "divergence" && (res.steps !== t.steps || res.hash !== t.hash || !strategy.exhausted)) {
    f = { kind: "divergence", step: res.steps, detail: { kind: "divergence", cause: { reason: "token", recorded: t.steps, took: res.steps } } };
  }
  // Only a failure needs its trace: replay again with capture on (two passes, see captureReplay).
  const again = (rec: TraceRecorder): Promise<ExecutionResult> => runOne(program, new ReplayStrategy(t.decisions), o, rec);
  const explained = async (found: ExecutionFailure): Promise<Failure> => {
    const c = await captureReplay(again, found, (r) => r.hash === res.hash && r.steps === res.steps);
    const cf = failureOf(c, opts);
    const same = sameFailure(cf, found) && c.hash === res.hash;
    // The captured run's failure carries the locations (a deadlock's rows); a divergence keeps its own.
    return build(same ? cf! : found, c, token.trim(), { opts, strategy: "replay", execution: 1 });
  };
  const outcomes = new OutcomeSet();
  if (f === null && res.returned) outcomes.add(res.outcome);
  return {
    schedules: 1,
    steps: res.steps,
    accesses: res.accesses,
    complete: false,
    incomplete: { reason: "replay" },
    bound: null,
    outcomes: outcomes.values,
    failure: f === null ? undefined : await explained(f),
    seed: opts.seed,
    strategy: "replay",
    elapsedMs: realNow() - start,
    stoppedBy: f === null ? "end" : "failure",
  };
}

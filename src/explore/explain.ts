import type { ExecutionResult } from "../runtime/execution";
import type { ExecutionFailure } from "../runtime/failure";
import type { Failure } from "../report/explored";
import { failureMessage } from "../report/messages";
import { ReplayStrategy } from "../scheduler/replay";
import { captureReplay } from "./capture-run";
import { failureIdentity, minimize } from "./minimize";
import type { ResolvedOptions } from "./options";
import { failureOf, runOne } from "./run-one";
import { encodeToken } from "./token";

/** Where a failure was found, for the {@link Failure} it becomes. */
export interface Found {
  readonly program: () => unknown;
  readonly opts: ResolvedOptions;
  /** Which execution found it (1-based), and the strategy's name. */
  readonly execution: number;
  readonly strategy: string;
}

/** Two failures are the same when their messages are (what users compare). */
export function sameFailure(a: ExecutionFailure | null, b: ExecutionFailure): boolean {
  return a !== null && failureMessage(a) === failureMessage(b);
}

/**
 * Turn a failing execution into a {@link Failure}: encode its schedule, then replay it
 * once with capture on for the trace and the user-code locations. If the replay does
 * not fail the same way, the program is not deterministic, and that is the failure.
 */
export async function explain(at: Found, res: ExecutionResult, found: ExecutionFailure, schedulesLeft: number): Promise<Failure> {
  const { program, opts } = at;
  const replay = encodeToken({ memoryModel: opts.memoryModel, steps: res.steps, hash: res.hash, decisions: res.decisions });
  const capture: Capture = (decisions, hash, f) =>
    captureReplay(
      (rec) => runOne(program, new ReplayStrategy(decisions as number[]), opts, rec),
      f,
      (r) => sameFailure(failureOf(r, opts), f) && r.hash === hash,
    );
  const again = await capture(res.decisions, res.hash, found);
  const againFound = failureOf(again, opts);
  if (againFound === null || !sameFailure(againFound, found) || again.hash !== res.hash) {
    return build(nondeterminism(found, againFound), again, replay, at);
  }
  const budget = Math.min(opts.minimize, schedulesLeft);
  const small = await shrink(program, opts, res, located(againFound, again), budget, capture);
  if (small === null) return build(againFound, again, replay, at);
  const token = encodeToken({ memoryModel: opts.memoryModel, ...small.res });
  return { ...build(small.failure, small.captured, token, at), minimised: small.minimised };
}

type Capture = (decisions: readonly number[], hash: number, f: ExecutionFailure) => Promise<ExecutionResult>;

/**
 * Minimise a failing schedule within `budget` replays (see minimize.ts), then replay the
 * result with capture on and keep it only if the failure sits at the same source
 * locations (`identity`, from the captured original).
 */
async function shrink(program: () => unknown, opts: ResolvedOptions, res: ExecutionResult, identity: string | null, budget: number, capture: Capture) {
  const m = await minimize(async (chooser) => {
    const r = await runOne(program, chooser, opts, false);
    return { res: r, failure: failureOf(r, opts) };
  }, res.decisions, budget - 2);
  if (m === null) return null;
  const smallFound = failureOf(m.res, opts);
  if (smallFound === null) return null;
  const captured = await capture(m.res.decisions, m.res.hash, smallFound);
  const failure = failureOf(captured, opts);
  if (failure === null || located(failure, captured) !== identity) return null;
  return { res: m.res, failure, captured, minimised: { from: m.from, to: m.to, replays: m.replays + 2 } };
}

function located(f: ExecutionFailure, captured: ExecutionResult): string | null {
  return failureIdentity(f, (step) => captured.trace?.find((t) => t.step === step)?.location ?? "");
}

function nondeterminism(first: ExecutionFailure, second: ExecutionFailure | null): ExecutionFailure {
  return { kind: "divergence", step: first.step, detail: { kind: "divergence", cause: { reason: "nondeterminism", first, second } } };
}

/** The failure as `explore` returns it: its message, its schedule's token, and the captured run's trace and locations. */
export function build(f: ExecutionFailure, captured: ExecutionResult, replay: string, at: Pick<Found, "opts" | "execution" | "strategy">): Failure {
  const trace = captured.trace ?? [];
  const detail = f.detail;
  if (detail.kind === "race") {
    for (const a of [detail.previous, detail.current]) {
      a.location = trace.find((s) => s.step === a.step)?.location ?? undefined;
      a.createdAt = captured.goroutines[a.goroutine.id - 1]?.createdAt ?? undefined;
    }
  }
  const { seed } = at.opts;
  return { kind: f.kind, message: failureMessage(f), replay, seed, strategy: at.strategy, execution: at.execution, trace, detail, goroutines: captured.goroutines };
}

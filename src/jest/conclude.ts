import type { MatcherContext } from "expect";
import type { Failure } from "../explore/explore";
import type { ExploreOptions } from "../explore/options";
import { formatExploration, formatFailure } from "../report/format-failure";
import { noVerdictText } from "../report/messages";
import type { Paint } from "../report/paint";
import { shown, tryTo, type MatcherSpec, type Run } from "./run-matcher";
import { underCi } from "./artifacts";
import { timelinePathFor, writeTimeline } from "./timeline-file";

/** The matcher's verdict on its property, when no other failure stopped it. */
export interface Verdict {
  readonly holds: boolean;
  /**
   * The body when the property does not hold. Default: the failure's report; `report`
   * builds it with other details (headline and values) in place of the default ones.
   */
  readonly violated?: (report: (details?: string) => string) => string;
  /** The body when it holds and `.not` expected it not to; `report` gives the failure's report, when there is one. */
  readonly held: (report: (details?: string) => string) => string;
  /**
   * Set when the exploration cannot settle the property either way (an exhaustive
   * search that did not finish): the body, and the test fails in both polarities.
   */
  readonly undecided?: () => string;
}

/**
 * The matcher's result. `.not` inverts only the verdict on the property; a failure of
 * another kind, or an exploration that cannot settle the property, means no verdict,
 * and fails the test in both polarities. The token of a
 * failure that fails the test is saved for the next run. The message is built lazily.
 */
export function conclude(run: Run, verdict: Verdict): { pass: boolean; message: () => string } {
  const { ctx, spec } = run;
  const f = run.result.failure;
  const stopped = f !== undefined && !spec.verdictKinds.includes(f.kind);
  const isNot = ctx.isNot === true;
  const undecided = !stopped && verdict.undecided !== undefined;
  const pass = stopped || undecided ? isNot : verdict.holds;
  const failing = isNot ? pass : !pass;
  const savedIn = failing && f !== undefined ? save(run, f) : undefined;
  const timeline = failing && f !== undefined ? drawTimeline(run, f) : undefined;
  const report = (failure: Failure, details?: string): string =>
    formatFailure(failure, { source: run.source, replayLine: replayLine(ctx, spec, run.options), savedIn, timeline, paint: paintOf(ctx), details });
  const message = (): string => {
    let body: string;
    if (stopped) body = `${noVerdict(spec, f!, run)}\n\n${report(f!)}`;
    else if (undecided) body = verdict.undecided!();
    else if (pass) body = verdict.held((details) => report(f!, details));
    else if (verdict.violated !== undefined) body = verdict.violated((details) => report(f!, details));
    else body = report(f!);
    return `${run.hint()}\n\n${body}`;
  };
  return { pass, message };
}

/** How much was explored, and whether that was every schedule. */
export function explored(run: Run): string {
  return formatExploration(run.result, run.opts.schedules, run.opts.shard, run.opts.timeBudgetMs);
}

function save(run: Run, f: Failure): string | undefined {
  const store = run.saveTo;
  if (store === null || f.kind === "divergence") return undefined;
  const added = tryTo(() => store.add(run.site.key, { replay: f.replay, kind: f.kind, message: f.message }));
  return added === undefined ? undefined : shown(store.file);
}

/** Write the failure's timeline page where saved failures go (see timeline-file.ts); its path as shown. */
function drawTimeline(run: Run, f: Failure): string | undefined {
  const testPath = run.site.testPath;
  if (run.store === null || testPath === undefined || f.kind === "divergence") return undefined;
  const file = timelinePathFor(testPath, run.site.key, underCi(run.ctx));
  if (file === null) return undefined;
  const written = tryTo(() => writeTimeline(f, file));
  return written === undefined ? undefined : shown(written);
}

function noVerdict(spec: MatcherSpec, f: Failure, run: Run): string {
  return noVerdictText(spec.property, f.kind, (run.opts.checks as ReadonlySet<string>).has(f.kind));
}

/** `await expect(program).toBeRaceFree({ replay: "gs1…" })`, with the options a replay needs. */
function replayLine(ctx: MatcherContext, spec: MatcherSpec, user: ExploreOptions): (token: string) => string {
  return (token) => {
    const parts = [`replay: ${JSON.stringify(token)}`];
    if (user.checks !== undefined) parts.push(`checks: [${user.checks.map((c) => JSON.stringify(c)).join(", ")}]`);
    if (user.maxSteps !== undefined) parts.push(`maxSteps: ${user.maxSteps}`);
    const args = `${spec.argument === "" ? "" : `${spec.argument}, `}{ ${parts.join(", ")} }`;
    return `await expect(program)${ctx.isNot ? ".not" : ""}.${spec.name}(${args})`;
  };
}

function paintOf(ctx: MatcherContext): Paint {
  const u = ctx.utils;
  return { bold: (t) => u.BOLD_WEIGHT(t), dim: (t) => u.DIM_COLOR(t), mark: (t) => u.RECEIVED_COLOR(t), value: (v) => u.stringify(v) };
}

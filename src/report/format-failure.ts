import type { ExploreResult, Failure, Incomplete } from "./explored";
import { focusOf, formatDetails } from "./details";
import { shortNames } from "./names";
import { PLAIN, type Paint } from "./paint";
import { formatSchedule, plural } from "./schedule";

/** How the failing execution was reached, for the provenance line. */
export type FailureSource =
  /** Found by exploring schedules. */
  | { readonly kind: "explored"; readonly budget: number; readonly shard?: { readonly index: number; readonly of: number } }
  /** Found by replaying a token the user gave (`replay` or GOSCHED_REPLAY). */
  | { readonly kind: "replayed" }
  /** Found by replaying a failure saved by an earlier run. */
  | { readonly kind: "saved"; readonly file: string };

export interface ReportOptions {
  readonly source: FailureSource;
  /** The line of code that replays the failure, given its token. */
  readonly replayLine: (token: string) => string;
  /** Replaces the headline and details block (a matcher that words its own verdict). */
  readonly details?: string;
  /** Where the token was saved for the next run, if it was. */
  readonly savedIn?: string;
  /** Where the failure's timeline page was written, if it was. */
  readonly timeline?: string;
  readonly paint?: Paint;
}

/**
 * A failure as users read it: the headline and details, where it was found
 * with the strategy and the seed, the schedule trimmed around the failure, and one line
 * of code that replays it. Blocks are separated by blank lines.
 */
export function formatFailure(f: Failure, o: ReportOptions): string {
  const paint = o.paint ?? PLAIN;
  const names = shortNames(f.goroutines);
  return [
    o.details ?? formatDetails(f, paint),
    provenance(f, o.source),
    formatSchedule(f.trace, focusOf(f, paint.value), names, paint),
    replayBlock(f, o, paint),
  ].join("\n\n");
}

/**
 * `Found in execution 17 of 500 · strategy pct(depth 3) · seed 1234`, then, for a
 * minimised schedule, what it was minimised from.
 */
export function provenance(f: Failure, source: FailureSource): string {
  const found = foundLine(f, source);
  const m = f.minimised;
  if (m === undefined) return found;
  const from = `${plural(m.from.steps, "step")} and ${plural(m.from.preemptions, "preemption")}`;
  const to = `${plural(m.to.steps, "step")} and ${plural(m.to.preemptions, "preemption")}`;
  return `${found}\nMinimised from ${from} to ${to}, in ${plural(m.replays, "replay")}.`;
}

function foundLine(f: Failure, source: FailureSource): string {
  const tail = `strategy ${f.strategy} · seed ${f.seed}`;
  switch (source.kind) {
    case "explored":
      return `Found in execution ${f.execution} of ${source.budget}${shardText(source.shard)} · ${tail}`;
    case "replayed":
      return `Found by replaying the given replay token · ${tail}`;
    case "saved":
      return `Found by replaying a failure saved in ${source.file} · ${tail}`;
  }
}

function replayBlock(f: Failure, o: ReportOptions, paint: Paint): string {
  const lines = ["Replay exactly this schedule:", `  ${o.replayLine(f.replay)}`];
  if (o.savedIn !== undefined) lines.push(paint.dim(`Saved in ${o.savedIn}: the next run tries it first.`));
  if (o.timeline !== undefined) lines.push(`Timeline: ${o.timeline}`);
  return lines.join("\n");
}

function shardText(shard: { readonly index: number; readonly of: number } | undefined): string {
  return shard === undefined || shard.of === 1 ? "" : ` (shard ${shard.index}/${shard.of})`;
}

/**
 * One line about an exploration that found nothing:
 * `Explored 1000 of 1000 schedules · strategy random · seed 1234`, and whether that
 * covered every schedule.
 */
export function formatExploration(
  r: Pick<ExploreResult, "schedules" | "complete" | "incomplete" | "seed" | "strategy"> & Partial<Pick<ExploreResult, "stoppedBy">>,
  budget: number,
  shard?: { readonly index: number; readonly of: number },
  timeBudgetMs?: number,
): string {
  const line = `Explored ${r.schedules} of ${budget} schedules${shardText(shard)} · strategy ${r.strategy} · seed ${r.seed}`;
  const parts = [line];
  if (r.stoppedBy === "time") {
    const ms = timeBudgetMs === undefined ? "" : ` of ${timeBudgetMs} ms`;
    parts.push(
      `Stopped by the time budget${ms}: a slower machine explores fewer schedules. ` +
        "Set `schedules` and a larger `timeBudgetMs` for the same verdict everywhere.",
    );
  } else if (r.complete) parts.push("That is every schedule.");
  const why = r.incomplete === null ? null : notEvery(r.incomplete);
  if (why !== null) parts.push(why);
  return parts.join("\n");
}

/** The jest.config line that turns plain awaits into scheduling points. */
export const TRANSFORM_HINT =
  'To explore plain awaits too, turn on gosched\'s transform in jest.config: ' +
  'transform: { "^.+\\\\.tsx?$": ["gosched/transform", { transformer: "ts-jest" }] }.';

/** Why a search that could have covered every schedule did not, or null when that needs no words (a budget, sampling). */
export function notEvery(why: Incomplete): string | null {
  switch (why.reason) {
    case "preemptionBound":
      return (
        `That is every schedule with at most ${plural(why.bound, "preemption")} (preemptionBound ${why.bound}), ` +
        "not every schedule: what needs more preemptions was not explored."
      );
    case "hidden-await":
      return `${hiddenAwait(why)}\n${TRANSFORM_HINT}`;
    default:
      return null;
  }
}

/** `goroutine 2 "alice" awaited a promise that gosched did not settle …`. */
export function hiddenAwait(why: Extract<Incomplete, { reason: "hidden-await" }>): string {
  const g = why.goroutine.name === "" ? `goroutine ${why.goroutine.id}` : `goroutine ${why.goroutine.id} "${why.goroutine.name}"`;
  return (
    `Not every interleaving: ${g} awaited a promise that gosched did not settle (after ${why.after}), ` +
    "and other goroutines could run at that await in the real program; gosched explored none of that."
  );
}

import type { ExploreResult, Failure } from "../explore/explore";
import { focusOf, formatDetails } from "./details";
import { shortNames } from "./names";
import { PLAIN, type Paint } from "./paint";
import { formatSchedule } from "./schedule";

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

/** `Found in execution 17 of 500 · strategy pct(depth 3) · seed 1234`. */
export function provenance(f: Failure, source: FailureSource): string {
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
  r: Pick<ExploreResult, "schedules" | "complete" | "bound" | "seed" | "strategy">,
  budget: number,
  shard?: { readonly index: number; readonly of: number },
): string {
  const line = `Explored ${r.schedules} of ${budget} schedules${shardText(shard)} · strategy ${r.strategy} · seed ${r.seed}`;
  if (!r.complete) return line;
  return `${line}\nThat is every schedule${r.bound === null ? "" : ` within ${r.bound}`}.`;
}

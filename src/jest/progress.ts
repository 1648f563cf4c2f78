import type { ExploreResult } from "../explore/explore";

/** Where progress goes: process.stderr, or a fake in tests. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Explorations shorter than this print nothing. */
export const SLOW_MS = 2000;
/** A terminal's progress line is redrawn at most this often. */
const REDRAW_MS = 250;
const UP_AND_CLEAR = "\u001b[1A\u001b[2K";

/**
 * Progress of one long exploration. On a terminal, one line that updates in place
 * (schedules done, rate) and is finally replaced by a summary; elsewhere (CI logs, Jest
 * workers, whose stderr is a pipe) only the summary, one line, and only when the
 * exploration took longer than {@link SLOW_MS}. Short explorations print nothing.
 */
export class Progress {
  private shown = false;
  private lastDraw = -Infinity;

  constructor(
    private readonly label: string,
    private readonly out: ProgressStream,
    private readonly slowMs = SLOW_MS,
  ) {}

  /** Called by the explorer every few dozen milliseconds. */
  update(schedules: number, elapsedMs: number): void {
    if (this.out.isTTY !== true || elapsedMs < this.slowMs || elapsedMs - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = elapsedMs;
    this.draw(`${this.label}: ${schedules} schedules · ${rate(schedules, elapsedMs)}/s · ${seconds(elapsedMs)}`);
  }

  /** The exploration ended: a summary line if it was slow. */
  finish(r: Pick<ExploreResult, "schedules" | "elapsedMs" | "failure" | "strategy" | "seed">): void {
    if (r.elapsedMs < this.slowMs && !this.shown) return;
    const verdict = r.failure === undefined ? "no failure" : `found a ${r.failure.kind}`;
    this.draw(
      `${this.label}: ${r.schedules} schedules in ${seconds(r.elapsedMs)} (${rate(r.schedules, r.elapsedMs)}/s), ` +
        `${verdict} · strategy ${r.strategy} · seed ${r.seed}`,
    );
  }

  private draw(line: string): void {
    this.out.write(`${this.shown && this.out.isTTY === true ? UP_AND_CLEAR : ""}gosched ${line}\n`);
    this.shown = true;
  }
}

function rate(schedules: number, ms: number): number {
  return ms <= 0 ? schedules : Math.round((schedules * 1000) / ms);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

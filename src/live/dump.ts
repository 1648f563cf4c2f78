import { liveExecutor, type LiveExecutor } from "./executor";
import type { LiveWaiter } from "./waiter";
import { ownerOf, siteOf } from "./goroutines";

/**
 * Go's goroutine dump for live goroutines: every operation parked on a live object, with
 * the goroutine that waits, Go's wait reason, the operation and where it waits (both
 * from a stack taken when it parked, within a budget per turn: see goroutines.ts). Printed when the event
 * loop empties with goroutines still blocked (a program that would otherwise exit
 * silently with work stuck), unless `GOSCHED_LIVE_EXIT_REPORT=0`; and on demand by
 * {@link dumpGoroutines}, since a server's event loop never empties.
 */

/** The dump of every live goroutine blocked on a gosched operation now ("" when none). */
export function goroutineDump(): string {
  return dumpOf(liveExecutor().parked());
}

/** Print {@link goroutineDump} to stderr (nothing when no goroutine is blocked); returns it. */
export function dumpGoroutines(): string {
  const text = goroutineDump();
  if (text !== "") process.stderr.write(text);
  return text;
}

function dumpOf(parked: readonly LiveWaiter[]): string {
  return parked.map(entry).join("");
}

function entry(w: LiveWaiter): string {
  const stack = w.site?.stack;
  const who = w.owner ?? ownerOf(stack);
  const op = w.op!;
  const id = who === null ? "?" : String(who.id);
  const name = who === null || who.name === "" ? "" : ` "${who.name}"`;
  const site = siteOf(w.site);
  const where = site === null ? "" : `\t${site}\n`;
  return `goroutine ${id}${name} [${op.waitReason()}]:\n\t${op.describe()}\n${where}\n`;
}

let installed = false;

/**
 * Print the dump when the event loop empties with live goroutines blocked. Node emits
 * `beforeExit` again if a handler schedules more work, so a dump is printed again only
 * when some goroutine blocked since the last one.
 */
export function reportAtExit(exec: LiveExecutor): void {
  if (installed) return;
  installed = true;
  let shown = 0;
  process.on("beforeExit", () => {
    if (process.env["GOSCHED_LIVE_EXIT_REPORT"] === "0") return;
    const parked = exec.parked();
    if (parked.every((w) => w.parks <= shown)) return;
    shown = parked.reduce((max, w) => Math.max(max, w.parks), shown);
    const n = parked.length;
    const hint = parked.every((w) => w.site !== null) ? "" : " (GOSCHED_LIVE_LOCATIONS=1 shows where each waits)";
    process.stderr.write(
      `gosched: the event loop emptied with ${n} live goroutine${n === 1 ? "" : "s"} blocked${hint}:\n\n${dumpOf(parked)}`,
    );
  });
}

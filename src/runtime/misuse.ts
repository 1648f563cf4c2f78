import { activeExecution, exploring } from "./active";
import type { TraceRecorder } from "./capture";
import { MisuseError } from "./errors";
import type { Execution } from "./execution";
import type { MisuseSite } from "./failure";
import { captureLocation } from "./location";
import type { Op } from "./op";

/**
 * Misuse diagnosis: which rule of the model a program broke when an operation cannot be
 * taken (a missing `await`, a foreign object, no goroutine, a foreign await). Each finding
 * is a typed cause (failure.ts); src/report/ words it.
 */

export const NEVER: Promise<never> = new Promise<never>(() => {});

/** The user-code sites of a misuse that have a location (only when capturing). */
export function sites(trace: TraceRecorder | null, ...pairs: [string, string | null][]): MisuseSite[] | undefined {
  if (trace === null) return undefined;
  return pairs.filter((p): p is [string, string] => p[1] !== null).map(([what, location]) => ({ what, location }));
}

/** The site of an operation that was not awaited. */
export function notAwaitedSite(trace: TraceRecorder | null, op: string, at: string | null): MisuseSite[] | undefined {
  return sites(trace, [`${op}, not awaited`, at]);
}

/** Why `exec` cannot take `op`: a zombie, a foreign object, no goroutine, or a missing `await`. */
export function refuse(exec: Execution, op: Op): Promise<never> {
  const active = activeExecution();
  if (active !== exec) {
    // A goroutine left behind by an execution that already failed (still running when
    // it ended, or woken later by the foreign await that stalled it) is a zombie: park it.
    if (active === null && !exploring()) return outside(op);
    if (exec.finished && (active === null || exec.failure?.kind === "misuse")) return NEVER;
    return foreign(exec, op);
  }
  if (exec.finished) return NEVER;
  const g = exec.current;
  if (g === null) {
    exec.misuseOf({ reason: "no-goroutine", op: op.describe() }, null);
  } else {
    const pending = g.op!.describe();
    const here = exec.trace === null ? null : captureLocation();
    const where = sites(exec.trace, [`${pending}, not awaited`, g.pendingAt], [op.describe(), here]);
    exec.misuseOf({ reason: "not-awaited", op: op.describe(), pending }, g, where);
  }
  return NEVER;
}

/** The microtask queue drained mid-execution: the running goroutine awaited something gosched does not control. */
export function stalled(exec: Execution): void {
  const g = exec.current;
  const after = g === null || g.last === null ? null : g.last.describe();
  const at = g?.last == null ? null : g.pendingAt;
  const where = sites(exec.trace, [`the last gosched operation before the await that escaped (${after ?? "its start"})`, at]);
  exec.misuseOf({ reason: "stalled", after }, g, where);
}

/** `op` used an object of `exec` while another execution runs: that one (if running) fails. */
function foreign(exec: Execution, op: Op): Promise<never> {
  const other = activeExecution();
  const cause = { reason: "foreign", op: op.describe() } as const;
  if (other !== null && !other.finished) other.misuseOf(cause, other.current);
  else exec.misuseOf(cause, null);
  return NEVER;
}

/** An operation on an ended execution's object when no exploration runs: reject it (never hang). */
function outside(op: Op): Promise<never> {
  const text =
    `${op.describe()} used an object of an execution that has ended: objects made inside a ` +
    `program belong to its execution; make the ones you use outside it (live) outside any program`;
  return Promise.reject(new MisuseError(text));
}

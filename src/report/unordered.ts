import type { TraceStep } from "../runtime/execution";
import type { Access } from "../runtime/failure";

/**
 * How much goroutine `who` had learnt of goroutine `about` before step `before`: the
 * latest step of `about` that happens before it, 0 if none. Replays the trace's
 * happens-before edges (recorded while the failure was captured) as vector clocks.
 */
export function learnt(trace: readonly TraceStep[], who: number, about: number, before: number): number {
  const sources = new Set<number>();
  for (const s of trace) for (const e of s.edges ?? []) sources.add(e.from);
  const know = new Map<number, Map<number, number>>();
  const clock = (g: number): Map<number, number> => know.get(g) ?? know.set(g, new Map()).get(g)!;
  const snapshots = new Map<number, Map<number, number>>();
  for (const s of trace) {
    if (s.step >= before) break;
    clock(s.goroutine).set(s.goroutine, s.step);
    for (const e of s.edges ?? []) {
      const to = clock(e.to);
      for (const [g, step] of snapshots.get(e.from) ?? []) if ((to.get(g) ?? 0) < step) to.set(g, step);
    }
    if (sources.has(s.step)) snapshots.set(s.step, new Map(clock(s.goroutine)));
  }
  return know.get(who)?.get(about) ?? 0;
}

/** Sentences that say why two racing accesses are unordered, in terms of the trace's steps. */
export function whyUnordered(trace: readonly TraceStep[], previous: Access, current: Access, names: ReadonlyMap<number, string>): string[] {
  const a = names.get(previous.goroutine.id) ?? previous.goroutine.name;
  const b = names.get(current.goroutine.id) ?? current.goroutine.name;
  const k = learnt(trace, current.goroutine.id, previous.goroutine.id, current.step);
  const first = `${b} ${verb(current.access)} at step ${current.step}, and ${a} ${verb(previous.access)} at step ${previous.step}: neither happens before the other.`;
  const why =
    k === 0
      ? `Before step ${current.step}, ${b} had not synchronised with ${a} at all, directly or through other goroutines.`
      : k < previous.step
        ? `Before step ${current.step}, ${b} knew ${a}'s steps only up to step ${k}: nothing ${a} released after its ${previous.access} at step ${previous.step} reached ${b}.`
        : `No chain of synchronising operations leads from ${a}'s step ${previous.step} to ${b}'s step ${current.step}.`;
  const fix = `To order them, ${a} must release (unlock, send, close, done) after step ${previous.step}, and ${b} acquire the same object (lock, receive, wait) before step ${current.step}.`;
  return [first, why, fix];
}

function verb(access: "read" | "write"): string {
  return access === "read" ? "reads" : "writes";
}

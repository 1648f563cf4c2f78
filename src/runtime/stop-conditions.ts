import type { ChoiceKind } from "./chooser";
import type { BlockedGoroutine, CheckKind, FailureDetail } from "./failure";
import type { Goroutine } from "./goroutine";
import { spinLimit } from "./spin";
import type { SyncObject } from "./sync-object";

/**
 * The conditions that end an execution with a failure, each as a typed detail (ids and
 * numbers, not sentences: src/report/messages.ts words them). Pure functions of what the
 * step loop saw.
 */

/** Go's goroutine dump of one goroutine: what it waits on and what it holds, by object id too. */
export function blockedGoroutine(g: Goroutine, objects: readonly SyncObject[]): BlockedGoroutine {
  const op = g.op ?? g.last;
  const holds: string[] = [];
  const heldObjects: number[] = [];
  for (const obj of objects) {
    const h = obj.heldBy(g);
    if (h === null) continue;
    holds.push(h);
    heldObjects.push(obj.id);
  }
  return {
    id: g.id,
    name: g.name,
    waitReason: op === null ? "running" : op.waitReason(),
    blockedIn: op === null ? "nothing" : op.describe(),
    waitsOn: op === null || op.target === null ? [] : [op.target.id],
    holds,
    heldObjects,
    location: g.pendingAt ?? undefined,
  };
}

/**
 * No goroutine can run and no timer can fire, with `blocked` still live: before main
 * returned a deadlock, after it a leak; null when that check is off.
 */
export function quiescence(blocked: readonly BlockedGoroutine[], returned: boolean, checks: ReadonlySet<CheckKind>): FailureDetail | null {
  if (!returned) return checks.has("deadlock") ? { kind: "deadlock", goroutines: blocked } : null;
  return checks.has("leak") ? { kind: "leak", goroutines: blocked } : null;
}

/** The execution took more than `maxSteps` steps. */
export function stepLimit(maxSteps: number): FailureDetail {
  return { kind: "livelock", maxSteps };
}

/** Every goroutine that can run is spinning, nothing has changed for long, and no timer can fire. */
export function spinning(maxSteps: number): FailureDetail {
  return { kind: "livelock", maxSteps, spun: spinLimit(maxSteps) };
}

/** A goroutine threw (a panic) or Go's runtime would have died (`fatal`). */
export function panicked(g: Goroutine, error: unknown, fatal: boolean): FailureDetail {
  return { kind: "panic", goroutine: { id: g.id, name: g.name }, value: error, fatal };
}

/** The chooser answered `answer` to a choice among `n` that has no such option (see divergence.ts). */
export function badChoice(answer: number, n: number, step: number, choice: ChoiceKind | "pick", ready: readonly Goroutine[]): FailureDetail {
  return {
    kind: "divergence",
    cause: {
      reason: "choice",
      answer,
      options: n,
      step,
      choice,
      ready: ready.map((g) => ({ id: g.id, name: g.name, op: g.op?.describe() ?? "start" })),
    },
  };
}

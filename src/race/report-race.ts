import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { goroutineAt } from "../runtime/happens-before";
import type { SyncObject } from "../runtime/sync-object";
import type { Conflict } from "./fasttrack";

/** The goroutine that made the earlier access of `conflict`. */
export function conflictGoroutine(exec: Execution, conflict: Conflict): Goroutine {
  const g = goroutineAt(exec, conflict.slot, conflict.epoch);
  if (g === null) throw new Error(`no goroutine held clock slot ${conflict.slot} at epoch ${conflict.epoch}`);
  return g;
}

/** Stop the execution with a data race between `conflict` and `g`'s current access. */
export function reportRace(exec: Execution, obj: SyncObject, conflict: Conflict, g: Goroutine, access: "read" | "write"): void {
  const other = conflictGoroutine(exec, conflict);
  const step = exec.steps;
  exec.fail({
    kind: "race",
    object: obj.label(),
    previous: { goroutine: { id: other.id, name: other.name }, access: conflict.access, step: conflict.step },
    current: { goroutine: { id: g.id, name: g.name }, access, step },
  });
}

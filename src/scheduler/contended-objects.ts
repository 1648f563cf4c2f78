import type { Goroutine } from "../runtime/goroutine";
import type { Op } from "../runtime/op";
import type { SyncObject } from "../runtime/sync-object";
import { classify } from "./dependency";

const runtimeId = (o: SyncObject): number => o.id;

/** Who has used one object in the current execution. */
interface Use {
  readonly first: Goroutine;
  others: boolean;
  written: boolean;
}

/**
 * Which objects are contended: used by two goroutines or more, at least one of them
 * writing, so that the order of their steps can matter. Learnt from the steps that ran,
 * over every execution of an exploration so far and in the current one. An object is
 * known across executions by its registration number, which is the same as long as the
 * program creates its objects in the same order; where it does not, more objects look
 * contended than are, which only costs a strategy some precision.
 *
 * PCT asks {@link matters} to skip change points where a change could not matter: a
 * step that touches only uncontended objects (or nothing: a goroutine's start, a yield,
 * the return of an operation a partner completed) commutes with every other goroutine's
 * steps.
 */
export class ContendedObjects {
  private readonly known = new Set<number>();
  private uses = new Map<number, Use>();

  /** A new execution starts. */
  begin(): void {
    this.uses = new Map();
  }

  /** `g` fires `op`. */
  record(g: Goroutine, op: Op): void {
    const a = classify(op, g, runtimeId);
    for (const id of a.writes) this.use(id, g, true);
    for (const id of a.reads) this.use(id, g, false);
  }

  /**
   * True when the order of `op` (pending for `g`) against other goroutines' steps may
   * matter: it touches a contended object, or effects that have no object (virtual time,
   * context cancellation) and so may touch anything.
   */
  matters(op: Op, g: Goroutine): boolean {
    const a = classify(op, g, runtimeId);
    if (a.all) return true;
    return a.writes.some((id) => this.known.has(id)) || a.reads.some((id) => this.known.has(id));
  }

  private use(id: number, g: Goroutine, write: boolean): void {
    const u = this.uses.get(id);
    if (u === undefined) {
      this.uses.set(id, { first: g, others: false, written: write });
      return;
    }
    if (u.first !== g) u.others = true;
    if (write) u.written = true;
    if (u.others && u.written) this.known.add(id);
  }
}

import type { VectorClock } from "../runtime/clock";
import type { Goroutine } from "../runtime/goroutine";
import { slotOf } from "../runtime/happens-before";

/**
 * FastTrack's shadow state for one memory location (Flanagan and Freund, "FastTrack:
 * Efficient and Precise Dynamic Race Detection", PLDI 2009).
 *
 * The last write is one epoch (clock slot and that slot's entry). Reads are
 * one epoch while they are totally ordered, and become a read vector only when two
 * unordered reads are live, as the paper does. We also keep the step of each epoch so
 * that a report can name both accesses. Departure from the paper: epochs are pairs of
 * fields rather than packed integers, since JavaScript numbers make packing no cheaper; the
 * read vector is a map from slot to epoch, sparse like the clocks (see `runtime/clock.ts`),
 * and when several of its reads race with a write the lowest slot is reported; and
 * every recorded access raises its goroutine's `touched` mark, which tells the clock
 * slots when an ended goroutine's slot may be reused (see `runtime/happens-before.ts`).
 */
export class Shadow {
  /** Last write: clock slot (0 = none), its clock entry, the step. */
  w = 0;
  wc = 0;
  ws = 0;
  /** Last read while exclusive. */
  r = 0;
  rc = 0;
  rs = 0;
  /** Read vector (slot → epoch) and the step of each entry, once reads are shared. */
  rv: Map<number, number> | null = null;
  rvs: Map<number, number> | null = null;
}

/** The earlier access of a race: its slot and epoch name the goroutine (`goroutineAt`). */
export interface Conflict {
  readonly slot: number;
  readonly epoch: number;
  readonly step: number;
  readonly access: "read" | "write";
}

/** Record a read by `g` at `step`; the write it races with, if any. */
export function onRead(sh: Shadow, g: Goroutine, step: number): Conflict | null {
  const t = slotOf(g);
  const C = g.clock;
  if (sh.w !== 0 && sh.wc > C.get(sh.w)) return { slot: sh.w, epoch: sh.wc, step: sh.ws, access: "write" };
  const c = C.get(t);
  g.touched = c;
  if (sh.rv !== null) {
    sh.rv.set(t, c);
    sh.rvs!.set(t, step);
    return null;
  }
  if (sh.r === 0 || sh.r === t || sh.rc <= C.get(sh.r)) {
    sh.r = t;
    sh.rc = c;
    sh.rs = step;
    return null;
  }
  sh.rv = new Map([[sh.r, sh.rc], [t, c]]);
  sh.rvs = new Map([[sh.r, sh.rs], [t, step]]);
  return null;
}

/** The lowest slot whose read in `rv` is not ordered before `C`, or 0 when all are. */
function firstUnordered(rv: ReadonlyMap<number, number>, C: VectorClock): number {
  let first = 0;
  for (const [u, rc] of rv) if (rc > C.get(u) && (first === 0 || u < first)) first = u;
  return first;
}

/** Record a write by `g` at `step`; the access it races with, if any. */
export function onWrite(sh: Shadow, g: Goroutine, step: number): Conflict | null {
  const t = slotOf(g);
  const C = g.clock;
  if (sh.w !== 0 && sh.wc > C.get(sh.w)) return { slot: sh.w, epoch: sh.wc, step: sh.ws, access: "write" };
  if (sh.rv !== null) {
    const u = firstUnordered(sh.rv, C);
    if (u !== 0) return { slot: u, epoch: sh.rv.get(u)!, step: sh.rvs!.get(u)!, access: "read" };
    sh.rv = null;
    sh.rvs = null;
  } else if (sh.r !== 0 && sh.rc > C.get(sh.r)) {
    return { slot: sh.r, epoch: sh.rc, step: sh.rs, access: "read" };
  }
  sh.r = 0;
  sh.w = t;
  sh.wc = g.touched = C.get(t);
  sh.ws = step;
  return null;
}

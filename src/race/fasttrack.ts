import type { VectorClock } from "../runtime/clock";
import type { Goroutine } from "../runtime/goroutine";

/**
 * FastTrack's shadow state for one memory location (Flanagan and Freund, "FastTrack:
 * Efficient and Precise Dynamic Race Detection", PLDI 2009).
 *
 * The last write is one epoch (goroutine id and that goroutine's clock entry). Reads are
 * one epoch while they are totally ordered, and become a read vector only when two
 * unordered reads are live, as the paper does. We also keep the step of each epoch so
 * that a report can name both accesses. Departure from the paper: epochs are pairs of
 * fields rather than packed integers, since JavaScript numbers make packing no cheaper.
 */
export class Shadow {
  /** Last write: goroutine id (0 = none), its clock entry, the step. */
  w = 0;
  wc = 0;
  ws = 0;
  /** Last read while exclusive. */
  r = 0;
  rc = 0;
  rs = 0;
  /** Read vector and the step of each entry, once reads are shared. */
  rv: VectorClock | null = null;
  rvs: number[] | null = null;
}

/** The earlier access of a race. */
export interface Conflict {
  readonly goroutine: number;
  readonly step: number;
  readonly access: "read" | "write";
}

/** Record a read by `g` at `step`; the write it races with, if any. */
export function onRead(sh: Shadow, g: Goroutine, step: number): Conflict | null {
  const C = g.clock;
  const t = g.id;
  if (sh.w !== 0 && sh.wc > (C[sh.w] ?? 0)) return { goroutine: sh.w, step: sh.ws, access: "write" };
  const c = C[t]!;
  if (sh.rv !== null) {
    sh.rv[t] = c;
    sh.rvs![t] = step;
    return null;
  }
  if (sh.r === 0 || sh.r === t || sh.rc <= (C[sh.r] ?? 0)) {
    sh.r = t;
    sh.rc = c;
    sh.rs = step;
    return null;
  }
  const rv: VectorClock = [];
  const rvs: number[] = [];
  rv[sh.r] = sh.rc;
  rvs[sh.r] = sh.rs;
  rv[t] = c;
  rvs[t] = step;
  sh.rv = rv;
  sh.rvs = rvs;
  return null;
}

/** Record a write by `g` at `step`; the access it races with, if any. */
export function onWrite(sh: Shadow, g: Goroutine, step: number): Conflict | null {
  const C = g.clock;
  const t = g.id;
  if (sh.w !== 0 && sh.wc > (C[sh.w] ?? 0)) return { goroutine: sh.w, step: sh.ws, access: "write" };
  if (sh.rv !== null) {
    const rv = sh.rv;
    for (let u = 0; u < rv.length; u++) {
      const rc = rv[u];
      if (rc !== undefined && rc > (C[u] ?? 0)) return { goroutine: u, step: sh.rvs![u]!, access: "read" };
    }
    sh.rv = null;
    sh.rvs = null;
  } else if (sh.r !== 0 && sh.rc > (C[sh.r] ?? 0)) {
    return { goroutine: sh.r, step: sh.rs, access: "read" };
  }
  sh.r = 0;
  sh.w = t;
  sh.wc = C[t]!;
  sh.ws = step;
  return null;
}

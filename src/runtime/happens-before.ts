import { assign, join, type VectorClock } from "./clock";
import type { Goroutine } from "./goroutine";

/**
 * The happens-before edges of DESIGN.md §3 as clock operations. Callers guard each call
 * with `exec.hb`, so a run without race detection does no clock work at all.
 *
 * A release ticks the releasing goroutine's own component afterwards, so its later
 * accesses are not covered by what it released (FastTrack's rule).
 */

/** `g` learns everything `sync` has been told: the receiving end of an edge. */
export function acquire(g: Goroutine, sync: VectorClock): void {
  join(g.clock, sync);
}

/** `sync` learns everything `g` knows: the sending end of an edge. */
export function release(g: Goroutine, sync: VectorClock): void {
  join(sync, g.clock);
  g.clock[g.id]!++;
}

/** As {@link release}, but `sync` forgets earlier releases (an atomic store). */
export function releaseStore(g: Goroutine, sync: VectorClock): void {
  assign(sync, g.clock);
  g.clock[g.id]!++;
}

/** Both directions at once: the two sides of an unbuffered channel's rendezvous. */
export function exchange(a: Goroutine, b: Goroutine): void {
  join(a.clock, b.clock);
  join(b.clock, a.clock);
  a.clock[a.id]!++;
  b.clock[b.id]!++;
}

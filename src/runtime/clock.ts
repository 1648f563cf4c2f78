/**
 * Vector clocks for happens-before, after Lamport (1978) and Mattern (1989).
 *
 * A clock is a dense array indexed by *slot*, not by goroutine id: each live goroutine
 * owns one slot, and a finished goroutine's slot is reused once that is provably safe
 * (see `happens-before.ts`), so clocks grow with live goroutines, not with every
 * goroutine ever made. Slot 0 is never used, so 0 can mean "nobody" in shadows.
 * Entries past the end are 0. Joins are element-wise maxima. Clocks are mutable and
 * owned by one goroutine or one synchronising object; nothing is shared by reference.
 */
export type VectorClock = number[];

/** A goroutine clock for `slot`, knowing what `from` knows, with its own entry at `start`. */
export function ownClock(from: VectorClock | null, slot: number, start: number): VectorClock {
  const c = from === null ? [] : from.slice();
  while (c.length <= slot) c.push(0);
  c[slot] = start;
  return c;
}

/** `into := into ⊔ from`. */
export function join(into: VectorClock, from: VectorClock): void {
  const n = from.length;
  while (into.length < n) into.push(0);
  for (let i = 0; i < n; i++) {
    const v = from[i]!;
    if (v > into[i]!) into[i] = v;
  }
}

/** `a := b := a ⊔ b`, in one pass (an unbuffered rendezvous). */
export function joinBoth(a: VectorClock, b: VectorClock): void {
  while (a.length < b.length) a.push(0);
  while (b.length < a.length) b.push(0);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) a[i] = y;
    else if (y < x) b[i] = x;
  }
}

/** `into := from` (a release-store, as TSan does for atomic stores). */
export function assign(into: VectorClock, from: VectorClock): void {
  into.length = from.length;
  for (let i = 0; i < from.length; i++) into[i] = from[i]!;
}

/** The first index where `a` is not ≤ `b`, or -1 when `a ⊑ b`. */
export function firstNotBefore(a: VectorClock, b: VectorClock): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > (b[i] ?? 0)) return i;
  }
  return -1;
}

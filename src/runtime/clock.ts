/**
 * Vector clocks for happens-before (DESIGN.md §3).
 *
 * A clock is a dense array indexed by goroutine id. Entries past the end are 0, so a
 * clock only grows as far as the highest goroutine id it has heard of. Joins are
 * element-wise maxima. Clocks are mutable and owned by one goroutine or one
 * synchronising object; nothing is shared by reference.
 */
export type VectorClock = number[];

/** `into := into ⊔ from`. */
export function join(into: VectorClock, from: VectorClock): void {
  const n = from.length;
  while (into.length < n) into.push(0);
  for (let i = 0; i < n; i++) {
    const v = from[i]!;
    if (v > into[i]!) into[i] = v;
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

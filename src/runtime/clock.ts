/**
 * Vector clocks for happens-before, after Lamport (1978) and Mattern (1989), kept sparse
 * and copy-on-write, the idea of the shared sync clocks in ThreadSanitizer's runtime (the
 * race detector Go's `-race` uses): a clock is a *base*, shared by reference with the
 * clocks it was copied from or to and never changed once made, plus a small private
 * *delta* of the entries this clock has raised since.
 *
 * A clock is indexed by *slot*, not by goroutine id (see `happens-before.ts`); entries not
 * stored are 0, so a clock costs what it knows, not the number of slots. Copying a clock
 * (a `go` statement, a release into an empty channel slot, an atomic store) shares the base
 * and copies the delta; joining a clock that shares the base reads the delta only. A delta
 * larger than its base (and than {@link FOLD}) is folded into a new base, so a join costs
 * O(entries brought in) amortised, and a copy folds first when its delta exceeds
 * {@link FOLD}, so a goroutine that starts many others shares one base with all of them.
 *
 * Invariant: a delta entry is never below the base entry of its slot (clocks only grow,
 * and a slot's new owner starts above every epoch of its old one), so a join from a clock
 * with the same base can skip the base. Departure from TSan: no fixed-size blocks or
 * reference counts; JavaScript maps and the garbage collector do that work.
 */
type Entries = ReadonlyMap<number, number>;

const NONE: Entries = new Map();

/** Delta size below which a copy shares it as it is, and a fold is never forced. */
export const FOLD = 16;

export class VectorClock {
  /** Shared by reference between clocks; never changed once made. */
  private base: Entries = NONE;
  /** This clock's own entries over `base`. */
  private delta = new Map<number, number>();

  /** The entry for `slot` (0 when none is stored). */
  get(slot: number): number {
    return this.delta.get(slot) ?? this.base.get(slot) ?? 0;
  }

  /** Set the entry for `slot`; `v` must not be below {@link get}'s answer (clocks only grow). */
  set(slot: number, v: number): void {
    this.delta.set(slot, v);
    if (this.delta.size > FOLD && this.delta.size > this.base.size) this.fold();
  }

  /** Raise `slot`'s entry by one. */
  tick(slot: number): void {
    this.set(slot, this.get(slot) + 1);
  }

  /** Knows nothing (every entry 0). */
  isEmpty(): boolean {
    return this.base.size === 0 && this.delta.size === 0;
  }

  /** An upper bound on the number of stored entries (those of the delta and of the base). */
  sizeBound(): number {
    return this.base.size + this.delta.size;
  }

  /** A new clock equal to this one, sharing its base. */
  copy(): VectorClock {
    const c = new VectorClock();
    c.assign(this);
    return c;
  }

  /** `this := this ⊔ from`. */
  join(from: VectorClock): void {
    if (from === this) return;
    if (this.isEmpty()) return this.assign(from);
    if (from.base !== this.base) from.base.forEach(raiseFromBase, { into: this, from });
    from.delta.forEach(raiseEntry, this);
    if (this.delta.size > FOLD && this.delta.size > this.base.size) this.fold();
  }

  /** `this := from`, forgetting what this knew (a release-store, as TSan does for atomic stores). */
  assign(from: VectorClock): void {
    if (from === this) return;
    if (from.delta.size > FOLD) from.fold();
    this.base = from.base;
    // The delta is this clock's own: refilled in place, so a rendezvous allocates nothing.
    this.delta.clear();
    from.delta.forEach(setEntry, this.delta);
  }

  /** Every slot with a non-zero entry, with its entry, in no particular order. */
  *entries(): IterableIterator<[number, number]> {
    for (const [k, v] of this.base) if (!this.delta.has(k) && v !== 0) yield [k, v];
    for (const [k, v] of this.delta) if (v !== 0) yield [k, v];
  }

  /** Raise `slot`'s entry to `v` if it is lower. */
  raise(slot: number, v: number): void {
    if (v > this.get(slot)) this.delta.set(slot, v);
  }

  /** Move the delta into a new base of this clock's own (the old base stays with its other owners). */
  private fold(): void {
    const m = new Map(this.base);
    for (const [k, v] of this.delta) m.set(k, v);
    this.base = m;
    this.delta = new Map();
  }
}

// Map.forEach callbacks with their target as `this`: no closure or entry array per call.
function raiseEntry(this: VectorClock, v: number, slot: number): void {
  this.raise(slot, v);
}

function raiseFromBase(this: { into: VectorClock; from: VectorClock }, _v: number, slot: number): void {
  this.into.raise(slot, this.from.get(slot));
}

function setEntry(this: Map<number, number>, v: number, slot: number): void {
  this.set(slot, v);
}

/** A goroutine clock for `slot`, knowing what `from` knows, with its own entry at `start`. */
export function ownClock(from: VectorClock | null, slot: number, start: number): VectorClock {
  const c = from === null ? new VectorClock() : from.copy();
  c.set(slot, start);
  return c;
}

/** `a := b := a ⊔ b` (an unbuffered rendezvous). */
export function joinBoth(a: VectorClock, b: VectorClock): void {
  a.join(b);
  b.assign(a);
}

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
 * and copies the delta; joining a clock that shares the base reads the delta only, and
 * joining one with another base reads that whole base (O(its entries), not only the entries
 * brought in: bases keep no ancestry, so one already folded in is not recognised). A delta
 * larger than its base (and than {@link FOLD}) is folded into a new base, and a copy folds
 * first when its delta exceeds {@link FOLD}, so a goroutine that starts many others shares
 * one base with all of them.
 *
 * Invariant: a delta entry is never below the base entry of its slot (clocks only grow,
 * and a slot's new owner starts above every epoch of its old one), so a join from a clock
 * with the same base can skip the base. Departure from TSan: no fixed-size blocks or
 * reference counts; JavaScript maps and the garbage collector do that work.
 *
 * Small clocks stay dense: while every slot a clock knows is below {@link DENSE}, it is a
 * plain array, as the clocks were before they went sparse, since for the few goroutines of
 * most programs a map lookup costs more than the copy it saves (race detection on a
 * two-goroutine ping-pong was a quarter slower with maps alone). A clock turns sparse the
 * first time it learns of a slot at or above {@link DENSE}, and dense again only when a
 * dense clock is assigned to it.
 */
type Entries = ReadonlyMap<number, number>;

const NONE: Entries = new Map();

/** Delta size below which a copy shares it as it is, and a fold is never forced. */
export const FOLD = 16;

/** Slots below this are kept in a dense array while a clock knows no other. */
export const DENSE = 64;

export class VectorClock {
  /** The entries by slot while the clock is dense; null once it is sparse. */
  private dense: number[] | null = [];
  /** Shared by reference between sparse clocks; never changed once made. */
  private base: Entries = NONE;
  /** A sparse clock's own entries over `base` (unused while dense). */
  private delta: Map<number, number> = NONE as Map<number, number>;

  /** The entry for `slot` (0 when none is stored). */
  get(slot: number): number {
    const d = this.dense;
    if (d !== null) return slot < d.length ? d[slot]! : 0;
    return this.delta.get(slot) ?? this.base.get(slot) ?? 0;
  }

  /** Set the entry for `slot`; `v` must not be below {@link get}'s answer (clocks only grow). */
  set(slot: number, v: number): void {
    const d = this.dense;
    if (d !== null) {
      if (slot < DENSE) return setDense(d, slot, v);
      this.sparsify();
    }
    this.delta.set(slot, v);
    if (this.delta.size > FOLD && this.delta.size > this.base.size) this.fold();
  }

  /** Raise `slot`'s entry by one. */
  tick(slot: number): void {
    this.set(slot, this.get(slot) + 1);
  }

  /** Knows nothing (every entry 0). */
  isEmpty(): boolean {
    const d = this.dense;
    if (d !== null) return d.every(isZero);
    return this.base.size === 0 && this.delta.size === 0;
  }

  /** An upper bound on the number of stored entries (those of the delta and of the base). */
  sizeBound(): number {
    const d = this.dense;
    return d !== null ? d.length : this.base.size + this.delta.size;
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
    const d = this.dense;
    const fd = from.dense;
    if (d !== null && fd !== null) return joinDense(d, fd);
    if (this.isEmpty()) return this.assign(from);
    if (d !== null) this.sparsify();
    if (fd !== null) fd.forEach(raiseDense, this);
    else {
      if (from.base !== this.base) {
        BASE_JOIN.into = this;
        BASE_JOIN.from = from;
        from.base.forEach(raiseFromBase, BASE_JOIN);
      }
      from.delta.forEach(raiseEntry, this);
    }
    if (this.delta.size > FOLD && this.delta.size > this.base.size) this.fold();
  }

  /** `this := from`, forgetting what this knew (a release-store, as TSan does for atomic stores). */
  assign(from: VectorClock): void {
    if (from === this) return;
    const fd = from.dense;
    if (fd !== null) {
      const d = this.dense;
      if (d !== null) return copyDense(d, fd);
      this.dense = fd.slice();
      // Let go of the sparse entries (a base may be large and shared).
      this.base = NONE;
      this.delta = NONE as Map<number, number>;
      return;
    }
    if (from.delta.size > FOLD) from.fold();
    if (this.dense !== null) this.becomeSparse();
    this.base = from.base;
    // The delta is this clock's own: refilled in place, so a rendezvous allocates nothing.
    this.delta.clear();
    from.delta.forEach(setEntry, this.delta);
  }

  /** Every slot with a non-zero entry, with its entry, in no particular order. */
  *entries(): IterableIterator<[number, number]> {
    const d = this.dense;
    if (d !== null) {
      for (let i = 0; i < d.length; i++) if (d[i] !== 0) yield [i, d[i]!];
      return;
    }
    for (const [k, v] of this.base) if (!this.delta.has(k) && v !== 0) yield [k, v];
    for (const [k, v] of this.delta) if (v !== 0) yield [k, v];
  }

  /** Raise `slot`'s entry to `v` if it is lower. */
  raise(slot: number, v: number): void {
    if (v > this.get(slot)) this.set(slot, v);
  }

  /** Turn sparse, keeping every entry (in a delta of this clock's own). */
  private sparsify(): void {
    const d = this.dense!;
    this.becomeSparse();
    for (let i = 0; i < d.length; i++) if (d[i] !== 0) this.delta.set(i, d[i]!);
  }

  /** Sparse and empty. */
  private becomeSparse(): void {
    this.dense = null;
    this.base = NONE;
    this.delta = new Map();
  }

  /** Move the delta into a new base of this clock's own (the old base stays with its other owners). */
  private fold(): void {
    const m = new Map(this.base);
    for (const [k, v] of this.delta) m.set(k, v);
    this.base = m;
    this.delta = new Map();
  }
}

function isZero(v: number): boolean {
  return v === 0;
}

function setDense(d: number[], slot: number, v: number): void {
  while (d.length < slot) d.push(0);
  d[slot] = v;
}

/** `d := from`, in place (setting `length` costs more than the copy, so only when it shrinks). */
function copyDense(d: number[], from: readonly number[]): void {
  const n = from.length;
  if (d.length > n) d.length = n;
  for (let i = 0; i < n; i++) d[i] = from[i]!;
}

function joinDense(d: number[], from: readonly number[]): void {
  const n = from.length;
  while (d.length < n) d.push(0);
  for (let i = 0; i < n; i++) if (from[i]! > d[i]!) d[i] = from[i]!;
}

function raiseDense(this: VectorClock, v: number, slot: number): void {
  if (v !== 0) this.raise(slot, v);
}

// Map.forEach callbacks with their target as `this`: no closure or entry array per call.
function raiseEntry(this: VectorClock, v: number, slot: number): void {
  this.raise(slot, v);
}

/** The `this` of {@link raiseFromBase}, reused: a join allocates nothing for it. */
const BASE_JOIN: { into: VectorClock; from: VectorClock } = { into: new VectorClock(), from: new VectorClock() };

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

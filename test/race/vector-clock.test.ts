import fc from "fast-check";
import { DENSE, FOLD, joinBoth, ownClock, VectorClock } from "../../src/runtime/clock";

/**
 * The sparse, copy-on-write clocks against the plain definition: a dense array per clock,
 * joins as element-wise maxima, copies as copies. Random programs of ticks, joins,
 * assignments, copies and rendezvous over a handful of clocks must leave every entry of
 * every clock equal in both, however bases end up shared and deltas folded.
 */
/** Most slots below DENSE, some above: clocks start dense and turn sparse part-way. */
const SLOTS = DENSE + 24;

type Step =
  | { op: "tick" | "spread"; a: number; slot: number }
  | { op: "join" | "assign" | "both"; a: number; b: number }
  | { op: "copy"; a: number }
  | { op: "own"; a: number; slot: number };

const clockIndex = fc.nat(15);
const slot = fc.integer({ min: 1, max: SLOTS - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant("tick" as const), a: clockIndex, slot }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constantFrom("join" as const, "assign" as const, "both" as const), a: clockIndex, b: clockIndex }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant("copy" as const), a: clockIndex }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("spread" as const), a: clockIndex, slot }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant("own" as const), a: clockIndex, slot }), weight: 1 },
);

/** Both models, clock by clock: clocks[i] and dense[i] must always agree. */
class Pair {
  readonly clocks: VectorClock[] = [new VectorClock()];
  readonly dense: number[][] = [new Array<number>(SLOTS).fill(0)];

  apply(s: Step): void {
    const n = this.clocks.length;
    const a = s.a % n;
    const b = "b" in s ? s.b % n : a;
    const [ca, da] = [this.clocks[a]!, this.dense[a]!];
    const [cb, db] = [this.clocks[b]!, this.dense[b]!];
    switch (s.op) {
      case "tick": return (ca.tick(s.slot), void (da[s.slot]! += 1));
      case "join": return (ca.join(cb), maxInto(da, db));
      case "assign": return (ca.assign(cb), void da.splice(0, SLOTS, ...db));
      case "both": return (joinBoth(ca, cb), maxInto(da, db), maxInto(db, da));
      case "spread": return this.spread(ca, da, s.slot);
      case "copy": return this.push(ca.copy(), da.slice());
      case "own": return this.own(ca, da, s.slot);
    }
  }

  /** Tick FOLD + 4 slots from `first` on: enough new entries at once to fold a delta into a new base. */
  private spread(c: VectorClock, d: number[], first: number): void {
    for (let i = 0; i < FOLD + 4; i++) {
      const s = 1 + ((first + i) % (SLOTS - 1));
      c.tick(s);
      d[s]! += 1;
    }
  }

  /** A goroutine placed in `slot`: what `from` knows, with its own entry above what anyone knows of the slot. */
  private own(from: VectorClock, dense: number[], slot: number): void {
    const start = Math.max(...this.dense.map((d) => d[slot]!)) + 1;
    const d = dense.slice();
    d[slot] = start;
    this.push(ownClock(from, slot, start), d);
  }

  private push(c: VectorClock, d: number[]): void {
    this.clocks.push(c);
    this.dense.push(d);
  }
}

function maxInto(into: number[], from: readonly number[]): void {
  for (let i = 0; i < SLOTS; i++) into[i] = Math.max(into[i]!, from[i]!);
}

function entriesOf(c: VectorClock): number[] {
  const d = new Array<number>(SLOTS).fill(0);
  for (const [k, v] of c.entries()) {
    if (d[k] !== 0) throw new Error(`slot ${k} listed twice by entries()`);
    d[k] = v;
  }
  return d;
}

test("sparse copy-on-write clocks equal dense clocks on random tick/join/assign/copy/rendezvous programs", () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 300 }), (steps) => {
      const p = new Pair();
      for (const s of steps) p.apply(s);
      p.clocks.forEach((c, i) => {
        const got = Array.from({ length: SLOTS }, (_, k) => c.get(k));
        expect(got).toEqual(p.dense[i]);
        expect(entriesOf(c)).toEqual(p.dense[i]);
        expect(c.isEmpty()).toBe(p.dense[i]!.every((v) => v === 0));
      });
    }),
    { seed: 20261205, numRuns: 400 },
  );
});

test("a copy shares what it was copied from: changing either afterwards leaves the other as it was", () => {
  const parent = new VectorClock();
  for (let s = 1; s <= 3 * FOLD; s++) parent.set(s, s);
  const child = parent.copy();
  parent.tick(1);
  child.tick(2);
  expect([parent.get(1), parent.get(2)]).toEqual([2, 2]);
  expect([child.get(1), child.get(2)]).toEqual([1, 3]);
});

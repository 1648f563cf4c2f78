import seedrandom from "seedrandom";

/** The one source of randomness in gosched. */
export interface Rng {
  /** A uniform integer in [0, n). */
  below(n: number): number;
  /** A uniform float in [0, 1). */
  next(): number;
}

/** A generator for execution `index` of an exploration seeded with `seed`. */
export function rngFor(seed: string, index: number): Rng {
  return new Alea(seedrandom.alea(`${seed}/${index}`));
}

/** A class, not a pair of closures: strategies call `below` on every decision. */
class Alea implements Rng {
  constructor(private readonly prng: () => number) {}
  below(n: number): number {
    return Math.floor(this.prng() * n);
  }
  next(): number {
    return this.prng();
  }
}

/** A fresh seed when none was given: a short base-36 string, printed with every result. */
export function freshSeed(): string {
  const prng = seedrandom.alea(`${process.hrtime.bigint()}/${process.pid}`);
  return Math.floor(prng() * 2 ** 40).toString(36);
}

import { VectorClock } from "../runtime/clock";
import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { touch } from "../runtime/happens-before";

/**
 * What a read may see under `memoryModel: "go"` (the Go memory model, "Memory model"
 * section): a read r of location x may observe a write w to x when w does not happen
 * after r, and there is no other write w' to x with w happening before w' and w'
 * happening before r. Writes that are ordered before the read therefore hide the writes
 * they follow, so a data-race-free program only ever sees the latest write (DRF-SC),
 * while a racy read may see an older one: the reorder example's "20", or a half-built
 * object behind an unsynchronised pointer.
 *
 * As loom does, we keep a bounded history: the last {@link HISTORY} writes of each
 * location (the initial value counts as a write that happens before everything). A
 * stale value older than that is not offered. Which visible write a read returns is a
 * data choice of the strategy, with the latest write (the sequentially consistent
 * answer) as option 0.
 */
export const HISTORY = 8;

/** One write, with what its writer knew when it wrote. */
export interface WriteRecord<T> {
  readonly value: T;
  /** The writer's clock slot and epoch: the write happens before r when epoch ≤ r's clock[slot]. */
  readonly slot: number;
  readonly epoch: number;
  /** The writer's clock at the write: an earlier write w happens before this one when w.epoch ≤ clock[w.slot]. */
  readonly clock: VectorClock;
  /** 0 for the initial value. */
  readonly step: number;
  readonly goroutine: number;
}

export class WriteHistory<T> {
  private readonly writes: WriteRecord<T>[];

  constructor(initial: T) {
    this.writes = [{ value: initial, slot: 0, epoch: 0, clock: new VectorClock(), step: 0, goroutine: 0 }];
  }

  record(g: Goroutine, value: T, step: number): void {
    const slot = touch(g);
    this.writes.push({ value, slot, epoch: g.clock.get(slot), clock: g.clock.copy(), step, goroutine: g.id });
    if (this.writes.length > HISTORY) this.writes.shift();
  }

  /** The writes `g` may read now, latest first (index 0 is the sequentially consistent value). */
  visible(g: Goroutine): WriteRecord<T>[] {
    const w = this.writes;
    const out: WriteRecord<T>[] = [];
    for (let i = w.length - 1; i >= 0; i--) {
      if (this.hiddenBy(i, g) === null) out.push(w[i]!);
    }
    return out;
  }

  /** The newest write that `g` knows follows write `i`, if one hides it from `g`. */
  hiddenBy(i: number, g: Goroutine): WriteRecord<T> | null {
    const w = this.writes;
    const older = w[i]!;
    for (let j = w.length - 1; j > i; j--) {
      const newer = w[j]!;
      if (older.epoch <= newer.clock.get(older.slot) && newer.epoch <= g.clock.get(newer.slot)) return newer;
    }
    return null;
  }

  /** The newest write: what a stale read skipped. */
  latest(): WriteRecord<T> {
    return this.writes[this.writes.length - 1]!;
  }

  /**
   * A read by `g`: the strategy chooses among the visible writes (option 0 the latest),
   * and a captured trace says which write a stale read saw and which newer one it skipped.
   */
  read(exec: Execution, g: Goroutine): T {
    const visible = this.visible(g);
    const seen = visible[exec.choose(visible.length, "read")]!;
    if (seen !== visible[0]) exec.note(() => staleNote(exec, seen, this.latest()));
    return seen.value;
  }
}

function staleNote(exec: Execution, seen: WriteRecord<unknown>, newest: WriteRecord<unknown>): string {
  const who = (w: WriteRecord<unknown>): string =>
    w.step === 0 ? "the initial value" : `the write at step ${w.step} by ${exec.goroutines[w.goroutine - 1]!.label()}`;
  return `stale: saw ${who(seen)}; skipped ${who(newest)}, which is not ordered before this read (memoryModel "go")`;
}

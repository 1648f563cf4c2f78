import type { Op, Woken } from "./op";
import { VectorClock } from "./clock";

/** A goroutine's identity as reports show it. */
export interface GoroutineInfo {
  readonly id: number;
  readonly name: string;
}

/**
 * The runtime's record of one goroutine. Exactly one goroutine runs at a time: the
 * execution's `current`. Every other live goroutine has a pending {@link Op}.
 */
export class Goroutine implements GoroutineInfo {
  /** The operation announced and not yet performed; null while running. */
  op: Op | null = null;
  /** The pending operation's flags (see {@link Op.flags}): read on every step. */
  flags = 0;
  /** The last operation announced, for reports about a goroutine that stalled. */
  last: Op | null = null;
  /** Set once, when the goroutine ends; tells its clock slot table (see `happens-before.ts`). */
  get done(): boolean {
    return this.ended;
  }
  set done(v: boolean) {
    const was = this.ended;
    this.ended = v;
    if (v && !was) this.slotTable?.ended(this);
  }
  private ended = false;
  /** The clock slot table that placed the goroutine, told when it ends (see `happens-before.ts`). */
  slotTable: { ended(g: Goroutine): void } | null = null;
  /** Reused by `wake()` whenever a partner completes this goroutine's operation. */
  woken: Woken | null = null;
  /**
   * Happens-before clock, indexed by clock slot (see `happens-before.ts`); empty until
   * `fork` gives it the creator's knowledge. Unused when clocks are off.
   */
  clock: VectorClock = new VectorClock();
  /** The clock slot the goroutine owns (its own component), 0 until placed. */
  slot = 0;
  /** The first epoch of its own in that slot. */
  slotStart = 0;
  /** Who held the slot before it: a report names the goroutine behind an old epoch. */
  slotPrev: Goroutine | null = null;
  /**
   * The highest epoch of its own that an access stored in a shadow: it decides when the
   * slot may be reused after the goroutine ends (see `happens-before.ts`).
   */
  touched = 0;
  /** Where `go()` was called, and where the pending operation was announced (capture mode). */
  createdAt: string | null = null;
  pendingAt: string | null = null;
  /** Steps that changed nothing since the spin watch's epoch `spinEpoch` (see spin.ts). */
  spins = 0;
  spinEpoch = -1;
  /** The function to run, until the goroutine starts. */
  body: (() => unknown) | null = null;
  resume: (value: unknown) => void = noop;
  throwIn: (error: unknown) => void = noop;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly parent: Goroutine | null,
  ) {}

  /** `goroutine 3 "worker"`, or `goroutine 1` when unnamed. */
  label(): string {
    return this.name === "" ? `goroutine ${this.id}` : `goroutine ${this.id} "${this.name}"`;
  }
}

function noop(): void {}

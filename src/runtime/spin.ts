import type { Goroutine } from "./goroutine";
import { CODE_BITS, MAY_IDLE, OpCode, type Op } from "./op";

/**
 * A goroutine that has taken this many steps beyond the first that changed nothing,
 * with no step of any goroutine changing anything meanwhile, is spinning.
 */
export const SPIN_REPEATS = 3;

/** Operations that never change anything: reads and yields. */
const QUIET_CODES = bit(OpCode.Read) | bit(OpCode.MapRead) | bit(OpCode.AtomicLoad) | bit(OpCode.Yield);

function bit(code: number): number {
  return 1 << code;
}

/**
 * True when `op`, firing now for `g`, changes nothing gosched tracks: a read, a yield,
 * `sleep(0)`, a `select` taking its default, a failing `tryLock` or `compareAndSwap`, or
 * a write of the value already there (a `swap` or `store` that writes back what it reads).
 * `flags` are the operation's (see {@link Op.flags}).
 */
export function changesNothing(op: Op, g: Goroutine, flags: number): boolean {
  if (((QUIET_CODES >>> (flags & CODE_BITS)) & 1) !== 0) return true;
  if ((flags & MAY_IDLE) === 0) return false;
  return op.idle?.(g) === true || op.unchanged?.(g) === true;
}

/**
 * The runtime's view of busy-waiting, the same for every strategy: which goroutines are
 * spinning, so that virtual time can move while only spinners can run, and how long
 * nothing at all has changed, so that a spin nothing can end is a livelock soon
 * instead of at `maxSteps`.
 *
 * Idea: the good-samaritan rule of CHESS (Musuvathi and Qadeer, "Fair stateless model
 * checking", PLDI 2008): a goroutine that takes steps that change nothing waits for
 * someone else. Departure: as synctest would hang on a goroutine polling a deadline,
 * gosched moves the clock to the next timer once every goroutine that can run is
 * spinning; and it cannot see plain JavaScript state, so a loop of operations that
 * change nothing counts as spinning even when a plain counter bounds it.
 */
export class SpinWatch {
  /** Steps in a row that changed nothing. */
  quiet = 0;
  /** Bumped by every step that changed something: spins counted before it are void. */
  private epoch = 0;

  /** Record that `g` is about to fire `op` (flags `flags`). */
  record(g: Goroutine, op: Op, flags: number): void {
    if (!changesNothing(op, g, flags)) return this.progress();
    this.quiet++;
    if (g.spinEpoch !== this.epoch) {
      g.spinEpoch = this.epoch;
      g.spins = 0;
    }
    g.spins++;
  }

  /** Something changed (a step, or the clock moved): every spin starts over. */
  progress(): void {
    this.quiet = 0;
    this.epoch++;
  }

  /** True when each of the first `n` goroutines of `enabled` is spinning. */
  allSpinning(enabled: readonly Goroutine[], n: number): boolean {
    return this.quiet > SPIN_REPEATS && this.allSpun(enabled, n, SPIN_REPEATS + 1);
  }

  /** True when each of the first `n` goroutines of `enabled` has taken `steps` steps since anything changed. */
  allSpun(enabled: readonly Goroutine[], n: number, steps: number): boolean {
    for (let i = 0; i < n; i++) {
      const g = enabled[i]!;
      if (g.spinEpoch !== this.epoch || g.spins < steps) return false;
    }
    return true;
  }
}

/**
 * The steps that every goroutine able to run must have spun, with nothing changed, for a
 * spin that no timer can end to be a livelock: a hundredth of `maxSteps`. Counted per
 * goroutine, so that many goroutines taking a few such steps each are not one.
 */
export function spinLimit(maxSteps: number): number {
  return Math.max(SPIN_REPEATS + 1, Math.ceil(maxSteps / 100));
}

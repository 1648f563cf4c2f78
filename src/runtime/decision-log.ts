/**
 * The decisions of one execution, and the hash of its steps.
 *
 * Decisions go into an Int32Array borrowed from a small pool: a long execution records a
 * decision every other step, and a plain array pushed to tens of thousands of times cost
 * tens of nanoseconds per push, while allocating a fresh typed array for every short
 * execution cost about as much again. Executions run one at a time, so the pool rarely
 * holds more than one buffer; {@link release} gives it back when the execution ends.
 */
export class DecisionLog {
  private buf: Int32Array;
  length = 0;
  /** FNV-1a over the steps so far. */
  private h = 0x811c9dc5;

  constructor() {
    this.buf = pool.pop() ?? new Int32Array(64);
  }

  push(d: number): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[this.length++] = d;
  }

  private grow(): void {
    const bigger = new Int32Array(Math.max(64, this.buf.length * 2));
    bigger.set(this.buf);
    this.buf = bigger;
  }

  /** Mix one step (goroutine and operation code) into the hash. */
  mix(x: number): void {
    this.h = Math.imul(this.h ^ x, 0x01000193);
  }

  get hash(): number {
    return this.h >>> 0;
  }

  /** The decisions as an array, returning the buffer to the pool (the log is empty after). */
  release(): number[] {
    const out = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.buf[i]!;
    if (pool.length < POOL_MAX && this.buf.length <= BUFFER_MAX) pool.push(this.buf);
    this.buf = EMPTY;
    this.length = 0;
    return out;
  }
}

const EMPTY = new Int32Array(0);
const POOL_MAX = 4;
/** Larger buffers (over 4 MiB) are left to the collector. */
const BUFFER_MAX = 1 << 20;
const pool: Int32Array[] = [];

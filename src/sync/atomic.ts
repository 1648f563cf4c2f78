import { VectorClock } from "../runtime/clock";
import type { Execution } from "../runtime/execution";
import { GoPanic } from "../runtime/errors";
import type { Goroutine } from "../runtime/goroutine";
import { acquire, release, releaseStore } from "../runtime/happens-before";
import { OpCode } from "../runtime/op";
import { SyncObject } from "../runtime/sync-object";
import { bindExecution } from "./bind";
import { ObjOp, performObj } from "./obj-op";

/**
 * Runtime state of one atomic variable. Atomics are sequentially consistent (edge 11): a
 * load acquires the clock of the store it observes; a store replaces that clock (a
 * release-store, as Go's race detector does); a read-modify-write acquires and releases.
 */
class AtomicState<T> extends SyncObject {
  private readonly clock: VectorClock = new VectorClock();
  readonly loadOp = new ObjOp(OpCode.AtomicLoad, this, "load", (g) => this.load(g));

  constructor(
    exec: Execution,
    readonly kind: string,
    public value: T,
  ) {
    super(exec, "");
    // Data shared through an atomic is data toBeRaceFree has judged (see ExecutionResult.accesses).
    exec.accesses++;
  }

  load(g: Goroutine): T {
    if (this.exec.hb) acquire(g, this.clock);
    return this.value;
  }

  store(g: Goroutine, v: T): void {
    this.value = v;
    if (this.exec.hb) releaseStore(g, this.clock);
  }

  /** Replace the value with `f(old)` as one atomic step; returns the old value. */
  update(g: Goroutine, f: (old: T) => T): T {
    const old = this.value;
    this.value = f(old);
    if (this.exec.hb) {
      acquire(g, this.clock);
      release(g, this.clock);
    }
    return old;
  }

  compareAndSwap(g: Goroutine, old: T, next: T): boolean {
    if (!Object.is(this.value, old)) {
      this.load(g);
      return false;
    }
    this.update(g, () => next);
    return true;
  }
}

/** The operations every atomic type shares. */
abstract class Atomic<T> {
  /** @internal */
  protected readonly s: AtomicState<T>;

  protected constructor(kind: string, initial: T) {
    this.s = new AtomicState(bindExecution(`new ${kind}()`), kind, initial);
  }

  load(): Promise<T> {
    return this.s.exec.perform(this.s.loadOp, this.s.loadOp.flags);
  }

  store(value: T): Promise<void> {
    this.check(value);
    const s = this.s;
    return performObj(s.exec, new ObjOp(OpCode.AtomicStore, s, "store", (g) => s.store(g, value),
      undefined, undefined, undefined, undefined, () => Object.is(s.value, value)));
  }

  /** Store `value`; returns the old value. */
  swap(value: T): Promise<T> {
    this.check(value);
    const s = this.s;
    return performObj(s.exec, new ObjOp(OpCode.AtomicRmw, s, "swap", (g) => s.update(g, () => value),
      undefined, undefined, undefined, undefined, () => Object.is(s.value, value)));
  }

  /** Store `next` if the value is `old` (compared with Object.is); true when it did. */
  compareAndSwap(old: T, next: T): Promise<boolean> {
    this.check(next);
    const s = this.s;
    return performObj(s.exec, new ObjOp(OpCode.AtomicRmw, s, "compareAndSwap", (g) => s.compareAndSwap(g, old, next),
      undefined, undefined, undefined, () => !Object.is(s.value, old), () => Object.is(old, next)));
  }

  /** @internal Validate a value before it is stored. */
  protected abstract check(value: T): void;
}

/** Go's `atomic.Int64` (safe integers). */
export class AtomicInt extends Atomic<number> {
  constructor(value = 0) {
    checkInt("value", value);
    super("atomic.Int", value);
  }

  /** Add `delta`; returns the new value, as Go's `Add` does. */
  add(delta: number): Promise<number> {
    checkInt("delta", delta);
    const s = this.s;
    return performObj(s.exec, new ObjOp(OpCode.AtomicRmw, s, "add", (g) => s.update(g, (v) => v + delta) + delta,
      undefined, undefined, undefined, undefined, () => delta === 0));
  }

  protected check(value: number): void {
    checkInt("value", value);
  }
}

/** Go's `atomic.Bool`. */
export class AtomicBool extends Atomic<boolean> {
  constructor(value = false) {
    if (typeof value !== "boolean") {
      throw new TypeError(`Expected \`value\` to be a boolean, got \`${String(value)}\` (${typeof value})`);
    }
    super("atomic.Bool", value);
  }

  protected check(value: boolean): void {
    if (typeof value !== "boolean") {
      throw new TypeError(`Expected \`value\` to be a boolean, got \`${String(value)}\` (${typeof value})`);
    }
  }
}

/** Go's `atomic.Value`: load returns undefined until the first store; nil cannot be stored. */
export class AtomicValue<T> extends Atomic<T | undefined> {
  constructor(value?: T) {
    super("atomic.Value", value);
  }

  protected check(value: T | undefined): void {
    if (value === undefined || value === null) {
      throw new GoPanic("sync/atomic: store of nil value into Value");
    }
  }
}

function checkInt(what: string, v: unknown): void {
  if (!Number.isSafeInteger(v)) {
    throw new TypeError(`Expected \`${what}\` to be a safe integer, got \`${String(v)}\` (${typeof v})`);
  }
}

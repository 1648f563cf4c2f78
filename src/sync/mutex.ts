import { VectorClock } from "../runtime/clock";
import type { Execution } from "../runtime/execution";
import { FatalError } from "../runtime/errors";
import type { Goroutine } from "../runtime/goroutine";
import { acquire, release } from "../runtime/happens-before";
import { OpCode } from "../runtime/op";
import { SyncObject } from "../runtime/sync-object";
import { bindExecution, checkName } from "./bind";
import { registerLocker, type LockerState } from "./locker";
import { ObjOp } from "./obj-op";

/**
 * Runtime state of a `sync.Mutex`. Not FIFO: when it is unlocked, which waiting
 * goroutine gets it is the strategy's choice. Edge 7: the n-th unlock happens before
 * the (n+1)-th lock returns.
 */
class MutexState extends SyncObject implements LockerState {
  readonly kind = "sync.Mutex";
  owner: Goroutine | null = null;
  private readonly clock: VectorClock = new VectorClock();
  readonly lockOp = new ObjOp(OpCode.Lock, this, "lock", (g) => this.lock(g), (g) => this.canLock(g), "sync.Mutex.Lock");
  readonly unlockOp = new ObjOp(OpCode.Unlock, this, "unlock", (g) => this.unlock(g));
  readonly tryLockOp = new ObjOp(OpCode.TryLock, this, "tryLock", (g) => this.tryLock(g), undefined, undefined,
    undefined, () => this.owner !== null);

  constructor(exec: Execution, name: string) {
    super(exec, name);
  }

  canLock(_g?: Goroutine): boolean {
    return this.owner === null;
  }

  lock(g: Goroutine): void {
    this.owner = g;
    if (this.exec.hb) acquire(g, this.clock);
  }

  unlock(g: Goroutine): void {
    if (this.owner === null) throw new FatalError("sync: unlock of unlocked mutex");
    this.owner = null;
    if (this.exec.hb) release(g, this.clock);
  }

  private tryLock(g: Goroutine): boolean {
    if (this.owner !== null) return false;
    this.lock(g);
    return true;
  }

  override heldBy(g: Goroutine): string | null {
    return this.owner === g ? this.label() : null;
  }
}

/** Go's `sync.Mutex`. Unlocking an unlocked mutex is Go's fatal error. */
export class Mutex {
  readonly #s: MutexState;

  constructor(name?: string) {
    this.#s = new MutexState(bindExecution("new Mutex()"), checkName(name));
    registerLocker(this, this.#s);
  }

  lock(): Promise<void> {
    return this.#s.exec.perform(this.#s.lockOp, this.#s.lockOp.flags);
  }

  unlock(): Promise<void> {
    return this.#s.exec.perform(this.#s.unlockOp, this.#s.unlockOp.flags);
  }

  /** Lock if free, without blocking; true when it locked. */
  tryLock(): Promise<boolean> {
    return this.#s.exec.perform(this.#s.tryLockOp, this.#s.tryLockOp.flags);
  }
}

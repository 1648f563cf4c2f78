import { VectorClock } from "../runtime/clock";
import type { Execution } from "../runtime/execution";
import { FatalError } from "../runtime/errors";
import type { Goroutine } from "../runtime/goroutine";
import { acquire, release } from "../runtime/happens-before";
import { OpCode, wake, type Op } from "../runtime/op";
import { SyncObject } from "../runtime/sync-object";
import { bindExecution, checkName } from "./bind";
import { registerLocker, type LockerState } from "./locker";
import { ObjOp } from "./obj-op";

/**
 * Runtime state of a `sync.RWMutex`, following Go's implementation:
 * - a writer waiting for readers to leave stops new readers (so a recursive read lock
 *   with a writer waiting deadlocks, as Go documents);
 * - when the last reader leaves, the waiting writer (the first to ask) gets the lock;
 * - when a writer unlocks, every reader blocked behind it gets the read lock at once.
 * Edge 7: `unlock` happens before the next `lock` and `rLock`; `rUnlock` before the next
 * `lock`; read locks do not synchronise with each other.
 */
class RWMutexState extends SyncObject implements LockerState {
  readonly kind = "sync.RWMutex";
  private writer: Goroutine | null = null;
  private readonly readers: Goroutine[] = [];
  private readonly pendingWriters: Goroutine[] = [];
  private readonly pendingReaders: { g: Goroutine; op: Op }[] = [];
  private readonly wClock: VectorClock = new VectorClock();
  private readonly rClock: VectorClock = new VectorClock();

  readonly lockOp = new ObjOp(OpCode.Lock, this, "lock", (g) => this.lockFired(g), (g) => this.canLock(g),
    "sync.RWMutex.Lock", (g) => this.pendingWriters.push(g));
  readonly unlockOp = new ObjOp(OpCode.Unlock, this, "unlock", (g) => this.unlock(g));
  readonly rLockOp: ObjOp = new ObjOp(OpCode.RLock, this, "rLock", (g) => this.rLockFired(g), () => this.canRLock(),
    "sync.RWMutex.RLock", (g) => this.pendingReaders.push({ g, op: this.rLockOp }));
  readonly rUnlockOp = new ObjOp(OpCode.RUnlock, this, "rUnlock", (g) => this.rUnlock(g));
  readonly tryLockOp = new ObjOp(OpCode.TryLock, this, "tryLock", (g) => this.canLock() && (this.lock(g), true),
    undefined, undefined, undefined, () => !this.canLock());
  readonly tryRLockOp = new ObjOp(OpCode.TryRLock, this, "tryRLock", (g) => this.canRLock() && (this.rLock(g), true),
    undefined, undefined, undefined, () => !this.canRLock());

  constructor(exec: Execution, name: string) {
    super(exec, name);
  }

  canLock(_g?: Goroutine): boolean {
    return this.writer === null && this.readers.length === 0;
  }

  private canRLock(): boolean {
    return this.writer === null && !(this.readers.length > 0 && this.pendingWriters.length > 0);
  }

  private lockFired(g: Goroutine): void {
    this.pendingWriters.splice(this.pendingWriters.indexOf(g), 1);
    this.lock(g);
  }

  lock(g: Goroutine): void {
    this.writer = g;
    if (this.exec.hb) {
      acquire(g, this.wClock);
      acquire(g, this.rClock);
    }
  }

  unlock(g: Goroutine): void {
    if (this.writer === null) throw new FatalError("sync: Unlock of unlocked RWMutex");
    this.writer = null;
    if (this.exec.hb) release(g, this.wClock);
    for (const r of this.pendingReaders.splice(0)) {
      this.rLock(r.g);
      wake(r.g, r.op, undefined);
    }
  }

  private rLockFired(g: Goroutine): void {
    const i = this.pendingReaders.findIndex((r) => r.g === g);
    if (i >= 0) this.pendingReaders.splice(i, 1);
    this.rLock(g);
  }

  private rLock(g: Goroutine): void {
    this.readers.push(g);
    if (this.exec.hb) acquire(g, this.wClock);
  }

  private rUnlock(g: Goroutine): void {
    if (this.readers.length === 0) throw new FatalError("sync: RUnlock of unlocked RWMutex");
    const i = this.readers.indexOf(g);
    this.readers.splice(i >= 0 ? i : 0, 1);
    if (this.exec.hb) release(g, this.rClock);
    const writer = this.readers.length === 0 ? this.pendingWriters.shift() : undefined;
    if (writer === undefined) return;
    this.lock(writer);
    wake(writer, this.lockOp, undefined);
  }

  override heldBy(g: Goroutine): string | null {
    if (this.writer === g) return this.label();
    return this.readers.includes(g) ? `${this.label()} (read)` : null;
  }
}

/** Go's `sync.RWMutex`. */
export class RWMutex {
  readonly #s: RWMutexState;

  constructor(name?: string) {
    this.#s = new RWMutexState(bindExecution("new RWMutex()"), checkName(name));
    registerLocker(this, this.#s);
  }

  lock(): Promise<void> {
    return this.#s.exec.perform(this.#s.lockOp, this.#s.lockOp.flags);
  }
  unlock(): Promise<void> {
    return this.#s.exec.perform(this.#s.unlockOp, this.#s.unlockOp.flags);
  }
  rLock(): Promise<void> {
    return this.#s.exec.perform(this.#s.rLockOp, this.#s.rLockOp.flags);
  }
  rUnlock(): Promise<void> {
    return this.#s.exec.perform(this.#s.rUnlockOp, this.#s.rUnlockOp.flags);
  }
  tryLock(): Promise<boolean> {
    return this.#s.exec.perform(this.#s.tryLockOp, this.#s.tryLockOp.flags);
  }
  tryRLock(): Promise<boolean> {
    return this.#s.exec.perform(this.#s.tryRLockOp, this.#s.tryRLockOp.flags);
  }
}

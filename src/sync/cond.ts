import { VectorClock } from "../runtime/clock";
import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { acquire, release } from "../runtime/happens-before";
import { OpCode, PARK, type Op } from "../runtime/op";
import { SyncObject } from "../runtime/sync-object";
import { opTraits, Touch } from "../runtime/view";
import { bindExecution, checkOwn } from "./bind";
import { lockerState, type LockerState } from "./locker";
import { ObjOp } from "./obj-op";

/** Runtime state of a `sync.Cond`: its lock and its FIFO of waiters (Go's notify list). */
class CondState extends SyncObject {
  readonly kind = "sync.Cond";
  readonly waiters: CondWaitOp[] = [];
  readonly signalOp = new ObjOp(OpCode.CondSignal, this, "signal", (g) => this.wake(g, 1));
  readonly broadcastOp = new ObjOp(OpCode.CondBroadcast, this, "broadcast", (g) => this.wake(g, Infinity));

  constructor(
    exec: Execution,
    name: string,
    readonly locker: LockerState,
  ) {
    super(exec, name);
  }

  /** Edge 10: signal and broadcast happen before the waits they wake return. */
  private wake(g: Goroutine, n: number): void {
    for (const w of this.waiters.splice(0, n)) {
      w.signaled = true;
      if (this.exec.hb) release(g, w.clock);
    }
  }
}

/**
 * `c.Wait()` in two steps, as in Go: release the lock and join the waiters; then, once
 * signalled, take the lock back and return.
 */
class CondWaitOp implements Op {
  readonly code = OpCode.CondWait;
  readonly flags = OpCode.CondWait;
  /** It writes the Cond and its lock (releasing, then retaking it). */
  readonly traits = opTraits(Touch.Write);
  private parked = false;
  signaled = false;
  readonly clock: VectorClock = new VectorClock();

  constructor(readonly target: CondState) {}

  /** The wait releases and retakes the Cond's lock. */
  get targets(): readonly SyncObject[] {
    return [this.target, this.target.locker];
  }

  ready(g: Goroutine): boolean {
    return !this.parked || (this.signaled && this.target.locker.canLock(g));
  }

  fire(g: Goroutine): unknown {
    const locker = this.target.locker;
    if (!this.parked) {
      locker.unlock(g);
      this.target.waiters.push(this);
      this.parked = true;
      return PARK;
    }
    if (this.target.exec.hb) acquire(g, this.clock);
    locker.lock(g);
    return undefined;
  }

  describe(): string {
    return this.parked ? `wake from wait on ${this.target.label()}` : `wait on ${this.target.label()}`;
  }

  waitReason(): string {
    return "sync.Cond.Wait";
  }
}

/** Go's `sync.Cond` over a gosched `Mutex` or `RWMutex`. */
export class Cond<L extends object = object> {
  readonly #s: CondState;

  constructor(readonly locker: L) {
    const exec = bindExecution("new Cond()");
    const l = lockerState(locker);
    checkOwn(exec, l, "new Cond()");
    this.#s = new CondState(exec, "", l);
  }

  /** Atomically unlock `locker` and wait for a signal; relock before returning. */
  wait(): Promise<void> {
    const op = new CondWaitOp(this.#s);
    return this.#s.exec.perform(op, op.flags);
  }

  /** Wake the longest-waiting goroutine, if any (a no-op without waiters). */
  signal(): Promise<void> {
    return this.#s.exec.perform(this.#s.signalOp, this.#s.signalOp.flags);
  }

  /** Wake every waiting goroutine. */
  broadcast(): Promise<void> {
    return this.#s.exec.perform(this.#s.broadcastOp, this.#s.broadcastOp.flags);
  }
}


import type { Goroutine } from "../runtime/goroutine";
import type { OpCode, Op } from "../runtime/op";
import type { SyncObject } from "../runtime/sync-object";

const always = (): boolean => true;

/**
 * An operation on one object, described by a verb and Go's wait reason. Objects make
 * their argument-free operations once and reuse them; operations with an argument are
 * made per call.
 */
export class ObjOp implements Op {
  readonly alwaysReady: boolean;
  constructor(
    readonly code: OpCode,
    readonly target: SyncObject,
    private readonly verb: string,
    readonly fire: (g: Goroutine) => unknown,
    readonly ready: (g: Goroutine) => boolean = always,
    private readonly reason = "runnable",
    readonly announce?: (g: Goroutine) => void,
    /** True when firing now would change nothing (a failing tryLock or compareAndSwap). */
    readonly idle?: (g: Goroutine) => boolean,
  ) {
    this.alwaysReady = ready === always;
  }

  describe(): string {
    return `${this.verb} ${this.target.label()}`;
  }

  waitReason(): string {
    return this.reason;
  }
}

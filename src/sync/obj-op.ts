import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { opFlags, type OpCode, type Op } from "../runtime/op";
import type { SyncObject } from "../runtime/sync-object";

const always = (): boolean => true;

/** `exec.perform(op)` for an {@link ObjOp}: the flags are read here, where the class is known. */
export function performObj<T>(exec: Execution, op: ObjOp): Promise<T> {
  return exec.perform(op, op.flags);
}

/**
 * An operation on one object, described by a verb and Go's wait reason. Objects make
 * their argument-free operations once and reuse them; operations with an argument are
 * made per call.
 */
export class ObjOp implements Op {
  readonly flags: number;
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
    /** True when firing now would write back the value already there (see {@link Op.unchanged}). */
    readonly unchanged?: (g: Goroutine) => boolean,
  ) {
    this.flags = opFlags(code, ready === always, announce !== undefined, idle !== undefined || unchanged !== undefined);
  }

  describe(): string {
    return `${this.verb} ${this.target.label()}`;
  }

  waitReason(): string {
    return this.reason;
  }
}

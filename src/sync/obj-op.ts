import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { OpCode, opFlags, type Op } from "../runtime/op";
import type { SyncObject } from "../runtime/sync-object";
import { ANY_TRAITS, opTraits, Role, Touch, type OpTraits } from "../runtime/view";

const always = (): boolean => true;

const READS = opTraits(Touch.Read);
const WRITES = opTraits(Touch.Write);
/**
 * What each kind of object operation does to its object. Timer and context operations
 * are absent: they reach state no object names (virtual time, a context's children).
 */
const TRAITS: Partial<Record<OpCode, OpTraits>> = {
  [OpCode.Lock]: opTraits(Touch.Write, true, Role.AcquireAlone),
  [OpCode.RLock]: opTraits(Touch.Write, true, Role.Acquire),
  [OpCode.Unlock]: opTraits(Touch.Write, false, Role.Release),
  [OpCode.RUnlock]: opTraits(Touch.Write, false, Role.Release),
  [OpCode.TryLock]: opTraits(Touch.Write, false, Role.Try),
  [OpCode.TryRLock]: opTraits(Touch.Write, false, Role.Try),
  [OpCode.WgAdd]: opTraits(Touch.Write, false, Role.Release, true),
  [OpCode.WgWait]: opTraits(Touch.Write, true, Role.Acquire, true),
  [OpCode.OnceEnter]: opTraits(Touch.Write, true, Role.Acquire),
  [OpCode.OnceExit]: opTraits(Touch.Write, false, Role.Release),
  [OpCode.CondSignal]: WRITES,
  [OpCode.CondBroadcast]: WRITES,
  [OpCode.AtomicLoad]: READS,
  [OpCode.AtomicStore]: WRITES,
  [OpCode.AtomicRmw]: WRITES,
  [OpCode.Read]: READS,
  [OpCode.Write]: WRITES,
  [OpCode.MapRead]: READS,
  [OpCode.MapWrite]: WRITES,
};

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
  readonly traits: OpTraits;
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
    this.traits = TRAITS[code] ?? ANY_TRAITS;
  }

  describe(): string {
    return `${this.verb} ${this.target.label()}`;
  }

  waitReason(): string {
    return this.reason;
  }
}

import { types } from "util";
import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { acquire } from "../runtime/happens-before";
import { ALWAYS_READY, PARK, type Op } from "../runtime/op";
import { LEAF_CODE, WAIT_CODE } from "./codes";
import { stateOf, type Task } from "./task";
import { leafMayWait } from "./timers";

/** The operations a task parks on at an await (see task.ts for the model). */

/**
 * A leaf: an await of a value or of a settled promise, standing for I/O of unknown
 * duration. Always ready (a settled promise's value has arrived before the next step,
 * which waits for the microtask queue to drain); firing it resumes the task with the
 * value, or the rejection.
 */
export class LeafOp implements Op {
  readonly code = LEAF_CODE;
  readonly flags = LEAF_CODE | ALWAYS_READY;
  readonly target = null;
  private done = false;
  private failed = false;
  private value: unknown;

  constructor(private x: unknown) {
    if (types.isPromise(x)) {
      x.then(
        (v) => this.settle(false, v),
        (e) => this.settle(true, e),
      );
    } else {
      this.settle(false, x);
    }
  }

  /** Reuse for another await of a plain value. */
  reset(x: unknown): void {
    this.x = x;
    this.settle(false, x);
  }

  private settle(failed: boolean, value: unknown): void {
    this.done = true;
    this.failed = failed;
    this.value = value;
  }

  ready(): boolean {
    return true;
  }

  fire(g: Goroutine, exec: Execution): unknown {
    if (leafMayWait(exec)) return PARK;
    if (exec.hb && types.isPromise(this.x)) acquire(g, stateOf(exec).all);
    if (!this.done) return this.x;
    return this.failed ? Promise.reject(this.value) : this.value;
  }

  describe(): string {
    return types.isPromise(this.x) ? "await (a settled promise)" : "await (a value)";
  }

  waitReason(): string {
    return "await";
  }
}

/** What a task waiting natively waits on, for deadlock and leak reports. */
export class WaitOp implements Op {
  readonly code = WAIT_CODE;
  readonly flags = WAIT_CODE;
  readonly target = null;

  constructor(private readonly owner: Task | null) {}

  ready(): boolean {
    return false;
  }

  fire(): unknown {
    return undefined;
  }

  describe(): string {
    return this.owner === null ? "await a pending promise" : `await the promise of ${this.owner.g.label()}`;
  }

  waitReason(): string {
    return this.owner === null ? "await (promise nobody settled)" : `await (${this.owner.g.label()})`;
  }
}

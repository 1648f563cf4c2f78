import { ownResult } from "../runtime/hidden-awaits";
import { VectorClock } from "../runtime/clock";
import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { acquire, release } from "../runtime/happens-before";
import { OpCode } from "../runtime/op";
import { SyncObject } from "../runtime/sync-object";
import { bindExecution, checkName } from "./bind";
import { ObjOp } from "./obj-op";

const IDLE = 0;
const RUNNING = 1;
const DONE = 2;

/**
 * Runtime state of a `sync.Once`. While f runs, other callers block; once it returns (or
 * panics) every call returns at once. Edge 8: the single call of f happens before any
 * `do` returns.
 */
class OnceState extends SyncObject {
  readonly kind = "sync.Once";
  private state = IDLE;
  private readonly clock: VectorClock = new VectorClock();
  readonly enterOp = new ObjOp(OpCode.OnceEnter, this, "do", (g) => this.enter(g), () => this.state !== RUNNING, "sync.Once.Do");
  readonly exitOp = new ObjOp(OpCode.OnceExit, this, "return from do", (g) => this.exit(g));

  constructor(exec: Execution, name: string) {
    super(exec, name);
  }

  /** True when the caller must run f. */
  private enter(g: Goroutine): boolean {
    if (this.state === DONE) {
      if (this.exec.hb) acquire(g, this.clock);
      return false;
    }
    this.state = RUNNING;
    return true;
  }

  private exit(g: Goroutine): void {
    this.state = DONE;
    if (this.exec.hb) release(g, this.clock);
  }
}

/** Go's `sync.Once`. A panic in f still counts as done: f is never run again. */
export class Once {
  readonly #s: OnceState;

  constructor(name?: string) {
    this.#s = new OnceState(bindExecution("new Once()"), checkName(name));
  }

  async do(fn: () => Promise<unknown> | unknown): Promise<void> {
    if (typeof fn !== "function") {
      throw new TypeError(`Expected \`fn\` to be a function, got \`${String(fn)}\` (${typeof fn})`);
    }
    const s = this.#s;
    if (!(await s.exec.perform<boolean>(s.enterOp, s.enterOp.flags))) return;
    try {
      const r = ownResult(s.exec, fn());
      if (r !== null) await r;
    } finally {
      await s.exec.perform(s.exitOp, s.exitOp.flags);
    }
  }
}

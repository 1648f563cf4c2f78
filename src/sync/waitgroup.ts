import { activeExecution } from "../runtime/active";
import { ownResult } from "../runtime/hidden-awaits";
import { VectorClock } from "../runtime/clock";
import type { Execution } from "../runtime/execution";
import { GoPanic, MisuseError } from "../runtime/errors";
import type { Goroutine } from "../runtime/goroutine";
import { acquire, release } from "../runtime/happens-before";
import { OpCode } from "../runtime/op";
import { SyncObject } from "../runtime/sync-object";
import { bindExecution, checkName } from "./bind";
import { go } from "./go";
import { ObjOp, performObj } from "./obj-op";

/**
 * Runtime state of a `sync.WaitGroup`. When the counter reaches zero every waiter is
 * released at once, as in Go; a released waiter returns from `wait()` at its next step,
 * and panics as Go does if the counter has risen again by then (the WaitGroup was reused
 * before the previous `wait()` returned). Edge 9: a `done()` happens before the `wait()`
 * it releases returns.
 */
class WaitGroupState extends SyncObject {
  readonly kind = "sync.WaitGroup";
  counter = 0;
  private readonly clock: VectorClock = new VectorClock();
  private readonly waiters: Goroutine[] = [];
  /** Waiters released by the counter reaching zero that have not returned yet. */
  private readonly released = new Set<Goroutine>();
  readonly waitOp: ObjOp = new ObjOp(OpCode.WgWait, this, "wait", (g) => this.waitFired(g),
    (g) => this.counter === 0 || this.released.has(g), "sync.WaitGroup.Wait", (g) => this.waiters.push(g));

  constructor(exec: Execution, name: string) {
    super(exec, name);
  }

  add(g: Goroutine, delta: number): void {
    this.counter += delta;
    if (this.counter < 0) throw new GoPanic("sync: negative WaitGroup counter");
    if (delta < 0 && this.exec.hb) release(g, this.clock);
    if (this.counter !== 0) return;
    for (const w of this.waiters.splice(0)) {
      if (this.exec.hb) acquire(w, this.clock);
      this.released.add(w);
    }
  }

  private waitFired(g: Goroutine): void {
    if (this.released.delete(g)) {
      if (this.counter !== 0) throw new GoPanic("sync: WaitGroup is reused before previous Wait has returned");
      return;
    }
    this.waiters.splice(this.waiters.indexOf(g), 1);
    if (this.exec.hb) acquire(g, this.clock);
  }
}

/** Go's `sync.WaitGroup`. */
export class WaitGroup {
  readonly #s: WaitGroupState;

  constructor(name?: string) {
    this.#s = new WaitGroupState(bindExecution("new WaitGroup()"), checkName(name));
  }

  add(delta: number): Promise<void> {
    if (!Number.isSafeInteger(delta)) {
      throw new TypeError(`Expected \`delta\` to be an integer, got \`${String(delta)}\` (${typeof delta})`);
    }
    const s = this.#s;
    return performObj(s.exec, new ObjOp(OpCode.WgAdd, s, `add(${delta})`, (g) => s.add(g, delta)));
  }

  done(): Promise<void> {
    const s = this.#s;
    return performObj(s.exec, new ObjOp(OpCode.WgAdd, s, "done", (g) => s.add(g, -1)));
  }

  wait(): Promise<void> {
    return this.#s.exec.perform(this.#s.waitOp, this.#s.waitOp.flags);
  }

  /**
   * Go 1.25's `wg.Go(f)`: add one and start `fn` in a new goroutine that calls `done()`
   * when it returns. Synchronous like `go()`: the add is part of the current step.
   */
  go(fn: () => Promise<unknown> | unknown, name?: string): void {
    const s = this.#s;
    const active = activeExecution();
    // A live WaitGroup in a program (or a program's in live code): refused before the add,
    // so the object is left as it was.
    if (active !== null && s.exec !== active) {
      const text = `wg.go() used ${s.label()}, an object the running execution did not make: create it inside the program function`;
      active.misuse(text, active.current);
      throw new MisuseError(text);
    }
    if (s.exec.current === null || s.exec.finished) {
      throw new Error("wg.go() was called outside a goroutine of the execution that made the WaitGroup");
    }
    s.counter++;
    s.exec.touch(s);
    go(async () => {
      try {
        const r = ownResult(s.exec, fn());
        if (r !== null) await r;
      } finally {
        await this.done();
      }
    }, name);
  }
}

import { VectorClock } from "../runtime/clock";
import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { acquire } from "../runtime/happens-before";
import { OpCode } from "../runtime/op";
import { SyncObject } from "../runtime/sync-object";
import { bindExecution, checkOwn } from "./bind";
import { Chan } from "./chan";
import type { ChanState } from "./chan-state";
import { ObjOp } from "./obj-op";
import { checkMs, formatMs, timerQueue, type Alarm } from "./timer-queue";

const CANCELED: Error = Object.freeze(new Error("context canceled"));
const DEADLINE_EXCEEDED: Error = Object.freeze(new Error("context deadline exceeded"));

/**
 * Runtime state of one context. Cancelling it records the error, closes its done
 * channel and cancels its children with the same error, all in one step. Edge 12:
 * cancellation synchronises like the close of the done channel; `err()` returning
 * non-null also acquires the canceller's clock, as Go's `Err()` does through the
 * context's mutex. A deadline is an alarm on the timer queue that cancels as the
 * runtime's pseudo-goroutine, carrying the clock of the goroutine that set it.
 */
class ContextState extends SyncObject {
  err: Error | null = null;
  readonly children = new Set<ContextState>();
  readonly clock: VectorClock = new VectorClock();
  readonly done: Chan<void>;
  private readonly doneState: ChanState;
  alarm: DeadlineAlarm | null = null;
  readonly cancelOp = new ObjOp(OpCode.CtxCancel, this, "cancel", (g) => this.cancel(g, CANCELED));

  constructor(
    exec: Execution,
    readonly kind: string,
    readonly parent: ContextState | null,
    /** The instant it is cancelled at the latest (its own or an ancestor's), or null. */
    readonly deadline: number | null,
  ) {
    super(exec, "");
    this.done = parent === null ? Chan.nil<void>() : new Chan<void>(0, `ctx#${this.id}.done`);
    this.doneState = this.done.recvCase().chan;
  }

  /** Background has no done channel: nothing can cancel it, so it keeps no children. */
  get cancellable(): boolean {
    return !this.doneState.isNil;
  }

  cancel(g: Goroutine, err: Error): void {
    if (this.err !== null) return;
    this.err = err;
    if (this.exec.hb) this.clock.join(g.clock);
    if (this.alarm !== null) timerQueue(this.exec).disarm(this.alarm);
    if (!this.doneState.closed) this.doneState.close(g);
    for (const child of this.children) child.cancel(g, err);
    this.children.clear();
    this.parent?.children.delete(this);
  }
}

/** A context's deadline, waiting on the timer queue. */
class DeadlineAlarm implements Alarm {
  when = 0;
  seq = 0;
  armed = false;
  readonly period = 0;
  readonly clock: VectorClock = new VectorClock();

  constructor(private readonly ctx: ContextState) {}

  ring(by: Goroutine): void {
    this.ctx.cancel(by, DEADLINE_EXCEEDED);
  }

  stuck(): boolean {
    return false;
  }
}

/** Cancels a context and its descendants; calling it again does nothing. */
export type CancelFunc = () => Promise<void>;

/**
 * Go's `context.Context`, for cancellation and deadlines (values are not modelled).
 * `done()` and `err()` are plain getters; the `cancel` function is an operation.
 */
export class Context {
  /** What `err()` returns after a cancel: Go's `context.Canceled`. */
  static readonly Canceled: Error = CANCELED;
  /** What `err()` returns after the deadline: Go's `context.DeadlineExceeded`. */
  static readonly DeadlineExceeded: Error = DEADLINE_EXCEEDED;

  readonly #s: ContextState;

  private constructor(s: ContextState) {
    this.#s = s;
  }

  /** The root context: never cancelled, no deadline; its `done()` is a nil channel. */
  static background(): Context {
    return new Context(new ContextState(bindExecution("Context.background()"), "context.Background", null, null));
  }

  /** A child cancelled by the returned function or when `parent` is. */
  static withCancel(parent: Context): [Context, CancelFunc] {
    return Context.derive(parent, "withCancel", null);
  }

  /** A child also cancelled, with `context deadline exceeded`, `ms` of virtual time from now. */
  static withTimeout(parent: Context, ms: number): [Context, CancelFunc] {
    return Context.derive(parent, "withTimeout", checkMs(ms));
  }

  private static derive(parent: unknown, what: string, ms: number | null): [Context, CancelFunc] {
    if (!(parent instanceof Context)) {
      throw new TypeError(`Expected \`parent\` to be a Context, got \`${String(parent)}\` (${typeof parent})`);
    }
    const exec = bindExecution(`Context.${what}()`);
    const p = parent.#s;
    const g = exec.current;
    checkOwn(exec, p, `Context.${what}()`);
    if (g === null) throw new Error(`Context.${what}() was called outside any goroutine of the program`);
    const q = ms === null ? null : timerQueue(exec);
    const at = q === null ? null : q.now + Math.max(0, ms!);
    // As in Go, a parent's strictly earlier deadline makes the child's own timer useless.
    const own = at !== null && (p.deadline === null || at <= p.deadline);
    const kind = ms === null ? "context.WithCancel" : `context.WithTimeout(${formatMs(ms)})`;
    const s = new ContextState(exec, kind, p, own ? at : p.deadline);
    if (p.err !== null) {
      if (exec.hb) acquire(g, p.clock);
      s.cancel(g, p.err);
    } else if (p.cancellable) {
      p.children.add(s);
    }
    if (own && s.err === null) {
      if (ms! <= 0) s.cancel(g, DEADLINE_EXCEEDED);
      else q!.arm((s.alarm = new DeadlineAlarm(s)), ms!, g);
    }
    return [new Context(s), () => s.exec.perform(s.cancelOp, s.cancelOp.flags)];
  }

  /** Closed when the context is cancelled; a nil channel (never ready) for background. */
  done(): Chan<void> {
    return this.#s.done;
  }

  /** Null until cancelled; then `Context.Canceled` or `Context.DeadlineExceeded`. */
  err(): Error | null {
    const s = this.#s;
    const g = s.exec.current;
    if (s.err !== null && s.exec.hb && g !== null && !s.exec.finished) acquire(g, s.clock);
    return s.err;
  }
}

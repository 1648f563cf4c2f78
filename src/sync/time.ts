import { activeExecution } from "../runtime/active";
import { VectorClock } from "../runtime/clock";
import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { captureLocation } from "../runtime/location";
import { ANNOUNCES, MAY_IDLE, OpCode, type Op } from "../runtime/op";
import { SyncObject } from "../runtime/sync-object";
import { opTraits, Role, Touch } from "../runtime/view";
import { bindExecution, checkName } from "./bind";
import { Chan } from "./chan";
import type { ChanState } from "./chan-state";
import { ObjOp, performObj } from "./obj-op";
import { checkMs, currentTime, formatMs, timerQueue, type Alarm, type TimerQueue } from "./timer-queue";

/**
 * Go's `time` package over virtual time (see timer-queue.ts for how time moves); outside
 * any execution, over real milliseconds (see live/timers.ts).
 *
 * Timer channels follow Go 1.23 and later in what a program can observe: `stop()` and
 * `reset()` drain a value that fired but was not received, so no stale value is ever
 * received after them, and such a timer counts as stopped before it fired (`stop()`
 * returns true). Underneath, each channel has a buffer of one (so `len` and `cap` read
 * 1 where Go 1.23 reads 0): a timer's value waits there from the instant it fires, which
 * is what lets a `select` on a fired timer and a ready channel take either case. A
 * ticker whose last tick is still unreceived drops the new one, as Go's tickers do for
 * slow receivers. Edge 12: arming or resetting a timer happens before it fires; it fires
 * as a send on its channel (or, for `afterFunc`, as the start of the new goroutine).
 */
class TimerState extends SyncObject implements Alarm {
  when = 0;
  seq = 0;
  armed = false;
  readonly clock: VectorClock = new VectorClock();
  /** Where `afterFunc` was called (capture mode only), for the goroutine it starts. */
  createdAt: string | null = null;

  constructor(
    exec: Execution,
    readonly kind: string,
    name: string,
    readonly q: TimerQueue,
    readonly chan: ChanState | null,
    private readonly fn: (() => unknown) | null,
    public period: number,
  ) {
    super(exec, name);
  }

  ring(by: Goroutine): void {
    if (this.fn !== null) {
      const g = this.exec.spawn(this.fn, this.name, null, by);
      if (this.createdAt !== null) g.createdAt = this.createdAt;
      return;
    }
    if (!this.stuck()) this.chan!.send(by, this.q.now);
  }

  stuck(): boolean {
    const c = this.chan;
    return c !== null && (c.closed || c.len >= c.cap);
  }

  /** True when the timer had not fired, or had fired into a buffer nobody received from. */
  stop(g: Goroutine): boolean {
    let pending = this.q.disarm(this);
    const c = this.chan;
    if (c !== null && c.len > 0 && !c.closed) {
      c.recv(g);
      pending = true;
    }
    return pending;
  }

  reset(g: Goroutine, ms: number): boolean {
    const pending = this.stop(g);
    if (this.period > 0) this.period = ms;
    this.q.arm(this, ms, g);
    return pending;
  }
}

/** Set by {@link afterFunc} for the one `Timer` constructor call it makes. */
let pendingFn: (() => unknown) | null = null;

/** The state behind a channel handle (the internal side of its select cases). */
function stateOf<T>(c: Chan<T>): ChanState {
  return c.recvCase().chan;
}

/** Go's `time.Timer`: `c` receives the virtual time once, `ms` from now. */
export class Timer {
  readonly c: Chan<number>;
  readonly #s: TimerState;

  constructor(ms: number, name?: string) {
    const fn = pendingFn;
    pendingFn = null;
    const label = checkName(name);
    const delay = checkMs(ms);
    const exec = bindExecution(fn === null ? "new Timer()" : "afterFunc()");
    const title = label || `${fn === null ? "timer" : "afterFunc"}(${formatMs(delay)})`;
    this.c = fn === null ? new Chan<number>(1, title) : Chan.nil<number>();
    const chan = fn === null ? stateOf(this.c) : null;
    const q = timerQueue(exec);
    this.#s = new TimerState(exec, "time.Timer", title, q, chan, fn, 0);
    if (fn !== null && exec.trace !== null) this.#s.createdAt = captureLocation();
    q.arm(this.#s, delay, exec.current);
  }

  /**
   * Stop the timer; true if it had not fired yet, as Go's `Stop` (a value that fired but
   * was not received is drained and counts as not fired, as in Go 1.23). False once the
   * value was received, the timer was already stopped, or an `afterFunc` has started.
   */
  stop(): Promise<boolean> {
    const s = this.#s;
    return performObj(s.exec, new ObjOp(OpCode.TimerOp, s, "stop", (g) => s.stop(g)));
  }

  /** Re-arm the timer to fire `ms` from now; returns what {@link stop} would have. */
  reset(ms: number): Promise<boolean> {
    const delay = checkMs(ms);
    const s = this.#s;
    return performObj(s.exec, new ObjOp(OpCode.TimerOp, s, `reset(${formatMs(delay)})`, (g) => s.reset(g, delay)));
  }
}

/** Go's `time.Ticker`: `c` receives the virtual time every `ms`, dropping ticks nobody received. */
export class Ticker {
  readonly c: Chan<number>;
  readonly #s: TimerState;

  constructor(ms: number, name?: string) {
    const label = checkName(name);
    const period = checkPeriod(ms);
    const exec = bindExecution("new Ticker()");
    const title = label || `ticker(${formatMs(period)})`;
    this.c = new Chan<number>(1, title);
    const q = timerQueue(exec);
    this.#s = new TimerState(exec, "time.Ticker", title, q, stateOf(this.c), null, period);
    q.arm(this.#s, period, exec.current);
  }

  /** Stop ticking; a tick not yet received is dropped. */
  stop(): Promise<void> {
    const s = this.#s;
    return performObj(s.exec, new ObjOp(OpCode.TimerOp, s, "stop", (g) => void s.stop(g)));
  }

  /** Tick every `ms` from now on. */
  reset(ms: number): Promise<void> {
    const period = checkPeriod(ms);
    const s = this.#s;
    return performObj(s.exec, new ObjOp(OpCode.TimerOp, s, `reset(${formatMs(period)})`, (g) => void s.reset(g, period)));
  }
}

function checkPeriod(ms: unknown): number {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms <= 0) {
    throw new TypeError(`Expected \`ms\` to be a positive number of milliseconds, got \`${String(ms)}\` (${typeof ms})`);
  }
  return ms;
}

/** `time.AfterFunc`: run `fn` in its own goroutine `ms` from now; `stop()` cancels it. */
export function afterFunc(ms: number, fn: () => Promise<unknown> | unknown, name?: string): Timer {
  if (typeof fn !== "function") {
    throw new TypeError(`Expected \`fn\` to be a function, got \`${String(fn)}\` (${typeof fn})`);
  }
  checkMs(ms);
  checkName(name);
  pendingFn = fn;
  return new Timer(ms, name);
}

/** `time.After`: a channel that receives the virtual time once, `ms` from now. */
export function after(ms: number): Chan<number> {
  return new Timer(ms, `after(${formatMs(checkMs(ms))})`).c;
}

/** `time.Now`: the virtual time in ms since the Unix epoch (it starts at 2000-01-01T00:00:00Z). */
export function now(): number {
  return activeExecution() === null ? Date.now() : currentTime(running("now()"));
}

/** `time.Sleep`: block for `ms` of virtual time. `sleep(0)` is only a scheduling point. */
export function sleep(ms: number): Promise<void> {
  const delay = checkMs(ms);
  if (activeExecution() === null) return liveSleep(delay);
  const exec = running("sleep()");
  const op = new SleepOp(timerQueue(exec), delay);
  return exec.perform(op, op.flags);
}

/** Node's `setTimeout` fires at once above this (about 24.8 days): longer sleeps wait in steps. */
const MAX_DELAY = 2 ** 31 - 1;

/** Live: real milliseconds; `sleep(0)` yields to the event loop. */
function liveSleep(ms: number): Promise<void> {
  if (ms > MAX_DELAY) return liveSleep(MAX_DELAY).then(() => liveSleep(ms - MAX_DELAY));
  return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
}

function running(what: string): Execution {
  const exec = activeExecution();
  if (exec === null || exec.finished) throw new Error(`${what} was called outside a program`);
  return exec;
}

/** A sleep waits for virtual time, which gosched cannot name as an object. */
const SLEEPS = opTraits(Touch.Any, true, Role.None, false, true);

/** A sleeping goroutine's operation, and the alarm that wakes it. */
class SleepOp implements Op, Alarm {
  readonly code = OpCode.Sleep;
  readonly flags: number;
  readonly traits = SLEEPS;
  readonly target = null;
  when = 0;
  seq = 0;
  armed = false;
  readonly period = 0;
  readonly clock = null;
  private woken: boolean;

  constructor(
    private readonly q: TimerQueue,
    private readonly ms: number,
  ) {
    this.woken = ms <= 0;
    this.flags = OpCode.Sleep | ANNOUNCES | (this.woken ? MAY_IDLE : 0);
  }

  /** `sleep(0)` only yields: it changes nothing. */
  idle(): boolean {
    return this.ms <= 0;
  }

  announce(): void {
    if (!this.woken) this.q.arm(this, this.ms, null);
  }
  ready(): boolean {
    return this.woken;
  }
  fire(): undefined {
    return undefined;
  }
  ring(): void {
    this.woken = true;
  }
  stuck(): boolean {
    return false;
  }
  describe(): string {
    return `sleep ${formatMs(this.ms)}`;
  }
  waitReason(): string {
    return "sleep";
  }
}

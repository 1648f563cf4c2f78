import { activeExecution } from "../runtime/active";
import { VectorClock } from "../runtime/clock";
import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { ALWAYS_READY } from "../runtime/op";
import { currentTime, START_MS, timerQueue, type Alarm } from "../sync/timer-queue";
import { LEAF_CODE } from "./codes";

/**
 * Timers of transformed code. Inside an execution, `setTimeout` and the rest run on the
 * execution's virtual clock (the clock of `sleep`), and each callback runs as a task of
 * its own when it fires; outside one, and for handles made outside one, they are Node's.
 * Transformed code reaches these through rewritten references, never through patched
 * globals, so Jest's own timers and code outside the execution keep real time.
 *
 * Leaves and timers. A leaf is I/O of unknown duration, so it may end after a timer
 * that is due later: when a leaf is about to complete, no other step is ready and a
 * timer is armed, whether the earliest timers fire first is a choice of the strategy
 * (recorded in the replay token). Time never passes while a step that takes no time
 * (a goroutine's start, a ready channel operation) can run, as in `sleep`.
 */

/** Node's timers, read at each call: Jest's fake timers, if installed, are what plain code would have used. */
const real = {
  get setTimeout() {
    return globalThis.setTimeout;
  },
  get setInterval() {
    return globalThis.setInterval;
  },
  get setImmediate() {
    return globalThis.setImmediate;
  },
  get clearTimeout() {
    return globalThis.clearTimeout;
  },
  get clearInterval() {
    return globalThis.clearInterval;
  },
  get clearImmediate() {
    return globalThis.clearImmediate;
  },
};

/** A timer on the virtual clock: Node's `Timeout` methods, which change nothing here. */
export class VirtualTimer implements Alarm {
  when = 0;
  seq = 0;
  armed = false;
  readonly clock = new VectorClock();

  constructor(
    private readonly exec: Execution,
    private readonly fn: (...args: unknown[]) => unknown,
    private readonly args: unknown[],
    readonly period: number,
    private readonly kind: string,
  ) {}

  ring(by: Goroutine): void {
    const name = this.fn.name === "" ? `${this.kind} callback` : this.fn.name;
    this.exec.spawn(() => this.fn(...this.args), name, null, by);
  }

  stuck(): boolean {
    return false;
  }

  cancel(): void {
    if (!this.exec.finished) timerQueue(this.exec).disarm(this);
  }

  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  hasRef(): boolean {
    return true;
  }
  refresh(): this {
    return this;
  }
  [Symbol.toPrimitive](): number {
    return this.seq;
  }
}

function running(): Execution | null {
  const exec = activeExecution();
  return exec === null || exec.finished ? null : exec;
}

/** Node's rule: a delay below 1 ms, or not a number, is 1 ms. */
function delayOf(ms: unknown): number {
  const n = Number(ms);
  return n >= 1 && n <= 2147483647 ? n : 1;
}

function arm(exec: Execution, fn: unknown, args: unknown[], delay: number, period: number, kind: string): VirtualTimer {
  if (typeof fn !== "function") {
    throw new TypeError(`The "callback" argument must be of type function. Received ${String(fn)}`);
  }
  const t = new VirtualTimer(exec, fn as (...a: unknown[]) => unknown, args, period, kind);
  timerQueue(exec).arm(t, delay, exec.current);
  return t;
}

export function setTimeout(fn: unknown, ms?: unknown, ...args: unknown[]): unknown {
  const exec = running();
  if (exec === null) return (real.setTimeout as (...a: unknown[]) => unknown)(fn, ms, ...args);
  return arm(exec, fn, args, delayOf(ms), 0, "setTimeout");
}

export function setInterval(fn: unknown, ms?: unknown, ...args: unknown[]): unknown {
  const exec = running();
  if (exec === null) return (real.setInterval as (...a: unknown[]) => unknown)(fn, ms, ...args);
  const d = delayOf(ms);
  return arm(exec, fn, args, d, d, "setInterval");
}

export function setImmediate(fn: unknown, ...args: unknown[]): unknown {
  const exec = running();
  if (exec === null) return (real.setImmediate as (...a: unknown[]) => unknown)(fn, ...args);
  return arm(exec, fn, args, 0, 0, "setImmediate");
}

function clear(h: unknown, realClear: (h: never) => void): void {
  if (h instanceof VirtualTimer) h.cancel();
  else realClear(h as never);
}

export function clearTimeout(h: unknown): void {
  clear(h, real.clearTimeout);
}
export function clearInterval(h: unknown): void {
  clear(h, real.clearInterval);
}
export function clearImmediate(h: unknown): void {
  clear(h, real.clearImmediate);
}

/** `Date.now()`: virtual inside an execution (it starts at 2000-01-01T00:00:00Z). */
export function dateNow(): number {
  const exec = running();
  return exec === null ? Date.now() : currentTime(exec);
}

/** `performance.now()`: virtual inside an execution (0 when it starts). */
export function performanceNow(): number {
  const exec = running();
  return exec === null ? performance.now() : currentTime(exec) - START_MS;
}

/**
 * Asked by a leaf about to complete: true when the strategy chose to let the earliest
 * timers fire first (they have then fired, and the leaf stays pending).
 */
export function leafMayWait(exec: Execution): boolean {
  if (exec.idle === null || !timerQueue(exec).pending || zeroTimeStepReady(exec)) return false;
  if (exec.choose(2, "timer") === 0) return false;
  timerQueue(exec).advance(exec);
  return true;
}

function zeroTimeStepReady(exec: Execution): boolean {
  for (const g of exec.goroutines) {
    const op = g.op;
    if (g.done || op === null || op.code === LEAF_CODE) continue;
    if ((g.flags & ALWAYS_READY) !== 0 || op.ready(g)) return true;
  }
  return false;
}

/** `AbortSignal.timeout(ms)`: aborts on the virtual clock inside an execution. */
export function abortTimeout(ms: number): AbortSignal {
  const exec = running();
  if (exec === null) return AbortSignal.timeout(ms);
  const c = new AbortController();
  const reason = new DOMException("The operation was aborted due to timeout", "TimeoutError");
  arm(exec, () => c.abort(reason), [], Math.max(0, Number(ms) || 0), 0, "AbortSignal.timeout");
  return c.signal;
}

function aborted(signal: AbortSignal | undefined): Error | null {
  if (signal === undefined || !signal.aborted) return null;
  return Object.assign(new Error("The operation was aborted"), { name: "AbortError", code: "ABORT_ERR", cause: signal.reason });
}

/** A promise settled by a virtual timer, rejected early if `signal` aborts. */
function virtualWait<T>(exec: Execution, delay: number, value: T, signal: AbortSignal | undefined, kind: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const early = aborted(signal);
    if (early !== null) return reject(early);
    const t = arm(exec, () => resolve(value), [], delay, 0, kind);
    signal?.addEventListener("abort", () => {
      t.cancel();
      reject(aborted(signal));
    }, { once: true });
  });
}

export interface TimerOptions {
  readonly signal?: AbortSignal;
}

/**
 * `node:timers/promises` for transformed code: virtual inside an execution, Node's outside.
 * The rest of the module (`setInterval`) is Node's own, on real time.
 */
export const timersPromises = {
  ...(require("timers/promises") as typeof import("timers/promises")),
  setTimeout<T>(ms?: number, value?: T, options?: TimerOptions): Promise<T> {
    const exec = running();
    if (exec === null) return (require("timers/promises") as typeof import("timers/promises")).setTimeout(ms, value as T, options);
    return virtualWait(exec, delayOf(ms), value as T, options?.signal, "setTimeout");
  },
  setImmediate<T>(value?: T, options?: TimerOptions): Promise<T> {
    const exec = running();
    if (exec === null) return (require("timers/promises") as typeof import("timers/promises")).setImmediate(value as T, options);
    return virtualWait(exec, 0, value as T, options?.signal, "setImmediate");
  },
  get scheduler() {
    return {
      wait: (ms: number, options?: TimerOptions) => timersPromises.setTimeout(ms, undefined, options),
      yield: () => timersPromises.setImmediate(),
    };
  },
};

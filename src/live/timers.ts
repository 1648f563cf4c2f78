import { Goroutine } from "../runtime/goroutine";
import type { Alarm } from "../sync/timer-queue";

/**
 * The live executor's timer queue: the same interface as the virtual one (arm, disarm,
 * now), on real milliseconds. Each armed alarm is one Node timer; a ticker re-arms itself
 * after each tick, keeping its phase as Go's tickers do. After an alarm rings (a value
 * sent on a timer's channel, a context cancelled by its deadline, an `afterFunc` started)
 * every parked operation is checked again, since a ring can reach any channel.
 *
 * A timer or ticker keeps the process alive only while a goroutine waits on its channel
 * (an `after(30_000)` that lost its select must not hold a finished program for 30 s);
 * `afterFunc` and context deadlines keep it alive until they fire or are stopped, as a
 * Node timer does.
 */
/** The longest delay Node's `setTimeout` keeps (about 24.8 days); above it, it fires at once. */
export const MAX_DELAY = 2 ** 31 - 1;

export class LiveTimerQueue {
  private readonly handles = new Map<Alarm, NodeJS.Timeout>();
  private readonly by = new Goroutine(0, "timer", null);
  /** The handle of each armed timer or ticker, by its channel. */
  private readonly byChan = new Map<object, NodeJS.Timeout>();
  /** Alarms further away than one Node timer can wait: re-armed for the rest when it ends. */
  private readonly long = new WeakSet<Alarm>();
  constructor(
    private readonly changed: () => void,
    /** True when a goroutine is parked on `obj`. */
    private readonly wanted: (obj: object) => boolean,
  ) {}

  get now(): number {
    return Date.now();
  }

  arm(a: Alarm, delayMs: number, _g: unknown): void {
    this.disarm(a);
    a.when = Date.now() + Math.max(0, delayMs);
    a.armed = true;
    this.start(a, Math.max(0, delayMs));
  }

  /** A Node timer for `a`, in steps of at most {@link MAX_DELAY} (Node fires longer ones at once). */
  private start(a: Alarm, ms: number): void {
    const h = setTimeout(() => this.ring(a), Math.min(ms, MAX_DELAY));
    if (ms > MAX_DELAY) this.long.add(a);
    else this.long.delete(a);
    this.handles.set(a, h);
    const chan = chanOf(a);
    if (chan === null) return;
    this.byChan.set(chan, h);
    if (!this.wanted(chan)) h.unref();
  }

  /** A goroutine parked on `obj` (true) or the last one left it (false). */
  waiting(obj: object, parked: boolean): void {
    if (this.byChan.size === 0) return;
    const h = this.byChan.get(obj);
    if (h !== undefined) (parked ? h.ref() : h.unref());
  }

  disarm(a: Alarm): boolean {
    const h = this.handles.get(a);
    if (h !== undefined) clearTimeout(h);
    this.handles.delete(a);
    const chan = chanOf(a);
    if (chan !== null) this.byChan.delete(chan);
    const was = a.armed;
    a.armed = false;
    return was;
  }

  private ring(a: Alarm): void {
    if (this.long.has(a) && a.when > Date.now()) return this.start(a, a.when - Date.now());
    this.handles.delete(a);
    const chan = chanOf(a);
    if (chan !== null) this.byChan.delete(chan);
    a.armed = false;
    if (a.period > 0) {
      const late = Math.max(0, Date.now() - a.when);
      this.arm(a, a.period - (late % a.period), null);
    }
    a.ring(this.by);
    this.changed();
  }
}

/** The channel a timer or ticker sends on (null for `afterFunc`, sleeps and deadlines). */
function chanOf(a: Alarm): object | null {
  const chan = (a as { chan?: object | null }).chan;
  return chan ?? null;
}

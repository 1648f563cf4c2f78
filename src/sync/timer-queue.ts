import type { VectorClock } from "../runtime/clock";
import type { Execution, IdleHook } from "../runtime/execution";
import { Goroutine } from "../runtime/goroutine";
import { acquire, release, slotOf } from "../runtime/happens-before";
import type { SyncObject } from "../runtime/sync-object";

/**
 * Virtual time for one execution, after the model of Go's `testing/synctest` bubbles
 * (Go 1.24): time starts at a fixed instant, stands still while any goroutine can run,
 * and when every goroutine is blocked jumps to the earliest timer.
 *
 * Departures from synctest: a ticker whose last tick is still unreceived cannot make
 * progress, so it does not keep time moving (a program blocked behind such a ticker is
 * reported as a deadlock or a leak instead of spinning forever); once the main goroutine
 * has returned, tickers no longer move time either (one-shot timers and sleeps still do),
 * so a goroutine left ranging over a ticker is a leak; timers never fire once every
 * goroutine has finished; and time also moves when every goroutine that can run is
 * spinning (spin.ts), where synctest would hang.
 */

/** Where virtual time starts: 2000-01-01T00:00:00Z in ms since the Unix epoch, as in synctest. */
export const START_MS = Date.UTC(2000, 0, 1);

/** Something waiting in the queue for an instant: a sleep, a timer, a ticker, a deadline. */
export interface Alarm {
  /** The instant it fires, in virtual ms. Meaningful while `armed`. */
  when: number;
  /** Arming order: alarms due at the same instant fire in this order. */
  seq: number;
  armed: boolean;
  /** Ticker period in ms; 0 for a one-shot alarm. */
  period: number;
  /**
   * What the goroutines that armed it knew (edge 12), or null when the alarm carries no
   * happens-before edge (a sleep). The alarm fires with this clock.
   */
  readonly clock: VectorClock | null;
  /** Fire now, acting as `by`: the runtime's pseudo-goroutine holding the alarm's clock. */
  ring(by: Goroutine): void;
  /** True when firing now would change nothing (a ticker whose last tick is unreceived). */
  stuck(): boolean;
  /** The channel it sends its tick on, if any (a timer's or a ticker's). */
  readonly chan?: SyncObject | null;
}

const KEY = Symbol("gosched.timers");
const LISTENERS = Symbol("gosched.timeListeners");

/** Told of every advance of virtual time (partial-order reduction records each as an event). */
export interface TimeListener {
  /** Every goroutine is blocked and `due` are about to fire. */
  advancing(due: readonly Alarm[]): void;
  /** They have fired. */
  advanced(): void;
}

/** Have `l` told of every advance of `exec`'s virtual time. */
export function listenToTime(exec: Pick<Execution, "moduleState">, l: TimeListener): void {
  const ls = exec.moduleState.get(LISTENERS) as TimeListener[] | undefined;
  if (ls === undefined) exec.moduleState.set(LISTENERS, [l]);
  else ls.push(l);
}

/**
 * The execution's timers, installed as its {@link IdleHook} by the first one made. The
 * runtime calls {@link advance} exactly when no goroutine is enabled.
 */
export class TimerQueue implements IdleHook {
  now = START_MS;
  private readonly alarms: Alarm[] = [];
  private seq = 0;
  /** The timer goroutine (id 0) that alarms fire as when clocks are off. */
  private readonly idleActor = timerGoroutine();

  constructor(private readonly exec: Execution) {}

  elapsedMs(): number {
    return this.now - START_MS;
  }

  /** Arm (or re-arm) `a` to fire `delayMs` from now; `g` arms it and releases its clock into it. */
  arm(a: Alarm, delayMs: number, g: Goroutine | null): void {
    a.when = this.now + Math.max(0, delayMs);
    a.seq = this.seq++;
    if (g !== null && a.clock !== null && this.exec.hb) release(g, a.clock);
    if (a.armed) return;
    a.armed = true;
    this.alarms.push(a);
  }

  /** Take `a` out of the queue; true when it was armed. */
  disarm(a: Alarm): boolean {
    if (!a.armed) return false;
    a.armed = false;
    this.alarms.splice(this.alarms.indexOf(a), 1);
    return true;
  }

  /** True when some alarm could fire if time moved on (controlled awaits ask, src/transform/timers.ts). */
  get pending(): boolean {
    for (const a of this.alarms) if (!a.stuck()) return true;
    return false;
  }

  /**
   * Every goroutine is blocked: jump to the earliest instant at which an alarm can make
   * progress and fire every alarm due by then, all at once as synctest does. Which of
   * the goroutines they wake runs first is then the strategy's pick, so exploration and
   * replay cover every order. False when nothing can fire: the execution is quiescent.
   */
  advance(exec: Execution): boolean {
    if (!exec.goroutines.some((g) => !g.done)) return false;
    const mainDone = exec.goroutines[0]!.done;
    let next = Infinity;
    for (const a of this.alarms) if (a.when < next && !a.stuck() && !(mainDone && a.period > 0)) next = a.when;
    if (next === Infinity) return false;
    if (next > this.now) this.now = next;
    const due = this.alarms.filter((a) => a.when <= this.now && !(mainDone && a.period > 0)).sort((a, b) => a.when - b.when || a.seq - b.seq);
    const ls = exec.moduleState.get(LISTENERS) as TimeListener[] | undefined;
    if (ls !== undefined) for (const l of ls) l.advancing(due);
    for (const a of due) if (a.armed) this.fire(a); // a deadline may have disarmed a child's
    if (ls !== undefined) for (const l of ls) l.advanced();
    return true;
  }

  private fire(a: Alarm): void {
    this.disarm(a);
    if (a.period > 0) {
      // A ticker keeps its phase: the next tick is the first multiple of the period after now.
      const missed = Math.floor((this.now - a.when) / a.period);
      a.when += a.period * (missed + 1);
      a.seq = this.seq++;
      a.armed = true;
      this.alarms.push(a);
    }
    const by = this.actor(a);
    a.ring(by);
    by.done = true;
  }

  /**
   * The goroutine a firing acts as. With clocks on, a fresh timer goroutine per firing
   * that knows what the alarm's clock knows and ends at once, so its clock slot is
   * recycled like any ended goroutine's (happens-before.ts) and no slot stays pinned.
   */
  private actor(a: Alarm): Goroutine {
    if (!this.exec.hb || a.clock === null) return this.idleActor;
    const by = timerGoroutine();
    slotOf(by);
    acquire(by, a.clock);
    return by;
  }
}

/** The runtime's timer goroutine, which has no id of its own (0) and runs no code. */
function timerGoroutine(): Goroutine {
  return new Goroutine(0, "timer", null);
}

/** The virtual time of `exec`: the start instant until its first timer is made. */
export function currentTime(exec: Execution): number {
  const q = exec.moduleState.get(KEY) as TimerQueue | undefined;
  return q === undefined ? START_MS : q.now;
}

/** Give `exec` its timer queue up front (live mode's runs on real time). */
export function installTimerQueue(exec: Execution, q: TimerQueue): void {
  exec.moduleState.set(KEY, q);
}

/** The queue of `exec`, created and installed as its idle hook on first use. */
export function timerQueue(exec: Execution): TimerQueue {
  let q = exec.moduleState.get(KEY) as TimerQueue | undefined;
  if (q === undefined) {
    q = new TimerQueue(exec);
    exec.moduleState.set(KEY, q);
    exec.idle = q;
  }
  return q;
}

/** A duration as traces print it: `1h`, `90s`, `1.5s`, `250ms`. */
export function formatMs(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 1 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** Check a duration argument in p-queue's form; a negative one counts as zero, as in Go. */
export function checkMs(ms: unknown, name = "ms"): number {
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw new TypeError(`Expected \`${name}\` to be a finite number of milliseconds, got \`${String(ms)}\` (${typeof ms})`);
  }
  return ms;
}

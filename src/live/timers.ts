import { Goroutine } from "../runtime/goroutine";
import type { Alarm } from "../sync/timer-queue";

/**
 * The live executor's timer queue: the same interface as the virtual one (arm, disarm,
 * now), on real milliseconds. Each armed alarm is one Node timer; a ticker re-arms itself
 * after each tick, keeping its phase as Go's tickers do. After an alarm rings (a value
 * sent on a timer's channel, a context cancelled by its deadline, an `afterFunc` started)
 * every parked operation is checked again, since a ring can reach any channel.
 */
export class LiveTimerQueue {
  private readonly handles = new Map<Alarm, NodeJS.Timeout>();
  private readonly by = new Goroutine(0, "timer", null);

  constructor(private readonly changed: () => void) {}

  get now(): number {
    return Date.now();
  }

  arm(a: Alarm, delayMs: number, _g: unknown): void {
    this.disarm(a);
    a.when = Date.now() + Math.max(0, delayMs);
    a.armed = true;
    this.handles.set(a, setTimeout(() => this.ring(a), Math.max(0, delayMs)));
  }

  disarm(a: Alarm): boolean {
    const h = this.handles.get(a);
    if (h !== undefined) clearTimeout(h);
    this.handles.delete(a);
    const was = a.armed;
    a.armed = false;
    return was;
  }

  private ring(a: Alarm): void {
    this.handles.delete(a);
    a.armed = false;
    if (a.period > 0) {
      const late = Math.max(0, Date.now() - a.when);
      this.arm(a, a.period - (late % a.period), null);
    }
    a.ring(this.by);
    this.changed();
  }
}

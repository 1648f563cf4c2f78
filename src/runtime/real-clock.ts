import { performance } from "perf_hooks";
import { setImmediate as nodeSetImmediate } from "timers";

/**
 * The real timer and clock, captured when gosched loads. Jest's fake timers
 * (`jest.useFakeTimers()`) replace the globals `setImmediate` and `performance`; the
 * watchdog and the time budget must keep seeing real time, or a foreign await would hang
 * to Jest's timeout and `timeBudgetMs` would never run out. The `timers` and `perf_hooks`
 * modules are Node's own, which fake timers leave alone; binding now keeps the originals
 * even if a method is patched in place later.
 */
const realImmediate: (fn: () => void) => unknown = nodeSetImmediate;
const realNowFn: () => number = performance.now.bind(performance);

/** Milliseconds from a fixed origin, on the real clock. */
export function realNow(): number {
  return realNowFn();
}

/** Run `fn` once the event loop has had a turn (the real `setImmediate`). */
export function onNextTurn(fn: () => void): void {
  realImmediate(fn);
}

/** A promise that settles after the event loop has had a turn. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => realImmediate(resolve));
}

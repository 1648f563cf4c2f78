import type { Execution } from "./execution";
import { onNextTurn } from "./real-clock";

/**
 * The one execution running in this process, if any. Constructors bind new objects to
 * it and `go()` spawns into it. Explorations are serialised (see `explore/lock.ts`), so
 * there is never more than one.
 */
let active: Execution | null = null;
let watchdogArmed = false;
/** Explorations under way (at most one runs; others wait their turn). */
let explorations = 0;

/** True while an exploration is under way: between its executions, code left running by one is not "outside". */
export function exploring(): boolean {
  return explorations > 0;
}

/** An exploration starts (+1) or ends (-1). */
export function countExploration(delta: 1 | -1): void {
  explorations += delta;
}

/** Asked before a stall is reported; true when it explained the stall and resolved it. */
let stallHook: (exec: Execution) => boolean = () => false;

export function setStallHook(hook: (exec: Execution) => boolean): void {
  stallHook = hook;
}

export function activeExecution(): Execution | null {
  return active;
}

export function setActive(exec: Execution | null): void {
  active = exec;
  if (exec !== null) armWatchdog();
}

/**
 * An execution runs entirely in one microtask cascade. When the cascade drains (a
 * macrotask gets to run) while an execution is still unfinished, its running goroutine
 * is waiting on something gosched does not control. One `setImmediate` per cascade, not
 * per step, so the hot path stays free of timers.
 */
function armWatchdog(): void {
  if (watchdogArmed) return;
  watchdogArmed = true;
  onNextTurn(onCascadeDrained);
}

function onCascadeDrained(): void {
  watchdogArmed = false;
  if (active === null || active.finished) return;
  if (stallHook(active)) armWatchdog();
  else active.stalled();
}

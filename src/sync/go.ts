import { activeExecution } from "../runtime/active";
import { YIELD } from "../runtime/op";
import { checkName } from "./bind";
import { liveSpawn } from "../live/goroutines";

/**
 * `go fn()`: start `fn` in a new goroutine. Synchronous, like Go's statement: `fn` first
 * runs when the strategy schedules it (outside any execution: at once, live). Edge 2: the
 * `go` call happens before `fn` starts; the goroutine's exit happens before nothing.
 */
export function go(fn: () => Promise<unknown> | unknown, name?: string): void {
  if (typeof fn !== "function") {
    throw new TypeError(`Expected \`fn\` to be a function, got \`${String(fn)}\` (${typeof fn})`);
  }
  const label = checkName(name);
  const exec = activeExecution();
  if (exec === null) return void liveSpawn(fn, label);
  if (exec.finished || exec.current === null) {
    throw new Error(
      "go() was called outside a program. Call go() from inside the program function " +
        "passed to explore() or expect(), or from a goroutine it started.",
    );
  }
  exec.spawn(fn, label, exec.current);
}

/** `runtime.Gosched()`: a scheduling point that lets others run (live: yield to the event loop). */
export function yieldNow(): Promise<void> {
  const exec = activeExecution();
  if (exec === null) return new Promise((resolve) => setImmediate(resolve));
  if (exec.finished) {
    throw new Error("yieldNow() was called outside a program");
  }
  return exec.perform(YIELD, YIELD.flags);
}

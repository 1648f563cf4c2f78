import { activeExecution } from "../runtime/active";
import { YIELD } from "../runtime/op";
import { checkName } from "./bind";

/**
 * `go fn()`: start `fn` in a new goroutine. Synchronous, like Go's statement: `fn` first
 * runs when the strategy schedules it. Edge 2: the `go` call happens before `fn` starts;
 * the goroutine's exit happens before nothing.
 */
export function go(fn: () => Promise<unknown> | unknown, name?: string): void {
  if (typeof fn !== "function") {
    throw new TypeError(`Expected \`fn\` to be a function, got \`${String(fn)}\` (${typeof fn})`);
  }
  const label = checkName(name);
  const exec = activeExecution();
  if (exec === null || exec.finished || exec.current === null) {
    throw new Error(
      "go() was called outside a program. Call go() from inside the program function " +
        "passed to explore() or expect(), or from a goroutine it started.",
    );
  }
  exec.spawn(fn, label, exec.current);
}

/** `runtime.Gosched()`: a scheduling point that lets others run. */
export function yieldNow(): Promise<void> {
  const exec = activeExecution();
  if (exec === null || exec.finished) {
    throw new Error("yieldNow() was called outside a program");
  }
  return exec.perform(YIELD, YIELD.flags);
}

/**
 * What instrumented code calls (see task.ts for the model and timers.ts for time). The
 * transformer makes every transformed file require this module once, as `gosched/_runtime`.
 * Outside an execution each helper costs one check of the active execution and hands
 * back what plain JavaScript would have had.
 */
import { push, type Task } from "./task";

export { aw, fin, r, task } from "./task";
export {
  clearImmediate,
  clearInterval,
  clearTimeout,
  dateNow,
  performanceNow,
  setImmediate,
  setInterval,
  setTimeout,
} from "./timers";

/** The start of a `catch` or `finally` block of an async function: its task runs again. */
export function c(t: Task | null): void {
  if (t !== null) push(t);
}

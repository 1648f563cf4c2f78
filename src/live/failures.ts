import { FatalError, GoPanic, panicText } from "../runtime/errors";
import type { Execution } from "../runtime/execution";
import type { Op } from "../runtime/op";
import { surface } from "./goroutines";

/** What becomes of a live operation that throws, or that an execution tries to use. */

function noop(): void {}

/** A recoverable panic rejects; a fatal error kills the process, as Go's runtime does. */
export function failed<T>(error: unknown, op: Op): Promise<T> {
  if (error instanceof FatalError) {
    surface(new FatalError(`fatal error: ${error.message}`));
    return new Promise<T>(noop);
  }
  if (error instanceof GoPanic) return Promise.reject(error);
  return Promise.reject(new Error(`${op.describe()} failed: ${panicText(error)}`, { cause: error }));
}

/** A live object used inside an execution: the execution fails as a misuse that names it. */
export function mixed<T>(op: Op, active: Execution): Promise<T> {
  const what = op.target === null ? op.describe() : op.target.label();
  active.misuse(
    `${op.describe()} used ${what}, a live object created outside any program: create it ` +
      `inside the program function, so that the execution controls it`,
    active.current,
  );
  return new Promise<T>(noop);
}

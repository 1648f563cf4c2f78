/**
 * The three voices of gosched's errors, plus Go's panics.
 *
 * - {@link GoPanic}: a recoverable Go panic raised inside a goroutine with Go's own words
 *   (`send on closed channel`). It is thrown into the goroutine, so `try` can catch it,
 *   as `recover()` can in Go.
 * - {@link FatalError}: Go's `fatal error:` (`sync: unlock of unlocked mutex`,
 *   `concurrent map writes`). It ends the execution at once; no `try` sees it.
 * - {@link MisuseError}: the program broke a rule of the model (a forgotten `await`, an
 *   object from another execution, a foreign await). It ends the execution.
 */

/** A recoverable panic, thrown into the goroutine that caused it. */
export class GoPanic extends Error {
  override readonly name = "GoPanic";
}

/** Go's unrecoverable runtime errors. Never delivered to user code. */
export class FatalError extends Error {
  override readonly name = "FatalError";
}

/** A rule of the model was broken by the program under test. */
export class MisuseError extends Error {
  override readonly name = "MisuseError";
}

/** Render a thrown value as Go's `panic: …` prints it. */
export function panicText(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === "string") return value;
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

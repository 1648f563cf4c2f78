import { activeExecution } from "../runtime/active";
import { MisuseError } from "../runtime/errors";
import type { Execution } from "../runtime/execution";
import type { SyncObject } from "../runtime/sync-object";
import { liveExecutor } from "../live/executor";

/**
 * The execution a new object belongs to: the running one, or outside any execution the
 * live executor (live mode, see live/executor.ts).
 */
export function bindExecution(what: string): Execution {
  const exec = activeExecution();
  if (exec === null) return liveExecutor();
  if (exec.finished) {
    throw new Error(
      `${what} was created outside a program. Create gosched objects inside the program ` +
        `function passed to explore() or expect(), so that every execution starts fresh.`,
    );
  }
  return exec;
}

/**
 * Refuse `other`, handed to `what` in execution `exec`, when another execution made it:
 * misuse, as for any operation on such an object (the execution fails at once).
 */
export function checkOwn(exec: Execution, other: SyncObject, what: string): void {
  if (other.exec === exec) return;
  // A live object handed an execution's object: nothing to fail (live mode has no
  // execution), so only the call throws.
  if (exec === liveExecutor()) {
    throw new MisuseError(
      `${what} was given ${other.label()}, an object of a program's execution: a live object ` +
        `(created outside any program) can only use live objects; create both outside the program`,
    );
  }
  const text =
    `${what} was given ${other.label()}, an object created by another execution: create gosched ` +
    `objects inside the program function, so that every execution starts fresh`;
  exec.misuse(text, exec.current);
  throw new MisuseError(text);
}

/** Validate an optional name argument in p-queue's form. */
export function checkName(name: unknown): string {
  if (name === undefined) return "";
  if (typeof name !== "string") {
    throw new TypeError(`Expected \`name\` to be a string, got \`${String(name)}\` (${typeof name})`);
  }
  return name;
}

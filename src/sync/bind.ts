import { activeExecution } from "../runtime/active";
import type { Execution } from "../runtime/execution";

/**
 * The execution a new object belongs to. Objects are made inside the program so that
 * every execution starts from fresh state; one made anywhere else is a usage error.
 */
export function bindExecution(what: string): Execution {
  const exec = activeExecution();
  if (exec === null || exec.finished) {
    throw new Error(
      `${what} was created outside a program. Create gosched objects inside the program ` +
        `function passed to explore() or expect(), so that every execution starts fresh.`,
    );
  }
  return exec;
}

/** Validate an optional name argument in p-queue's form. */
export function checkName(name: unknown): string {
  if (name === undefined) return "";
  if (typeof name !== "string") {
    throw new TypeError(`Expected \`name\` to be a string, got \`${String(name)}\` (${typeof name})`);
  }
  return name;
}

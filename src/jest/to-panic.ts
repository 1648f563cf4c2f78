import type { MatcherContext } from "expect";
import { panicText } from "../runtime/errors";
import type { ExecutionFailure } from "../runtime/failure";
import { failureMessage } from "../report/messages";
import { conclude, explored } from "./conclude";
import { misuse } from "./matcher-error";
import { exploreFor, hintFor, type MatcherSpec } from "./run-matcher";

/**
 * `expect(program).toPanic(message?, options?)`: some execution panics, as Go's tests of
 * `recover` expect. Go's fatal errors (`concurrent map writes`, `sync: unlock of unlocked
 * mutex`) count as panics. With a message, a panic whose message neither contains the
 * string nor matches the RegExp does not count, and the search goes on past it.
 */
const PANIC: MatcherSpec = {
  name: "toPanic",
  argument: "message",
  property: "panics",
  defaultChecks: ["panic"],
  needsOneOf: ["panic"],
  verdictKinds: ["panic"],
  acceptsInvariant: true,
  preferExhaustive: false,
};

/** The panic's own message: an Error's message, a string, or the value as text. */
export function panicMessage(f: Pick<ExecutionFailure, "detail">): string {
  return f.detail.kind === "panic" ? panicText(f.detail.value) : failureMessage(f);
}

/** Whether a panic's message contains the string, or matches the RegExp. */
function matches(text: string, want: string | RegExp | undefined): boolean {
  if (want === undefined) return true;
  if (typeof want === "string") return text.includes(want);
  want.lastIndex = 0;
  return want.test(text);
}

export async function toPanic(this: MatcherContext, program: unknown, message?: unknown, options?: unknown) {
  const spec: MatcherSpec = { ...PANIC, argument: message !== undefined ? "message" : options !== undefined ? "undefined" : "" };
  if (message !== undefined && typeof message !== "string" && !(message instanceof RegExp)) {
    misuse(
      this,
      hintFor(this, spec, options),
      `${this.utils.EXPECTED_COLOR("message")} must be a string or a RegExp`,
      this.utils.printWithType("Message", message, this.utils.printExpected),
    );
  }
  const want = message as string | RegExp | undefined;
  const others: string[] = [];
  const keep = (f: ExecutionFailure): boolean => {
    if (f.kind !== "panic" || matches(panicMessage(f), want)) return true;
    if (others.length < 3 && !others.includes(panicMessage(f))) others.push(panicMessage(f));
    return false;
  };
  const run = await exploreFor(this, spec, program, options, undefined, keep);
  const u = this.utils;
  const withMessage = want === undefined ? "" : ` with a message that ${typeof want === "string" ? "contains" : "matches"} ${u.printExpected(want)}`;
  const otherLine = others.length === 0 ? "" : `\nPanics with other messages: ${others.map((o) => u.printReceived(o)).join(", ")}`;
  return conclude(run, {
    // A replay runs one execution, whatever it panics with: the message still decides.
    holds: run.result.failure?.kind === "panic" && matches(panicMessage(run.result.failure), want),
    held: (report) => `Expected no execution to panic${withMessage}, but one did.\n\n${report()}`,
    violated: () => `Expected an execution to panic${withMessage}, but none did.${otherLine}\n\n${explored(run)}`,
  });
}

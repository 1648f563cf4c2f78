import { format as prettyFormat } from "pretty-format";
import type { ChoiceKind } from "../runtime/chooser";
import { panicText } from "../runtime/errors";
import type { Access, BlockedGoroutine, DivergenceCause, ExecutionFailure, FailureKind, MisuseCause } from "../runtime/failure";
import type { GoroutineInfo } from "../runtime/goroutine";
import { goroutineLabel } from "./names";

/**
 * The one-line message of every failure, in Go's words where Go has them: the only place
 * that words a failure's detail (the runtime and the exploration produce data only).
 */
export function failureMessage(f: Pick<ExecutionFailure, "detail">): string {
  const d = f.detail;
  switch (d.kind) {
    case "race":
      return `data race on ${d.object}: ${side(d.current)} and ${side(d.previous)}; neither happens before the other`;
    case "deadlock":
      return `all goroutines are asleep - deadlock! (${d.goroutines.map((b) => `goroutine ${b.id} [${b.waitReason}]`).join(", ")})`;
    case "leak":
      return `${count(d.goroutines.length)} leaked: ${d.goroutines.map(leaked).join(", ")}`;
    case "panic":
      if (d.fatal) return `fatal error: ${panicText(d.value)}`;
      return `panic: ${panicText(d.value)} (${d.unhandled === true ? "an unhandled rejection, " : ""}in ${goroutineLabel(d.goroutine)})`;
    case "livelock":
      return d.spun === undefined
        ? `execution exceeded maxSteps (${d.maxSteps} steps): a possible livelock`
        : `livelock: every goroutine that can run has spun for ${d.spun} steps and no timer can end it`;
    case "invariant":
      return `the invariant does not hold for outcome ${prettyFormat(d.outcome, { min: true })}${d.why === undefined ? "" : `: ${d.why}`}`;
    case "misuse":
      return misuseMessage(d.cause, d.goroutine);
    case "divergence":
      return divergenceMessage(d.cause);
  }
}

function side(a: Access): string {
  return `${a.access} by ${goroutineLabel(a.goroutine)} at step ${a.step}`;
}

function count(n: number): string {
  return `${n} goroutine${n === 1 ? "" : "s"}`;
}

function leaked(b: BlockedGoroutine): string {
  return `goroutine ${b.id}${b.name ? ` "${b.name}"` : ""} [${b.waitReason}]`;
}

const FORGOT = "did you forget `await`?";

/** A broken rule of the model, and what to do instead. */
export function misuseMessage(c: MisuseCause, g: GoroutineInfo | null): string {
  const who = g === null ? "a goroutine" : goroutineLabel(g);
  switch (c.reason) {
    case "no-goroutine":
      return `${c.op} was called outside any goroutine of this execution`;
    case "not-awaited":
      return `${who} started ${c.op} while ${c.pending} was still pending: ${FORGOT}`;
    case "returned":
      return `${who} returned while ${c.pending} was still pending: ${FORGOT}`;
    case "stalled":
      return (
        `${who} awaited something gosched does not control (a real timer, I/O, or a promise ` +
        `settled outside the execution) after ${c.after ?? "its start"}. Use gosched's sleep, after, channels ` +
        `and other primitives inside a program, never real timers or I/O.`
      );
    case "foreign":
      return (
        `${c.op} used an object created by another execution: create gosched ` +
        `objects inside the program function, so that every execution starts fresh`
      );
    case "stated":
      return c.text;
  }
}

/**
 * The likely causes of a run that does not repeat itself, with their fix. State that
 * outlives one execution comes first: it is the cause that is hardest to see.
 */
export const NOT_REPEATABLE =
  "Likely causes: state that outlives one execution, such as a module-level Map cache or an object " +
  "created when the module loaded (construct it inside the program, or export a factory and call it " +
  "there); or Math.random or Date.now.";

/** {@link NOT_REPEATABLE}, for a replay token: first, the program may have changed since it was printed. */
export const UNREPEATABLE =
  "Did the program or its options change since the token was printed? If not, likely causes: state that " +
  "outlives one execution, such as a module-level Map cache or an object created when the module loaded " +
  "(construct it inside the program, or export a factory and call it there); or Math.random or Date.now.";

const CHOICES: Record<ChoiceKind, string> = {
  select: "the ready cases of a select",
  timer: "the timers due at once",
  read: "the writes a racy read may see",
};

/**
 * A divergence in words: where the program took another path than the schedule it
 * replayed, what the schedule asked for, and what the program offered instead.
 */
export function divergenceMessage(c: DivergenceCause): string {
  switch (c.reason) {
    case "choice":
      return choiceMessage(c);
    case "token":
      return (
        `the program took another path than the replay token: the token recorded ${c.recorded} steps, and the program ` +
        (c.took === c.recorded
          ? `took as many, but a different goroutine or operation at some step`
          : `${c.took < c.recorded ? "ended after" : "took"} ${c.took}`) +
        `. ${UNREPEATABLE}`
      );
    case "nondeterminism": {
      const second = c.second === null ? "no failure" : `"${failureMessage(c.second)}"`;
      return (
        `the program is not deterministic: replaying the failing schedule gave ` +
        `${second} instead of "${failureMessage(c.first)}". ${NOT_REPEATABLE}`
      );
    }
  }
}

function choiceMessage(c: Extract<DivergenceCause, { reason: "choice" }>): string {
  const pick = c.choice === "pick";
  const among = pick ? "the goroutines ready to run" : CHOICES[c.choice];
  const offered = pick ? `: ${c.ready.map((g) => `${goroutineLabel(g)} to ${g.op}`).join(", ")}` : "";
  const head = `the program took another path than the replay token at step ${c.step}: `;
  if (c.answer === -1) {
    return `${head}the token's schedule had ended, but the program still had to choose among ${c.options} of ${among}${offered}. ` +
      UNREPEATABLE;
  }
  const wanted = c.answer <= -2 ? -c.answer - 2 : c.answer;
  return `${head}the token picks option ${wanted + 1} of ${among}, and the program had only ${c.options}${offered}. ` + UNREPEATABLE;
}

/** What happened, in a few words, by kind: for a matcher that a failure of another kind stopped. */
const SUMMARIES: Record<FailureKind, string> = {
  race: "an execution had a data race",
  deadlock: "an execution deadlocked",
  leak: "an execution leaked goroutines",
  panic: "a goroutine panicked",
  livelock: "an execution livelocked or exceeded maxSteps",
  invariant: "the invariant failed",
  misuse: "the program broke a rule of gosched",
  divergence: "the schedule did not fit the program",
};

/**
 * `No verdict on data races: an execution deadlocked first (…)`: a failure of another
 * kind than the one judged ended the search. `checkable`: `checks` can leave that kind out.
 */
export function noVerdictText(property: string, kind: FailureKind, checkable: boolean): string {
  const how = checkable ? ` (leave "${kind}" out of \`checks\` to look past it)` : "";
  return `No verdict on ${property}: ${SUMMARIES[kind]} first${how}.`;
}

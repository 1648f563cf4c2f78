import type { ChoiceKind } from "./chooser";
import type { Goroutine } from "./goroutine";

/**
 * How a chooser says that a recorded schedule does not fit: -1 when it has no decision
 * left, `-(d + 2)` when its decision `d` names an option that is not there.
 */
export function missingDecision(): number {
  return -1;
}
export function decisionOutOfRange(d: number): number {
  return -(d + 2);
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
 * A divergence in words: at which step the program took another path than the one the
 * token recorded, what the token asked for, and what the program offered instead.
 * `ready` is the goroutines ready at that step (for a pick), each with its operation.
 */
export function divergenceText(answer: number, n: number, step: number, kind: ChoiceKind | "pick", ready: readonly Goroutine[]): string {
  const among = kind === "pick" ? "the goroutines ready to run" : CHOICES[kind];
  const offered = kind === "pick" ? `: ${ready.map((g) => `${g.label()} to ${g.op?.describe() ?? "start"}`).join(", ")}` : "";
  const head = `the program took another path than the replay token at step ${step}: `;
  if (answer === -1) {
    return `${head}the token's schedule had ended, but the program still had to choose among ${n} of ${among}${offered}. ` +
      UNREPEATABLE;
  }
  const wanted = answer <= -2 ? -answer - 2 : answer;
  return `${head}the token picks option ${wanted + 1} of ${among}, and the program had only ${n}${offered}. ` + UNREPEATABLE;
}

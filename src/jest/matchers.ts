import type { MatcherContext } from "expect";
import type { ExploreResult } from "../explore/explore";
import type { CheckKind } from "../runtime/failure";
import { hiddenAwait, TRANSFORM_HINT } from "../report/format-failure";
import { conclude, explored } from "./conclude";
import { misuse } from "./matcher-error";
import { asyncJudge, isAsyncFunction } from "../explore/options";
import { toPanic } from "./to-panic";
import { exhaustive, exploreAgain, exploreFor, hintFor, refuseAsync, type MatcherSpec, type Run } from "./run-matcher";

const ALL: readonly CheckKind[] = ["race", "deadlock", "leak", "panic"];
/** Every matcher but toBeRaceFree judges one property of runs that may well race. */
const NO_RACE: readonly CheckKind[] = ["deadlock", "leak", "panic"];

const RACE: MatcherSpec = {
  name: "toBeRaceFree",
  argument: "",
  property: "data races",
  defaultChecks: ALL,
  needsOneOf: ["race"],
  verdictKinds: ["race"],
  acceptsInvariant: true,
  preferExhaustive: false,
};

const DEADLOCK: MatcherSpec = {
  name: "toBeDeadlockFree",
  argument: "",
  property: "deadlocks",
  defaultChecks: NO_RACE,
  needsOneOf: ["deadlock", "leak"],
  verdictKinds: ["deadlock", "leak"],
  acceptsInvariant: true,
  preferExhaustive: false,
};

const OUTCOMES: MatcherSpec = {
  name: "toHaveOutcomes",
  argument: "expected",
  property: "the outcomes",
  defaultChecks: NO_RACE,
  needsOneOf: ALL,
  verdictKinds: ["invariant"],
  acceptsInvariant: false,
  preferExhaustive: true,
};

const SATISFY: MatcherSpec = {
  name: "toAlwaysSatisfy",
  argument: "predicate",
  property: "the predicate",
  defaultChecks: NO_RACE,
  needsOneOf: ALL,
  verdictKinds: ["invariant"],
  acceptsInvariant: false,
  preferExhaustive: false,
};

/** `expect(program).toBeRaceFree(options?)`: no execution has a data race. */
export async function toBeRaceFree(this: MatcherContext, program: unknown, options?: unknown) {
  const run = await exploreFor(this, RACE, program, options);
  const nothing = run.result.failure === undefined && run.result.accesses === 0;
  return conclude(run, {
    holds: run.result.failure === undefined,
    held: () => `Expected a data race, but no execution had one.\n\n${explored(run)}`,
    undecided: nothing ? () => `${CHECKED_NOTHING}\n\n${explored(run)}` : undefined,
  });
}

/** toBeRaceFree on a program that shared no data gosched sees: no verdict, in both polarities. */
export const CHECKED_NOTHING =
  "toBeRaceFree checked nothing: no execution touched a Shared, SharedMap, atomic or channel, so there was no access to judge. " +
  "Plain variables are invisible to the race detector; assert on what the program returns with " +
  "toHaveOutcomes or toAlwaysSatisfy.";

/** `expect(program).toBeDeadlockFree(options?)`: no execution deadlocks or leaks a goroutine. */
export async function toBeDeadlockFree(this: MatcherContext, program: unknown, options?: unknown) {
  const run = await exploreFor(this, DEADLOCK, program, options);
  const looked = DEADLOCK.verdictKinds.filter((k) => run.opts.checks.has(k as CheckKind));
  const what = looked.map((k) => (k === "deadlock" ? "a deadlock" : "a leaked goroutine")).join(" or ");
  return conclude(run, {
    holds: run.result.failure === undefined,
    held: () => `Expected ${what}, but no execution had one.\n\n${explored(run)}`,
  });
}

/**
 * `expect(program).toHaveOutcomes(expected, options?)`: the set of outcomes equals
 * `expected` (Jest's equality). Each outcome is checked as it appears, so an unexpected
 * one comes with the schedule that produced it. Exhaustive (dpor) unless the test or
 * GOSCHED_STRATEGY names a strategy. An exhaustive search (dpor or dfs) proves the set
 * only when it covers every schedule; when its budget ends first, a random exploration
 * looks for an unexpected outcome with the time left (a witness settles it), and without
 * one there is no verdict: the test fails in both polarities and says how to widen the
 * search. A sampling strategy, named by the test, gives a sampled verdict.
 */
export async function toHaveOutcomes(this: MatcherContext, program: unknown, expected: unknown, options?: unknown) {
  if (expected === null || typeof expected !== "object" || !(Symbol.iterator in expected)) {
    misuse(
      this,
      hintFor(this, OUTCOMES, options),
      `${this.utils.EXPECTED_COLOR("expected")} value must be an array of outcomes`,
      this.utils.printWithType("Expected", expected, this.utils.printExpected),
    );
  }
  const want = [...(expected as Iterable<unknown>)];
  const equal = (a: unknown, b: unknown): boolean => this.equals(a, b, [...this.customTesters, this.utils.iterableEquality]);
  const missingFrom = (seen: readonly unknown[]) => want.filter((e) => !seen.some((o) => equal(o, e)));
  const search = await exploreFor(this, OUTCOMES, program, options, (o) => want.some((e) => equal(o, e)));
  const unfinished = exhaustive(search) && !search.result.complete && search.result.failure === undefined;
  const run = unfinished ? await topUp(search, equal) : search;
  const f = run.result.failure;
  const missing = missingFrom(run.result.outcomes);
  const u = this.utils;
  const sets = (not: string): string =>
    `Expected: ${not}${u.printExpected(want)}\nReceived: ${" ".repeat(not.length)}${u.printReceived(run.result.outcomes)}`;
  const missingLine = missing.length === 0 ? "" : `\n\nMissing: ${missing.map((m) => u.printExpected(m)).join(", ")}`;
  return conclude(run, {
    holds: f === undefined && missing.length === 0,
    undecided: unfinished && f === undefined ? () => `${incomplete(search)}\n\n${sets("")}${missingLine}\n\n${explored(run)}\n${widen(search)}` : undefined,
    violated: (report) => {
      if (f?.detail.kind === "invariant") {
        const label = u.getLabelPrinter("Expected outcomes", "Received outcome");
        return report(
          "An execution returned an outcome that is not expected.\n" +
            `${label("Expected outcomes")}${u.printExpected(want)}\n${label("Received outcome")}${u.printReceived(f.detail.outcome)}`,
        );
      }
      const why = run.result.complete
        ? "Every schedule was explored: no execution gives it."
        : "The outcomes were sampled, not proven complete: a missing one may only be rare. Raise `schedules`.";
      return `${sets("")}${missingLine}\n${why}\n\n${explored(run)}`;
    },
    held: () => {
      const proof = run.result.complete ? "Proven complete: every schedule was explored." : "Sampled, not proven complete.";
      return `${sets("not ")}\n\n${proof}\n${explored(run)}`;
    },
  });
}

/**
 * After an exhaustive search that did not finish, a random exploration with the time
 * left looks for an outcome that is not expected: the only thing that can still settle
 * the verdict. Both count as one exploration.
 */
async function topUp(search: Run, equal: (a: unknown, b: unknown) => boolean): Promise<Run> {
  const left = search.opts.timeBudgetMs - search.result.elapsedMs;
  if (left <= 0) return search;
  return merge(search, await exploreAgain(search, "random", left), equal);
}

/** Why an unfinished exhaustive search gives no verdict, naming what ended or blinded it. */
function incomplete(search: Run): string {
  const { opts, result } = search;
  const why = result.incomplete;
  const what = `No verdict on the outcomes: the exhaustive search (${result.strategy})`;
  const tail = "so no set of outcomes is proven.";
  if (why?.reason === "hidden-await") return `${what} could not see every interleaving. ${hiddenAwait(why)}\nSo no set of outcomes is proven.`;
  if (why?.reason === "preemptionBound") {
    return `${what} covered only the schedules with at most ${why.bound} preemptions (preemptionBound ${why.bound}), ${tail}`;
  }
  const budget =
    result.schedules >= opts.schedules ? `its budget of ${opts.schedules} schedules` : `its time budget of ${opts.timeBudgetMs} ms`;
  return `${what} reached ${budget} before it covered every schedule, ${tail}`;
}

/** How to let the search finish, or to accept a sampled set instead. */
function widen(search: Run): string {
  const { opts, result } = search;
  const sampled = 'to accept a sampled set instead, name a sampling strategy: { strategy: "random" }.';
  if (result.incomplete?.reason === "hidden-await") return `${TRANSFORM_HINT}\nOr, ${sampled}`;
  const raise =
    result.incomplete?.reason === "preemptionBound"
      ? '`preemptionBound` (or leave it out, or use { strategy: "dpor" })'
      : result.schedules >= opts.schedules
        ? "`schedules` (or GOSCHED_SCHEDULES)"
        : "`timeBudgetMs` (or GOSCHED_TIME_BUDGET_MS, and Jest's timeout)";
  return `To prove it, raise ${raise}; ${sampled}`;
}

/** The exhaustive run then the random one, as one exploration: outcomes of both, the second's failure. */
function merge(first: Run, second: Run, equal: (a: unknown, b: unknown) => boolean): Run {
  if (second.result.failure !== undefined) return second;
  const outcomes = [...first.result.outcomes];
  for (const o of second.result.outcomes) if (!outcomes.some((x) => equal(x, o))) outcomes.push(o);
  const result: ExploreResult = {
    ...second.result,
    schedules: first.result.schedules + second.result.schedules,
    steps: first.result.steps + second.result.steps,
    accesses: first.result.accesses + second.result.accesses,
    outcomes,
    strategy: `${first.result.strategy}, then ${second.result.strategy}`,
    elapsedMs: first.result.elapsedMs + second.result.elapsedMs,
  };
  return { ...second, result, opts: { ...second.opts, schedules: first.opts.schedules + second.opts.schedules } };
}

/**
 * `expect(program).toAlwaysSatisfy(predicate, options?)`: the predicate holds for the
 * outcome of every execution. It fails for an outcome when it returns false or throws
 * (so `expect()` works inside it).
 */
export async function toAlwaysSatisfy(this: MatcherContext, program: unknown, predicate: unknown, options?: unknown) {
  if (typeof predicate !== "function") {
    misuse(
      this,
      hintFor(this, SATISFY, options),
      `${this.utils.EXPECTED_COLOR("predicate")} must be a function`,
      this.utils.printWithType("Predicate", predicate, this.utils.printExpected),
    );
  }
  if (isAsyncFunction(predicate)) refuseAsync({ ctx: this, spec: SATISFY, hint: () => hintFor(this, SATISFY, options) }, asyncJudge("invariant").message);
  const NONE = Symbol("none");
  let thrown: unknown = NONE;
  const check = (outcome: unknown): boolean | void => {
    thrown = NONE;
    try {
      return (predicate as (o: unknown) => boolean | void)(outcome);
    } catch (error) {
      thrown = error;
      throw error;
    }
  };
  const run = await exploreFor(this, SATISFY, program, options, check);
  const f = run.result.failure;
  const u = this.utils;
  return conclude(run, {
    holds: f === undefined,
    violated: (report) => {
      const outcome = f?.detail.kind === "invariant" ? f.detail.outcome : undefined;
      const head = thrown === NONE ? "The predicate returned false for an outcome:" : "The predicate threw for an outcome:";
      const lines = [head, `Received: ${u.printReceived(outcome)}`];
      if (thrown !== NONE) lines.push(`Thrown:   ${thrownText(thrown)}`);
      return report(lines.join("\n"));
    },
    held: () =>
      "Expected an outcome for which the predicate does not hold, but it held for all of " +
      `${u.printReceived(run.result.outcomes)}.\n\n${explored(run)}`,
  });
}

/** A thrown value; a multi-line message (an `expect()` failure) keeps its lines, indented. */
function thrownText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const [first, ...rest] = error.message.split("\n");
  const head = rest.length === 0 ? `${error.name}: ${first}` : first!;
  return [head, ...rest.map((l) => (l === "" ? "" : `          ${l}`))].join("\n");
}

export const matchers = { toBeRaceFree, toBeDeadlockFree, toHaveOutcomes, toAlwaysSatisfy, toPanic };

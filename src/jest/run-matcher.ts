import * as path from "path";
import type { MatcherContext } from "expect";
import { exploreResolved, type ExploreResult } from "../explore/explore";
import type { ExploreOptions, ResolvedOptions } from "../explore/options";
import type { CheckKind, ExecutionFailure, FailureKind } from "../runtime/failure";
import type { StrategyName } from "../scheduler/strategy";
import type { FailureSource } from "../report/format-failure";
import { check } from "./check-call";
import type { TestSite } from "./context";
import { misuse } from "./matcher-error";
import { Progress } from "./progress";
import { remainingMs, type TestDeadline } from "./test-deadline";
import type { FailureStore } from "./saved-failures";

export type MatcherName = "toBeRaceFree" | "toBeDeadlockFree" | "toHaveOutcomes" | "toAlwaysSatisfy" | "toPanic";

/** What distinguishes one matcher from another. */
export interface MatcherSpec {
  readonly name: MatcherName;
  /** The argument before the options, as hints and replay lines name it. */
  readonly argument: "" | "expected" | "predicate" | "message" | "undefined";
  /** What it judges, for "No verdict on data races: …". */
  readonly property: string;
  /** The failure kinds looked for when the test does not pass `checks`. */
  readonly defaultChecks: readonly CheckKind[];
  /** `checks` must keep at least one of these, or there is nothing to judge. */
  readonly needsOneOf: readonly CheckKind[];
  /** Failure kinds that are this matcher's verdict; any other kind stops the judgement. */
  readonly verdictKinds: readonly FailureKind[];
  readonly acceptsInvariant: boolean;
  /** Explore exhaustively (dpor) when neither the test nor GOSCHED_STRATEGY picked a strategy. */
  readonly preferExhaustive: boolean;
}

/**
 * Default time budget of a matcher's exploration: under Jest's default 5 s test timeout,
 * and never past the test's own timeout (see {@link defaultBudget}).
 * GOSCHED_TIME_BUDGET_MS raises it (then raise Jest's `--testTimeout` too).
 */
export const MATCHER_TIME_BUDGET_MS = 3000;

/** The default budget, ending well before the test times out (at least 1 ms: one execution). */
export function defaultBudget(deadline: TestDeadline | undefined): number {
  if (deadline === undefined) return MATCHER_TIME_BUDGET_MS;
  const left = remainingMs(deadline);
  return Math.max(1, Math.min(MATCHER_TIME_BUDGET_MS, Math.floor(left - Math.max(250, left / 5))));
}

/**
 * The strategy of a matcher that prefers an exhaustive search: dpor explores one
 * execution per ordering of conflicting operations, far fewer than dfs for the same
 * set of outcomes (test/differential checks that they find the same ones).
 */
export const EXHAUSTIVE_DEFAULT: StrategyName = "dpor";

/** True when `run` was an exhaustive search (not a replay): only then can it prove a set of outcomes. */
export function exhaustive(run: Run): boolean {
  return run.opts.replay === undefined && (run.opts.strategy === "dfs" || run.opts.strategy === "dpor");
}

/** One matcher call, checked and resolved. */
export interface Call {
  readonly ctx: MatcherContext;
  readonly spec: MatcherSpec;
  readonly program: () => unknown;
  /** The options as the test wrote them (validated). */
  readonly options: ExploreOptions;
  readonly opts: ResolvedOptions;
  /** The matcher picked the strategy (the test and the environment left it open). */
  readonly strategyChosen: boolean;
  readonly site: TestSite;
  readonly store: FailureStore | null;
  /**
   * Where a new failure is saved: the project's store, or under `jest --ci` (Jest writes
   * no snapshots) a copy in GOSCHED_ARTIFACTS_DIR, or nowhere.
   */
  readonly saveTo: FailureStore | null;
  readonly hint: () => string;
  /** When the test the matcher runs in times out, if Jest says. */
  readonly deadline: TestDeadline | undefined;
  /** False for a failure that does not end the search. */
  readonly keep?: (failure: ExecutionFailure) => boolean;
}

/** One exploration made for a matcher call. */
export interface Run extends Call {
  readonly result: ExploreResult;
  readonly source: FailureSource;
}

export function hintFor(ctx: MatcherContext, spec: MatcherSpec, options: unknown): string {
  const hasOptions = options !== undefined;
  const expected = spec.argument === "" ? (hasOptions ? "options" : "") : spec.argument;
  return ctx.utils.matcherHint(spec.name, "program", expected, {
    isNot: ctx.isNot,
    promise: ctx.promise,
    secondArgument: spec.argument !== "" && hasOptions ? "options" : undefined,
  });
}

/** Check the call, resolve its options, replay its saved failures, then explore. */
export async function exploreFor(
  ctx: MatcherContext,
  spec: MatcherSpec,
  program: unknown,
  options: unknown,
  invariant?: (outcome: unknown) => boolean | void,
  keep?: (failure: ExecutionFailure) => boolean,
): Promise<Run> {
  const call = { ...check(ctx, spec, program, options, invariant), keep };
  if (call.opts.replay === undefined) {
    const saved = await replaySaved(call);
    if (saved !== null) return { ...call, result: saved, source: { kind: "saved", file: shown(call.store!.file) } };
  }
  return exploreWith(call, call.opts);
}

/** Explore again for the same call with another strategy (saved failures were tried already), within `timeBudgetMs`. */
export function exploreAgain(call: Call, strategy: StrategyName, timeBudgetMs = call.opts.timeBudgetMs): Promise<Run> {
  return exploreWith(call, { ...call.opts, strategy, timeBudgetMs });
}

async function exploreWith(call: Call, opts: ResolvedOptions): Promise<Run> {
  const name = call.site.key.slice(0, call.site.key.lastIndexOf(" › "));
  const progress = new Progress(`${call.spec.name} in "${name}"`, process.stderr);
  let result: ExploreResult;
  try {
    const stop = call.deadline?.over;
    result = await exploreResolved(call.program, opts, { progress: (n, ms) => progress.update(n, ms), stop, keep: call.keep });
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    if (/^Expected `invariant`/.test(error.message)) return refuseAsync(call, error.message);
    return misuse(call.ctx, call.hint(), `${call.ctx.utils.EXPECTED_COLOR("replay")} is not a replay token`, error.message);
  }
  progress.finish(result);
  if (result.stoppedBy === "test") {
    misuse(
      call.ctx,
      call.hint(),
      "the exploration was stopped because its test reached its timeout",
      `Explored ${result.schedules} schedules in ${Math.round(result.elapsedMs)} ms. Raise the test's timeout (or Jest's --testTimeout), or lower \`timeBudgetMs\` or GOSCHED_TIME_BUDGET_MS.`,
    );
  }
  const source: FailureSource =
    opts.replay !== undefined ? { kind: "replayed" } : { kind: "explored", budget: opts.schedules, shard: opts.shard };
  return { ...call, opts, result, source };
}

/** A predicate (or invariant) that answered with a promise: it judged nothing, so the call is refused. */
export function refuseAsync(call: Pick<Call, "ctx" | "spec" | "hint">, detail: string): never {
  const name = call.spec.argument === "predicate" ? "predicate" : "invariant";
  const text = detail.replace("`invariant`", `\`${name}\``);
  return misuse(call.ctx, call.hint(), `${call.ctx.utils.EXPECTED_COLOR(name)} must return true or false synchronously`, text);
}

/**
 * Replay the failures saved for this call, newest first. The first that still fails is
 * the result; one that no longer fits the program (it changed) is dropped; one that
 * passes stays, as a regression test.
 */
async function replaySaved(call: Call): Promise<ExploreResult | null> {
  const { store, site } = call;
  if (store === null) return null;
  for (const saved of store.get(site.key)) {
    let r: ExploreResult | null = null;
    try {
      r = await exploreResolved(call.program, { ...call.opts, replay: saved.replay });
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
    }
    if (r === null || r.failure?.kind === "divergence") {
      if (call.saveTo === store) tryTo(() => store.drop(site.key, saved.replay));
      continue;
    }
    if (r.failure !== undefined) return r;
  }
  return null;
}

/** A path as the user's terminal shows it: relative to the working directory. */
export function shown(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

export function tryTo<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

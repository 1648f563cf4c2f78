import * as path from "path";
import type { MatcherContext } from "expect";
import { exploreResolved, prepare, type ExploreResult } from "../explore/explore";
import { checkFit } from "../explore/option-fit";
import { validateOptions, type ExploreOptions, type ResolvedOptions } from "../explore/options";
import type { CheckKind, ExecutionFailure, FailureKind } from "../runtime/failure";
import type { StrategyName } from "../scheduler/strategy";
import type { FailureSource } from "../report/format-failure";
import { jestSeed, jestShard, testSite, type TestSite } from "./context";
import { misuse } from "./matcher-error";
import { Progress } from "./progress";
import { remainingMs, testDeadline, type TestDeadline } from "./test-deadline";
import { placeFor, underCi } from "./artifacts";
import { FailureStore, savingEnabled, storePathFor } from "./saved-failures";

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

function check(
  ctx: MatcherContext,
  spec: MatcherSpec,
  program: unknown,
  options: unknown,
  invariant: ((outcome: unknown) => boolean | void) | undefined,
): Call {
  const hint = (): string => hintFor(ctx, spec, options);
  if (isThenable(program)) notAPromise(ctx, hint(), program);
  if (typeof program !== "function") {
    misuse(
      ctx,
      hint(),
      `${ctx.utils.RECEIVED_COLOR("received")} value must be a program (an async function)`,
      ctx.utils.printWithType("Received", program, ctx.utils.printReceived),
    );
  }
  const user = checkOptions(ctx, spec, options, hint);
  const deadline = testDeadline();
  let opts = resolve(ctx, spec, program, user, invariant, hint, defaultBudget(deadline));
  const strategyChosen = spec.preferExhaustive && user.strategy === undefined && !process.env.GOSCHED_STRATEGY;
  if (opts.replay === undefined) {
    if (strategyChosen) opts = { ...opts, strategy: EXHAUSTIVE_DEFAULT };
    fit(ctx, user, opts, hint);
  }
  // Every outcome must be seen by the shard that judges them: a shard that explored only
  // its share could fail for an outcome another shard saw. So toHaveOutcomes ignores shards.
  if (spec.name === "toHaveOutcomes") opts = { ...opts, shard: { index: 1, of: 1 } };
  const site = testSite(ctx, `${ctx.isNot ? "not." : ""}${spec.name}`);
  const store = site.testPath !== undefined && savingEnabled() ? new FailureStore(storePathFor(site.testPath)) : null;
  const saveTo = store === null ? null : savingInto(ctx, store);
  return { ctx, spec, program: program as () => unknown, options: user, opts, strategyChosen, site, store, saveTo, hint, deadline };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/**
 * `expect(prog())`: the program already ran, outside any execution. Its rejection (a
 * gosched object made outside a program) is handled here, so it cannot crash the run.
 */
function notAPromise(ctx: MatcherContext, hint: string, received: PromiseLike<unknown>): never {
  Promise.resolve(received).then(undefined, () => undefined);
  return misuse(
    ctx,
    hint,
    `${ctx.utils.RECEIVED_COLOR("received")} value must be a program (an async function), not a promise: did you mean \`expect(prog)\`?`,
    "expect() received the promise of a program that was called outside gosched; pass the function itself.",
  );
}

function checkOptions(ctx: MatcherContext, spec: MatcherSpec, options: unknown, hint: () => string): ExploreOptions {
  let user: ExploreOptions;
  try {
    user = validateOptions(options);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return misuse(ctx, hint(), `${ctx.utils.EXPECTED_COLOR("options")} must be valid options of explore()`, text);
  }
  if (user.invariant !== undefined && !spec.acceptsInvariant) {
    misuse(ctx, hint(), `${ctx.utils.EXPECTED_COLOR("options")} must not have an \`invariant\`: ${spec.name} judges the outcomes itself`);
  }
  const checks = user.checks ?? spec.defaultChecks;
  if (!spec.needsOneOf.some((k) => checks.includes(k))) {
    misuse(
      ctx,
      hint(),
      `${ctx.utils.EXPECTED_COLOR("checks")} must include ${spec.needsOneOf.map((k) => `"${k}"`).join(" or ")} for ${spec.name}`,
      `Received checks: ${ctx.utils.printReceived(user.checks)}`,
    );
  }
  return user;
}

/** Defaults, GOSCHED_* variables, Jest's seed and shard (src/explore/options.ts resolves them). */
function resolve(
  ctx: MatcherContext,
  spec: MatcherSpec,
  program: unknown,
  user: ExploreOptions,
  invariant: ((outcome: unknown) => boolean | void) | undefined,
  hint: () => string,
  timeBudgetMs: number,
): ResolvedOptions {
  const merged: ExploreOptions = {
    timeBudgetMs,
    ...user,
    checks: user.checks ?? spec.defaultChecks,
    invariant: invariant ?? user.invariant,
  };
  try {
    return prepare(program, merged, jestSeed(), jestShard());
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const what = error.message.includes("GOSCHED_") ? "the GOSCHED_* environment variables are not valid" : "the options are not valid";
    return misuse(ctx, hint(), what, error.message);
  }
}

/** Under `--ci` new failures go to GOSCHED_ARTIFACTS_DIR (mirroring the project's folders), or nowhere. */
function savingInto(ctx: MatcherContext, store: FailureStore): FailureStore | null {
  const file = tryTo(() => placeFor(store.file, underCi(ctx)));
  return file === undefined ? null : file === store.file ? store : new FailureStore(file);
}

/** Options set for another strategy: an error when the test named the strategy, else a warning. */
function fit(ctx: MatcherContext, user: ExploreOptions, opts: ResolvedOptions, hint: () => string): void {
  const source = user.strategy !== undefined ? "option" : process.env.GOSCHED_STRATEGY ? "environment" : "default";
  try {
    checkFit(user, opts.strategy, source);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    misuse(ctx, hint(), `${ctx.utils.EXPECTED_COLOR("options")} must fit the strategy`, error.message);
  }
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

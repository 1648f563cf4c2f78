import type { MatcherContext } from "expect";
import { prepare } from "../explore/explore";
import { checkFit } from "../explore/option-fit";
import { validateOptions, type ExploreOptions, type ResolvedOptions } from "../explore/options";
import type { StrategyName } from "../scheduler/strategy";
import { placeFor, underCi } from "./artifacts";
import { jestSeed, jestShard, testSite } from "./context";
import { misuse } from "./matcher-error";
import { defaultBudget, EXHAUSTIVE_DEFAULT, hintFor, tryTo, type Call, type MatcherSpec } from "./run-matcher";
import { FailureStore, savingEnabled, storePathFor } from "./saved-failures";
import { testDeadline } from "./test-deadline";

/**
 * Checking a matcher call before anything runs: the received program, the options (in
 * the matcher's terms), their fit to the strategy, Jest's seed and shard, and where a
 * new failure is saved. Every refusal is a matcher error that says what to do.
 */

export function check(
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


import type { ExecutionFailure } from "../runtime/failure";
import type { ExploreResult, Failure } from "../report/explored";
import { makeStrategy } from "../scheduler/make";
import { realNow, nextTurn } from "../runtime/real-clock";
import { serialise } from "./lock";
import { checkFit } from "./option-fit";
import { resolveOptions, validateOptions, type ExploreOptions, type ResolvedOptions } from "./options";
import { whyIncomplete } from "./incomplete";
import { OutcomeSet } from "./outcome-set";
import { AwaitWatch, type HiddenAwait } from "../runtime/hidden-awaits";
import { explain } from "./explain";
import { replayOnce } from "./replay-once";
import { failureOf, runOne } from "./run-one";

export type { ExploreResult, Failure } from "../report/explored";

/** @internal Hooks for the Jest face: progress and tokens to try first. */
export interface ExploreHooks {
  progress?(schedules: number, elapsedMs: number): void;
  /** Replay tokens to run before exploring (saved failures); the first that fails wins. */
  firstTry?: readonly string[];
  /** Asked between executions (when the exploration yields): true stops it (its test is over). */
  stop?(): boolean;
  /** False for a failure that does not end the search (toPanic: a panic with another message). */
  keep?(failure: ExecutionFailure): boolean;
}

const YIELD_EVERY_MS = 50;

/**
 * Run `program` under many schedules until a failure, the schedule budget, the time
 * budget or, for systematic strategies, the end of the space. Only one exploration runs
 * at a time in a process; a second waits its turn.
 */
export async function explore<T>(program: () => Promise<T> | T, options?: ExploreOptions): Promise<ExploreResult<T>> {
  // async: a malformed option rejects the returned promise rather than throwing.
  const resolved = prepare(program, options);
  if (resolved.replay === undefined) {
    const user = options ?? {};
    checkFit(user, resolved.strategy, user.strategy !== undefined ? "option" : process.env.GOSCHED_STRATEGY ? "environment" : "default");
  }
  return exploreResolved(program, resolved);
}

/** @internal Validation shared with the matchers. */
export function prepare(program: unknown, options: unknown, fallbackSeed?: string, shard?: string): ResolvedOptions {
  if (typeof program !== "function") {
    throw new TypeError(`Expected \`program\` to be an async function, got \`${String(program)}\` (${typeof program})`);
  }
  return resolveOptions(validateOptions(options), process.env, fallbackSeed, shard);
}

/** @internal */
export function exploreResolved<T>(
  program: () => Promise<T> | T,
  opts: ResolvedOptions,
  hooks: ExploreHooks = {},
): Promise<ExploreResult<T>> {
  return serialise(() =>
    opts.replay !== undefined ? replayOnce(program, opts, opts.replay) : run(program, opts, hooks),
  ) as Promise<ExploreResult<T>>;
}

async function run(program: () => unknown, opts: ResolvedOptions, hooks: ExploreHooks): Promise<ExploreResult> {
  const start = realNow();
  for (const token of hooks.firstTry ?? []) {
    const r = await replayOnce(program, opts, token);
    if (r.failure !== undefined && r.failure.kind !== "divergence") return r;
  }
  const strategy = makeStrategy(opts);
  const outcomes = new OutcomeSet();
  let steps = 0;
  let accesses = 0;
  let n = 0;
  let lastYield = start;
  let failure: Failure | undefined;
  let stoppedBy: ExploreResult["stoppedBy"] = "schedules";
  // Only a search that can prove something pays for the watch, and only until it finds one.
  const systematic = opts.strategy === "dfs" || opts.strategy === "dpor";
  let watch: AwaitWatch | undefined = systematic ? new AwaitWatch() : undefined;
  let hidden: HiddenAwait | null = null;
  try {
    while (n < opts.schedules) {
      const index = opts.shard.index - 1 + n * opts.shard.of;
      if (!strategy.begin(index)) {
        stoppedBy = "end";
        break;
      }
      const res = await runOne(program, strategy, opts, false, watch);
      if (watch?.found != null) {
        hidden = watch.found;
        watch.stop();
        watch = undefined;
      }
      strategy.end(res);
      n++;
      steps += res.steps;
      accesses += res.accesses;
      const found = failureOf(res, opts);
      if (found !== null && (hooks.keep === undefined || hooks.keep(found))) {
        failure = await explain({ program, opts, execution: n, strategy: strategy.name }, res, found, opts.schedules - n);
        stoppedBy = "failure";
        break;
      }
      if (found === null && res.returned) outcomes.add(res.outcome);
      const now = realNow();
      if (now - start >= opts.timeBudgetMs && n < opts.schedules) {
        stoppedBy = "time";
        break;
      }
      if (now - lastYield >= YIELD_EVERY_MS) {
        hooks.progress?.(n, now - start);
        await nextTurn();
        if (hooks.stop?.() === true) {
          stoppedBy = "test";
          break;
        }
        lastYield = realNow();
      }
    }
  } finally {
    watch?.stop();
  }
  if (stoppedBy === "schedules" && strategy.complete) stoppedBy = "end";
  const incomplete = whyIncomplete({
    failed: failure !== undefined,
    hidden,
    ranOut: stoppedBy === "end",
    strategyComplete: strategy.complete,
    systematic,
    schedules: n,
    budget: opts.schedules,
    timeBudgetMs: opts.timeBudgetMs,
    preemptionBound: opts.preemptionBound,
  });
  return {
    schedules: n,
    steps,
    accesses,
    complete: incomplete === null,
    incomplete,
    bound: strategy.bound,
    outcomes: outcomes.values,
    failure,
    seed: opts.seed,
    strategy: strategy.name,
    elapsedMs: realNow() - start,
    stoppedBy,
  };
}


import { format as prettyFormat } from "pretty-format";
import type { TraceRecorder } from "../runtime/capture";
import { Execution, type ExecutionResult, type TraceStep } from "../runtime/execution";
import type { ExecutionFailure, FailureDetail, FailureKind } from "../runtime/failure";
import { ReplayStrategy } from "../scheduler/replay";
import { makeStrategy } from "../scheduler/make";
import type { Chooser } from "../runtime/chooser";
import { captureReplay } from "./capture-run";
import { realNow, nextTurn } from "../runtime/real-clock";
import { serialise } from "./lock";
import { checkFit } from "./option-fit";
import { asyncJudge, resolveOptions, validateOptions, type ExploreOptions, type ResolvedOptions } from "./options";
import { decodeToken, encodeToken } from "./token";
import { failureIdentity, minimize, type Size } from "./minimize";
import { whyIncomplete, type Incomplete } from "./incomplete";
import { OutcomeSet } from "./outcome-set";
import { AwaitWatch, type HiddenAwait } from "../runtime/hidden-awaits";
import { NOT_REPEATABLE, UNREPEATABLE } from "../runtime/divergence";

/** A failure found by {@link explore}, with everything needed to reproduce it. */
export interface Failure {
  readonly kind: FailureKind;
  readonly message: string;
  /** Paste into `{ replay: "…" }` or GOSCHED_REPLAY to run exactly this execution again. */
  readonly replay: string;
  readonly seed: string;
  readonly strategy: string;
  /** Which execution of the exploration found it (1-based). */
  readonly execution: number;
  /**
   * The steps of the failing execution that its report shows, in order, with user-code
   * locations: all of them up to 30 steps; beyond that the last 30, the last 26 of each
   * goroutine the failure involves (at most 6), the race's two accesses and the last 20
   * annotated steps, so at most 208 however long the execution (`replay` stays exact).
   */
  readonly trace: readonly TraceStep[];
  readonly detail: FailureDetail;
  readonly goroutines: readonly { id: number; name: string; createdAt: string | null }[];
  /** Set when the schedule was minimised: its size as found and as reported. */
  readonly minimised?: { readonly from: Size; readonly to: Size; readonly replays: number };
}

/** What {@link explore} found. It never throws for a failure of the program. */
export interface ExploreResult<T = unknown> {
  /** Executions run. */
  readonly schedules: number;
  /** Scheduling steps, summed over every execution. */
  readonly steps: number;
  /**
   * Accesses of Shared and SharedMap cells, and atomics and channels made, summed over
   * every execution: 0 means the race detector saw nothing to judge (plain variables are
   * invisible to it).
   */
  readonly accesses: number;
  /**
   * True only when a systematic strategy (dfs, dpor) covered every schedule, with no
   * goroutine awaiting a promise that gosched did not settle: then the result is a proof.
   */
  readonly complete: boolean;
  /** Null when complete; else why the result is not a proof (see {@link Incomplete}). */
  readonly incomplete: Incomplete | null;
  /** The bound that limited the space (`preemptionBound 2`), or null. */
  readonly bound: string | null;
  /** The distinct values the main goroutine returned. */
  readonly outcomes: T[];
  readonly failure?: Failure;
  readonly seed: string;
  readonly strategy: string;
  readonly elapsedMs: number;
  /**
   * What ended the exploration: a failure, the end of the space, the schedule budget,
   * the time budget, or the end of the Jest test that started it (it timed out).
   */
  readonly stoppedBy: "failure" | "end" | "schedules" | "time" | "test";
}

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

function runOne(
  program: () => unknown,
  chooser: Chooser,
  opts: ResolvedOptions,
  capture: TraceRecorder | false,
  watch?: AwaitWatch,
): Promise<ExecutionResult> {
  const exec = new Execution({
    chooser,
    maxSteps: opts.maxSteps,
    checks: opts.checks,
    capture,
    memoryModel: opts.memoryModel,
    watch,
  });
  return exec.run(program);
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
      const found = res.failure ?? checkInvariant(res, opts);
      if (found !== null && (hooks.keep === undefined || hooks.keep(found))) {
        failure = await explain(program, opts, res, found, n, strategy.name, opts.schedules - n);
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

function checkInvariant(res: ExecutionResult, opts: ResolvedOptions): ExecutionFailure | null {
  if (opts.invariant === undefined || !res.returned) return null;
  let ok: boolean | void;
  let why = "";
  try {
    ok = opts.invariant(res.outcome);
  } catch (error) {
    ok = false;
    why = `: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (isThenable(ok)) {
    ok.then(undefined, () => {});
    throw asyncJudge("invariant", "a promise");
  }
  if (ok !== false) return null;
  return {
    kind: "invariant",
    message: `the invariant does not hold for outcome ${prettyFormat(res.outcome, { min: true })}${why}`,
    step: res.steps,
    detail: { kind: "invariant", outcome: res.outcome },
  };
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as { then?: unknown }).then === "function";
}

/**
 * Turn a failing execution into a {@link Failure}: encode its schedule, then replay it
 * once with capture on for the trace and the user-code locations. If the replay does
 * not fail the same way, the program is not deterministic, and that is the failure.
 */
async function explain(
  program: () => unknown,
  opts: ResolvedOptions,
  res: ExecutionResult,
  found: ExecutionFailure,
  execution: number,
  strategy: string,
  schedulesLeft: number,
): Promise<Failure> {
  const replay = encodeToken({ memoryModel: opts.memoryModel, steps: res.steps, hash: res.hash, decisions: res.decisions });
  const failed = (r: ExecutionResult): ExecutionFailure | null => r.failure ?? checkInvariant(r, opts);
  const capture = (decisions: readonly number[], hash: number, f: ExecutionFailure): Promise<ExecutionResult> =>
    captureReplay(
      (rec) => runOne(program, new ReplayStrategy(decisions as number[]), opts, rec),
      f,
      (r) => failed(r)?.message === f.message && r.hash === hash,
    );
  const again = await capture(res.decisions, res.hash, found);
  const againFound = failed(again);
  const same = againFound !== null && againFound.message === found.message && again.hash === res.hash;
  if (!same) return build(nondeterminism(found, againFound), again, replay, opts.seed, strategy, execution);
  const budget = Math.min(opts.minimize, schedulesLeft);
  const small = await shrink(program, opts, res, located(againFound, again), budget, capture);
  if (small === null) return build(againFound, again, replay, opts.seed, strategy, execution);
  const token = encodeToken({ memoryModel: opts.memoryModel, ...small.res });
  return { ...build(small.failure, small.captured, token, opts.seed, strategy, execution), minimised: small.minimised };
}

type Capture = (decisions: readonly number[], hash: number, f: ExecutionFailure) => Promise<ExecutionResult>;

/**
 * Minimise a failing schedule within `budget` replays (see minimize.ts), then replay the
 * result with capture on and keep it only if the failure sits at the same source
 * locations (`identity`, from the captured original).
 */
async function shrink(program: () => unknown, opts: ResolvedOptions, res: ExecutionResult, identity: string | null, budget: number, capture: Capture) {
  const m = await minimize(async (chooser) => {
    const r = await runOne(program, chooser, opts, false);
    return { res: r, failure: r.failure ?? checkInvariant(r, opts) };
  }, res.decisions, budget - 2);
  if (m === null) return null;
  const smallFound = m.res.failure ?? checkInvariant(m.res, opts);
  if (smallFound === null) return null;
  const captured = await capture(m.res.decisions, m.res.hash, smallFound);
  const failure = captured.failure ?? checkInvariant(captured, opts);
  if (failure === null || located(failure, captured) !== identity) return null;
  return { res: m.res, failure, captured, minimised: { from: m.from, to: m.to, replays: m.replays + 2 } };
}

function located(f: ExecutionFailure, captured: ExecutionResult): string | null {
  return failureIdentity(f, (step) => captured.trace?.find((t) => t.step === step)?.location ?? "");
}

function nondeterminism(first: ExecutionFailure, second: ExecutionFailure | null): ExecutionFailure {
  return {
    kind: "divergence",
    message:
      `the program is not deterministic: replaying the failing schedule gave ` +
      `${second === null ? "no failure" : `"${second.message}"`} instead of "${first.message}". ` +
      NOT_REPEATABLE,
    step: first.step,
    detail: { kind: "divergence" },
  };
}

function build(
  f: ExecutionFailure,
  captured: ExecutionResult,
  replay: string,
  seed: string,
  strategy: string,
  execution: number,
): Failure {
  const trace = captured.trace ?? [];
  const detail = f.detail;
  if (detail.kind === "race") {
    for (const a of [detail.previous, detail.current]) {
      a.location = trace.find((s) => s.step === a.step)?.location ?? undefined;
      a.createdAt = captured.goroutines[a.goroutine.id - 1]?.createdAt ?? undefined;
    }
  }
  return { kind: f.kind, message: f.message, replay, seed, strategy, execution, trace, detail, goroutines: captured.goroutines };
}

/** Run one execution from a token, with capture on; a token that does not fit is a divergence. */
async function replayOnce(program: () => unknown, opts: ResolvedOptions, token: string): Promise<ExploreResult> {
  const start = realNow();
  const t = decodeToken(token);
  const strategy = new ReplayStrategy(t.decisions);
  const o = { ...opts, memoryModel: t.memoryModel };
  const res = await runOne(program, strategy, o, false);
  let f = res.failure ?? checkInvariant(res, opts);
  if (f?.kind !== "divergence" && (res.steps !== t.steps || res.hash !== t.hash || !strategy.exhausted)) {
    f = {
      kind: "divergence",
      message:
        `the program took another path than the replay token: the token recorded ${t.steps} steps, and the program ` +
        (res.steps === t.steps
          ? `took as many, but a different goroutine or operation at some step`
          : `${res.steps < t.steps ? "ended after" : "took"} ${res.steps}`) +
        `. ${UNREPEATABLE}`,
      step: res.steps,
      detail: { kind: "divergence" },
    };
  }
  // Only a failure needs its trace: replay again with capture on (two passes, see captureReplay).
  const again = (rec: TraceRecorder): Promise<ExecutionResult> => runOne(program, new ReplayStrategy(t.decisions), o, rec);
  const explained = async (found: ExecutionFailure): Promise<Failure> => {
    const c = await captureReplay(again, found, (r) => r.hash === res.hash && r.steps === res.steps);
    const cf = c.failure ?? checkInvariant(c, opts);
    const same = cf !== null && cf.message === found.message && c.hash === res.hash;
    // The captured run's failure carries the locations (a deadlock's rows); a divergence keeps its own.
    return build(same ? cf : found, c, token.trim(), opts.seed, "replay", 1);
  };
  const outcomes = new OutcomeSet();
  if (f === null && res.returned) outcomes.add(res.outcome);
  return {
    schedules: 1,
    steps: res.steps,
    accesses: res.accesses,
    complete: false,
    incomplete: { reason: "replay" },
    bound: null,
    outcomes: outcomes.values,
    failure: f === null ? undefined : await explained(f),
    seed: opts.seed,
    strategy: "replay",
    elapsedMs: realNow() - start,
    stoppedBy: f === null ? "end" : "failure",
  };
}

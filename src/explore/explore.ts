import { format as prettyFormat } from "pretty-format";
import { activeExecution } from "../runtime/active";
import { Execution, type ExecutionResult, type TraceStep } from "../runtime/execution";
import type { ExecutionFailure, FailureDetail, FailureKind } from "../runtime/failure";
import { ReplayStrategy } from "../scheduler/replay";
import { makeStrategy } from "../scheduler/make";
import type { Strategy } from "../scheduler/strategy";
import { serialise } from "./lock";
import { resolveOptions, validateOptions, type ExploreOptions, type ResolvedOptions } from "./options";
import { decodeToken, encodeToken } from "./token";

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
  /** Every step of the failing execution, with user-code locations. */
  readonly trace: readonly TraceStep[];
  readonly detail: FailureDetail;
  readonly goroutines: readonly { id: number; name: string; createdAt: string | null }[];
}

/** What {@link explore} found. It never throws for a failure of the program. */
export interface ExploreResult<T = unknown> {
  /** Executions run. */
  readonly schedules: number;
  /** Scheduling steps, summed over every execution. */
  readonly steps: number;
  /** True only when a systematic strategy covered every schedule (within `bound`). */
  readonly complete: boolean;
  readonly bound: string | null;
  /** The distinct values the main goroutine returned. */
  readonly outcomes: T[];
  readonly failure?: Failure;
  readonly seed: string;
  readonly strategy: string;
  readonly elapsedMs: number;
}

/** @internal Hooks for the Jest face: progress and tokens to try first. */
export interface ExploreHooks {
  progress?(schedules: number, elapsedMs: number): void;
  /** Replay tokens to run before exploring (saved failures); the first that fails wins. */
  firstTry?: readonly string[];
  /** False for a failure that does not end the search (toPanic: a panic with another message). */
  keep?(failure: ExecutionFailure): boolean;
}

const YIELD_EVERY_MS = 50;

/**
 * Run `program` under many schedules until a failure, the schedule budget, the time
 * budget or, for systematic strategies, the end of the space. Only one exploration runs
 * at a time in a process; a second waits its turn.
 */
export function explore<T>(program: () => Promise<T> | T, options?: ExploreOptions): Promise<ExploreResult<T>> {
  const resolved = prepare(program, options);
  return exploreResolved(program, resolved);
}

/** @internal Validation shared with the matchers. */
export function prepare(program: unknown, options: unknown, fallbackSeed?: string, shard?: string): ResolvedOptions {
  if (typeof program !== "function") {
    throw new TypeError(`Expected \`program\` to be an async function, got \`${String(program)}\` (${typeof program})`);
  }
  const active = activeExecution();
  if (active !== null && !active.finished) {
    throw new Error("explore() was called inside a program: explorations cannot nest");
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

function runOne(program: () => unknown, chooser: Strategy, opts: ResolvedOptions, capture: boolean): Promise<ExecutionResult> {
  const exec = new Execution({
    chooser,
    maxSteps: opts.maxSteps,
    checks: opts.checks,
    capture,
    memoryModel: opts.memoryModel,
  });
  return exec.run(program);
}

async function run(program: () => unknown, opts: ResolvedOptions, hooks: ExploreHooks): Promise<ExploreResult> {
  const start = performance.now();
  for (const token of hooks.firstTry ?? []) {
    const r = await replayOnce(program, opts, token);
    if (r.failure !== undefined && r.failure.kind !== "divergence") return r;
  }
  const strategy = makeStrategy(opts);
  const outcomes = new OutcomeSet();
  let steps = 0;
  let n = 0;
  let lastYield = start;
  let failure: Failure | undefined;
  while (n < opts.schedules) {
    const index = opts.shard.index - 1 + n * opts.shard.of;
    if (!strategy.begin(index)) break;
    const res = await runOne(program, strategy, opts, false);
    strategy.end(res);
    n++;
    steps += res.steps;
    const found = res.failure ?? checkInvariant(res, opts);
    if (found !== null && (hooks.keep === undefined || hooks.keep(found))) {
      failure = await explain(program, opts, res, found, n, strategy.name);
      break;
    }
    if (found === null && res.returned) outcomes.add(res.outcome);
    const now = performance.now();
    if (now - start >= opts.timeBudgetMs) break;
    if (now - lastYield >= YIELD_EVERY_MS) {
      hooks.progress?.(n, now - start);
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
  }
  return {
    schedules: n,
    steps,
    complete: failure === undefined && strategy.complete,
    bound: strategy.bound,
    outcomes: outcomes.values,
    failure,
    seed: opts.seed,
    strategy: strategy.name,
    elapsedMs: performance.now() - start,
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
  if (ok !== false) return null;
  return {
    kind: "invariant",
    message: `the invariant does not hold for outcome ${prettyFormat(res.outcome, { min: true })}${why}`,
    step: res.steps,
    detail: { kind: "invariant", outcome: res.outcome },
  };
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
): Promise<Failure> {
  const replay = encodeToken({ memoryModel: opts.memoryModel, steps: res.steps, hash: res.hash, decisions: res.decisions });
  const again = await runOne(program, new ReplayStrategy(res.decisions), opts, true);
  const againFound = again.failure ?? checkInvariant(again, opts);
  const same = againFound !== null && againFound.message === found.message && again.hash === res.hash;
  const f: ExecutionFailure = same ? againFound : nondeterminism(found, againFound);
  return build(f, again, replay, opts.seed, strategy, execution);
}

function nondeterminism(first: ExecutionFailure, second: ExecutionFailure | null): ExecutionFailure {
  return {
    kind: "divergence",
    message:
      `the program is not deterministic: replaying the failing schedule gave ` +
      `${second === null ? "no failure" : `"${second.message}"`} instead of "${first.message}". ` +
      `Does it use Math.random, Date.now, or state that outlives one execution?`,
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
      a.location = trace[a.step - 1]?.location ?? undefined;
      a.createdAt = captured.goroutines[a.goroutine.id - 1]?.createdAt ?? undefined;
    }
  }
  return { kind: f.kind, message: f.message, replay, seed, strategy, execution, trace, detail, goroutines: captured.goroutines };
}

/** Run one execution from a token, with capture on; a token that does not fit is a divergence. */
async function replayOnce(program: () => unknown, opts: ResolvedOptions, token: string): Promise<ExploreResult> {
  const start = performance.now();
  const t = decodeToken(token);
  const strategy = new ReplayStrategy(t.decisions);
  const res = await runOne(program, strategy, { ...opts, memoryModel: t.memoryModel }, true);
  let f = res.failure ?? checkInvariant(res, opts);
  if (f?.kind !== "divergence" && (res.steps !== t.steps || res.hash !== t.hash || !strategy.exhausted)) {
    f = {
      kind: "divergence",
      message:
        `the replay token does not fit this program: it recorded ${t.steps} steps and the replay ` +
        `took ${res.steps}${res.steps === t.steps ? " with different operations" : ""}. ` +
        `Did the program or its options change since the token was printed?`,
      step: res.steps,
      detail: { kind: "divergence" },
    };
  }
  const outcomes = new OutcomeSet();
  if (f === null && res.returned) outcomes.add(res.outcome);
  return {
    schedules: 1,
    steps: res.steps,
    complete: false,
    bound: null,
    outcomes: outcomes.values,
    failure: f === null ? undefined : build(f, res, token.trim(), opts.seed, "replay", 1),
    seed: opts.seed,
    strategy: "replay",
    elapsedMs: performance.now() - start,
  };
}

/** Distinct outcomes, compared by their pretty-format rendering (so objects compare by value). */
class OutcomeSet {
  private readonly keys = new Set<string>();
  readonly values: unknown[] = [];

  add(v: unknown): void {
    const key = v === null || typeof v !== "object" ? `${typeof v}:${String(v)}` : prettyFormat(v, { min: true });
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.values.push(v);
  }
}

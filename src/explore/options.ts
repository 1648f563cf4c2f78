import { CHECK_KINDS, type CheckKind } from "../runtime/failure";
import type { MemoryModel } from "../runtime/execution";
import { freshSeed } from "../scheduler/rng";
import { STRATEGY_NAMES, type StrategyName } from "../scheduler/strategy";

/** Environment variables, as `process.env` holds them (typed without @types/node, for the published types). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** What `explore()` and every matcher accept. All optional. */
export interface ExploreOptions {
  /** How schedules are chosen. Default `"random"`. */
  strategy?: StrategyName;
  /** Seeds the random strategies; printed with every result. */
  seed?: string | number;
  /** The most executions to run. Default 1000. */
  schedules?: number;
  /** Stop starting new executions after this many milliseconds. Default 10 000. */
  timeBudgetMs?: number;
  /** An execution longer than this many steps fails as a possible livelock. Default 100 000. */
  maxSteps?: number;
  /** For `dfs`: the most preemptions per schedule (iterative context bounding). */
  preemptionBound?: number;
  /** For `pct`: the bug depth d (d - 1 priority change points). Default 3. */
  pctDepth?: number;
  /** Replay exactly this schedule (a token printed by gosched). */
  replay?: string;
  /** Which failures count. Default all four. */
  checks?: readonly CheckKind[];
  /** `"sc"` (default): reads see the latest write. `"go"`: racy reads may see older writes. */
  memoryModel?: MemoryModel;
  /** A property of the outcome; false or a thrown error fails the execution as `invariant`. */
  invariant?: (outcome: unknown) => boolean | void;
  /**
   * Minimise a failing schedule before reporting it (fewest preemptions, then fewest
   * steps), within this many replays (`true`: 200); `false` reports it as found.
   */
  minimize?: boolean | number;
}

/** Options with defaults and environment applied. */
export interface ResolvedOptions {
  readonly strategy: StrategyName;
  readonly seed: string;
  readonly schedules: number;
  readonly timeBudgetMs: number;
  readonly maxSteps: number;
  readonly preemptionBound: number | undefined;
  readonly pctDepth: number;
  readonly replay: string | undefined;
  readonly checks: ReadonlySet<CheckKind>;
  readonly memoryModel: MemoryModel;
  readonly invariant: ((outcome: unknown) => boolean | void) | undefined;
  /** Replays allowed to minimise a failure; 0 when off. */
  readonly minimize: number;
  /** This process explores execution indices shard-1, shard-1+of, … */
  readonly shard: { readonly index: number; readonly of: number };
}

export const DEFAULTS = {
  strategy: "random" as StrategyName,
  schedules: 1000,
  timeBudgetMs: 10_000,
  maxSteps: 100_000,
  pctDepth: 3,
  minimize: 200,
};

const KNOWN = new Set([
  "strategy", "seed", "schedules", "timeBudgetMs", "maxSteps", "preemptionBound",
  "pctDepth", "replay", "checks", "memoryModel", "invariant", "minimize",
]);

function describe(v: unknown): string {
  let text: string;
  try {
    text = typeof v === "string" ? v : Array.isArray(v) ? `[${v.map(String).join(", ")}]` : String(v);
  } catch {
    text = Object.prototype.toString.call(v);
  }
  return `\`${text}\` (${Array.isArray(v) ? "array" : v === null ? "null" : typeof v})`;
}

function expected(name: string, what: string, v: unknown): TypeError {
  return new TypeError(`Expected \`${name}\` to be ${what}, got ${describe(v)}`);
}

function int(name: string, v: unknown, min: number): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min) throw expected(name, `an integer from ${min} and up`, v);
  return v;
}

function oneOf<T extends string>(name: string, v: unknown, values: readonly T[]): T {
  if (typeof v !== "string" || !values.includes(v as T)) {
    throw expected(name, `one of ${values.map((x) => `"${x}"`).join(", ")}`, v);
  }
  return v as T;
}

/** True for an `async` function (or async generator): its result is a promise, never a verdict. */
export function isAsyncFunction(fn: unknown): boolean {
  const kind = typeof fn === "function" ? fn.constructor?.name : undefined;
  return kind === "AsyncFunction" || kind === "AsyncGeneratorFunction";
}

/**
 * An invariant or predicate that answers with a promise: a promise is "not false", so it
 * would pass every outcome unjudged. It is refused, not awaited: an outcome is judged
 * synchronously when its execution ends, before the next one starts.
 */
export function asyncJudge(name: string, got = "an async function"): TypeError {
  return new TypeError(
    `Expected \`${name}\` to return true or false synchronously, got ${got}: ` +
      "a promise is never false, so it would judge nothing. Compute the verdict without `await`.",
  );
}

/** Check every option; a malformed one is a TypeError naming it, its value and what it takes. */
export function validateOptions(options: unknown): ExploreOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw expected("options", "an object", options);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN.has(key)) {
      throw new TypeError(`Unknown option \`${key}\`: the options are ${[...KNOWN].map((k) => `\`${k}\``).join(", ")}`);
    }
  }
  if (o.strategy !== undefined) oneOf("strategy", o.strategy, STRATEGY_NAMES);
  if (o.seed !== undefined && typeof o.seed !== "string" && !(typeof o.seed === "number" && Number.isFinite(o.seed))) {
    throw expected("seed", "a string or a finite number", o.seed);
  }
  if (o.schedules !== undefined) int("schedules", o.schedules, 1);
  if (o.timeBudgetMs !== undefined && !(typeof o.timeBudgetMs === "number" && o.timeBudgetMs > 0)) {
    throw expected("timeBudgetMs", "a number above 0", o.timeBudgetMs);
  }
  if (o.maxSteps !== undefined) int("maxSteps", o.maxSteps, 1);
  if (o.preemptionBound !== undefined) int("preemptionBound", o.preemptionBound, 0);
  if (o.pctDepth !== undefined) int("pctDepth", o.pctDepth, 1);
  if (o.replay !== undefined && (typeof o.replay !== "string" || o.replay.trim() === "")) {
    throw expected("replay", "a replay token string", o.replay);
  }
  if (o.checks !== undefined) {
    if (!Array.isArray(o.checks)) throw expected("checks", `an array of ${CHECK_KINDS.map((k) => `"${k}"`).join(", ")}`, o.checks);
    o.checks.forEach((c, i) => oneOf(`checks[${i}]`, c, CHECK_KINDS));
  }
  if (o.memoryModel !== undefined) oneOf("memoryModel", o.memoryModel, ["sc", "go"] as const);
  if (o.invariant !== undefined && typeof o.invariant !== "function") throw expected("invariant", "a function", o.invariant);
  if (o.minimize !== undefined && typeof o.minimize !== "boolean" && !(Number.isSafeInteger(o.minimize) && (o.minimize as number) >= 1)) {
    throw expected("minimize", "a boolean or an integer from 1 and up (replays)", o.minimize);
  }
  if (isAsyncFunction(o.invariant)) throw asyncJudge("invariant");
  return o as ExploreOptions;
}

/** Read a positive integer from the environment, with a clear error when malformed. */
function envInt(env: Environment, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new TypeError(`Expected environment variable ${name} to be a whole number from 1 and up, got \`${raw}\``);
  }
  return n;
}

/** A token records its memory model; an explicit `memoryModel` that contradicts it is an error. */
function checkReplayModel(replay: string, memoryModel: MemoryModel): void {
  const m = /^gs1\.([sg])\./.exec(replay.trim());
  const recorded: MemoryModel | undefined = m === null ? undefined : m[1] === "g" ? "go" : "sc";
  if (recorded === undefined || recorded === memoryModel) return;
  throw new TypeError(
    `The replay token was recorded with memoryModel "${recorded}", but the options say "${memoryModel}": ` +
      `a replay runs under the token's model. Remove \`memoryModel\` (or use a token recorded under "${memoryModel}").`,
  );
}

/** `GOSCHED_SHARD=i/n`, or a shard the caller learnt from Jest's `--shard`. */
export function parseShard(raw: string | undefined, source = "GOSCHED_SHARD"): { index: number; of: number } {
  if (raw === undefined || raw === "") return { index: 1, of: 1 };
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = m ? Number(m[1]) : NaN;
  const of = m ? Number(m[2]) : NaN;
  if (!(index >= 1 && Number.isSafeInteger(of) && index <= of)) {
    throw new TypeError(`Expected ${source} to look like \`2/4\` (shard 2 of 4), got \`${raw}\``);
  }
  return { index, of };
}

/**
 * Apply the environment and the defaults: the budget variables raise
 * every exploration's budget, even one a test sets; the seed and strategy variables fill
 * in only what a test leaves unset. Seed order: option, GOSCHED_SEED, `fallbackSeed`
 * (the matcher passes Jest's), then a fresh one.
 */
export function resolveOptions(
  options: ExploreOptions,
  env: Environment = process.env,
  fallbackSeed?: string,
  shardFallback?: string,
): ResolvedOptions {
  const envStrategy = env.GOSCHED_STRATEGY ? oneOf("GOSCHED_STRATEGY", env.GOSCHED_STRATEGY, STRATEGY_NAMES) : undefined;
  const envSchedules = envInt(env, "GOSCHED_SCHEDULES");
  const envBudget = envInt(env, "GOSCHED_TIME_BUDGET_MS");
  const schedules = Math.max(options.schedules ?? DEFAULTS.schedules, envSchedules ?? 0);
  const timeBudgetMs = Math.max(options.timeBudgetMs ?? DEFAULTS.timeBudgetMs, envBudget ?? 0);
  const replay = options.replay ?? (env.GOSCHED_REPLAY || undefined);
  // A replay draws nothing at random: it gets no fresh seed that would look like its own.
  const seed = options.seed ?? (env.GOSCHED_SEED || undefined) ?? fallbackSeed ?? (replay === undefined ? freshSeed() : "none");
  if (replay !== undefined && options.memoryModel !== undefined) checkReplayModel(replay, options.memoryModel);
  return {
    strategy: options.strategy ?? envStrategy ?? DEFAULTS.strategy,
    seed: String(seed),
    schedules,
    timeBudgetMs,
    maxSteps: options.maxSteps ?? DEFAULTS.maxSteps,
    preemptionBound: options.preemptionBound,
    pctDepth: options.pctDepth ?? DEFAULTS.pctDepth,
    replay,
    checks: new Set(options.checks ?? CHECK_KINDS),
    memoryModel: options.memoryModel ?? "sc",
    invariant: options.invariant,
    minimize: options.minimize === false ? 0 : options.minimize === true || options.minimize === undefined ? DEFAULTS.minimize : options.minimize,
    shard: parseShard(env.GOSCHED_SHARD || shardFallback, env.GOSCHED_SHARD ? "GOSCHED_SHARD" : "--shard"),
  };
}

/**
 * The matchers' types, shared by gosched/jest and gosched/vitest, which merge them into
 * their runner's `expect`. Nothing here needs @types/node, Jest's or Vitest's types.
 */
import type { ExploreOptions } from "./explore/options";

/** What a program returns, for typing `toHaveOutcomes` and `toAlwaysSatisfy`. */
export type OutcomeOf<P> = P extends (...args: never[]) => infer R ? Awaited<R> : unknown;

/** The options of every matcher: those of `explore()`. */
export type MatcherOptions = ExploreOptions;

/** What `expect()` must receive: the program, a function. */
type ProgramLike = (...args: never[]) => unknown;

/**
 * What a matcher is when `expect()` received something other than a program, such as
 * the promise of `expect(prog())`: not callable, and the error names the fix.
 */
export interface NotAProgram {
  readonly "expect() must receive the program itself, a function: did you mean expect(prog), not expect(prog())?": never;
}

/** `M` when `T` is a program (or `any`), else {@link NotAProgram}. */
export type ForProgram<T, M> = 0 extends 1 & T ? M : [T] extends [ProgramLike] ? M : NotAProgram;

/** The parameters `A` when `T` is a program (or `any`), else one that names the fix. */
export type ProgramArgs<T, A extends unknown[]> = 0 extends 1 & T
  ? A
  : [T] extends [ProgramLike]
    ? A
    : [mistake: "expect() must receive the program itself, a function: did you mean expect(prog), not expect(prog())?"];

/**
 * The same matchers as methods, as Vitest's `Matchers` requires: a call on `expect()` of
 * something other than a program does not type-check, and the parameter names the fix.
 */
export interface GoschedMatcherMethods<R, T> {
  /** No execution of the program has a data race. `.not`: some execution has one. */
  toBeRaceFree(...args: ProgramArgs<T, [options?: ExploreOptions]>): Promise<R>;
  /** No execution deadlocks or leaks a goroutine. `.not`: some execution does. */
  toBeDeadlockFree(...args: ProgramArgs<T, [options?: ExploreOptions]>): Promise<R>;
  /** The set of outcomes equals `expected` (see {@link GoschedMatchers.toHaveOutcomes}). */
  toHaveOutcomes(...args: ProgramArgs<T, [expected: readonly OutcomeOf<T>[], options?: ExploreOptions]>): Promise<R>;
  /** The predicate holds (returns anything but false, and does not throw) for every outcome. */
  toAlwaysSatisfy(...args: ProgramArgs<T, [predicate: (outcome: OutcomeOf<T>) => boolean | void, options?: ExploreOptions]>): Promise<R>;
  /** Some execution panics, with a message that contains `message` or matches it when one is given. */
  toPanic(...args: ProgramArgs<T, [message?: string | RegExp, options?: ExploreOptions]>): Promise<R>;
}

/**
 * The matchers gosched adds to `expect`, typed by the program `T` they receive; `R` is
 * what a matcher of that `expect` returns, wrapped in a promise to await.
 */
export interface GoschedMatchers<R, T> {
  /** No execution of the program has a data race. `.not`: some execution has one. */
  toBeRaceFree: ForProgram<T, (options?: ExploreOptions) => Promise<R>>;
  /** No execution deadlocks or leaks a goroutine. `.not`: some execution does. */
  toBeDeadlockFree: ForProgram<T, (options?: ExploreOptions) => Promise<R>>;
  /**
   * The set of outcomes (what the program returns) equals `expected`, compared with
   * the runner's equality. Proven by an exhaustive search (dpor) unless a sampling
   * strategy is named; an exhaustive search that cannot finish within its budget gives
   * no verdict and fails in both polarities, saying how to widen it.
   */
  toHaveOutcomes: ForProgram<T, (expected: readonly OutcomeOf<T>[], options?: ExploreOptions) => Promise<R>>;
  /** The predicate holds (returns anything but false, and does not throw) for every outcome. */
  toAlwaysSatisfy: ForProgram<T, (predicate: (outcome: OutcomeOf<T>) => boolean | void, options?: ExploreOptions) => Promise<R>>;
  /**
   * Some execution panics (Go's fatal errors count), with a message that contains
   * `message` or matches it when one is given. `.not`: no execution does.
   */
  toPanic: ForProgram<T, (message?: string | RegExp, options?: ExploreOptions) => Promise<R>>;
}

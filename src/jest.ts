/**
 * gosched/jest: the Jest face of gosched (DESIGN.md §5).
 *
 *   import "gosched/jest";                       // in a test file, or
 *   setupFilesAfterEnv: ["gosched/jest"]         // in jest.config
 *   globalSetup: "gosched/jest"                  // optional: follow `jest --shard` in workers
 *
 * Importing it registers the async matchers with `expect.extend`; their types join
 * Jest's `Matchers` interfaces by declaration merging (the global `jest.Matchers` and
 * the `expect` module's, which `@jest/globals` uses), so that
 * `await expect(program).toBeRaceFree()` type-checks in a strict project either way.
 */
import type { ExploreOptions } from "./explore/options";
import { globalSetup, type ShardedGlobalConfig } from "./jest/global-setup";
import { matchers } from "./jest/matchers";

/** What a program returns, for typing `toHaveOutcomes` and `toAlwaysSatisfy`. */
export type OutcomeOf<P> = P extends (...args: never[]) => infer R ? Awaited<R> : unknown;

/** The options of every matcher: those of `explore()`. */
export type MatcherOptions = ExploreOptions;

/**
 * The matchers gosched adds to `expect`, typed by the program `T` they receive; `R` is
 * what a matcher of that `expect` returns, wrapped in a promise to await.
 */
export interface GoschedMatchers<R, T> {
  /** No execution of the program has a data race. `.not`: some execution has one. */
  toBeRaceFree(options?: ExploreOptions): Promise<R>;
  /** No execution deadlocks or leaks a goroutine. `.not`: some execution does. */
  toBeDeadlockFree(options?: ExploreOptions): Promise<R>;
  /**
   * The set of outcomes (what the program returns) equals `expected`, compared with
   * Jest's equality. Proven by an exhaustive search (dpor) unless a sampling strategy is
   * named; an exhaustive search that cannot finish within its budget gives no verdict and
   * fails in both polarities, saying how to widen it.
   */
  toHaveOutcomes(expected: readonly OutcomeOf<T>[], options?: ExploreOptions): Promise<R>;
  /** The predicate holds (returns anything but false, and does not throw) for every outcome. */
  toAlwaysSatisfy(predicate: (outcome: OutcomeOf<T>) => boolean | void, options?: ExploreOptions): Promise<R>;
}

// The global `expect` (typed by @types/jest) reads `jest.Matchers`; the `expect` of
// `import { expect } from "@jest/globals"` reads the `expect` module's `Matchers`.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> extends GoschedMatchers<R, T> {}
  }
}

declare module "expect" {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
  interface Matchers<R extends void | Promise<void>, T = unknown> extends GoschedMatchers<R, T> {}
}

interface Extendable {
  extend(matchers: Record<string, unknown>): void;
}

/** The `expect` of the running test file: the global, or `@jest/globals`' under `injectGlobals: false`. */
function findExpect(): Extendable | undefined {
  const global = (globalThis as { expect?: Extendable }).expect;
  if (global !== undefined && typeof global.extend === "function") return global;
  try {
    return (require("@jest/globals") as { expect?: Extendable }).expect;
  } catch {
    return undefined;
  }
}

// Loaded as a globalSetup module, in Jest's own process, there is no `expect`: only the
// default export below is used there.
findExpect()?.extend(matchers);

export type { ShardedGlobalConfig };
export { globalSetup };
/** `globalSetup: "gosched/jest"` in a Jest config calls this. */
export default globalSetup;

/**
 * gosched/jest: the Jest face of gosched (DESIGN.md §5).
 *
 *   import "gosched/jest";                       // in a test file, or
 *   setupFilesAfterEnv: ["gosched/jest"]         // in jest.config
 *   globalSetup: "gosched/jest"                  // optional: follow `jest --shard` in workers
 *
 * Importing it registers the async matchers with `expect.extend`; their types join
 * Jest's `Matchers` interface by declaration merging, so that
 * `await expect(program).toBeRaceFree()` type-checks in a strict project.
 */
import type { ExploreOptions } from "./explore/options";
import { globalSetup, type ShardedGlobalConfig } from "./jest/global-setup";
import { matchers } from "./jest/matchers";

/** What a program returns, for typing `toHaveOutcomes` and `toAlwaysSatisfy`. */
export type OutcomeOf<P> = P extends (...args: never[]) => infer R ? Awaited<R> : unknown;

/** The options of every matcher: those of `explore()`. */
export type MatcherOptions = ExploreOptions;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> {
      /** No execution of the program has a data race. `.not`: some execution has one. */
      toBeRaceFree(options?: ExploreOptions): Promise<R>;
      /** No execution deadlocks or leaks a goroutine. `.not`: some execution does. */
      toBeDeadlockFree(options?: ExploreOptions): Promise<R>;
      /**
       * The set of outcomes (what the program returns) equals `expected`, compared with
       * Jest's equality; exhaustive where a systematic strategy is available, and the
       * message says when the set was only sampled.
       */
      toHaveOutcomes(expected: readonly OutcomeOf<T>[], options?: ExploreOptions): Promise<R>;
      /** The predicate holds (returns anything but false, and does not throw) for every outcome. */
      toAlwaysSatisfy(predicate: (outcome: OutcomeOf<T>) => boolean | void, options?: ExploreOptions): Promise<R>;
    }
  }
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

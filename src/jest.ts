/**
 * gosched/jest: the Jest face of gosched.
 *
 *   import "gosched/jest";                       // in a test file, or
 *   setupFilesAfterEnv: ["gosched/jest"]         // in jest.config
 *   globalSetup: "gosched/jest"                  // optional: follow `jest --shard` in workers
 *
 * Importing it registers the async matchers with `expect.extend`; their types join
 * Jest's `Matchers` interfaces by declaration merging (the global `jest.Matchers` and
 * the `expect` module's, which `@jest/globals` uses), so that
 * `await expect(program).toBeRaceFree()` type-checks in a strict project either way.
 * A project that registers it in `setupFilesAfterEnv` names it in tsconfig's `types`
 * (`["jest", "gosched/jest"]`); `typesVersions` in package.json finds it under node10.
 */
import type { GoschedMatchers } from "./matcher-types";
import { globalSetup, type ShardedGlobalConfig } from "./jest/global-setup";
import { matchers } from "./jest/matchers";

export type { GoschedMatchers, MatcherOptions, NotAProgram, OutcomeOf } from "./matcher-types";

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

/** Under Vitest this module would register nothing that Vitest's types know of: say which one to import. */
function refuseVitest(): void {
  if ((globalThis as Record<symbol, unknown>)[Symbol.for("expect-global")] === undefined) return;
  throw new Error('gosched/jest is for Jest; under Vitest, import "gosched/vitest" (or list it in `setupFiles`).');
}

// Loaded as a globalSetup module, in Jest's own process, there is no `expect`: only the
// default export below is used there.
refuseVitest();
findExpect()?.extend(matchers);

export type { ShardedGlobalConfig };
export { globalSetup };
/** `globalSetup: "gosched/jest"` in a Jest config calls this. */
export default globalSetup;

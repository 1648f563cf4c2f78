/// <reference types="vitest" preserve="true" />
/**
 * gosched/vitest: the same matchers as gosched/jest, for Vitest.
 *
 *   import "gosched/vitest";                     // in a test file, or
 *   setupFiles: ["gosched/vitest"]               // in vitest.config (test: { … })
 *   globalSetup: ["gosched/vitest"]              // optional: follow `vitest --shard`
 *
 * Importing it registers the matchers with Vitest's `expect.extend` (the global expect
 * Vitest keeps under `Symbol.for("expect-global")`, shared by every test's `expect`);
 * their types join Vitest's `Matchers` interface by declaration merging. The seed comes
 * from Vitest's `sequence.seed`, failures are saved in `__gosched__/` as under Jest.
 */
import type { MatcherContext } from "expect";
import { SHARD_ENV } from "./jest/context";
import { matchers } from "./jest/matchers";
import type { GoschedMatcherMethods } from "./matcher-types";

export type { GoschedMatcherMethods, MatcherOptions, OutcomeOf } from "./matcher-types";

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends GoschedMatcherMethods<void, T> {}
}

type Matcher = (this: MatcherContext, received: unknown, ...args: unknown[]) => unknown;

interface Extendable {
  extend(matchers: Record<string, Matcher>): void;
}

/**
 * Vitest's matcher utils lack two of Jest's that the matchers use; these give the
 * same text (jest-matcher-utils' `matcherErrorMessage` and `getLabelPrinter`).
 */
function jestUtils(utils: MatcherContext["utils"]): MatcherContext["utils"] {
  const matcherErrorMessage = (hint: string, generic: string, specific?: string): string =>
    `${hint}\n\n${utils.BOLD_WEIGHT("Matcher error")}: ${generic}${typeof specific === "string" ? `\n\n${specific}` : ""}`;
  const getLabelPrinter = (...labels: string[]): ((label: string) => string) => {
    const width = Math.max(...labels.map((l) => l.length));
    return (label) => `${label}: ${" ".repeat(width - label.length)}`;
  };
  const own = utils as Partial<MatcherContext["utils"]>;
  return { ...utils, matcherErrorMessage: own.matcherErrorMessage ?? matcherErrorMessage, getLabelPrinter: own.getLabelPrinter ?? getLabelPrinter };
}

/** A matcher that sees Vitest's matcher state with the missing utils filled in. */
function adapt(matcher: Matcher): Matcher {
  return function (this: MatcherContext, received, ...args) {
    const ctx = Object.create(this, { utils: { value: jestUtils(this.utils) } }) as MatcherContext;
    return matcher.call(ctx, received, ...args);
  };
}

/** Vitest's global expect, when this module runs inside a Vitest worker. */
function vitestExpect(): Extendable | undefined {
  const e = (globalThis as Record<symbol, unknown>)[Symbol.for("expect-global")] as Extendable | undefined;
  return e !== undefined && typeof e.extend === "function" ? e : undefined;
}

const adapted: Record<string, Matcher> = {};
for (const [name, m] of Object.entries(matchers)) adapted[name] = adapt(m as Matcher);
// Loaded as a globalSetup module, in Vitest's own process, there is no expect.
vitestExpect()?.extend(adapted);

/** The part of Vitest's test project that gosched reads. */
export interface ShardedProject {
  readonly config?: { readonly shard?: { readonly index: number; readonly count: number } | null };
}

/**
 * Vitest `globalSetup`: pass `vitest --shard i/n` on to the workers, which never see
 * Vitest's command line, through the environment they inherit. GOSCHED_SHARD still wins.
 */
export function setup(project?: ShardedProject): void {
  const shard = project?.config?.shard;
  if (shard === undefined || shard === null) {
    delete process.env[SHARD_ENV];
    return;
  }
  process.env[SHARD_ENV] = `${shard.index}/${shard.count}`;
}

/** `globalSetup: ["gosched/vitest"]` in a Vitest config calls this. */
export default setup;

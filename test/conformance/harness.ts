import { explore } from "../../src";

/**
 * One conformance suite, two modes: each scenario runs live (directly, on Node's event
 * loop, its objects made outside any execution) and explored (inside `explore`, with a
 * fixed seed, where every schedule must give the same outcome). The two implementations
 * of a primitive cannot drift while both pass.
 */
export const MODES = ["live", "explored"] as const;

// Explorations are bounded by schedules, not time; a loaded machine must not cut them.
jest.setTimeout(120_000);
export type Mode = (typeof MODES)[number];

/** The scenario's outcome in `mode`; explored, every schedule must agree on it and none may fail. */
export async function run<T>(mode: Mode, scenario: () => Promise<T>): Promise<T> {
  if (mode === "live") return scenario();
  const r = await explore(scenario, { seed: "conformance", schedules: 40, timeBudgetMs: 600000 });
  if (r.failure !== undefined) throw new Error(`${r.failure.kind}: ${r.failure.message}`);
  if (r.outcomes.length !== 1) throw new Error(`schedules disagree: ${JSON.stringify(r.outcomes)}`);
  return r.outcomes[0]!;
}

/** What a rejected operation says, as a value (Go's `recover()`), or "no panic". */
export async function recovered(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
    return "no panic";
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

import { explore, go, Shared, type ExploreOptions } from "../../src";
import type { MemoryModel } from "../../src/runtime/execution";
import type { StrategyName } from "../../src/scheduler/strategy";
import { generate, program, type Family } from "../differential/generate";

/**
 * The property every failure promises: its replay token, under every strategy and both
 * memory models, replays to the same failure with the same schedule. Checked over the
 * generated programs of test/differential and many seeds.
 */
const STRATEGIES: readonly StrategyName[] = ["random", "pct", "pos", "dfs", "dpor"];
const MODELS: readonly MemoryModel[] = ["sc", "go"];
const FAMILIES: readonly Family[] = ["plain", "channels", "timers"];

/** A racy read after a write: under "go" it may see the stale initial value. */
const staleRead = async (): Promise<number> => {
  const x = new Shared(0, "x");
  go(async () => x.write(1), "writer");
  return x.read();
};

async function replaysTheSame(p: () => Promise<unknown>, options: ExploreOptions): Promise<boolean> {
  const found = await explore(p, { schedules: 60, timeBudgetMs: 600_000, ...options });
  const f = found.failure;
  if (f === undefined) return false;
  const again = await explore(p, { ...options, replay: f.replay });
  expect({ kind: again.failure?.kind, message: again.failure?.message }).toEqual({ kind: f.kind, message: f.message });
  expect(again.failure?.trace.map((s) => `${s.goroutine} ${s.op}`)).toEqual(f.trace.map((s) => `${s.goroutine} ${s.op}`));
  return true;
}

test.each(MODELS)("a stale-read race found under memoryModel %s replays from its token, under each of 40 seeds", async (memoryModel) => {
  for (let seed = 0; seed < 40; seed++) {
    expect(await replaysTheSame(staleRead, { seed, memoryModel, strategy: "random" })).toBe(true);
  }
});

test.each(STRATEGIES)("every failure %s finds in the generated programs replays from its token, under both memory models", async (strategy) => {
  let failures = 0;
  for (const family of FAMILIES) {
    for (let i = 0; i < 12; i++) {
      const p = program(generate("replay-property", i, family));
      for (const memoryModel of MODELS) {
        if (await replaysTheSame(p, { seed: `${family}/${i}`, memoryModel, strategy, maxSteps: 2000 })) failures++;
      }
    }
  }
  expect(failures).toBeGreaterThan(20);
}, 300_000);

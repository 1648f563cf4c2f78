/**
 * CI fuzzing without editing tests: GOSCHED_* variables and Jest's own seed, seen through
 * real Jest in a subprocess on test/fixtures/env.spec.ts. Each test there fails `.not`
 * on a race-free program so that its message prints what the exploration resolved.
 */
import * as fs from "fs";
import { fixtureDir, runJest } from "./run-fixtures";

jest.setTimeout(120_000);

let dir: string;
beforeAll(() => {
  dir = fixtureDir("environment", ["env.spec.ts"]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const FIRST = "reports the seed, the budget, the strategy and the shard";
const EXPLICIT = "an explicit seed wins";

test("GOSCHED_SEED, GOSCHED_SCHEDULES and GOSCHED_SHARD apply to every matcher; an explicit seed still wins", async () => {
  const run = await runJest(dir, ["--seed=77"], { GOSCHED_SEED: "from-env", GOSCHED_SCHEDULES: "7", GOSCHED_SHARD: "2/3" });
  expect(run.messages.get(FIRST)).toContain("Explored 7 of 7 schedules (shard 2/3) · strategy random · seed from-env");
  expect(run.messages.get(EXPLICIT)).toContain("Explored 7 of 7 schedules (shard 2/3) · strategy random · seed explicit");
});

test("without GOSCHED_SEED the seed is Jest's own, so `jest --seed` reproduces a run", async () => {
  const run = await runJest(dir, ["--seed=77"]);
  expect(run.messages.get(FIRST)).toContain("Explored 5 of 5 schedules · strategy random · seed 77");
  expect(run.messages.get(EXPLICIT)).toContain("seed explicit");
});

test("a malformed variable is a matcher error that names it", async () => {
  const run = await runJest(dir, [], { GOSCHED_STRATEGY: "bogus" });
  expect(run.code).toBe(1);
  expect(run.messages.get(FIRST)).toBe(
    "expect(program).not.toBeRaceFree(options)\n\n" +
      "Matcher error: the GOSCHED_* environment variables are not valid\n\n" +
      'Expected `GOSCHED_STRATEGY` to be one of "random", "pct", "pos", "dfs", "dpor", got `bogus` (string)',
  );
});

import { explore } from "../../src";
import { parseShard, resolveOptions } from "../../src/explore/options";

const prog = async () => 1;

test.each([
  [{ strategy: "bfs" }, 'Expected `strategy` to be one of "random", "pct", "pos", "dfs", "dpor", got `bfs` (string)'],
  [{ schedules: 0 }, "Expected `schedules` to be an integer from 1 and up, got `0` (number)"],
  [{ schedules: "10" }, "Expected `schedules` to be an integer from 1 and up, got `10` (string)"],
  [{ timeBudgetMs: -5 }, "Expected `timeBudgetMs` to be a number above 0, got `-5` (number)"],
  [{ maxSteps: 1.5 }, "Expected `maxSteps` to be an integer from 1 and up, got `1.5` (number)"],
  [{ preemptionBound: -1 }, "Expected `preemptionBound` to be an integer from 0 and up, got `-1` (number)"],
  [{ pctDepth: 0 }, "Expected `pctDepth` to be an integer from 1 and up, got `0` (number)"],
  [{ seed: {} }, "Expected `seed` to be a string or a finite number, got `[object Object]` (object)"],
  [{ replay: "" }, "Expected `replay` to be a replay token string, got `` (string)"],
  [{ checks: "race" }, 'Expected `checks` to be an array of "race", "deadlock", "leak", "panic", got `race` (string)'],
  [{ checks: ["races"] }, 'Expected `checks[0]` to be one of "race", "deadlock", "leak", "panic", got `races` (string)'],
  [{ memoryModel: "tso" }, 'Expected `memoryModel` to be one of "sc", "go", got `tso` (string)'],
  [{ schedule: 5 }, "Unknown option `schedule`: the options are `strategy`, `seed`, `schedules`"],
])("malformed option %p is a TypeError naming it", async (options, message) => {
  await expect(async () => explore(prog, options as never)).rejects.toThrow(TypeError);
  await expect(async () => explore(prog, options as never)).rejects.toThrow(message);
});

test("explore() rejects its promise for a malformed option, as promise-returning functions do, never throws", async () => {
  let returned: Promise<unknown> | undefined;
  expect(() => (returned = explore(prog, { schedules: 0 }))).not.toThrow();
  await expect(returned).rejects.toThrow("Expected `schedules` to be an integer from 1 and up, got `0` (number)");
  expect(() => (returned = explore(42 as never))).not.toThrow();
  await expect(returned).rejects.toThrow(TypeError);
  expect(() => (returned = explore(prog, { replay: "gs1.nonsense" }))).not.toThrow();
  await expect(returned).rejects.toThrow("Expected `replay` to be a replay token printed by gosched");
});

test("an invariant that answers with a promise is refused, not counted as a pass", async () => {
  const sync = "to return true or false synchronously";
  await expect(explore(prog, { invariant: (async () => false) as never })).rejects.toThrow(`Expected \`invariant\` ${sync}, got an async function`);
  await expect(explore(prog, { invariant: () => Promise.resolve(false) as never })).rejects.toThrow(`Expected \`invariant\` ${sync}, got a promise`);
});

test("a program that is not a function is a TypeError", async () => {
  await expect(async () => explore(42 as never)).rejects.toThrow("Expected `program` to be an async function, got `42` (number)");
});

test("budget variables raise every budget; seed and strategy variables only fill what is unset", () => {
  const env = { GOSCHED_SCHEDULES: "5000", GOSCHED_TIME_BUDGET_MS: "60000", GOSCHED_SEED: "env", GOSCHED_STRATEGY: "random" };
  const set = resolveOptions({ schedules: 10, timeBudgetMs: 100_000, seed: "mine" }, env);
  expect(set).toMatchObject({ schedules: 5000, timeBudgetMs: 100_000, seed: "mine" });
  const unset = resolveOptions({}, env, "jest-seed");
  expect(unset).toMatchObject({ schedules: 5000, timeBudgetMs: 60_000, seed: "env", strategy: "random" });
  expect(resolveOptions({}, {}, "jest-seed").seed).toBe("jest-seed");
  expect(resolveOptions({}, {}).seed).toMatch(/^[0-9a-z]+$/);
});

test("malformed environment variables say which and what they take", () => {
  expect(() => resolveOptions({}, { GOSCHED_SCHEDULES: "lots" })).toThrow(
    "Expected environment variable GOSCHED_SCHEDULES to be a whole number from 1 and up, got `lots`",
  );
  expect(() => resolveOptions({}, { GOSCHED_STRATEGY: "bfs" })).toThrow("Expected `GOSCHED_STRATEGY` to be one of");
  expect(() => parseShard("3/2")).toThrow("Expected GOSCHED_SHARD to look like `2/4` (shard 2 of 4), got `3/2`");
  expect(parseShard("2/4")).toEqual({ index: 2, of: 4 });
});

test("shards explore disjoint execution indices that together cover the space", async () => {
  const seen = new Map<number, string>();
  for (const shard of ["1/3", "2/3", "3/3"]) {
    const opts = resolveOptions({ seed: "s", schedules: 4 }, { GOSCHED_SHARD: shard });
    for (let n = 0; n < opts.schedules; n++) {
      const index = opts.shard.index - 1 + n * opts.shard.of;
      expect(seen.has(index)).toBe(false);
      seen.set(index, shard);
    }
  }
  expect([...seen.keys()].sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
});

describe("options that cannot be honoured are reported, never silently ignored", () => {
  test.each(["0x10", "1e3", "1.0", " 5 0", "-0"])("GOSCHED_SCHEDULES=%p is a TypeError", (raw) => {
    expect(() => resolveOptions({}, { GOSCHED_SCHEDULES: raw })).toThrow(
      `Expected environment variable GOSCHED_SCHEDULES to be a whole number from 1 and up, got \`${raw}\``,
    );
  });

  test("a shard count beyond a safe integer is a TypeError", () => {
    expect(() => parseShard("1/100000000000000000000")).toThrow(TypeError);
  });

  test("a token's memory model contradicting an explicit memoryModel is a TypeError", async () => {
    const token = "gs1.g.1.0.r";
    await expect(async () => explore(prog, { replay: token, memoryModel: "sc" })).rejects.toThrow(
      'The replay token was recorded with memoryModel "go", but the options say "sc"',
    );
    await expect(explore(prog, { replay: "gs1.s.1.0.r", memoryModel: "sc" })).resolves.toBeDefined();
  });

  test("a replay result carries no fresh seed", async () => {
    const r = await explore(prog, { schedules: 1 });
    const replayed = await explore(prog, { replay: "gs1.s.1.0.r" });
    expect(r.seed).not.toBe("none");
    expect(replayed.seed).toBe("none");
  });

  test.each([
    [{ strategy: "random", preemptionBound: 2 }, '`preemptionBound` applies only to strategy "dfs", and this exploration uses "random"'],
    [{ strategy: "dfs", pctDepth: 2 }, '`pctDepth` applies only to strategy "pct", and this exploration uses "dfs"'],
  ])("an option for another strategy than the one the test named is a TypeError: %p", async (options, message) => {
    await expect(async () => explore(prog, options as never)).rejects.toThrow(message);
  });

  test("under GOSCHED_STRATEGY, an option set for another strategy is ignored with a warning", async () => {
    const warn = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    process.env.GOSCHED_STRATEGY = "random";
    try {
      const r = await explore(prog, { pctDepth: 7, schedules: 2 });
      expect(r.strategy).toBe("random");
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("(from GOSCHED_STRATEGY): `pctDepth` is ignored"), "GoschedWarning");
    } finally {
      delete process.env.GOSCHED_STRATEGY;
      warn.mockRestore();
    }
  });
});

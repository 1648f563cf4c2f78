/**
 * gosched inside real Jest suites: concurrent tests, tests that time out, fake timers.
 * Each case writes a spec into a temporary fixture folder and runs real Jest on it.
 */
import * as fs from "fs";
import * as path from "path";
import { fixtureDir, runJest, type JestRun } from "./run-fixtures";

jest.setTimeout(180_000);

const HEADER = `import "gosched/jest";\nimport { explore, go, Shared, WaitGroup, sleep } from "gosched";\nimport { lockedCounter, racyCounter } from "./programs";\n`;

/** Run `body` as the only spec of a fresh fixture folder; `env` adds GOSCHED_* variables. */
async function runSpec(name: string, body: string, env: Record<string, string> = {}, args: string[] = []): Promise<JestRun> {
  const dir = fixtureDir(`in-suites-${name}`, []);
  fs.writeFileSync(path.join(dir, `${name}.spec.ts`), HEADER + body);
  try {
    return await runJest(dir, args, env);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test("concurrent tests that each call a matcher take turns, and all pass", async () => {
  const run = await runSpec(
    "concurrent",
    [1, 2, 3, 4].map((i) => `test.concurrent("c${i}", async () => {\n  await expect(lockedCounter).toBeRaceFree({ schedules: 30 });\n  await expect(racyCounter).not.toBeRaceFree({ schedules: 30 });\n});\n`).join(""),
  );
  expect([...run.statuses.values()]).toEqual(["passed", "passed", "passed", "passed"]);
  expect(run.messages.size).toBe(0);
});

test("a test that times out stops its exploration, and the next test does not wait for it", async () => {
  const run = await runSpec(
    "timeout",
    `test("slow", async () => {\n  await expect(lockedCounter).toBeRaceFree({ schedules: 1e9, timeBudgetMs: 600000 });\n}, 1500);\n` +
      `test("next", async () => {\n  await expect(lockedCounter).toBeRaceFree({ schedules: 20 });\n}, 20000);\n`,
  );
  expect(run.statuses.get("slow")).toBe("failed");
  // Jest's timeout, or, when the exploration saw the deadline first, the matcher's own error.
  expect(run.messages.get("slow")).toMatch(/Exceeded timeout of 1500 ms|the exploration was stopped because its test reached its timeout/);
  expect(run.statuses.get("next")).toBe("passed");
});

test("a default time budget ends before the test's own timeout", async () => {
  const slow = `async () => {\n  const x = new Shared(0, "x");\n  let s = 0;\n  for (let i = 0; i < 2e6; i++) s += i;\n  await x.write(s);\n  return 1;\n}`;
  const run = await runSpec(
    "budget",
    `test("short timeout", async () => {\n  await expect(${slow}).toBeRaceFree({ schedules: 100000 });\n}, 1500);\n`,
    { GOSCHED_TIME_BUDGET_MS: "" },
  );
  expect(run.messages.get("short timeout")).toBeUndefined();
  expect(run.statuses.get("short timeout")).toBe("passed");
});

test("under jest.useFakeTimers() a foreign await is still reported, and the time budget still ends", async () => {
  const run = await runSpec(
    "fake-timers",
    `beforeEach(() => jest.useFakeTimers());\n` +
      `test("foreign", async () => {\n  const r = await explore(async () => { await new Promise((r) => setTimeout(r, 5)); }, { schedules: 3 });\n  expect(r.failure?.message).toMatch(/awaited something gosched does not control/);\n}, 20000);\n` +
      `test("budget", async () => {\n  const r = await explore(async () => { let s = 0; for (let i = 0; i < 1e5; i++) s += i; return s; }, { schedules: 1e9, timeBudgetMs: 300 });\n  expect(r.stoppedBy).toBe("time");\n  expect(r.elapsedMs).toBeGreaterThan(0);\n}, 20000);\n`,
    { GOSCHED_TIME_BUDGET_MS: "" },
  );
  expect(run.messages).toEqual(new Map());
  expect(run.statuses.get("foreign")).toBe("passed");
  expect(run.statuses.get("budget")).toBe("passed");
});

test("a result cut by the time budget says so", async () => {
  const run = await runSpec(
    "cut",
    `test("cut", async () => {\n  await expect(async () => { let s = 0; for (let i = 0; i < 1e5; i++) s += i; return s; }).not.toBeRaceFree({ strategy: "random", schedules: 1e9, timeBudgetMs: 200 });\n});\n`,
    { GOSCHED_TIME_BUDGET_MS: "" },
  );
  expect(run.messages.get("cut")).toMatch(/Stopped by the time budget of 200 ms/);
});

describe("under jest --ci, saved failures stay out of the project", () => {
  const spec = `test("race", async () => {\n  await expect(racyCounter).toBeRaceFree({ schedules: 500, seed: 1 });\n});\n`;

  test("nothing is written into the project", async () => {
    const dir = fixtureDir("in-suites-ci", []);
    fs.writeFileSync(path.join(dir, "ci.spec.ts"), HEADER + spec);
    const run = await runJest(dir, ["--ci"], { GOSCHED_ARTIFACTS_DIR: "" });
    expect(run.statuses.get("race")).toBe("failed");
    expect(fs.existsSync(path.join(dir, "__gosched__"))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("with GOSCHED_ARTIFACTS_DIR, they are written there for the CI job to upload", async () => {
    const dir = fixtureDir("in-suites-ci-artifacts", []);
    const artifacts = path.join(dir, "artifacts");
    fs.writeFileSync(path.join(dir, "ci.spec.ts"), HEADER + spec);
    const run = await runJest(dir, ["--ci"], { GOSCHED_ARTIFACTS_DIR: artifacts });
    expect(fs.existsSync(path.join(dir, "__gosched__"))).toBe(false);
    const saved = JSON.parse(fs.readFileSync(path.join(artifacts, "__gosched__/ci.spec.ts.json"), "utf8"));
    const [entry] = saved.failures["race › toBeRaceFree 1"];
    expect(run.messages.get("race")).toContain(entry.replay);
    expect(run.messages.get("race")).toContain(path.join("artifacts", "__gosched__", "ci.spec.ts.json"));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

test("under GOSCHED_SHARD, toHaveOutcomes explores the whole budget on every shard (it needs every outcome)", async () => {
  const run = await runSpec(
    "shard-outcomes",
    `test("outcomes", async () => {\n  await expect(lockedCounter).not.toHaveOutcomes([2], { strategy: "random", schedules: 10, seed: 1 });\n});\n` +
      `test("race", async () => {\n  await expect(lockedCounter).not.toBeRaceFree({ schedules: 10, seed: 1 });\n});\n`,
    { GOSCHED_SHARD: "2/2" },
  );
  expect(run.messages.get("outcomes")).toContain("Explored 10 of 10 schedules · strategy random");
  expect(run.messages.get("race")).toContain("Explored 10 of 10 schedules (shard 2/2)");
});

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { runBugFindingBenchmarks } from "../../bench/bugs/find-bugs";
import { runDporBenchmarks } from "../../bench/dpor/run-dpor";
import { EXTRAS, runExtra } from "../../bench/extras";
import { runScaleBenchmarks } from "../../bench/scale/run-scale";
import { hunt } from "../../bench/lost-update";
import { runSideBySide } from "../../bench/transform/side-by-side";

/**
 * Keeps `npm run bench` from rotting: the real CLI, at smoke sizes, must print every
 * figure on its last line. No timing is asserted, only that each figure is there with
 * the right type. GOSCHED_SCHEDULES is set to show that the bench ignores it (the memory
 * run would otherwise do 100 executions instead of 50 and stop).
 */

const ROOT = join(__dirname, "..", "..");
const NS_PER_STEP = [
  "floorNsPerStep", "pingPongNsPerStep", "pingPongNoRaceNsPerStep", "fourByFiftyNsPerStep",
  "fastcheckNsPerStep", "raceOnNsPerStep", "raceOffNsPerStep",
];
const CASES = ["floor", "pingPong", "pingPongNoRace", "fourByFifty", "fastcheck", "raceOn", "raceOff"];

const positive = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v) && v > 0;
const countOrNull = (v: unknown): boolean => v === null || positive(v);

function benchJson(): Record<string, unknown> {
  const run = spawnSync(
    process.execPath,
    ["--expose-gc", "-r", "ts-node/register/transpile-only", "bench/run.ts", "--smoke", "--json"],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, GOSCHED_SCHEDULES: "100" } },
  );
  if (run.status !== 0) throw new Error(`bench exited with ${run.status}:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
}

test("the bench in smoke mode prints every figure as JSON on its last line", () => {
  const r = benchJson();
  expect(r.mode).toBe("smoke");
  const counts = ["raceOverhead", "fastcheckOverFourByFifty", "memoryExecutions", "peakRssBytes", "rssBeforeBytes"];
  for (const key of [...NS_PER_STEP, ...counts]) {
    expect([key, positive(r[key])]).toEqual([key, true]);
  }
  expect(typeof r.heapBytesPerExecution).toBe("number");
  expect(Number.isFinite(r.heapBytesPerExecution)).toBe(true);
  expect(r.memoryExecutions).toBe(50);
  const vsFloor = r.vsFloor as Record<string, number>;
  expect(Object.keys(vsFloor).sort()).toEqual([...CASES].sort());
  expect(vsFloor.floor).toBe(1);
  expect(vsFloor.pingPong).toBeCloseTo((r.pingPongNsPerStep as number) / (r.floorNsPerStep as number), 6);
  const medians = r.lostUpdateSchedulesMedian as Record<string, unknown>;
  expect(Object.keys(medians).sort()).toEqual(["fastcheck", "pct", "pos", "random"]);
  for (const m of Object.values(medians)) expect(countOrNull(m)).toBe(true);
  expect(positive(medians.random)).toBe(true);
  expect(positive(medians.fastcheck)).toBe(true);
  expect(Object.values(r.goals as object).every((g) => typeof g === "boolean")).toBe(true);
  expect((r.machine as { node: string }).node).toBe(process.version);
  const live = ["livePingPongNsPerStep", "livePingPongVsFloor", "liveMutexOverAsyncMutex", "livePipelineNsPerItem",
    "asyncChannelPipelineNsPerItem", "livePipelineOverAsyncChannel"];
  for (const key of live) expect([key, positive(r[key])]).toEqual([key, true]);
  expect(Object.values(r.liveGoals as object).every((g) => typeof g === "boolean")).toBe(true);
  const transform = ["transformOverheadOutside", "controlledAwaitNsPerStep", "controlledAwaitVsFloor", "transformRounds"];
  for (const key of transform) expect([key, positive(r[key])]).toEqual([key, true]);
  const goals = r.goals as Record<string, unknown>;
  expect(typeof goals.transformOverheadOutsideAtMost1_2).toBe("boolean");
  expect(typeof goals.controlledAwaitAtMost3xFloor).toBe("boolean");
}, 60_000);

test("the side-by-side hunt runs every example under every tool, the same way twice", async () => {
  const first = await runSideBySide({ smoke: true });
  expect(first.rows.map((row) => `${row.example} ${row.tool}`)).toEqual(
    ["counter", "queue", "search"].flatMap((e) => ["gosched random", "gosched pct", "fast-check"].map((t) => `${e} ${t}`)),
  );
  expect(first.rows.every((row) => row.testLines > 0)).toBe(true);
  const queue = first.rows.filter((row) => row.example === "queue" && row.tool !== "fast-check");
  expect(queue.map((row) => row.found)).toEqual(["3/3", "3/3"]);
  expect(await runSideBySide({ smoke: true })).toEqual(first);
}, 120_000);

test("the lost-update hunt gives the same counts when run twice with the same seeds", async () => {
  const first = [await hunt("random", 4, 300), await hunt("fastcheck", 4, 300)];
  const second = [await hunt("random", 4, 300), await hunt("fastcheck", 4, 300)];
  expect(second).toEqual(first);
  expect(first[0]!.found).toBe(4);
});

test("the extra benchmarks are plain imports, and one that fails is reported in the results, not thrown", async () => {
  expect(EXTRAS).toEqual({ runDporBenchmarks, runBugFindingBenchmarks, runScaleBenchmarks, runSideBySide });
  const smoke = null as unknown as { smoke: boolean }; // reading `.smoke` of null throws inside the extra
  expect(await runExtra("runScaleBenchmarks", smoke)).toEqual({ error: expect.stringMatching(/smoke/) });
});

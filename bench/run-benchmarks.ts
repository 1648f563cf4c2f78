import { cpus, loadavg, platform, release } from "node:os";
import { explore, type ExploreOptions, type Program } from "../src";
import type { BenchConfig } from "./config";
import { runExtra } from "./extras";
import { fcSpinners } from "./fastcheck";
import { floorPingPong } from "./floor";
import { huntAll, type HuntResult, type Searcher } from "./lost-update";
import { median, roundRobin, type Workload } from "./measure";
import { measureMemory, measureMemoryIsolated } from "./memory";
import { fourByFifty, mutexCounter, pingPong } from "./programs";
import { runLiveBenchmarks, type LiveBench } from "./live";
import { runTransformBenchmarks } from "./transform";

/** Every figure of one bench run: what `--json` prints and RESULTS.md is made from. */
export interface BenchResults extends LiveBench {
  readonly mode: "full" | "smoke";
  /** The machine, and its 1-minute load average when the bench started and ended (other processes make noise). */
  readonly machine: {
    cpu: string;
    cores: number;
    os: string;
    node: string;
    date: string;
    loadAverage: number;
    loadAverageEnd: number;
  };
  /** Nanoseconds per scheduling step (median of the rounds). */
  readonly floorNsPerStep: number;
  readonly pingPongNsPerStep: number;
  readonly pingPongNoRaceNsPerStep: number;
  readonly fourByFiftyNsPerStep: number;
  readonly fastcheckNsPerStep: number;
  readonly raceOnNsPerStep: number;
  readonly raceOffNsPerStep: number;
  /** Each timing above divided by the floor measured in the same process. */
  readonly vsFloor: Record<TimedCase, number>;
  /** (max - min) / median of each timing's rounds: how noisy it was. */
  readonly spread: Record<TimedCase, number>;
  /** fast-check's ns per step divided by gosched's, on the 4x50 program. */
  readonly fastcheckOverFourByFifty: number;
  /** Steps per second without race detection divided by with it (8 goroutines, Mutex, Shared). */
  readonly raceOverhead: number;
  /** Plain async code instrumented by gosched/transform, run outside any execution, over the same code untransformed. */
  readonly transformOverheadOutside: number;
  /** Nanoseconds per controlled await (transformed code) inside an execution, and that over the floor. */
  readonly controlledAwaitNsPerStep: number;
  readonly controlledAwaitVsFloor: number;
  /** Rounds of the two figures above (their medians). */
  readonly transformRounds: number;
  readonly lostUpdateSchedulesMedian: Record<Searcher, number | null>;
  readonly lostUpdate: Record<Searcher, HuntResult>;
  readonly memoryExecutions: number;
  readonly heapBytesPerExecution: number;
  readonly allocatedBytesPerExecution: number | null;
  readonly allocatedBytesPerStep: number | null;
  readonly rssBeforeBytes: number;
  readonly peakRssBytes: number;
  readonly goals: {
    stepAtMost3xFloor: boolean;
    tenTimesFasterThanFastcheck: boolean;
    raceOverheadAtMost30Percent: boolean;
    transformOverheadOutsideAtMost1_2: boolean;
    controlledAwaitAtMost3xFloor: boolean;
  };
  readonly rounds: number;
  readonly dpor: unknown;
  readonly bugFinding: unknown;
  /** bench/scale: many goroutines and long failing executions, as ratios. */
  readonly scale: unknown;
  /** bench/transform/side-by-side.ts: fast-check's race-condition examples, gosched against fast-check. */
  readonly sideBySide: unknown;
}

export const TIMED_CASES = ["floor", "pingPong", "pingPongNoRace", "fourByFifty", "fastcheck", "raceOn", "raceOff"] as const;
export type TimedCase = (typeof TIMED_CASES)[number];

const RACE_OFF: ExploreOptions["checks"] = ["deadlock", "leak", "panic"];

/** Explore `program` for `schedules` executions and return the steps it took; any failure throws. */
function steps(program: Program, schedules: number, options: ExploreOptions = {}): Workload {
  return async () => {
    const opts: ExploreOptions = { strategy: "random", seed: "bench", schedules, timeBudgetMs: 1e9, maxSteps: 1e8 };
    const r = await explore(program, { ...opts, ...options });
    if (r.failure !== undefined) throw new Error(`a benchmark program failed: ${r.failure.message}`);
    return r.steps;
  };
}

function workloads(c: BenchConfig): Record<TimedCase, Workload> {
  const counter = mutexCounter(8, c.raceIterations);
  return {
    floor: () => floorPingPong(c.floorSteps),
    pingPong: steps(pingPong(c.pingPongRounds), c.pingPongExecutions),
    pingPongNoRace: steps(pingPong(c.pingPongRounds), c.pingPongExecutions, { checks: RACE_OFF }),
    fourByFifty: steps(fourByFifty, c.fourByFiftyExecutions),
    fastcheck: () => fcSpinners(4, 50, c.fastcheckRuns, 42),
    raceOn: steps(counter, c.raceExecutions),
    raceOff: steps(counter, c.raceExecutions, { checks: RACE_OFF }),
  };
}

function machine(): BenchResults["machine"] {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    os: `${platform()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
    loadAverage: load(),
    loadAverageEnd: NaN,
  };
}

const load = (): number => Math.round(loadavg()[0]! * 100) / 100;

function mapCases(f: (c: TimedCase) => number): Record<TimedCase, number> {
  return Object.fromEntries(TIMED_CASES.map((c) => [c, f(c)])) as Record<TimedCase, number>;
}

/** What the timed cases measured: median ns/step, spread, and ratio to the floor. */
export interface Timings {
  readonly ns: Record<TimedCase, number>;
  /** (max - min) / median over the rounds. */
  readonly spread: Record<TimedCase, number>;
  /**
   * Median over rounds of (case / floor in the same round): pairing each round with the
   * floor measured next to it cancels the slow swings of a shared machine's load, which
   * a ratio of two medians would not.
   */
  readonly vsFloor: Record<TimedCase, number>;
}

/** Time every case, round-robin. */
export async function timeCases(c: BenchConfig, log: (line: string) => void = () => {}): Promise<Timings> {
  log(`timing ${TIMED_CASES.length} cases: ${c.warmup} warm-up + ${c.rounds} rounds each`);
  const samples = await roundRobin(workloads(c), c.rounds, c.warmup, (r) => r > 0 && log(`  round ${r}/${c.rounds}`));
  const ns = mapCases((k) => median(samples[k]!));
  const spread = mapCases((k) => (Math.max(...samples[k]!) - Math.min(...samples[k]!)) / ns[k]);
  const vsFloor = mapCases((k) => median(samples[k]!.map((x, r) => x / samples.floor![r]!)));
  return { ns, spread, vsFloor };
}

/** Run every benchmark at the sizes of `c`; `log` hears progress (stderr in the CLI). */
export async function runBenchmarks(c: BenchConfig, log: (line: string) => void = () => {}): Promise<BenchResults> {
  const host = machine();
  const { ns, spread, vsFloor } = await timeCases(c, log);
  log("timing transformed code: outside an execution, and controlled awaits inside one");
  const transform = await runTransformBenchmarks({ smoke: c.mode === "smoke" });
  log(`hunting the lost update over ${c.bugSeeds} seeds`);
  const lostUpdate = await huntAll(c.bugSeeds, c.bugBudget);
  log(`memory over ${c.memoryExecutions} executions of the 4x50 program`);
  const mem = c.isolateMemory ? await measureMemoryIsolated(c.memoryExecutions) : await measureMemory(c.memoryExecutions);
  log("live mode: ping-pong, mutex and pipeline beside their yardsticks");
  const live = await runLiveBenchmarks(c);
  const dpor = c.extras ? await runExtra("runDporBenchmarks", { smoke: c.mode === "smoke" }) : null;
  const bugFinding = c.extras ? await runExtra("runBugFindingBenchmarks", { smoke: c.mode === "smoke" }) : null;
  const scale = c.extras ? await runExtra("runScaleBenchmarks", { smoke: c.mode === "smoke" }) : null;
  const sideBySide = c.extras ? await runExtra("runSideBySide", { smoke: c.mode === "smoke" }) : null;
  const raceOverhead = ns.raceOn / ns.raceOff;
  return {
    mode: c.mode,
    machine: { ...host, loadAverageEnd: load() },
    floorNsPerStep: ns.floor,
    pingPongNsPerStep: ns.pingPong,
    pingPongNoRaceNsPerStep: ns.pingPongNoRace,
    fourByFiftyNsPerStep: ns.fourByFifty,
    fastcheckNsPerStep: ns.fastcheck,
    raceOnNsPerStep: ns.raceOn,
    raceOffNsPerStep: ns.raceOff,
    vsFloor,
    spread,
    fastcheckOverFourByFifty: ns.fastcheck / ns.fourByFifty,
    raceOverhead,
    transformOverheadOutside: transform.transformOverheadOutside,
    controlledAwaitNsPerStep: transform.controlledAwaitNsPerStep,
    controlledAwaitVsFloor: transform.controlledAwaitVsFloor,
    transformRounds: transform.rounds,
    lostUpdateSchedulesMedian: {
      random: lostUpdate.random.median,
      pct: lostUpdate.pct.median,
      pos: lostUpdate.pos.median,
      fastcheck: lostUpdate.fastcheck.median,
    },
    lostUpdate,
    memoryExecutions: mem.executions,
    heapBytesPerExecution: mem.heapBytesPerExecution,
    allocatedBytesPerExecution: mem.allocatedBytesPerExecution,
    allocatedBytesPerStep: mem.allocatedBytesPerStep,
    rssBeforeBytes: mem.rssBeforeBytes,
    peakRssBytes: mem.peakRssBytes,
    goals: {
      stepAtMost3xFloor: vsFloor.pingPong <= 3,
      tenTimesFasterThanFastcheck: ns.fastcheck / ns.fourByFifty >= 10,
      raceOverheadAtMost30Percent: raceOverhead <= 1.3,
      transformOverheadOutsideAtMost1_2: transform.transformOverheadOutside <= 1.2,
      controlledAwaitAtMost3xFloor: transform.controlledAwaitVsFloor <= 3,
    },
    rounds: c.rounds,
    ...live,
    dpor,
    bugFinding,
    scale,
    sideBySide,
  };
}

/** How big each benchmark is. The full sizes aim at 100–200 ms per timed round. */
export interface BenchConfig {
  readonly mode: "full" | "smoke";
  /** Timed rounds per case (the median is reported) and untimed warm-up rounds before them. */
  readonly rounds: number;
  readonly warmup: number;
  readonly floorSteps: number;
  /**
   * Ping-pong runs this many executions of this many round trips (4 steps each) per
   * round: an exploration is many executions, so per-execution work counts, and an
   * execution of 10,000 steps is already long for a test.
   */
  readonly pingPongRounds: number;
  readonly pingPongExecutions: number;
  /** Executions of the 4x50 program per round, for gosched and for fast-check. */
  readonly fourByFiftyExecutions: number;
  readonly fastcheckRuns: number;
  /** 8 goroutines, each doing this many lock/read/write/unlock sections, this many executions. */
  readonly raceIterations: number;
  readonly raceExecutions: number;
  /** Seeds of the lost-update hunt, and the most schedules (or fast-check runs) per seed. */
  readonly bugSeeds: number;
  readonly bugBudget: number;
  readonly memoryExecutions: number;
  /** Measure memory in a fresh process, so the peak RSS is the workload's own. */
  readonly isolateMemory: boolean;
  /** Run `runDporBenchmarks()` and `runBugFindingBenchmarks()` when they exist. */
  readonly extras: boolean;
}

export const FULL: BenchConfig = {
  mode: "full",
  rounds: 7,
  warmup: 2,
  floorSteps: 2_000_000,
  pingPongRounds: 2_500,
  pingPongExecutions: 20,
  fourByFiftyExecutions: 1_000,
  fastcheckRuns: 200,
  raceIterations: 10,
  raceExecutions: 500,
  bugSeeds: 50,
  bugBudget: 10_000,
  memoryExecutions: 100_000,
  isolateMemory: true,
  extras: true,
};

/** Tiny sizes, so a test can check the harness end to end in a second or two. */
export const SMOKE: BenchConfig = {
  mode: "smoke",
  rounds: 1,
  warmup: 0,
  floorSteps: 1_000,
  pingPongRounds: 50,
  pingPongExecutions: 1,
  fourByFiftyExecutions: 5,
  fastcheckRuns: 2,
  raceIterations: 2,
  raceExecutions: 2,
  bugSeeds: 3,
  bugBudget: 200,
  memoryExecutions: 50,
  isolateMemory: false,
  extras: false,
};

import { Chan, explore, go, Shared, WaitGroup, yieldNow, type ExploreOptions } from "../../src";

/**
 * The scale workloads, one per process (run by `run-scale.ts`), so that each one's peak
 * memory is its own: `node -r ts-node/register/transpile-only bench/scale/cases.ts <case> <n>`
 * prints one JSON line.
 */

/** `n` goroutines started through a WaitGroup, each yielding once and sending on a channel of capacity n. */
export const fanout = (n: number) => async (): Promise<number> => {
  const ch = new Chan<number>(n);
  const wg = new WaitGroup();
  for (let i = 0; i < n; i++) {
    wg.go(async () => {
      await yieldNow();
      await ch.send(i);
    });
  }
  await wg.wait();
  return ch.len;
};

/** `rounds` ping-pong round trips (4 steps each), then two unordered writes: a race at the very end. */
export const lateRace = (rounds: number) => async (): Promise<void> => {
  const ping = new Chan<number>();
  const pong = new Chan<number>();
  const x = new Shared(0, "x");
  go(async () => {
    for (let i = 0; i < rounds; i++) await pong.send((await ping.recv())!);
    await x.write(1);
  }, "pong");
  for (let i = 0; i < rounds; i++) {
    await ping.send(i);
    await pong.recv();
  }
  await x.write(2);
};

/** Two goroutines polling a flag nobody sets: a livelock at `maxSteps`. */
export const spin = async (): Promise<void> => {
  const stop = new Shared(false, "stop");
  go(async () => {
    while (!(await stop.read())) await yieldNow();
  }, "spinner");
  while (!(await stop.read())) await yieldNow();
};

const NO_RACE: ExploreOptions["checks"] = ["deadlock", "leak", "panic"];
const ONE = { schedules: 1, seed: "scale", timeBudgetMs: 1e9 } as const;

/** What one case measured. */
export interface CaseResult {
  readonly case: string;
  readonly n: number;
  readonly steps: number;
  readonly ms: number;
  readonly cpuMs: number;
  /** Heap in use at the end (garbage included) minus before: the case's own. */
  readonly heapBytes: number;
  readonly maxRssBytes: number;
  readonly failure: string | null;
  readonly traceKept: number | null;
}

const CASES: Record<string, (n: number) => () => Promise<{ steps: number; failure?: { kind: string; trace: readonly unknown[] } }>> = {
  fanout: (n) => () => explore(fanout(n), { ...ONE, maxSteps: 1e8, checks: NO_RACE }),
  fanoutRace: (n) => () => explore(fanout(n), { ...ONE, maxSteps: 1e8 }),
  /** The late race's execution alone (race detection on, but nothing reported: checks without race). */
  lateRaceRun: (n) => () => explore(lateRace(n / 4), { ...ONE, maxSteps: 1e8, checks: NO_RACE }),
  /** The same execution, its race found and reported (two capture replays). */
  lateRaceReport: (n) => () => explore(lateRace(n / 4), { ...ONE, maxSteps: 1e8 }),
  /** The spin loop for n steps, finishing (maxSteps one above, replay of the found token off). */
  spinRun: (n) => () => explore(spinFor(n), { ...ONE, maxSteps: 1e8, checks: NO_RACE }),
  /** The spin loop reported as a livelock at n steps. */
  livelockReport: (n) => () => explore(spin, { ...ONE, maxSteps: n, checks: NO_RACE }),
};

/** The spin loop, but the main goroutine sets the flag after about `steps` steps: its run alone. */
function spinFor(steps: number): () => Promise<void> {
  return async () => {
    const stop = new Shared(false, "stop");
    go(async () => {
      while (!(await stop.read())) await yieldNow();
    }, "spinner");
    for (let i = 0; i < steps / 2; i++) await yieldNow();
    await stop.write(true);
  };
}

export async function runCase(name: string, n: number): Promise<CaseResult> {
  const make = CASES[name];
  if (make === undefined) throw new Error(`unknown scale case ${name}: use ${Object.keys(CASES).join(", ")}`);
  const work = make(n);
  (globalThis as { gc?: () => void }).gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    case: name,
    n,
    steps: r.steps,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    heapBytes: process.memoryUsage().heapUsed - heap0,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    failure: r.failure?.kind ?? null,
    traceKept: r.failure?.trace.length ?? null,
  };
}

if (require.main === module) {
  const [name, n] = process.argv.slice(2);
  runCase(name ?? "", Number(n)).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}

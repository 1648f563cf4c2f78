import { Channel } from "async-channel";
import { Mutex as AsyncMutex } from "async-mutex";
import { Chan, go, Mutex, WaitGroup } from "../src";
import type { BenchConfig } from "./config";
import { floorPingPong } from "./floor";
import { median } from "./measure";

/**
 * Live mode on Node's event loop, each beside its yardstick, in one process:
 * - ping-pong: two live goroutines over an unbuffered channel, per hand-off, over the
 *   floor (two plain async functions handing a promise back and forth);
 * - mutex: 8 live goroutines taking a Mutex around a counter, over the same work on
 *   async-mutex, the most used mutex on npm;
 * - pipeline: a producer and a consumer over a buffered channel of 64, over the same
 *   pipeline on async-channel, a promise-based Go-style channel from npm.
 * Each ratio is the median over rounds of (case / yardstick in the same round).
 */
export interface LiveBench {
  readonly livePingPongNsPerStep: number;
  readonly livePingPongVsFloor: number;
  readonly liveMutexNsPerSection: number;
  readonly asyncMutexNsPerSection: number;
  readonly liveMutexOverAsyncMutex: number;
  readonly livePipelineNsPerItem: number;
  readonly asyncChannelPipelineNsPerItem: number;
  readonly livePipelineOverAsyncChannel: number;
  readonly liveRounds: number;
  readonly liveGoals: { pingPongAtMost1_5xFloor: boolean; mutexAtMostAsyncMutex: boolean };
}

async function time(work: () => Promise<unknown>, units: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - t0) / units;
}

/** `steps` hand-offs between two live goroutines over an unbuffered channel. */
export function livePingPong(steps: number): Promise<void> {
  const ab = new Chan<number>();
  const ba = new Chan<number>();
  const wg = new WaitGroup();
  wg.go(async () => {
    for (let i = 0; i < steps; i += 2) {
      await ab.send(i);
      await ba.recv();
    }
  });
  wg.go(async () => {
    for (let i = 0; i < steps; i += 2) await ba.send((await ab.recv())! + 1);
  });
  return wg.wait();
}

/** 8 live goroutines, `n` critical sections each. */
export async function liveMutex(n: number): Promise<void> {
  const mu = new Mutex();
  const wg = new WaitGroup();
  let counter = 0;
  for (let g = 0; g < 8; g++) {
    wg.go(async () => {
      for (let i = 0; i < n; i++) {
        await mu.lock();
        counter++;
        await mu.unlock();
      }
    });
  }
  await wg.wait();
  if (counter !== 8 * n) throw new Error(`lost updates: ${counter}`);
}

export async function asyncMutex(n: number): Promise<void> {
  const mu = new AsyncMutex();
  let counter = 0;
  const worker = async (): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const release = await mu.acquire();
      counter++;
      release();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  if (counter !== 8 * n) throw new Error(`lost updates: ${counter}`);
}

export async function livePipeline(items: number): Promise<void> {
  const ch = new Chan<number>(64);
  go(async () => {
    for (let i = 0; i < items; i++) await ch.send(i);
    await ch.close();
  });
  let sum = 0;
  for await (const v of ch) sum += v;
  if (sum !== (items * (items - 1)) / 2) throw new Error("pipeline lost items");
}

export async function asyncChannelPipeline(items: number): Promise<void> {
  const ch = new Channel<number>(64);
  void (async () => {
    for (let i = 0; i < items; i++) await ch.push(i);
    ch.close();
  })();
  let sum = 0;
  for await (const v of ch) sum += v;
  if (sum !== (items * (items - 1)) / 2) throw new Error("pipeline lost items");
}

/** Run every live case `rounds` times (after a warm-up round), round-robin. */
export async function runLiveBenchmarks(c: BenchConfig): Promise<LiveBench> {
  const smoke = c.mode === "smoke";
  const rounds = smoke ? 1 : Math.max(7, c.rounds);
  const steps = smoke ? 200 : 200_000;
  const sections = smoke ? 20 : 5_000;
  const items = smoke ? 200 : 100_000;
  const cases = {
    floor: () => time(() => floorPingPong(steps), steps),
    pingPong: () => time(() => livePingPong(steps), steps),
    mutex: () => time(() => liveMutex(sections), 8 * sections),
    asyncMutex: () => time(() => asyncMutex(sections), 8 * sections),
    pipeline: () => time(() => livePipeline(items), items),
    asyncChannel: () => time(() => asyncChannelPipeline(items), items),
  };
  type Case = keyof typeof cases;
  const s: Record<Case, number[]> = { floor: [], pingPong: [], mutex: [], asyncMutex: [], pipeline: [], asyncChannel: [] };
  for (let r = -1; r < rounds; r++) {
    for (const k of Object.keys(cases) as Case[]) {
      const ns = await cases[k]();
      if (r >= 0) s[k].push(ns);
    }
  }
  const ratio = (a: Case, b: Case): number => median(s[a].map((x, i) => x / s[b][i]!));
  const vsFloor = ratio("pingPong", "floor");
  const mutexRatio = ratio("mutex", "asyncMutex");
  return {
    livePingPongNsPerStep: median(s.pingPong),
    livePingPongVsFloor: vsFloor,
    liveMutexNsPerSection: median(s.mutex),
    asyncMutexNsPerSection: median(s.asyncMutex),
    liveMutexOverAsyncMutex: mutexRatio,
    livePipelineNsPerItem: median(s.pipeline),
    asyncChannelPipelineNsPerItem: median(s.asyncChannel),
    livePipelineOverAsyncChannel: ratio("pipeline", "asyncChannel"),
    liveRounds: rounds,
    liveGoals: { pingPongAtMost1_5xFloor: vsFloor <= 1.5, mutexAtMostAsyncMutex: mutexRatio <= 1 },
  };
}

if (require.main === module) {
  void import("./config").then(async ({ FULL, SMOKE }) => {
    const r = await runLiveBenchmarks(process.argv.includes("--smoke") ? SMOKE : FULL);
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  });
}

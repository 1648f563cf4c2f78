/**
 * The cost of controlled awaits (`npm run bench` style, or directly:
 * `node --expose-gc -r ts-node/register/transpile-only bench/transform/index.ts`).
 *
 * - `transformOverheadOutside`: a promise-heavy workload (async calls awaiting settled
 *   values and each other, `Promise.all` fan-outs) run outside any execution, transformed
 *   over untransformed: what instrumentation costs code that is not under test.
 * - `controlledAwaitNsPerStep`: two tasks awaiting leaves in turn inside one execution,
 *   nanoseconds per controlled await, and `controlledAwaitVsFloor`, its ratio to the floor
 *   (bench/floor.ts: a promise hand-off with no scheduler at all) timed in the same round.
 * Medians of at least 7 rounds.
 */
import { explore } from "../../src";
import { instrument } from "../../src/transform/index";
import * as runtime from "../../src/transform/runtime";
import { floorPingPong } from "../floor";

const WORKLOAD = `
async function leaf(i) { await null; return i; }
async function chain(n) { let s = 0; for (let i = 0; i < n; i++) s += await leaf(i); return s; }
async function fan(n) { const xs = await Promise.all(Array.from({ length: n }, (_, i) => leaf(i))); return xs.length; }
async function main(rounds) { let s = 0; for (let r = 0; r < rounds; r++) { s += await chain(50); s += await fan(50); } return s; }
`;

/** Two tasks awaiting plain values in turn: every await is a controlled one. */
const PING_PONG = `
async function side(n) { for (let i = 0; i < n; i++) await null; }
async function main(n) { await Promise.all([side(n / 2), side(n / 2)]); return n; }
`;

type Main = (n: number) => Promise<number>;

function load(code: string): Main {
  const req = (id: string): unknown => (id === "gosched/_runtime" ? runtime : require(id));
  return new Function("require", `${code}\nreturn main;`)(req) as Main;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0);
}

export interface TransformResults {
  /** Median over rounds of the workload's time transformed over untransformed (goal: at most 1.2). */
  readonly transformOverheadOutside: number;
  /** Median nanoseconds per controlled await inside an execution. */
  readonly controlledAwaitNsPerStep: number;
  /** Median over rounds of that over the floor timed next to it (goal: at most 3). */
  readonly controlledAwaitVsFloor: number;
  readonly rounds: number;
}

/** Transformed over untransformed time of the promise-heavy workload, outside any execution, per round. */
async function overheadOutside(rounds: number, size: number): Promise<number[]> {
  const plain = load(WORKLOAD);
  const transformed = load(instrument(WORKLOAD, "/bench/workload.js").code);
  await plain(size);
  await transformed(size);
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const a = await time(() => plain(size));
    const b = await time(() => transformed(size));
    ratios.push(b / a);
  }
  return ratios;
}

/** Nanoseconds per controlled await in one execution, and over the floor timed next to it, per round. */
async function controlledAwaits(rounds: number, steps: number): Promise<{ ns: number[]; vsFloor: number[] }> {
  const pingPong = load(instrument(PING_PONG, "/bench/ping.js").code);
  const run = async (seed: number): Promise<number> =>
    (await explore(() => pingPong(steps), { schedules: 1, maxSteps: steps * 4, seed })).steps;
  await run(rounds);
  const ns: number[] = [];
  const vsFloor: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const perStep = (await time(async () => (n = await run(r)))) / n;
    ns.push(perStep);
    vsFloor.push(perStep / ((await time(() => floorPingPong(steps))) / steps));
  }
  return { ns, vsFloor };
}

export async function runTransformBenchmarks(options: { smoke: boolean } = { smoke: false }): Promise<TransformResults> {
  const rounds = options.smoke ? 3 : 9;
  const ratios = await overheadOutside(rounds, options.smoke ? 20 : 400);
  const awaits = await controlledAwaits(rounds, options.smoke ? 200 : 20000);
  return {
    transformOverheadOutside: Number(median(ratios).toFixed(3)),
    controlledAwaitNsPerStep: Math.round(median(awaits.ns)),
    controlledAwaitVsFloor: Number(median(awaits.vsFloor).toFixed(2)),
    rounds,
  };
}

if (require.main === module) {
  void runTransformBenchmarks({ smoke: process.argv.includes("--smoke") }).then((r) => console.log(JSON.stringify(r, null, 2)));
}

/**
 * The cost of controlled awaits (`npm run bench` style, or directly:
 * `node --expose-gc -r ts-node/register/transpile-only bench/transform/index.ts`).
 *
 * - `transformOverheadOutside`: a promise-heavy workload (async calls awaiting settled
 *   values and each other, `Promise.all` fan-outs) run outside any execution, transformed
 *   over untransformed: what instrumentation costs code that is not under test.
 * - `controlledAwaitNsPerStep`: two tasks awaiting leaves in turn inside one execution,
 *   nanoseconds per controlled await, and its ratio to the floor (bench/floor.ts: a
 *   promise hand-off with no scheduler at all).
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

export async function runTransformBenchmarks(options: { smoke: boolean } = { smoke: false }) {
  const rounds = options.smoke ? 3 : 9;
  const plain = load(WORKLOAD);
  const transformed = load(instrument(WORKLOAD, "/bench/workload.js").code);
  const size = options.smoke ? 20 : 400;
  await plain(size);
  await transformed(size);
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const a = await time(() => plain(size));
    const b = await time(() => transformed(size));
    ratios.push(b / a);
  }
  const steps = options.smoke ? 200 : 20000;
  const pingPong = load(`
    async function side(n) { for (let i = 0; i < n; i++) await null; }
    async function main(n) { await Promise.all([side(n / 2), side(n / 2)]); return n; }
  `).bind(null);
  const transformedPingPong = load(
    instrument(
      `async function side(n) { for (let i = 0; i < n; i++) await null; }
       async function main(n) { await Promise.all([side(n / 2), side(n / 2)]); return n; }`,
      "/bench/ping.js",
    ).code,
  );
  void pingPong;
  const perStep: number[] = [];
  const floor: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let ns = 0;
    let n = 0;
    const t = await time(() => explore(() => transformedPingPong(steps), { schedules: 1, maxSteps: steps * 4, seed: r }).then((x) => (n = x.steps)));
    ns = t / n;
    perStep.push(ns);
    floor.push((await time(() => floorPingPong(steps))) / steps);
  }
  const step = median(perStep);
  const floorNs = median(floor);
  return {
    transformOverheadOutside: Number(median(ratios).toFixed(3)),
    controlledAwaitNsPerStep: Math.round(step),
    controlledAwaitFloorNs: Math.round(floorNs),
    controlledAwaitRatioToFloor: Number((step / floorNs).toFixed(2)),
    rounds,
  };
}

if (require.main === module) {
  void runTransformBenchmarks({ smoke: process.argv.includes("--smoke") }).then((r) => console.log(JSON.stringify(r, null, 2)));
}

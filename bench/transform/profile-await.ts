/**
 * Where a controlled await's time goes: runs the ping-pong of `controlledAwaitNsPerStep`
 * (two tasks awaiting plain values in turn) for a few seconds under the V8 profiler and
 * prints the heaviest functions:
 * `node --expose-gc -r ts-node/register/transpile-only bench/transform/profile-await.ts`.
 */
import { Session } from "inspector";
import { explore } from "../../src";
import { instrument } from "../../src/transform/index";
import * as runtime from "../../src/transform/runtime";
import { formatCpu, type CpuProfile } from "../cpu-profile";

const PING_PONG = `
async function side(n) { for (let i = 0; i < n; i++) await null; }
async function main(n) { await Promise.all([side(n / 2), side(n / 2)]); return n; }
`;

async function main(): Promise<void> {
  const req = (id: string): unknown => (id === "gosched/_runtime" ? runtime : require(id));
  const pingPong = new Function("require", `${instrument(PING_PONG, "/bench/ping.js").code}\nreturn main;`)(req) as (n: number) => Promise<number>;
  const run = (): Promise<unknown> => explore(() => pingPong(20000), { schedules: 1, maxSteps: 80000, seed: 1 });
  await run();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: 100 });
  await post("Profiler.start");
  for (let i = 0; i < 20; i++) await run();
  const { profile } = (await post("Profiler.stop")) as { profile: CpuProfile };
  console.log(formatCpu(profile, 20));
}

void main();

import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allocationSites, heapProfile, totalBytes } from "./allocations";
import { formatCpu, type CpuProfile } from "./cpu-profile";

const USAGE = `Where the time of a scheduling step goes.

  node -r ts-node/register/transpile-only bench/profile.ts [workload] [--ms 4000] [--top 25] [--no-heap]
    workload: pingpong (default; race detection on), pingpong-short, pingpong-norace, 4x50, mutex, floor
    Samples the CPU every 50 µs (V8's profiler, as node --cpu-prof uses) while the workload
    runs for --ms, prints self and total time per function (TypeScript lines) and per file,
    writes the .cpuprofile for DevTools, then samples allocations: bytes per step and sites.

  ... [workload] --plain [--ms 4000]
    Only runs the workload, for an outside profiler:
      node --cpu-prof --cpu-prof-dir=/tmp -r ts-node/register/transpile-only bench/profile.ts 4x50 --plain

  ... summarise <file.cpuprofile>
    The same summary for a profile written by \`node --cpu-prof\`.

  ... perf
    V8's profiler files promise and microtask builtins, inline-cache misses and write
    barriers under "(program)". perf names them: this writes plain-JS copies of src/ and
    bench/ and prints the perf commands to run on them.`;

// Source maps must be on before gosched's modules load, so that positions map to .ts lines.
process.setSourceMapsEnabled(true);

type Work = () => Promise<number>;

async function workloads(): Promise<Record<string, Work>> {
  const { explore, go } = await import("../src");
  const { fourByFifty, mutexCounter, pingPong } = await import("./programs");
  const { floorPingPong } = await import("./floor");
  const steps = (program: () => Promise<unknown>, schedules: number, raceOff = false): Work => async () =>
    (await explore(program, {
      seed: "profile",
      schedules,
      timeBudgetMs: 1e9,
      maxSteps: 1e8,
      checks: raceOff ? ["deadlock", "leak", "panic"] : undefined,
    })).steps;
  return {
    pingpong: steps(pingPong(20_000), 1),
    "pingpong-short": steps(pingPong(1_000), 20),
    spawn4: steps(async () => { for (let i = 0; i < 4; i++) go(async () => {}); }, 2000),
    "pingpong-norace": steps(pingPong(20_000), 1, true),
    "4x50": steps(fourByFifty, 500),
    mutex: steps(mutexCounter(8, 10), 300),
    floor: () => floorPingPong(500_000),
  };
}

/** Repeat `work` for `ms` milliseconds; steps done and nanoseconds per step. */
async function repeatFor(work: Work, ms: number): Promise<{ steps: number; ns: number }> {
  const t0 = process.hrtime.bigint();
  const end = performance.now() + ms;
  let steps = 0;
  while (performance.now() < end) steps += await work();
  return { steps, ns: Number(process.hrtime.bigint() - t0) / steps };
}

function post<T = unknown>(session: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r as T))));
}

async function cpuProfile(work: Work, ms: number): Promise<{ profile: CpuProfile; ns: number }> {
  const session = new Session();
  session.connect();
  await post(session, "Profiler.enable");
  await post(session, "Profiler.setSamplingInterval", { interval: 50 });
  await post(session, "Profiler.start");
  const { ns } = await repeatFor(work, ms);
  const { profile } = await post<{ profile: CpuProfile }>(session, "Profiler.stop");
  session.disconnect();
  return { profile, ns };
}

async function profileWorkload(name: string, ms: number, top: number, heap: boolean): Promise<void> {
  const work = (await workloads())[name];
  if (work === undefined) throw new Error(`unknown workload "${name}"\n\n${USAGE}`);
  const warm = await repeatFor(work, Math.min(1000, ms / 2));
  console.log(`${name}: ${warm.ns.toFixed(1)} ns/step without the profiler`);
  const { profile, ns } = await cpuProfile(work, ms);
  const file = join(tmpdir(), `gosched-${name}-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  console.log(`${ns.toFixed(1)} ns/step under the profiler; profile written to ${file}\n`);
  console.log(formatCpu(profile, top));
  if (!heap) return;
  let steps = 0;
  const head = await heapProfile(async () => (steps = (await repeatFor(work, Math.min(ms, 1500))).steps), 1024);
  if (head === null) return void console.log("\n(the sampling heap profiler is not available)");
  const all = totalBytes(head);
  console.log(`\nallocations: ${(all / steps).toFixed(0)} bytes per step (sampled)`);
  for (const s of allocationSites(head).slice(0, 15)) {
    const share = `${((s.bytes / all) * 100).toFixed(1)}%`.padStart(6);
    console.log(`${share}  ${(s.bytes / steps).toFixed(1).padStart(6)} B/step  ${s.site}`);
  }
}

async function plain(name: string, ms: number): Promise<void> {
  const work = (await workloads())[name];
  if (work === undefined) throw new Error(`unknown workload "${name}"\n\n${USAGE}`);
  const { ns } = await repeatFor(work, ms);
  console.log(`${name}: ${ns.toFixed(1)} ns/step`);
}

async function perfRecipe(): Promise<string> {
  const { transpileProject } = await import("./transpile");
  const script = transpileProject()(__filename.replace(/\.js$/, ".ts"));
  return [
    `wrote ${script}; then, for example:`,
    `  perf record -e cpu-clock -F 4000 -o /tmp/gosched.perf node --perf-basic-prof ${script} 4x50 --plain --ms 5000`,
    "  perf report -i /tmp/gosched.perf --no-children --sort symbol --stdio | head -60",
    "(add -g to perf record, and -G --symbols=Builtins_LoadIC to perf report, to see who calls a builtin)",
  ].join("\n");
}

function flag(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) return void console.log(USAGE);
  if (argv[0] === "summarise" || argv[0] === "summarize") {
    if (argv[1] === undefined) throw new Error(USAGE);
    return void console.log(formatCpu(JSON.parse(readFileSync(argv[1], "utf8")) as CpuProfile, flag(argv, "--top", 25)));
  }
  if (argv[0] === "perf") return void console.log(await perfRecipe());
  const name = argv[0] !== undefined && !argv[0].startsWith("--") ? argv[0] : "pingpong";
  if (argv.includes("--plain")) return void (await plain(name, flag(argv, "--ms", 4000)));
  await profileWorkload(name, flag(argv, "--ms", 4000), flag(argv, "--top", 25), !argv.includes("--no-heap"));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

import { spawnSync } from "node:child_process";
import { explore } from "../src";
import { sampleAllocations } from "./allocations";
import { collect } from "./measure";
import { fourByFifty } from "./programs";

/** Memory over many executions of the 4x50 program. */
export interface MemoryResult {
  readonly executions: number;
  /** Heap retained per execution: growth of the heap after a full GC, divided by executions. */
  readonly heapBytesPerExecution: number;
  /** Bytes allocated per execution (all of it garbage), from V8's sampling heap profiler; null if unavailable. */
  readonly allocatedBytesPerExecution: number | null;
  readonly allocatedBytesPerStep: number | null;
  readonly heapBeforeBytes: number;
  readonly heapAfterBytes: number;
  readonly rssBeforeBytes: number;
  /** The highest resident set size seen while the executions ran (polled every 5 ms, and at the end). */
  readonly peakRssBytes: number;
  /**
   * Whether the figures come from a plain node process of their own, without the
   * TypeScript compiler loaded (the full bench), or from the calling process (smoke).
   */
  readonly isolated: boolean;
  readonly gcExposed: boolean;
}

const RANDOM = { strategy: "random", timeBudgetMs: 1e9 } as const;

/** Run `executions` executions of the 4x50 program in one exploration and watch the heap and RSS. */
export async function measureMemory(executions: number, isolated = false): Promise<MemoryResult> {
  // Warm up first, so that compiled code and inline caches do not count as growth.
  await explore(fourByFifty, { ...RANDOM, schedules: Math.min(executions, 1000), seed: "memory-warm-up" });
  const gcExposed = collect();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5);
  const res = await explore(fourByFifty, { ...RANDOM, schedules: executions, seed: "memory" });
  clearInterval(sampler);
  if (res.failure !== undefined || res.schedules !== executions) {
    throw new Error(`the memory run did ${res.schedules} of ${executions} executions: ${res.failure?.message ?? ""}`);
  }
  collect();
  const after = process.memoryUsage();
  peakRss = Math.max(peakRss, after.rss);
  const sampled = Math.min(executions, 2000);
  let sampledSteps = 0;
  const allocated = await sampleAllocations(async () => {
    sampledSteps = (await explore(fourByFifty, { ...RANDOM, schedules: sampled, seed: "alloc" })).steps;
  });
  return {
    executions,
    heapBytesPerExecution: (after.heapUsed - before.heapUsed) / executions,
    allocatedBytesPerExecution: allocated === null ? null : allocated / sampled,
    allocatedBytesPerStep: allocated === null ? null : allocated / sampledSteps,
    heapBeforeBytes: before.heapUsed,
    heapAfterBytes: after.heapUsed,
    rssBeforeBytes: before.rss,
    peakRssBytes: peakRss,
    isolated,
    gcExposed,
  };
}

/**
 * The same measurement in a fresh node process running the transpiled JavaScript, so
 * that the resident memory is this workload's: not the other benchmarks', and not the
 * TypeScript compiler's.
 */
export async function measureMemoryIsolated(executions: number): Promise<MemoryResult> {
  const { transpileProject } = await import("./transpile");
  const script = transpileProject()(__filename.replace(/\.js$/, ".ts"));
  const child = spawnSync(process.execPath, ["--expose-gc", script, String(executions)], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  const last = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !last.startsWith("{")) {
    throw new Error(`the memory benchmark process failed (status ${child.status}):\n${child.stderr}`);
  }
  return JSON.parse(last) as MemoryResult;
}

if (require.main === module) {
  measureMemory(Number(process.argv[2] ?? 100_000), true).then(
    (r) => console.log(JSON.stringify(r)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

/**
 * Timing for the benchmarks. The machine is noisy, so every timed case runs a few
 * warm-up rounds and then several timed rounds, round-robin across all cases (a burst of
 * noise then lands on every case alike, and ratios stay fair), and reports the median.
 */

/** One timed case: runs its workload once and returns how many steps it performed. */
export type Workload = () => Promise<number>;

/** Nanoseconds per step of every round of one case. */
export type Samples = number[];

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Run `work` once; nanoseconds per step. */
export async function nsPerStep(work: Workload): Promise<number> {
  const t0 = process.hrtime.bigint();
  const steps = await work();
  const ns = Number(process.hrtime.bigint() - t0);
  if (!(steps > 0)) throw new Error(`a benchmark workload reported ${steps} steps`);
  return ns / steps;
}

/** Let pending timers and I/O run, so that one round does not bleed into the next. */
function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Time every case `rounds` times after `warmup` untimed rounds, round-robin; returns
 * each case's samples. No forced GC between rounds: `gc()` makes V8 throw away compiled
 * code, and the next round then runs partly interpreted while it recompiles (with it, the
 * 4x50 program measured 1.5 to 2.4 times slower than its steady state).
 */
export async function roundRobin(
  cases: Readonly<Record<string, Workload>>,
  rounds: number,
  warmup: number,
  onRound?: (round: number) => void,
): Promise<Record<string, Samples>> {
  const out: Record<string, Samples> = {};
  for (const name of Object.keys(cases)) out[name] = [];
  for (let r = 0; r < warmup + rounds; r++) {
    for (const [name, work] of Object.entries(cases)) {
      await breathe();
      const ns = await nsPerStep(work);
      if (r >= warmup) out[name]!.push(ns);
    }
    onRound?.(r + 1 - warmup);
  }
  return out;
}

/** A full garbage collection when node runs with `--expose-gc`; false otherwise. */
export function collect(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== "function") return false;
  gc();
  return true;
}

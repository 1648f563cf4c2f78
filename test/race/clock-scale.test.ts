import { Chan, explore, WaitGroup, yieldNow } from "../../src";

/**
 * Race detection at scale: n goroutines started through a WaitGroup, each yielding once and
 * sending on a channel of capacity n. Every send leaves a clock in a channel slot and every
 * ended goroutine keeps its clock, so the memory held at the program's end shows how clocks
 * grow. Dense clocks as wide as the live goroutines made them quadratic: at 10,000
 * goroutines they held about eight times what the rest of the execution holds. Sparse
 * copy-on-write clocks hold a few entries per goroutine. Measured after a full GC inside the
 * program, at its end, against the same program with race detection off (run-to-run noise
 * is well under a tenth).
 */
function fanout(n: number, retained: number[]) {
  return async (): Promise<void> => {
    const ch = new Chan<number>(n);
    const wg = new WaitGroup();
    for (let i = 0; i < n; i++) wg.go(async () => { await yieldNow(); await ch.send(i); });
    await wg.wait();
    retained.push(heapAfterGc());
  };
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run the tests with node --expose-gc (npm test does)");
  gc();
  return process.memoryUsage().heapUsed;
}

/** Heap held at the end of the fanout of `n` goroutines, over the heap before it started. */
async function retainedBy(n: number, race: boolean): Promise<number> {
  const at: number[] = [];
  const before = heapAfterGc();
  const checks = race ? undefined : (["deadlock", "leak", "panic"] as const);
  const r = await explore(fanout(n, at), { seed: "scale", schedules: 1, maxSteps: 1e8, timeBudgetMs: 600_000, checks: checks && [...checks] });
  expect(r.failure).toBeUndefined();
  return at[0]! - before;
}

test("with 10,000 goroutines, race detection holds less than half again the memory the execution holds without it", async () => {
  await retainedBy(300, true); // warm up: code and caches loaded once
  const without = await retainedBy(10_000, false);
  const withRace = await retainedBy(10_000, true);
  expect(withRace / without).toBeLessThan(1.5);
}, 120_000); // 10,000 goroutines twice, on a busy machine

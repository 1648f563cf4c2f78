import { Chan, explore, WaitGroup, yieldNow } from "../../src";

/**
 * Scale: many goroutines, long executions, many executions. A stack that grew per step
 * would overflow in the long execution; a heap that grew per execution would show in
 * the last batch against the first (measured after a full GC; run with --expose-gc).
 */
test("100 goroutines exchanging over channels finish in each of 20 schedules", async () => {
  const r = await explore(async () => {
    const ch = new Chan<number>(10);
    const wg = new WaitGroup();
    for (let i = 0; i < 100; i++) wg.go(async () => ch.send(i));
    let sum = 0;
    for (let i = 0; i < 100; i++) sum += (await ch.recv())!;
    await wg.wait();
    return sum;
  }, { schedules: 20, seed: "scale" });
  expect(r.failure).toBeUndefined();
  expect(r.outcomes).toEqual([4950]);
});

test("an execution of 100,000 steps runs without growing the stack", async () => {
  const r = await explore(async () => {
    const ping = new Chan<number>();
    const pong = new Chan<number>();
    const wg = new WaitGroup();
    wg.go(async () => {
      for (let i = 0; i < 25_000; i++) await pong.send((await ping.recv())! + 1);
    });
    let v = 0;
    for (let i = 0; i < 25_000; i++) {
      await ping.send(v);
      v = (await pong.recv())!;
    }
    await wg.wait();
    return v;
  }, { schedules: 1, maxSteps: 200_000, seed: 1 });
  expect(r.failure).toBeUndefined();
  expect(r.outcomes).toEqual([25_000]);
  expect(r.steps).toBeGreaterThanOrEqual(100_000);
}, 120_000); // wall-clock heavy: Jest's 5 s is too little on a busy machine

test("1,000 executions leave the heap where it was", async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run the tests with node --expose-gc (npm test does)");
  const program = async () => {
    const wg = new WaitGroup();
    for (let i = 0; i < 4; i++) wg.go(async () => {
      for (let k = 0; k < 20; k++) await yieldNow();
    });
    await wg.wait();
  };
  const heapAfter = async (schedules: number) => {
    const r = await explore(program, { schedules, seed: "heap" });
    expect(r.failure).toBeUndefined();
    gc();
    return process.memoryUsage().heapUsed;
  };
  await heapAfter(200);
  const first = await heapAfter(200);
  const last = await heapAfter(1000);
  // Retaining even 1 KB per execution would add 1 MB; allow noise well below that.
  expect(last - first).toBeLessThan(512 * 1024);
}, 120_000); // wall-clock heavy: Jest's 5 s is too little on a busy machine

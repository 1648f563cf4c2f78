import {
  after, AtomicInt, Chan, Cond, Context, Mutex, Once, RWMutex, select, sleep, WaitGroup, yieldNow, type CheckKind,
} from "../../src";
import { Execution, type ExecutionResult } from "../../src/runtime/execution";
import { SCAN } from "../../src/runtime/runnable";
import { ChanIoOp } from "../../src/sync/chan-state";
import { RandomStrategy } from "../../src/scheduler/random";

/**
 * With many goroutines the step loop keeps the enabled set up to date instead of asking
 * every pending operation on every step. It must pick exactly what the scan picks, and
 * its work must not grow with the goroutines that are waiting. Work is counted (calls
 * to a channel operation's `ready`), never timed.
 */
const CHECKS: ReadonlySet<CheckKind> = new Set(["deadlock", "leak", "panic"]);

async function runOnce(program: () => Promise<unknown>, seed: string, index: number, race = false): Promise<ExecutionResult> {
  const strategy = new RandomStrategy({ seed, maxSteps: 1e6, pctDepth: 3, preemptionBound: undefined });
  strategy.begin(index);
  const checks = race ? new Set<CheckKind>([...CHECKS, "race"]) : CHECKS;
  return new Execution({ chooser: strategy, maxSteps: 1e6, checks, capture: false, memoryModel: "sc" }).run(program);
}

async function withScanLimit<T>(limit: number, f: () => Promise<T>): Promise<T> {
  const saved = SCAN.limit;
  SCAN.limit = limit;
  try {
    return await f();
  } finally {
    SCAN.limit = saved;
  }
}

/** `n` goroutines through a WaitGroup, each yielding once and sending on a channel of capacity n. */
const fanout = (n: number) => async (): Promise<number> => {
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

/** 48 goroutines using every primitive whose readiness the index tracks, and some it only polls. */
const everything = async (): Promise<unknown> => {
  const n = 48;
  const unbuffered = new Chan<number>();
  const buffered = new Chan<number>(3);
  const spare = new Chan<number>(1);
  const mu = new Mutex("mu");
  const rw = new RWMutex("rw");
  const cond = new Cond(mu);
  const once = new Once();
  const counter = new AtomicInt(0);
  const [ctx, cancel] = Context.withCancel(Context.background());
  const wg = new WaitGroup();
  let ready = 0;
  for (let i = 0; i < n; i++) {
    wg.go(async () => {
      switch (i % 8) {
        case 0: await unbuffered.send(i); break;
        case 1: await unbuffered.recv(); break;
        case 2: await buffered.send(i); await buffered.recv(); break;
        case 3: await mu.lock(); ready++; await cond.broadcast(); await mu.unlock(); break;
        case 4: await rw.rLock(); await yieldNow(); await rw.rUnlock(); await rw.lock(); await rw.unlock(); break;
        case 5: await once.do(async () => { await sleep(5); }); await counter.add(1); break;
        case 6: await select<unknown>([ctx.done().recvCase(), after(10).recvCase()]); break;
        case 7: await select([spare.sendCase(i), spare.recvCase()], { default: true }); await sleep(1); break;
      }
    });
  }
  await mu.lock();
  while (ready < n / 8) await cond.wait();
  await mu.unlock();
  await cancel();
  await wg.wait();
  return [ready, await counter.load()];
};

test.each([["fanout of 40", fanout(40)], ["every primitive, 48 goroutines", everything]] as const)(
  "%s: the runnable index picks exactly what scanning every goroutine picks",
  async (_, program) => {
    for (let seed = 0; seed < 6; seed++) {
      for (const race of [false, true]) {
        const scanned = await withScanLimit(1e9, () => runOnce(program, `s${seed}`, seed, race));
        const indexed = await withScanLimit(0, () => runOnce(program, `s${seed}`, seed, race));
        expect(scanned.failure).toBeNull();
        expect(indexed.steps).toBe(scanned.steps);
        expect(indexed.hash).toBe(scanned.hash);
        expect(indexed.decisions).toEqual(scanned.decisions);
        expect(indexed.outcome).toEqual(scanned.outcome);
      }
    }
  },
);

test("a deadlock among many goroutines is found the same way in both modes", async () => {
  const program = async (): Promise<void> => {
    const ch = new Chan<number>();
    const wg = new WaitGroup();
    for (let i = 0; i < 40; i++) wg.go(async () => void (await ch.recv()));
    for (let i = 0; i < 39; i++) await ch.send(i);
    await wg.wait();
  };
  const scanned = await withScanLimit(1e9, () => runOnce(program, "dl", 0));
  const indexed = await withScanLimit(0, () => runOnce(program, "dl", 0));
  expect(scanned.failure?.kind).toBe("deadlock");
  expect(indexed.failure).toEqual(scanned.failure);
  expect(indexed.hash).toBe(scanned.hash);
});

test("the step loop's work grows linearly with the goroutines of a fanout, not quadratically", async () => {
  const calls = async (n: number): Promise<number> => {
    const ready = jest.spyOn(ChanIoOp.prototype, "ready");
    try {
      const r = await runOnce(fanout(n), "fanout", 0);
      expect(r.outcome).toBe(n);
      return ready.mock.calls.length;
    } finally {
      ready.mockRestore();
    }
  };
  const small = await calls(300);
  const large = await calls(3000);
  // Each sender is asked about once or twice; scanning asked every pending sender on every step.
  expect(large).toBeLessThanOrEqual(3 * 3000);
  expect(large / small).toBeLessThanOrEqual(15);
});

/**
 * Pattern 1: busy-waiting on a plain `done` flag.
 *
 * In Go:
 *
 *     var msg string
 *     var done bool
 *     go func() { msg = "hello, world"; done = true }()
 *     for !done {}
 *     print(msg)
 *
 * Nothing makes the write of `done` happen before its read, so this is a data race: Go's
 * memory model lets the loop spin forever, or see `done` and still print an empty `msg`.
 * gosched tracks every `Shared` access with vector clocks and reports the first pair of
 * accesses that no happens-before edge orders.
 *
 * The fix makes the flag a synchronising object. An atomic store observed by an atomic
 * load happens before it (memory model, atomics are sequentially consistent), and so does
 * a channel close before the receive that sees it; `msg` is then written before it is read.
 */
import { AtomicBool, Chan, go, Shared, yieldNow } from "../src";
import "../src/jest";

/** The bug: `done` is a plain variable. */
async function plainFlag(): Promise<string> {
  const msg = new Shared("", "msg");
  const done = new Shared(false, "done");
  go(async () => {
    await msg.write("hello, world");
    await done.write(true);
  }, "setup");
  while (!(await done.read())) await yieldNow();
  return msg.read();
}

/** Fix 1: an atomic flag. */
async function atomicFlag(): Promise<string> {
  const msg = new Shared("", "msg");
  const done = new AtomicBool(false);
  go(async () => {
    await msg.write("hello, world");
    await done.store(true);
  }, "setup");
  while (!(await done.load())) await yieldNow();
  return msg.read();
}

/** Fix 2: a channel closed when the work is done; no spinning at all. */
async function closedChannel(): Promise<string> {
  const msg = new Shared("", "msg");
  const done = new Chan<void>(0, "done");
  go(async () => {
    await msg.write("hello, world");
    await done.close();
  }, "setup");
  await done.recv();
  return msg.read();
}

describe("1. busy-wait on a plain flag", () => {
  test("gosched reports the data race on the plain done flag", async () => {
    await expect(plainFlag).not.toBeRaceFree();
  });

  test("an atomic flag orders the write of msg before its read", async () => {
    await expect(atomicFlag).toBeRaceFree();
    await expect(atomicFlag).toHaveOutcomes(["hello, world"], { timeBudgetMs: 60_000 });
  });

  test("closing a channel orders the write of msg before its read", async () => {
    await expect(closedChannel).toBeRaceFree();
    await expect(closedChannel).toHaveOutcomes(["hello, world"], { timeBudgetMs: 60_000 });
  });
});

describe("1. reading and replaying the report", () => {
  // This test makes a matcher fail on purpose to read its message. A failing matcher saves
  // its replay token so that the next run tries it first; that is turned off here.
  const saving = process.env.GOSCHED_SAVE_FAILURES;
  beforeAll(() => void (process.env.GOSCHED_SAVE_FAILURES = "0"));
  afterAll(() => void (process.env.GOSCHED_SAVE_FAILURES = saving));

  test("the report shows both accesses, the schedule and the line that replays it", async () => {
    const report = expect(plainFlag).toBeRaceFree({ seed: "busy-wait", strategy: "random" });
    await expect(report).rejects.toThrow('Data race on Shared "done"');
    await expect(report).rejects.toThrow("Found in execution 1 of 1000 · strategy random · seed busy-wait");
    await expect(report).rejects.toThrow("Minimised from 6 steps and 3 preemptions to 6 steps and 1 preemption, in 7 replays.");
    await expect(report).rejects.toThrow('await expect(program).toBeRaceFree({ replay: "gs1.s.6.vamlaw.rAAABAQE" })');
  });

  test("the replay token runs exactly the failing schedule again", async () => {
    await expect(plainFlag).not.toBeRaceFree({ replay: "gs1.s.6.vamlaw.rAAABAQE" });
  });
});

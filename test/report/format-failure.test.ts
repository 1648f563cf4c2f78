import * as fs from "fs";
import * as path from "path";
import { AtomicInt, Chan, explore, go, Mutex, Shared, WaitGroup, yieldNow, type Failure } from "../../src";
import { formatDetails } from "../../src/report/details";
import { formatExploration, formatFailure, provenance } from "../../src/report/format-failure";
import { PLAIN } from "../../src/report/paint";

async function failureOf(program: () => Promise<unknown>, options: Parameters<typeof explore>[1] = {}): Promise<Failure> {
  const r = await explore(program, { seed: "report", schedules: 500, ...options });
  if (r.failure === undefined) throw new Error("expected a failure");
  return r.failure;
}

async function racy(): Promise<void> {
  const n = new Shared(0, "balance");
  const wg = new WaitGroup();
  await wg.add(2);
  go(async () => {
    await n.write(1);
    await wg.done();
  }, "deposit");
  go(async () => {
    await n.write(2);
    await wg.done();
  }, "withdraw");
  await wg.wait();
}

async function lockOrder(): Promise<void> {
  const a = new Mutex("a");
  const b = new Mutex("b");
  const wg = new WaitGroup();
  await wg.add(2);
  go(async () => {
    await a.lock();
    await yieldNow();
    await b.lock();
  }, "ab");
  go(async () => {
    await b.lock();
    await yieldNow();
    await a.lock();
  }, "ba");
  await wg.wait();
}

const here = path.relative(process.cwd(), __filename);

describe("formatDetails", () => {
  test("a race names the object, then both accesses in order with goroutine, step, location and creation site", async () => {
    const f = await failureOf(racy);
    const lines = formatDetails(f, PLAIN).split("\n");
    expect(lines[0]).toBe('Data race on Shared "balance"');
    expect(lines[1]).toMatch(new RegExp(`^  write  goroutine \\d "(deposit|withdraw)" +step \\d+  ${here}:\\d+:\\d+  created at ${here}:\\d+:\\d+$`));
    expect(lines[2]).toMatch(/^ {2}write {2}goroutine \d "(deposit|withdraw)"/);
    expect(lines[3]).toBe("Neither happens before the other.");
  });

  test("a deadlock lists each blocked goroutine with its wait reason, operation, location and holdings, then the wait-for cycle", async () => {
    const f = await failureOf(lockOrder, { checks: ["deadlock"] });
    const text = formatDetails(f, PLAIN);
    expect(text.split("\n")[0]).toBe("All goroutines are asleep - deadlock!");
    expect(text).toMatch(new RegExp(`goroutine 2 "ab" +\\[sync.Mutex.Lock\\] +lock sync.Mutex "b" +${here}:\\d+:\\d+ +holds sync.Mutex "a"`));
    expect(text).toMatch(/goroutine 1 "main" +\[sync.WaitGroup.Wait\] +wait sync.WaitGroup #3/);
    expect(text).toContain('Wait-for cycle: goroutine 2 "ab" → sync.Mutex "b" → goroutine 3 "ba" → sync.Mutex "a" → goroutine 2 "ab"');
  });

  test("a leak counts the goroutines still blocked after main returned; without holdings there is no cycle", async () => {
    const f = await failureOf(async () => {
      const c = new Chan<number>(0, "results");
      for (const name of ["s1", "s2"]) go(async () => void (await c.send(1)), name);
      await yieldNow();
    });
    const text = formatDetails(f, PLAIN);
    expect(text.split("\n")[0]).toBe("2 goroutines leaked: still blocked after the main goroutine returned");
    expect(text).toMatch(/goroutine 2 "s1" +\[chan send\] +send on chan "results"/);
    expect(text).not.toContain("cycle");
  });

  test("a panic prints Go's words and where it was thrown", async () => {
    const f = await failureOf(async () => {
      go(async () => {
        throw new Error("boom");
      }, "worker");
      await yieldNow();
    });
    expect(formatDetails(f, PLAIN)).toMatch(new RegExp(`^panic: boom \\(in goroutine 2 "worker"\\)\\n  thrown at ${here}:\\d+:\\d+$`));
  });

  test("a possible livelock names the step limit", async () => {
    const f = await failureOf(async () => {
      const n = new AtomicInt(0);
      for (;;) await n.add(1);
    }, { maxSteps: 50 });
    expect(formatDetails(f, PLAIN)).toBe("Possible livelock: an execution took more than 50 steps\nIf the program is only long, raise `maxSteps`.");
  });

  test("a livelock of spinning goroutines says what spinning is", async () => {
    const f = await failureOf(async () => {
      for (;;) await yieldNow();
    }, { maxSteps: 50 });
    expect(formatDetails(f, PLAIN)).toBe(
      "Livelock: every goroutine that could run spun for 4 steps, changing nothing, and no timer could end it\n" +
        "Spinning: only reads, yields, select defaults, failed tryLock or compareAndSwap, writes of the value already there.",
    );
  });

  test("misuse is the runtime's sentence, capitalised, then where each operation is", async () => {
    const f = await failureOf(async () => {
      const c = new Chan<number>(1);
      void c.send(1);
      await c.send(2);
    });
    expect(f.kind).toBe("misuse");
    const [sentence, notAwaited, second] = formatDetails(f, PLAIN).split("\n");
    expect(sentence).toMatch(/^Goroutine 1 "main" started send on chan #\d .* did you forget `await`\?$/);
    const first = /^  send on chan #\d, not awaited: test\/report\/format-failure\.test\.ts:(\d+):\d+$/.exec(notAwaited!);
    expect(first).not.toBeNull();
    // The second send is on the line after the first.
    expect(second).toMatch(new RegExp(`^  send on chan #\\d: test/report/format-failure\\.test\\.ts:${Number(first![1]) + 1}:\\d+$`));
  });
});

describe("formatFailure", () => {
  test("prints the four blocks: details, provenance, schedule with markers, and the replay line", async () => {
    const f = await failureOf(racy);
    const text = formatFailure(f, {
      source: { kind: "explored", budget: 500 },
      replayLine: (t) => `await expect(program).toBeRaceFree({ replay: "${t}" })`,
      savedIn: "__gosched__/x.json",
    });
    const blocks = text.split("\n\n");
    expect(blocks).toHaveLength(4);
    expect(blocks[1]).toBe(`Found in execution ${f.execution} of 500 · strategy random · seed report`);
    expect(blocks[2]).toMatch(/^Schedule \(\d+ steps\):\n/);
    expect(blocks[2]!.match(/◀ race \((read|write)\)/g)).toHaveLength(2);
    expect(blocks[3]).toBe(
      `Replay exactly this schedule:\n  await expect(program).toBeRaceFree({ replay: "${f.replay}" })\n` +
        "Saved in __gosched__/x.json: the next run tries it first.",
    );
  });

  test("says how the failing execution was reached: explored (with its shard), replayed, or saved", async () => {
    const f = await failureOf(racy);
    expect(provenance(f, { kind: "explored", budget: 40, shard: { index: 2, of: 4 } })).toBe(
      `Found in execution ${f.execution} of 40 (shard 2/4) · strategy random · seed report`,
    );
    expect(provenance(f, { kind: "replayed" })).toBe("Found by replaying the given replay token · strategy random · seed report");
    expect(provenance(f, { kind: "saved", file: "a/__gosched__/b.json" })).toBe(
      "Found by replaying a failure saved in a/__gosched__/b.json · strategy random · seed report",
    );
  });

  test("an exploration that found nothing says how much it explored and whether that was everything", () => {
    const r = { schedules: 12, complete: false, incomplete: { reason: "schedules" as const, budget: 12 }, seed: "7", strategy: "dfs" };
    expect(formatExploration(r, 100)).toBe("Explored 12 of 100 schedules · strategy dfs · seed 7");
    expect(formatExploration({ ...r, complete: true, incomplete: null }, 100)).toBe("Explored 12 of 100 schedules · strategy dfs · seed 7\nThat is every schedule.");
  });

  test("a search cut by a preemption bound says what it covered, and never that it is every schedule", () => {
    const r = { schedules: 12, complete: false, incomplete: { reason: "preemptionBound" as const, bound: 2 }, seed: "7", strategy: "dfs" };
    expect(formatExploration(r, 100, { index: 1, of: 2 })).toBe(
      "Explored 12 of 100 schedules (shard 1/2) · strategy dfs · seed 7\n" +
        "That is every schedule with at most 2 preemptions (preemptionBound 2), not every schedule: what needs more preemptions was not explored.",
    );
  });

  test("a hidden await names the goroutine and how to turn on the transform", () => {
    const incomplete = { reason: "hidden-await" as const, goroutine: { id: 2, name: "alice" }, after: "its start" };
    const text = formatExploration({ schedules: 3, complete: false, incomplete, seed: "7", strategy: "dpor" }, 100);
    expect(text).toBe(
      "Explored 3 of 100 schedules · strategy dpor · seed 7\n" +
        'Not every interleaving: goroutine 2 "alice" awaited a promise that gosched did not settle (after its start), ' +
        "and other goroutines could run at that await in the real program; gosched explored none of that.\n" +
        'To explore plain awaits too, turn on gosched\'s transform in jest.config: transform: { "^.+\\\\.tsx?$": ["gosched/transform", { transformer: "ts-jest" }] }.',
    );
  });
});

test("report/ imports nothing that knows of vector clocks or of Jest", () => {
  const dir = path.join(__dirname, "../../src/report");
  const forbidden = /race\/|happens-before|clock|jest|^expect$/;
  const offending = fs.readdirSync(dir).flatMap((file) => {
    const source = fs.readFileSync(path.join(dir, file), "utf8");
    return [...source.matchAll(/from "([^"]+)"/g)].map((m) => `${file} → ${m[1]}`).filter((edge) => forbidden.test(edge.split(" → ")[1]!));
  });
  expect(offending).toEqual([]);
});

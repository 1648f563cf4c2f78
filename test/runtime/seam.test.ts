import * as fs from "fs";
import * as path from "path";
import { go, Mutex, WaitGroup, yieldNow } from "../../src";
import * as errors from "../../src/runtime/errors";
import { Execution } from "../../src/runtime/execution";
import { CHECK_KINDS } from "../../src/runtime/failure";
import { formatDetails } from "../../src/report/details";
import { failureMessage } from "../../src/report/messages";
import { PLAIN } from "../../src/report/paint";
import { ReplayStrategy } from "../../src/scheduler/replay";
import { failure } from "../helpers";

/** The seam between the runtime and what words and explores its failures. */

function execution(): Execution {
  return new Execution({ chooser: new ReplayStrategy([]), maxSteps: 1000, checks: new Set(CHECK_KINDS), capture: false, memoryModel: "sc" });
}

/** Two mutexes of the same name, locked in opposite orders: a deadlock whose objects only their ids tell apart. */
async function sameNames(): Promise<void> {
  const first = new Mutex("m");
  const second = new Mutex("m");
  const wg = new WaitGroup();
  await wg.add(2);
  const both = (a: Mutex, b: Mutex) => async () => {
    await a.lock();
    await yieldNow();
    await b.lock();
    await b.unlock();
    await a.unlock();
    await wg.done();
  };
  go(both(first, second), "ab");
  go(both(second, first), "ba");
  await wg.wait();
}

describe("the runtime's failures are data; the report words them", () => {
  test("an execution's failure carries its detail and no text", async () => {
    const res = await execution().run(async () => {
      throw new Error("boom");
    });
    expect(res.failure).not.toBeNull();
    expect(Object.keys(res.failure!).sort()).toEqual(["detail", "kind", "step"]);
    expect(failureMessage(res.failure!)).toBe('panic: boom (in goroutine 1 "main")');
  });

  test("a blocked goroutine names the objects it waits on and holds by id", async () => {
    const f = await failure(sameNames, { checks: ["deadlock"], schedules: 100000, timeBudgetMs: 600000 });
    if (f.detail.kind !== "deadlock") throw new Error(`expected a deadlock, got ${f.kind}`);
    const [ab, ba] = ["ab", "ba"].map((n) => f.detail.kind === "deadlock" && f.detail.goroutines.find((g) => g.name === n));
    if (!ab || !ba) throw new Error("expected both lockers blocked");
    expect(ab.heldObjects).toHaveLength(1);
    expect(ab.waitsOn).toEqual(ba.heldObjects);
    expect(ba.waitsOn).toEqual(ab.heldObjects);
  });

  test("the wait-for cycle follows ids: two mutexes of one name still show their cycle", async () => {
    const f = await failure(sameNames, { checks: ["deadlock"], schedules: 100000, timeBudgetMs: 600000 });
    expect(formatDetails(f, PLAIN)).toMatch(/Wait-for cycle: goroutine \d "(ab|ba)" → sync.Mutex "m" → goroutine \d "(ab|ba)" → sync.Mutex "m" → goroutine \d "(ab|ba)"/);
  });

  test("explore's message is the report's wording of the detail", async () => {
    const f = await failure(sameNames, { checks: ["deadlock"], schedules: 100000, timeBudgetMs: 600000 });
    expect(f.message).toBe(failureMessage(f));
  });
});

describe("the runtime's names and leftovers", () => {
  test("per-execution module state has its own name, not `slots` (which names vector-clock slots)", () => {
    const exec = execution();
    expect("slots" in exec).toBe(false);
    expect(exec.moduleState).toBeInstanceOf(Map);
  });

  test("errors.ts exports only the errors gosched throws", () => {
    expect(Object.keys(errors).sort()).toEqual(["FatalError", "GoPanic", "MisuseError", "panicText"]);
  });

  test("the runtime, explore and jest files stay under 300 lines", () => {
    const root = path.resolve(__dirname, "../../src");
    const long = ["runtime", "explore", "jest", "report"].flatMap((dir) =>
      fs
        .readdirSync(path.join(root, dir))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => [`${dir}/${f}`, fs.readFileSync(path.join(root, dir, f), "utf8").split("\n").length - 1] as const)
        .filter(([, lines]) => lines > 300),
    );
    expect(long).toEqual([]);
  });
});

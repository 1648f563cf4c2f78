import { go, Shared, WaitGroup, yieldNow } from "../../src";
import { Execution } from "../../src/runtime/execution";
import type { Chooser } from "../../src/runtime/chooser";
import { CHECK_KINDS } from "../../src/runtime/failure";
import { PlanChooser } from "../../src/explore/plan-chooser";
import { RandomStrategy } from "../../src/scheduler/random";

async function busy(): Promise<void> {
  const n = new Shared(0, "n");
  const wg = new WaitGroup();
  for (let w = 0; w < 3; w++) {
    await wg.add(1);
    go(async () => {
      for (let i = 0; i < 4; i++) await yieldNow();
      await wg.done();
    });
  }
  await wg.wait();
  return void n.peek();
}

const run = (chooser: Chooser) =>
  new Execution({ chooser, maxSteps: 10000, checks: new Set(CHECK_KINDS), capture: false, memoryModel: "sc" }).run(busy);

describe("PlanChooser", () => {
  test("following the plan a run recorded reproduces that run's decisions and preemptions", async () => {
    const random = new RandomStrategy({ seed: "plan", preemptionBound: undefined, pctDepth: 3, maxSteps: 10000 });
    random.begin(3);
    const recorder = new PlanChooser(null, random);
    const first = await run(recorder);
    expect(recorder.preemptions).toBeGreaterThan(0);
    const follower = new PlanChooser(recorder.followed);
    const again = await run(follower);
    expect(again.decisions).toEqual(first.decisions);
    expect(again.hash).toBe(first.hash);
    expect(follower.preemptions).toBe(recorder.preemptions);
  });

  test("the empty plan never preempts: each goroutine runs until it blocks or ends", async () => {
    const chooser = new PlanChooser({ switches: new Map(), choices: new Map() });
    await run(chooser);
    expect(chooser.preemptions).toBe(0);
    expect(chooser.followed.switches.size).toBe(0);
  });
});

import { twoPreemptions } from "../../bench/bugs/programs";
import { explore, go, WaitGroup, yieldNow } from "../../src";

/**
 * PCT places its few priority changes where they can matter, so a bug that needs two
 * preemptions at exact places is found quickly however many private steps surround
 * them; and the fairness wrapper leaves its priorities alone for loops that end.
 */

test.each(["a", "b", "c"])(
  "pct finds a bug that needs two preemptions among 40 private steps per goroutine (seed %s)",
  async (seed) => {
    const r = await explore(twoPreemptions(20), { strategy: "pct", seed, schedules: 500, checks: ["panic"] });
    expect(r.failure?.kind).toBe("panic");
    expect(r.failure?.message).toContain("the reader saw the middle of the update");
  },
);

test("pct finds the same failure in the same execution when run twice with one seed", async () => {
  const runs = [];
  for (let i = 0; i < 2; i++) {
    runs.push(await explore(twoPreemptions(20), { strategy: "pct", seed: "twice", schedules: 500, checks: ["panic"] }));
  }
  expect(runs[0]!.failure?.kind).toBe("panic");
  expect(runs[1]!.failure?.execution).toBe(runs[0]!.failure?.execution);
  expect(runs[1]!.failure?.replay).toBe(runs[0]!.failure?.replay);
});

test("under pct(depth 1) a goroutine yielding ten times in a row is never made to wait for fairness", async () => {
  const program = async () => {
    const log: string[] = [];
    const wg = new WaitGroup();
    await wg.add(2);
    for (const name of ["a", "b"]) {
      go(async () => {
        for (let i = 0; i < 10; i++) {
          log.push(name);
          await yieldNow();
        }
        await wg.done();
      });
    }
    await wg.wait();
    return log.join("");
  };
  const r = await explore(program, { strategy: "pct", pctDepth: 1, seed: "patience", schedules: 100 });
  expect(r.failure).toBeUndefined();
  expect([...r.outcomes].sort()).toEqual(["a".repeat(10) + "b".repeat(10), "b".repeat(10) + "a".repeat(10)]);
});

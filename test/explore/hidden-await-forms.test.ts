import { explore, go, WaitGroup } from "../../src";

/** Two goroutines do check-then-act on plain state across one await of the given form. */
const across = (pause: () => Promise<unknown>) => async (): Promise<number> => {
  const state = { balance: 100 };
  const wg = new WaitGroup();
  for (const name of ["alice", "bob"]) {
    await wg.add(1);
    go(async () => {
      if (state.balance >= 80) {
        await pause();
        state.balance -= 80;
      }
      await wg.done();
    }, name);
  }
  await wg.wait();
  return state.balance;
};

test.each([
  ["await null", async () => null],
  ["await Promise.resolve()", () => Promise.resolve()],
  ["a then-chain on a settled promise", () => Promise.resolve(1).then((x) => x + 1)],
  ["a new promise resolved at once", () => new Promise<void>((resolve) => resolve())],
])("%s inside a goroutine makes dpor's result incomplete and names the goroutine", async (_, pause) => {
  const r = await explore(across(pause), { strategy: "dpor", schedules: 100_000, timeBudgetMs: 600_000, checks: ["deadlock", "leak", "panic"] });
  expect(r.failure).toBeUndefined();
  expect(r.outcomes).toEqual([20]);
  expect(r.complete).toBe(false);
  expect(r.incomplete).toMatchObject({ reason: "hidden-await", goroutine: { id: 2, name: "alice" } });
});

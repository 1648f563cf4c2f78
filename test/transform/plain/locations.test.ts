/**
 * This file is transformed: failures name the user's file and line through the chained
 * source maps, and a failing token replays to the same report.
 */
import { explore } from "gosched";

const FULL = { schedules: 100000, timeBudgetMs: 600000 };

function promiseLock(): () => Promise<() => void> {
  let tail: Promise<void> = Promise.resolve();
  return () => {
    let release = (): void => {};
    const mine = new Promise<void>((r) => (release = r));
    const turn = tail.then(() => release);
    tail = mine;
    return turn;
  };
}

async function oppositeOrders(): Promise<string> {
  const a = promiseLock();
  const b = promiseLock();
  async function transfer(first: () => Promise<() => void>, second: () => Promise<() => void>): Promise<void> {
    const r1 = await first();
    await null;
    const r2 = await second(); // LINE: second lock
    r2();
    r1();
  }
  await Promise.all([transfer(a, b), transfer(b, a)]);
  return "done";
}

const lineOf = (marker: string): number => {
  const src: string = require("fs").readFileSync(__filename, "utf8");
  return src.split("\n").findIndex((l) => l.includes(`// LINE: ${marker}`)) + 1;
};

test("a deadlock names each task and the file:line of the await where it waits", async () => {
  const r = await explore(oppositeOrders, { strategy: "dfs", ...FULL });
  expect(r.failure?.kind).toBe("deadlock");
  const detail = r.failure!.detail;
  if (detail.kind !== "deadlock") throw new Error("not a deadlock");
  const transfers = detail.goroutines.filter((g) => g.name === "transfer");
  expect(transfers).toHaveLength(2);
  for (const g of transfers) expect(g.location).toMatch(new RegExp(`locations\\.test\\.ts:${lineOf("second lock")}:`));
});

test("the failing token replays to the same report", async () => {
  const first = await explore(oppositeOrders, { strategy: "random", seed: 7, schedules: 1000 });
  const again = await explore(oppositeOrders, { replay: first.failure!.replay });
  expect(again.failure?.message).toBe(first.failure?.message);
  expect(again.failure?.detail).toEqual(first.failure?.detail);
});

test("stack traces point at the user's source", async () => {
  async function fails(): Promise<never> {
    await null;
    throw new Error("boom"); // LINE: throw
  }
  const error = await fails().catch((e: Error) => e);
  expect(error.stack).toMatch(new RegExp(`locations\\.test\\.ts:${lineOf("throw")}:`));
});

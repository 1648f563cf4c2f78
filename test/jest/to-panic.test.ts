/**
 * toPanic: an expected panic, as Go's tests of `recover` assert one. The search looks for
 * panics only, goes on past a panic with another message, and `.not` passes when none does.
 */
import "../../src/jest";
import { go, Mutex, WaitGroup } from "../../src";

for (const name of Object.keys(process.env)) if (name.startsWith("GOSCHED_")) delete process.env[name];
process.env.GOSCHED_SAVE_FAILURES = "0";
process.env.GOSCHED_TIME_BUDGET_MS = "600000";

/** Two goroutines that each panic: whichever runs first ends the execution with its message. */
async function twoPanics(): Promise<void> {
  const wg = new WaitGroup();
  await wg.add(2);
  go(async () => {
    await wg.done();
    throw new Error("first boom");
  }, "first");
  go(async () => {
    await wg.done();
    throw new Error("second boom");
  }, "second");
  await wg.wait();
}

async function calm(): Promise<number> {
  const mu = new Mutex();
  await mu.lock();
  await mu.unlock();
  return 1;
}

/** Go's fatal error: unlock of an unlocked mutex. */
async function doubleUnlock(): Promise<void> {
  const mu = new Mutex("m");
  await mu.lock();
  await mu.unlock();
  await mu.unlock();
}

/** Every schedule, so a panic with a given message is found wherever it lies. */
const ALL = { strategy: "dfs", schedules: 100_000, timeBudgetMs: 600_000 } as const;

async function messageOf(assertion: Promise<unknown>): Promise<string> {
  try {
    await assertion;
  } catch (error) {
    return (error as Error).message.replace(/\u001b\[[0-9;]*m/g, "");
  }
  throw new Error("the assertion passed");
}

test("passes when an execution panics; .not passes when none does", async () => {
  await expect(twoPanics).toPanic();
  await expect(calm).not.toPanic();
});

test("a message narrows it: a panic with another message does not end the search", async () => {
  await expect(twoPanics).toPanic("first boom", ALL);
  await expect(twoPanics).toPanic("second boom", ALL);
  await expect(twoPanics).toPanic(/^second/, ALL);
  await expect(twoPanics).not.toPanic("third boom", ALL);
});

test("Go's fatal errors count as panics", async () => {
  await expect(doubleUnlock).toPanic("sync: unlock of unlocked mutex");
});

test("a program that never panics fails with the message it looked for and what was explored", async () => {
  const message = await messageOf(expect(calm).toPanic("boom", { schedules: 5, seed: 1 }));
  expect(message).toBe(
    'expect(program).toPanic(message, options)\n\nExpected an execution to panic with a message that contains "boom", but none did.\n\n' +
      "Explored 5 of 5 schedules · strategy random · seed 1",
  );
});

test("panics with other messages are named when none matches", async () => {
  const message = await messageOf(expect(twoPanics).toPanic("third", ALL));
  expect(message).toContain('Panics with other messages: "first boom", "second boom"');
  expect(message).toContain("That is every schedule.");
});

test(".not fails on a panic with its report, schedule and replay line", async () => {
  const message = await messageOf(expect(doubleUnlock).not.toPanic(undefined, { seed: 1 }));
  expect(message.split("\n")[0]).toBe("expect(program).not.toPanic(undefined, options)");
  expect(message).toContain("Expected no execution to panic, but one did.");
  expect(message).toContain("fatal error: sync: unlock of unlocked mutex");
  expect(message).toMatch(/Schedule \(\d+ steps?\):/);
  expect(message).toMatch(/await expect\(program\)\.not\.toPanic\(undefined, \{ replay: "gs1[^"]+" \}\)/);
  const withMessage = await messageOf(expect(doubleUnlock).not.toPanic("unlock"));
  expect(withMessage).toMatch(/await expect\(program\)\.not\.toPanic\(message, \{ replay: "gs1[^"]+" \}\)/);
});

test("the printed replay line replays the panic", async () => {
  const message = await messageOf(expect(twoPanics).not.toPanic("second", ALL));
  const token = /replay: "(gs1[^"]+)"/.exec(message)![1]!;
  await expect(twoPanics).toPanic("second", { replay: token });
  await expect(twoPanics).not.toPanic("first", { replay: token });
});

test("misuse: a message that is neither a string nor a RegExp, checks without panic", async () => {
  expect(await messageOf(expect(calm).toPanic(42 as never))).toContain("Matcher error: message must be a string or a RegExp");
  expect(await messageOf(expect(calm).toPanic(undefined, { checks: ["race"] }))).toContain('Matcher error: checks must include "panic" for toPanic');
});

test("toPanic looks for panics only by default: a deadlock does not stop it", async () => {
  const stuck = async (): Promise<void> => {
    const mu = new Mutex();
    await mu.lock();
    await mu.lock();
  };
  await expect(stuck).not.toPanic();
});

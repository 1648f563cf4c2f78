/**
 * The matchers' semantics, in this Jest process: which verdict each judges, what `.not`
 * inverts, what stops a judgement, and misuse. What users see end to end (messages,
 * replay, persistence) is tested through a real Jest subprocess in messages.test.ts.
 */
import "../../src/jest";
import { go, Mutex, Shared, WaitGroup, yieldNow } from "../../src";

// Messages here name budgets, seeds and shards: CI fuzzing (GOSCHED_*, --shard) must not change them.
for (const name of Object.keys(process.env)) if (name.startsWith("GOSCHED_")) delete process.env[name];
process.argv = process.argv.filter((a, i, all) => !a.startsWith("--shard") && all[i - 1] !== "--shard");
process.env.GOSCHED_SAVE_FAILURES = "0";
// Explorations end by their schedule budget, even on a slow machine: messages stay the same.
process.env.GOSCHED_TIME_BUDGET_MS = "600000";

async function racy(): Promise<number> {
  const n = new Shared(0, "n");
  const wg = new WaitGroup();
  for (const name of ["l", "r"]) {
    await wg.add(1);
    go(async () => {
      await n.write((await n.read()) + 1);
      await wg.done();
    }, name);
  }
  await wg.wait();
  return n.peek();
}

/** Three racy increments: hundreds of executions even for dpor. */
async function racy3(): Promise<number> {
  const n = new Shared(0, "n");
  const wg = new WaitGroup();
  for (const name of ["a", "b", "c"]) {
    await wg.add(1);
    go(async () => {
      await n.write((await n.read()) + 1);
      await wg.done();
    }, name);
  }
  await wg.wait();
  return n.peek();
}

async function locked(): Promise<number> {
  const n = new Shared(0, "n");
  const mu = new Mutex();
  const wg = new WaitGroup();
  for (const name of ["l", "r"]) {
    await wg.add(1);
    go(async () => {
      await mu.lock();
      await n.write((await n.read()) + 1);
      await mu.unlock();
      await wg.done();
    }, name);
  }
  await wg.wait();
  return n.peek();
}

async function panics(): Promise<number> {
  go(async () => {
    throw new Error("boom");
  }, "w");
  await yieldNow();
  return 0;
}

async function stuck(): Promise<void> {
  const wg = new WaitGroup();
  await wg.add(1);
  await wg.wait();
}

/** `stuck`, having written a Shared cell first: races are judged, and there are none. */
async function stuckWriting(): Promise<void> {
  await new Shared(0).write(1);
  await stuck();
}

const O = { schedules: 50, seed: "m", timeBudgetMs: 600_000 };

/** The message of a failed assertion. */
async function messageOf(assertion: Promise<unknown>): Promise<string> {
  try {
    await assertion;
  } catch (error) {
    return (error as Error).message.replace(/\u001b\[[0-9;]*m/g, "");
  }
  throw new Error("the assertion passed");
}

describe("toBeRaceFree", () => {
  test("judges data races: .not passes exactly when one is found", async () => {
    await expect(locked).toBeRaceFree(O);
    await expect(racy).not.toBeRaceFree(O);
    expect(await messageOf(expect(racy).toBeRaceFree(O))).toMatch(/^expect\(program\)\.toBeRaceFree\(options\)\n\nData race on Shared "n"/);
    expect(await messageOf(expect(locked).not.toBeRaceFree(O))).toBe(
      "expect(program).not.toBeRaceFree(options)\n\nExpected a data race, but no execution had one.\n\n" +
        "Explored 50 of 50 schedules · strategy random · seed m",
    );
  });

  test("a panic gives no verdict, so it fails the test in both polarities with its own report", async () => {
    for (const assertion of [expect(panics).toBeRaceFree(O), expect(panics).not.toBeRaceFree(O)]) {
      const message = await messageOf(assertion);
      expect(message).toContain('No verdict on data races: a goroutine panicked first (leave "panic" out of `checks` to look past it).');
      expect(message).toContain('panic: boom (in goroutine 2 "w")');
    }
  });

  test("`checks` changes what is looked for: without deadlock, a deadlocked program is judged on races alone", async () => {
    expect(await messageOf(expect(stuck).toBeRaceFree(O))).toContain("No verdict on data races: an execution deadlocked first");
    await expect(stuckWriting).toBeRaceFree({ ...O, checks: ["race"] });
  });

  test("a program that shares no data gosched sees gives no verdict, in both polarities, and says what to use", async () => {
    let plain = 0;
    const invisible = async (): Promise<number> => {
      go(async () => void plain++);
      plain++;
      await yieldNow();
      return plain;
    };
    for (const assertion of [expect(invisible).toBeRaceFree(O), expect(invisible).not.toBeRaceFree(O), expect(stuck).toBeRaceFree({ ...O, checks: ["race"] })]) {
      const message = await messageOf(assertion);
      expect(message).toContain("toBeRaceFree checked nothing: no execution touched a Shared, SharedMap, atomic or channel");
      expect(message).toContain("toHaveOutcomes or toAlwaysSatisfy");
    }
    // One access, in one execution, is something judged.
    await expect(async () => void (await new Shared(0).read())).toBeRaceFree(O);
  });

  test("the seed is Jest's when neither the test nor GOSCHED_SEED gives one", async () => {
    expect(await messageOf(expect(locked).not.toBeRaceFree({ schedules: 3 }))).toContain(`seed ${jest.getSeed()}`);
  });

  test("a replay token of another program gives no verdict: the schedule does not fit", async () => {
    const other = await messageOf(expect(racy).toBeRaceFree(O));
    const token = /replay: "(gs1[^"]*)"/.exec(other)![1]!;
    for (const assertion of [expect(locked).toBeRaceFree({ replay: token }), expect(locked).not.toBeRaceFree({ replay: token })]) {
      const message = await messageOf(assertion);
      expect(message).toContain("No verdict on data races: the schedule did not fit the program first.");
      expect(message).toContain("Found by replaying the given replay token");
    }
  });
});

describe("toBeDeadlockFree", () => {
  test("judges deadlocks and leaks, not races", async () => {
    await expect(racy).toBeDeadlockFree(O);
    await expect(stuck).not.toBeDeadlockFree(O);
    expect(await messageOf(expect(stuck).toBeDeadlockFree(O))).toContain("All goroutines are asleep - deadlock!");
    expect(await messageOf(expect(locked).not.toBeDeadlockFree(O))).toContain(
      "Expected a deadlock or a leaked goroutine, but no execution had one.",
    );
  });

  test("a race stops it only when `checks` asks for races", async () => {
    const message = await messageOf(expect(racy).not.toBeDeadlockFree({ ...O, checks: ["race", "deadlock"] }));
    expect(message).toContain("No verdict on deadlocks: an execution had a data race first");
  });
});

/** Check-then-act across an await of a plain async method: no gosched operation in between. */
async function hiddenAwait(): Promise<number> {
  const account = { balance: 100, load: async () => account.balance };
  const wg = new WaitGroup();
  for (const name of ["alice", "bob"]) {
    await wg.add(1);
    go(async () => {
      if ((await account.load()) >= 80) account.balance -= 80;
      await wg.done();
    }, name);
  }
  await wg.wait();
  return account.balance;
}

describe("toHaveOutcomes", () => {
  test("a preemption bound is no proof: the lost update's other outcome is found, and nothing says 'proven'", async () => {
    const bounded = { strategy: "dfs" as const, preemptionBound: 0, schedules: 1000, timeBudgetMs: 600_000 };
    const message = await messageOf(expect(racy).toHaveOutcomes([2], bounded));
    expect(message).toContain("An execution returned an outcome that is not expected.\nExpected outcomes: [2]\nReceived outcome:  1");
    await expect(racy).not.toHaveOutcomes([2], bounded);
    const undecided = await messageOf(expect(racy).not.toHaveOutcomes([1, 2], bounded));
    expect(undecided).toContain(
      "No verdict on the outcomes: the exhaustive search (dfs) covered only the schedules with at most 0 preemptions (preemptionBound 0), so no set of outcomes is proven.",
    );
    expect(undecided).toContain('To prove it, raise `preemptionBound` (or leave it out, or use { strategy: "dpor" })');
    expect(undecided).not.toMatch(/Proven complete|every schedule was explored|That is every schedule/);
  });

  test("an await that gosched did not settle is no proof: the message names the goroutine and the transform", async () => {
    for (const assertion of [expect(hiddenAwait).toHaveOutcomes([20], O), expect(hiddenAwait).not.toHaveOutcomes([20], O)]) {
      const message = await messageOf(assertion);
      expect(message).toContain(
        "No verdict on the outcomes: the exhaustive search (dpor) could not see every interleaving. " +
          'Not every interleaving: goroutine 2 "alice" awaited a promise that gosched did not settle (after its start)',
      );
      expect(message).toContain('turn on gosched\'s transform in jest.config: transform: { "^.+\\\\.tsx?$": ["gosched/transform", { transformer: "ts-jest" }] }');
      expect(message).not.toMatch(/Proven/);
    }
  });

  test("compares sets with Jest's equality, ignoring order, duplicates and races", async () => {
    await expect(racy).toHaveOutcomes([2, 1, 2], O);
    await expect(async () => ({ n: await racy() })).toHaveOutcomes([{ n: 1 }, { n: 2 }], O);
    await expect(racy).toHaveOutcomes([expect.any(Number)], O);
    await expect(racy).not.toHaveOutcomes([2], O);
  });

  test("explores every schedule when it can, and says the set is then proven", async () => {
    const message = await messageOf(expect(locked).not.toHaveOutcomes([2], { timeBudgetMs: 600_000 }));
    expect(message).toMatch(/^Proven complete: every schedule was explored\.\nExplored \d+ of 1000 schedules · strategy dpor · seed \S+\nThat is every schedule\.$/m);
  });

  test("uses dpor unless the test names a strategy, and dfs proves the same set", async () => {
    const byDefault = await messageOf(expect(racy).not.toHaveOutcomes([1, 2], { seed: "m", timeBudgetMs: 600_000 }));
    expect(byDefault).toContain("· strategy dpor · seed m\nThat is every schedule.");
    const named = await messageOf(expect(racy).not.toHaveOutcomes([1, 2], { strategy: "dfs", seed: "m", timeBudgetMs: 600_000 }));
    expect(named).toContain("· strategy dfs · seed m\nThat is every schedule.");
  });

  test("says when the set was only sampled", async () => {
    const message = await messageOf(expect(locked).toHaveOutcomes([1, 2], { ...O, strategy: "random", timeBudgetMs: 600_000 }));
    expect(message).toContain("Missing: 1\nThe outcomes were sampled, not proven complete: a missing one may only be rare.");
    expect(message).toContain("Explored 50 of 50 schedules · strategy random · seed m");
  });

  test("an exhaustive search that does not finish gives no verdict, even when every expected outcome was seen", async () => {
    const why =
      "No verdict on the outcomes: the exhaustive search (dpor) reached its budget of 5 schedules before it covered " +
      "every schedule, so no set of outcomes is proven.";
    const widen = 'To prove it, raise `schedules` (or GOSCHED_SCHEDULES); to accept a sampled set instead, name a sampling strategy: { strategy: "random" }.';
    for (const assertion of [expect(racy3).toHaveOutcomes([1, 2, 3], { schedules: 5, seed: "m", timeBudgetMs: 600_000 }), expect(racy3).not.toHaveOutcomes([1, 2, 3], { schedules: 5, seed: "m", timeBudgetMs: 600_000 })]) {
      const message = await messageOf(assertion);
      expect(message).toContain(why);
      expect(message).toContain(widen);
      expect(message).not.toContain("Missing:");
    }
  });

  test("when the exhaustive search does not finish, random exploration follows and the missing outcomes are named", async () => {
    const message = await messageOf(expect(racy3).not.toHaveOutcomes([1, 2, 3, 99], { schedules: 5, seed: "m", timeBudgetMs: 600_000 }));
    expect(message).toContain("reached its budget of 5 schedules before it covered every schedule");
    expect(message).toContain("Missing: 99");
    expect(message).toContain("Explored 10 of 10 schedules · strategy dpor, then random · seed m");
  });

  test("an unexpected outcome settles the verdict even when the exhaustive search could not finish", async () => {
    await expect(racy3).not.toHaveOutcomes([3], { schedules: 5, seed: "m", timeBudgetMs: 600_000 });
    const message = await messageOf(expect(racy3).toHaveOutcomes([3], { schedules: 5, seed: "m", timeBudgetMs: 600_000 }));
    expect(message).toContain("An execution returned an outcome that is not expected.\nExpected outcomes: [3]\nReceived outcome:  2");
  });

  test("a sampling strategy named by the test gives a sampled verdict", async () => {
    await expect(racy3).toHaveOutcomes([1, 2, 3], { strategy: "random", schedules: 300, seed: "m", timeBudgetMs: 600_000 });
  });

  test("an unexpected outcome is reported with the execution that returned it", async () => {
    const message = await messageOf(expect(racy).toHaveOutcomes([2], O));
    expect(message).toContain("An execution returned an outcome that is not expected.\nExpected outcomes: [2]\nReceived outcome:  1");
    expect(message).toContain("◀ then main returns 1");
    expect(message).toMatch(/await expect\(program\)\.toHaveOutcomes\(expected, \{ replay: "gs1[^"]+" \}\)/);
  });

  test("a deadlock gives no verdict", async () => {
    expect(await messageOf(expect(stuck).not.toHaveOutcomes([undefined], O))).toContain("No verdict on the outcomes: an execution deadlocked first");
  });
});

describe("toAlwaysSatisfy", () => {
  test("fails for an outcome for which the predicate returns false, with that outcome", async () => {
    await expect(locked).toAlwaysSatisfy((n) => n === 2, O);
    await expect(racy).not.toAlwaysSatisfy((n) => n === 2, O);
    const message = await messageOf(expect(racy).toAlwaysSatisfy((n) => n === 2, O));
    expect(message).toContain("The predicate returned false for an outcome:\nReceived: 1");
  });

  test("a predicate may assert with expect(): its failure is shown", async () => {
    const message = await messageOf(expect(racy).toAlwaysSatisfy((n) => expect(n).toBe(2), O));
    expect(message).toContain("The predicate threw for an outcome:\nReceived: 1\nThrown:   expect(received).toBe(expected)");
    expect(message).toContain("          Received: 1");
  });

  test(".not fails when the predicate held for every outcome", async () => {
    expect(await messageOf(expect(locked).not.toAlwaysSatisfy((n) => n === 2, O))).toContain(
      "Expected an outcome for which the predicate does not hold, but it held for all of [2].",
    );
  });
});

describe("misuse is a matcher error in both polarities", () => {
  test.each([
    ["the promise of a program, whose rejection is handled", () => expect(racy() as never).toBeRaceFree(), "Matcher error: received value must be a program (an async function), not a promise: did you mean `expect(prog)`?"],
    ["a program that is not a function", () => expect(42 as never).toBeRaceFree(), "Matcher error: received value must be a program (an async function)\n\nReceived has type:  number\nReceived has value: 42"],
    ["expected outcomes that are not a list", () => expect(racy).toHaveOutcomes(2 as never, { timeBudgetMs: 600_000 }), "Matcher error: expected value must be an array of outcomes"],
    ["a predicate that is not a function", () => expect(racy).not.toAlwaysSatisfy("yes" as never), "Matcher error: predicate must be a function"],
    ["a malformed option", () => expect(racy).not.toBeRaceFree({ schedules: -1 }), "Expected `schedules` to be an integer from 1 and up, got `-1` (number)"],
    ["an unknown option", () => expect(racy).toBeRaceFree({ schedule: 3 } as never), "Unknown option `schedule`"],
    ["an invariant given to an outcome matcher", () => expect(racy).toHaveOutcomes([1], { invariant: () => true, timeBudgetMs: 600_000 }), "must not have an `invariant`: toHaveOutcomes judges the outcomes itself"],
    ["checks without the matcher's own kind", () => expect(racy).not.toBeRaceFree({ checks: ["panic"] }), 'Matcher error: checks must include "race" for toBeRaceFree\n\nReceived checks: ["panic"]'],
    ["an async predicate", () => expect(racy).toAlwaysSatisfy((async (n: number) => n === 3) as never, O), "Matcher error: predicate must return true or false synchronously\n\nExpected `predicate` to return true or false synchronously, got an async function: a promise is never false"],
    ["a predicate that returns a promise", () => expect(racy).toAlwaysSatisfy((n) => Promise.resolve(n === 3) as never, O), "Matcher error: predicate must return true or false synchronously\n\nExpected `predicate` to return true or false synchronously, got a promise"],
    ["an async invariant", () => expect(racy).not.toBeRaceFree({ invariant: (async () => false) as never }), "Expected `invariant` to return true or false synchronously, got an async function"],
    ["a replay token that is not one", () => expect(racy).toBeRaceFree({ replay: "gs9.nope" }), "Matcher error: replay is not a replay token"],
  ])("%s", async (_, assertion, text) => {
    const message = await messageOf(assertion());
    expect(message).toMatch(/^expect\(program\)\.(not\.)?to\w+\([\w, ]*\)\n\nMatcher error: /);
    expect(message).toContain(text);
  });
});

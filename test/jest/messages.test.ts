/**
 * What a user sees when a matcher fails: real Jest, in a subprocess, on
 * test/fixtures/failures.spec.ts and passes.spec.ts. One run is shared by the assertions;
 * later runs replay saved failures, pasted replay lines and GOSCHED_REPLAY. The tests run
 * in order on one fixture folder: the saved failures of the first run are the input of
 * the next ones, and the last one edits the program.
 */
import * as fs from "fs";
import * as path from "path";
import { fixtureDir, pasteInto, replayLineOf, runJest, type JestRun } from "./run-fixtures";

jest.setTimeout(120_000);

let dir: string;
let first: JestRun;

beforeAll(async () => {
  dir = fixtureDir("messages", ["failures.spec.ts", "passes.spec.ts"]);
  first = await runJest(dir, [], { GOSCHED_SEED: "1" });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The message without its hint and provenance lines, which name how it was reached. */
function body(message: string): string {
  return message
    .split("\n")
    .slice(1)
    .filter((l) => !l.startsWith("Found ") && !l.startsWith("Minimised from "))
    .join("\n");
}

const withReplay = (): [string, string][] => [...first.messages].filter(([, m]) => m.includes('{ replay: "gs1'));

test("each failing matcher prints its hint, details, provenance, schedule and replay line", () => {
  expect(Object.fromEntries(first.messages)).toMatchSnapshot();
});

test("Jest exits with 1; the failing tests fail and every passing assertion passes, in both polarities", () => {
  expect(first.code).toBe(1);
  expect([...first.statuses].filter(([, s]) => s === "passed").map(([n]) => n)).toEqual([
    "a racy counter has a race, both outcomes, and no deadlock",
    "a locked counter is race-free and always 2",
    "a lock-order inversion deadlocks, and races are judged without deadlocks",
    "a leak is caught by toBeDeadlockFree unless leaks are left out",
  ]);
  expect(first.messages.size).toBe(10);
});

test("the terminal output shows the same report, coloured for a terminal", () => {
  const race = first.messages.get("a data race")!;
  for (const line of race.split("\n").filter((l) => l.trim() !== "")) expect(first.stderr).toContain(line.trim());
});

test("failing tokens are saved next to the test file, keyed by test and matcher call; passing tests save nothing", () => {
  const store = JSON.parse(fs.readFileSync(path.join(dir, "__gosched__/failures.spec.ts.json"), "utf8"));
  expect(Object.keys(store.failures)).toEqual([
    "a data race › toBeRaceFree 1",
    "a deadlock › toBeDeadlockFree 1",
    "a leaked goroutine › toBeDeadlockFree 1",
    "a panic stops the judgement in both polarities › not.toBeRaceFree 1",
    "a predicate that does not always hold › toAlwaysSatisfy 1",
    "an unexpected outcome › toHaveOutcomes 1",
  ]);
  expect(store.failures["a data race › toBeRaceFree 1"][0].replay).toBe(replayLineOf(first.messages.get("a data race")!).match(/"(gs1[^"]*)"/)![1]);
  const saved = fs.readdirSync(path.join(dir, "__gosched__"));
  expect(saved.filter((f) => !f.endsWith(".html"))).toEqual(["failures.spec.ts.json"]);
  // One timeline page per failing matcher call, named after it.
  expect(saved.filter((f) => f.endsWith(".html")).map((f) => f.replace(/-[0-9a-f]{8}\.html$/, ""))).toEqual([
    "failures.spec.ts.a-data-race-toBeRaceFree-1",
    "failures.spec.ts.a-deadlock-toBeDeadlockFree-1",
    "failures.spec.ts.a-leaked-goroutine-toBeDeadlockFree-1",
    "failures.spec.ts.a-panic-stops-the-judgement-in-both-polarities-not.toBeRaceF",
    "failures.spec.ts.a-predicate-that-does-not-always-hold-toAlwaysSatisfy-1",
    "failures.spec.ts.an-unexpected-outcome-toHaveOutcomes-1",
  ]);
});

test("the next run, with another seed, replays the saved failures first and reports the identical failures", async () => {
  const second = await runJest(dir, [], { GOSCHED_SEED: "2" });
  expect(second.code).toBe(1);
  for (const [name, message] of withReplay()) {
    const again = second.messages.get(name)!;
    expect(again).toContain("Found by replaying a failure saved in __gosched__/failures.spec.ts.json · strategy replay · seed 2");
    expect(body(again)).toBe(body(message));
  }
});

test("pasting a printed replay line in place of the assertion reproduces the identical failure", async () => {
  const replayDir = fixtureDir("pasted-replay", ["failures.spec.ts"]);
  try {
    const spec = path.join(replayDir, "failures.spec.ts");
    for (const [name, message] of withReplay()) pasteInto(spec, name, replayLineOf(message));
    const replayed = await runJest(replayDir, [], { GOSCHED_SEED: "3" });
    for (const [name, message] of withReplay()) {
      const again = replayed.messages.get(name)!;
      expect(again).toContain("Found by replaying the given replay token · strategy replay · seed 3");
      expect(body(again)).toBe(body(message));
    }
  } finally {
    fs.rmSync(replayDir, { recursive: true, force: true });
  }
});

test("GOSCHED_REPLAY replays one test's failure without editing the test", async () => {
  const message = first.messages.get("a deadlock")!;
  const token = /"(gs1[^"]*)"/.exec(replayLineOf(message))![1]!;
  const run = await runJest(dir, ["-t", "^a deadlock$"], { GOSCHED_REPLAY: token });
  expect(run.statuses.get("a deadlock")).toBe("failed");
  expect(run.messages.get("a deadlock")).toContain("Found by replaying the given replay token");
  expect(body(run.messages.get("a deadlock")!)).toBe(body(message));
});

test("a saved token that no longer fits the changed program is dropped, and a new failure is saved", async () => {
  const programs = path.join(dir, "programs.ts");
  const source = fs.readFileSync(programs, "utf8");
  const changed = source.replace(
    "const n = new Shared(0, \"n\");\n  const wg",
    "const n = new Shared(0, \"n\");\n  await yieldNow();\n  const wg",
  );
  expect(changed).not.toBe(source);
  fs.writeFileSync(programs, changed);
  const storeFile = path.join(dir, "__gosched__/failures.spec.ts.json");
  const before = JSON.parse(fs.readFileSync(storeFile, "utf8")).failures["a data race › toBeRaceFree 1"];

  const run = await runJest(dir, ["-t", "^a data race$"], { GOSCHED_SEED: "1" });

  expect(run.messages.get("a data race")).toMatch(/^Found in execution \d+ of 1000 · strategy random · seed 1$/m);
  const after = JSON.parse(fs.readFileSync(storeFile, "utf8")).failures["a data race › toBeRaceFree 1"];
  expect(after).toHaveLength(1);
  expect(after[0].replay).not.toBe(before[0].replay);
  expect(run.messages.get("a data race")).toContain(after[0].replay);
});

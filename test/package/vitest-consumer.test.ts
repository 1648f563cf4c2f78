/**
 * The packed tarball in a Vitest project: `import "gosched/vitest"` registers the
 * matchers, typed on Vitest's `expect`; a failing matcher prints its message with the
 * user's file:line, Vitest's seed and a replay line, and saves its token in `__gosched__/`
 * for the next run, as under Jest. `import "gosched/jest"` under Vitest says what to import.
 */
import * as fs from "fs";
import * as path from "path";
import { consumerTest, makeConsumer, packTarball, resultsOf, runNode, scratch, writeFiles, type Ran, type TestResult } from "./consumer";

jest.setTimeout(600_000);

const TEST = `import { expect, test } from "vitest";
import { go, Shared, WaitGroup } from "gosched";
import "gosched/vitest";

` + consumerTest("");

const WRONG = `import { test } from "vitest";
import "gosched/jest";

test("never runs", () => {});
`;

const TSCONFIG = {
  compilerOptions: { target: "ES2022", module: "preserve", moduleResolution: "bundler", strict: true, skipLibCheck: false, noEmit: true },
  include: ["gosched.test.ts"],
};

let dir: string;
let root: string;
let first: Ran;
let results: TestResult[];

/** Vitest on the consumer, with a fixed seed; results as JSON. */
async function vitest(): Promise<{ run: Ran; results: TestResult[] }> {
  const out = path.join(root, "results.json");
  fs.rmSync(out, { force: true });
  const run = await runNode(root, "node_modules/vitest/vitest.mjs", ["run", "--reporter=json", `--outputFile=${out}`, "--sequence.seed=4242"]);
  if (!fs.existsSync(out)) throw new Error(`Vitest wrote no results:\n${run.output}`);
  return { run, results: resultsOf(out, root) };
}

beforeAll(async () => {
  dir = scratch("vitest-consumer");
  const { unpacked } = packTarball(path.join(dir, "pack"));
  root = path.join(dir, "consumer");
  makeConsumer(root, unpacked, { vitest: "vitest", "@types/node": "@types/node" });
  writeFiles(root, {
    "gosched.test.ts": TEST,
    "wrong-import.test.ts": WRONG,
    "tsconfig.json": JSON.stringify(TSCONFIG),
    // Explorations end by their schedule budget (runNode sets the time budget), so the timeout must not cut them.
    "vitest.config.mjs": 'export default { test: { include: ["*.test.ts"], globalSetup: ["gosched/vitest"], testTimeout: 600000 } };\n',
  });
  ({ run: first, results } = await vitest());
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const failing = (rs: TestResult[]): string => rs.find((r) => r.name === "a failing matcher reports")!.message;

test("tsc type-checks the matchers on Vitest's expect, without skipLibCheck", async () => {
  const r = await runNode(root, "node_modules/typescript/bin/tsc", ["-p", "."]);
  expect(r.output.trim()).toBe("");
  expect(r.code).toBe(0);
});

test("the matchers run under Vitest", () => {
  const mine = results.filter((r) => r.file === "gosched.test.ts");
  expect(mine.map((r) => [r.name, r.status])).toEqual([
    ["the matchers run", "passed"],
    ["the matchers are typed by the program", "passed"],
    ["a failing matcher reports", "failed"],
  ]);
  expect(first.code).toBe(1);
});

test("a failing matcher prints the Jest-style message with the user's line, Vitest's seed and a replay line", () => {
  const message = failing(results);
  expect(message.split("\n")[0]).toBe("expect(program).toHaveOutcomes(expected, options)");
  // Values as Vitest prints them (its own pretty-format settings).
  expect(message).toMatch(/\nExpected outcomes: Array \[\n  2,\n\]\nReceived outcome:  1\n/);
  expect(message).toMatch(/Found in execution \d+ of 1000 · strategy random · seed 4242/);
  expect(message).toMatch(/  gosched\.test\.ts:11:30\n/);
  expect(message).toMatch(/await expect\(program\)\.toHaveOutcomes\(expected, \{ replay: "gs1[^"]+" \}\)/);
  expect(message).toContain("Saved in __gosched__/gosched.test.ts.json: the next run tries it first.");
});

test("the failure is saved beside the test, and the next run replays it first", async () => {
  const store = JSON.parse(fs.readFileSync(path.join(root, "__gosched__/gosched.test.ts.json"), "utf8")) as { failures: Record<string, unknown[]> };
  expect(Object.keys(store.failures)).toEqual(["a failing matcher reports › toHaveOutcomes 1"]);
  const second = await vitest();
  expect(failing(second.results)).toContain("Found by replaying a failure saved in __gosched__/gosched.test.ts.json · strategy replay · seed 4242");
});

test('gosched/jest under Vitest fails the file, saying to import "gosched/vitest"', () => {
  const wrong = results.filter((r) => r.file === "wrong-import.test.ts");
  expect(wrong.map((r) => r.status)).toEqual(["failed"]);
  expect(wrong[0]!.message).toContain('gosched/jest is for Jest; under Vitest, import "gosched/vitest"');
});

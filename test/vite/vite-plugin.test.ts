/**
 * gosched/vite: the controlled-awaits transform as a Vite plugin. One real Vitest run with
 * two projects over the same plain async test file: with the plugin, the lost update is
 * proven (both outcomes) and a deadlock names the user's .ts line; without it, the result
 * is not a proof (a hidden await). Then what the plugin leaves alone and what it refuses.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import gosched, { instrumented } from "../../src/vite";

jest.setTimeout(600_000);

const REPO = path.resolve(__dirname, "../..");
const VITEST = path.join(REPO, "node_modules/vitest/vitest.mjs");

const PLAIN = `import { expect, test } from "vitest";
import { go, WaitGroup } from "gosched";
import "gosched/vitest";

function fakeStore() {
  const data = new Map<string, number>();
  return {
    async get(key: string): Promise<number> {
      await null;
      return data.get(key) ?? 0;
    },
    async set(key: string, value: number): Promise<void> {
      await null;
      data.set(key, value);
    },
  };
}

async function addPoints(store: ReturnType<typeof fakeStore>, user: string, n: number): Promise<void> {
  const current = await store.get(user);
  await store.set(user, current + n);
}

async function lostUpdate(): Promise<number> {
  const store = fakeStore();
  const wg = new WaitGroup();
  await wg.add(2);
  for (const n of [10, 15]) {
    go(async () => {
      await addPoints(store, "ann", n);
      await wg.done();
    }, "add");
  }
  await wg.wait();
  return store.get("ann");
}

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
    const r2 = await second(); // LINE
    r2();
    r1();
  }
  await Promise.all([transfer(a, b), transfer(b, a)]);
  return "done";
}

const FULL = { strategy: "dfs", schedules: 10000, timeBudgetMs: 600000 } as const;

test("lost update", async () => {
  await expect(lostUpdate).toHaveOutcomes([10, 15, 25], FULL);
});

test("deadlock", async () => {
  await expect(oppositeOrders).toBeDeadlockFree(FULL);
});
`;

const CONFIG = (plugin: string, root: string) => `import * as path from "node:path";
import gosched from ${JSON.stringify(plugin)};

const src = ${JSON.stringify(path.join(REPO, "src"))};
const resolve = {
  alias: [
    { find: /^gosched$/, replacement: path.join(src, "index.ts") },
    { find: /^gosched\\/vitest$/, replacement: path.join(src, "vitest.ts") },
    { find: /^gosched\\/_runtime$/, replacement: path.join(src, "transform/runtime.ts") },
  ],
};
const test = (name) => ({
  name,
  root: ${JSON.stringify(REPO)},
  include: [${JSON.stringify(root)} + "/" + name + "/*.test.ts"],
  env: { GOSCHED_TIME_BUDGET_MS: "600000", GOSCHED_SAVE_FAILURES: "0" },
  testTimeout: 600000,
});

export default {
  test: {
    projects: [
      { resolve, plugins: [gosched()], test: test("with") },
      { resolve, test: test("without") },
    ],
  },
};
`;

interface Assertion {
  readonly title: string;
  readonly status: string;
  readonly failureMessages: string[];
}

interface Outcome {
  readonly with: Map<string, Assertion>;
  readonly without: Map<string, Assertion>;
}

let dir: string;
let outcome: Outcome;

beforeAll(async () => {
  // Inside the repository, for Node to find vitest; outside test/, where Jest and its fixture copies look.
  dir = fs.mkdtempSync(path.join(REPO, ".vite-plugin-test-"));
  for (const project of ["with", "without"]) {
    fs.mkdirSync(path.join(dir, project));
    fs.writeFileSync(path.join(dir, project, "plain.test.ts"), PLAIN);
  }
  fs.writeFileSync(path.join(dir, "vitest.config.mjs"), CONFIG(path.join(REPO, "src/vite.ts"), path.relative(REPO, dir)));
  outcome = await runVitest(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Report {
  readonly testResults: { readonly name: string; readonly message: string; readonly assertionResults: Assertion[] }[];
}

/** One Vitest run of both projects; the assertions of each, by title. */
function runVitest(cwd: string): Promise<Outcome> {
  const out = path.join(cwd, "results.json");
  const args = [VITEST, "run", "--config", path.join(cwd, "vitest.config.mjs"), "--reporter=json", `--outputFile=${out}`];
  const env = { ...process.env, CI: "", NODE_OPTIONS: "", NO_COLOR: "1", VITE_CONFIG_NATIVE_IGNORE_WARNING: "true" };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, env, maxBuffer: 16 << 20 }, (_e, stdout, stderr) => {
      if (!fs.existsSync(out)) return reject(new Error(`Vitest wrote no results:\n${stdout}\n${stderr}`));
      const report = JSON.parse(fs.readFileSync(out, "utf8")) as Report;
      const of = (project: string): Map<string, Assertion> => {
        const file = report.testResults.find((r) => r.name === path.join(cwd, project, "plain.test.ts"));
        if (file === undefined || file.assertionResults.length === 0) throw new Error(`No results for ${project}: ${file?.message ?? stderr}`);
        return new Map(file.assertionResults.map((a) => [a.title, a]));
      };
      resolve({ with: of("with"), without: of("without") });
    });
  });
}

const strip = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, "");
const LINE = PLAIN.split("\n").findIndex((l) => l.includes("// LINE")) + 1;

test("with the plugin, Vitest proves both outcomes of the lost update", () => {
  const lost = outcome.with.get("lost update")!;
  expect(lost.failureMessages.map(strip)).toEqual([]);
  expect(lost.status).toBe("passed");
});

test("with the plugin, a failure names the line of the user's .ts file", () => {
  const message = strip(outcome.with.get("deadlock")!.failureMessages.join("\n"));
  expect(message).toContain("All goroutines are asleep - deadlock!");
  expect(message).toMatch(new RegExp(`goroutine 2 "transfer" .*plain\\.test\\.ts:${LINE}:\\d+`));
});

test("without the plugin, the same program's result is not a proof: a hidden await", () => {
  const message = strip(outcome.without.get("lost update")!.failureMessages.join("\n"));
  expect(message).toContain("No verdict on the outcomes");
  expect(message).toMatch(/goroutine \d+ "add" awaited a promise that gosched did not settle/);
  expect(message).toContain("So no set of outcomes is proven.");
});

test("gosched itself, node_modules, virtual modules and non-scripts are left alone", () => {
  const plugin = gosched();
  expect(plugin.enforce).toBe("post");
  expect(instrumented(path.join(REPO, "src/runtime/execution.ts"))).toBe(false);
  expect(instrumented(path.join(REPO, "node_modules/p-queue/dist/index.js"))).toBe(false);
  expect(instrumented(path.join(REPO, "test/x.ts"))).toBe(true);
  expect(plugin.transform("async function f() { await null }", "\0virtual:x")).toBeNull();
  expect(plugin.transform("a { color: red }", path.join(REPO, "test/x.css"))).toBeNull();
  expect(plugin.transform("async function f() { await null }", path.join(REPO, "src/x.ts"))).toBeNull();
});

test("the plugin instruments project scripts, with a source map of its step", () => {
  const out = gosched().transform("export async function f() { await null; return 1 }\n", path.join(REPO, "test/x.ts?v=1"))!;
  expect(out.code).toContain('from "gosched/_runtime"');
  expect(out.code).toContain('__gosched.task("f"');
  expect(out.map).toMatchObject({ version: 3, sources: [expect.stringContaining("x.ts")] });
});

test("downlevelled async is refused, saying what to change", () => {
  const file = path.join(REPO, "test/transform/plain/basics.test.ts");
  const lowered = "function f() { return __awaiter(this, void 0, void 0, function* () { yield null; }); }";
  expect(() => gosched().transform(lowered, file)).toThrow(/vite turned the async functions of .*basics\.test\.ts into generator helpers.*es2017/);
});

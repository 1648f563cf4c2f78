/**
 * The packed tarball in a TypeScript project under Jest 29 and Jest 30 (each with its own
 * @types/jest), with ts-jest, in every common module resolution: node10 (ts-jest's
 * default without a tsconfig), node16, nodenext, bundler, and the matchers registered by
 * `setupFilesAfterEnv` instead of an import. Each setup is type-checked by tsc without
 * skipLibCheck and without @types/node, then run by Jest, once per Jest version (one Jest
 * project per setup). ts-jest type-checks as well only where it has no tsconfig (the
 * reported case: its defaults); elsewhere it only transpiles, since tsc checked already.
 */
import * as fs from "fs";
import * as path from "path";
import { consumerTest, makeConsumer, packTarball, resultsOf, runNode, scratch, writeFiles, type Ran, type TestResult } from "./consumer";

jest.setTimeout(600_000);

const TEST = (register: boolean): string =>
  `import { go, Shared, WaitGroup } from "gosched";\n${register ? 'import "gosched/jest";\n' : ""}\n` + consumerTest(", seed: 1");

const base = { target: "ES2022", strict: true, esModuleInterop: true, skipLibCheck: false, noEmit: true };

/** Each setup: its tsconfig (none: ts-jest's defaults) and whether the test file imports gosched/jest. */
const SETUPS: Record<string, { tsconfig?: object; register: boolean; setupFile?: boolean }> = {
  default: { register: true },
  node10: { tsconfig: { ...base, module: "commonjs", moduleResolution: "node10" }, register: true },
  node16: { tsconfig: { ...base, module: "node16", moduleResolution: "node16" }, register: true },
  nodenext: { tsconfig: { ...base, module: "nodenext", moduleResolution: "nodenext" }, register: true },
  bundler: { tsconfig: { ...base, module: "preserve", moduleResolution: "bundler" }, register: true },
  "setup-file": { tsconfig: { ...base, module: "commonjs", types: ["jest", "gosched/jest"] }, register: false, setupFile: true },
};

const JEST_CONFIG = `const path = require("path");
const setups = ${JSON.stringify(Object.fromEntries(Object.entries(SETUPS).map(([k, v]) => [k, { tsconfig: v.tsconfig !== undefined, setupFile: v.setupFile === true }])))};
module.exports = {
  // Explorations end by their schedule budget (the time budget is raised), so the timeout must not cut them.
  testTimeout: 600000,
  projects: Object.entries(setups).map(([name, s]) => ({
    displayName: name,
    rootDir: path.join(__dirname, name),
    testEnvironment: "node",
    transform: { "^.+\\\\.ts$": ["ts-jest", s.tsconfig ? { tsconfig: path.join(__dirname, name, "tsconfig.json"), isolatedModules: true } : {}] },
    setupFilesAfterEnv: s.setupFile ? ["gosched/jest"] : [],
  })),
};
`;

let dir: string;
let unpacked: string;

beforeAll(() => {
  dir = scratch("jest-consumer");
  ({ unpacked } = packTarball(path.join(dir, "pack")));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A consumer of one Jest version with every setup as a folder (and Jest project) of its own. */
function consumer(version: 29 | 30): string {
  const root = path.join(dir, `jest${version}`);
  const jestDir = version === 29 ? "jest29" : "jest";
  makeConsumer(root, unpacked, {
    jest: jestDir,
    "ts-jest": "ts-jest",
    expect: version === 29 ? "jest29/node_modules/expect" : "expect",
    "@jest/globals": version === 29 ? "jest29/node_modules/@jest/globals" : "@jest/globals",
    "@types/jest": version === 29 ? "@types/jest29" : "@types/jest",
  });
  const files: Record<string, string> = { "jest.config.js": JEST_CONFIG };
  for (const [name, s] of Object.entries(SETUPS)) {
    files[`${name}/gosched.test.ts`] = TEST(s.register);
    if (s.tsconfig !== undefined) files[`${name}/tsconfig.json`] = JSON.stringify({ compilerOptions: s.tsconfig, include: ["*.ts"] });
  }
  writeFiles(root, files);
  return root;
}

/** tsc on one setup: its tsconfig, or the compiler's defaults (node10, commonjs) for `default`. */
function typecheck(root: string, name: string): Promise<Ran> {
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  const args = SETUPS[name]!.tsconfig === undefined ? ["--noEmit", "--strict", "--target", "ES2022", "--module", "commonjs", `${name}/gosched.test.ts`] : ["-p", name];
  return runNode(root, tsc, args);
}

describe("the tarball", () => {
  test("ships the MIT license", () => {
    expect(fs.readFileSync(path.join(unpacked, "LICENSE"), "utf8")).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the gosched authors\n/);
  });

  test("no shipped file refers to documents that are not shipped", () => {
    const files = fs.readdirSync(unpacked, { recursive: true, encoding: "utf8" }).filter((f) => fs.statSync(path.join(unpacked, f)).isFile());
    expect(files.filter((f) => /DESIGN\.md|STYLE\.md/.test(fs.readFileSync(path.join(unpacked, f), "utf8")))).toEqual([]);
  });

  test("every source map carries its sources, so stack traces never point at files that are not shipped", () => {
    const maps = fs.readdirSync(path.join(unpacked, "dist"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(50);
    for (const map of maps) {
      const json = JSON.parse(fs.readFileSync(path.join(unpacked, "dist", map), "utf8")) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect([map, json.sourcesContent?.length]).toEqual([map, json.sources.length]);
      expect(json.sourcesContent!.every((c) => typeof c === "string" && c.length > 0)).toBe(true);
    }
  });
});

describe.each([29, 30] as const)("Jest %i", (version) => {
  let root: string;
  let run: Ran;
  let results: TestResult[];

  beforeAll(async () => {
    root = consumer(version);
    const out = path.join(root, "results.json");
    run = await runNode(root, "node_modules/jest/bin/jest.js", ["--ci", "--json", `--outputFile=${out}`], { GOSCHED_SAVE_FAILURES: "0" });
    if (!fs.existsSync(out)) throw new Error(`Jest wrote no results:\n${run.output}`);
    results = resultsOf(out, root);
  });

  test("it is the Jest version asked for", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "node_modules/jest/package.json"), "utf8")) as { version: string };
    expect(pkg.version.split(".")[0]).toBe(String(version));
  });

  test.each(Object.keys(SETUPS))("%s: tsc type-checks the test without @types/node or skipLibCheck", async (name) => {
    const r = await typecheck(root, name);
    expect(r.output.trim()).toBe("");
    expect(r.code).toBe(0);
  });

  test.each(Object.keys(SETUPS))("%s: the matchers run and type-check under ts-jest", (name) => {
    const mine = results.filter((r) => r.file === path.join(name, "gosched.test.ts"));
    expect(mine.map((r) => [r.name, r.status, r.status === "passed" ? "" : r.message.split("\n")[0]])).toEqual([
      ["the matchers run", "passed", ""],
      ["the matchers are typed by the program", "passed", ""],
      ["a failing matcher reports", "failed", "expect(program).toHaveOutcomes(expected, options)"],
    ]);
  });

  test.each(Object.keys(SETUPS))("%s: a failing matcher prints Jest's message, the user's line and the replay line (pretty-format 30 beside Jest's)", (name) => {
    const message = results.find((r) => r.file === path.join(name, "gosched.test.ts") && r.name === "a failing matcher reports")!.message;
    expect(message).toMatch(/Expected outcomes: \[2\]\nReceived outcome:  1/);
    expect(message).toMatch(new RegExp(`${name}/gosched\\.test\\.ts:\\d+:\\d+`));
    expect(message).toMatch(/await expect\(program\)\.toHaveOutcomes\(expected, \{ replay: "gs1[^"]+" \}\)/);
  });
});

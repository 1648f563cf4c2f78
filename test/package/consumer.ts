/**
 * Consumer projects made from the packed tarball, as a user's project would be: the
 * tarball unpacked into `node_modules/gosched`, and the test tools (Jest 29 or 30,
 * ts-jest, TypeScript, Vitest) linked from this repository's node_modules, where
 * `npm ci` installed them (Jest 29 as the `jest29` alias), so no run downloads anything.
 * Nothing of the repository is visible from a consumer otherwise: it lives in the
 * system's temporary folder, whose ancestors hold no node_modules.
 */
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO = path.resolve(__dirname, "../..");
const NM = path.join(REPO, "node_modules");

/** `npm pack` (which builds dist/) into a fresh folder, unpacked there as `package/`. */
export function packTarball(into: string): { tarball: string; unpacked: string } {
  fs.mkdirSync(into, { recursive: true });
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const out = execFileSync(npm, ["pack", "--silent", "--pack-destination", into], { cwd: REPO, encoding: "utf8" });
  const tarball = path.join(into, out.trim().split("\n").pop()!);
  execFileSync("tar", ["-xzf", tarball, "-C", into]);
  return { tarball, unpacked: path.join(into, "package") };
}

/** A fresh consumer folder with gosched copied from the unpacked tarball and `links` (name → path in the repo's node_modules). */
export function makeConsumer(dir: string, unpacked: string, links: Record<string, string>): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "node_modules", "@types"), { recursive: true });
  fs.cpSync(unpacked, path.join(dir, "node_modules", "gosched"), { recursive: true });
  // gosched's own dependencies, as npm would install them beside it (linked: their own
  // dependencies then resolve from the repository's node_modules, where their real paths are).
  const deps = Object.keys((JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies);
  const all: Record<string, string> = { ...Object.fromEntries(deps.map((d) => [d, d])), typescript: "typescript", ...links };
  for (const [name, target] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, "node_modules", name)), { recursive: true });
    fs.symlinkSync(path.join(NM, target), path.join(dir, "node_modules", name), "dir");
  }
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true }));
}

/** Write `files` (relative path → text) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

export interface Ran {
  readonly code: number;
  readonly output: string;
}

/** Run `node <script> …args` in `cwd`, with no GOSCHED_*, JEST_* or VITEST* variables of ours. */
export function runNode(cwd: string, script: string, args: readonly string[], env: Record<string, string> = {}): Promise<Ran> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // CI too: a consumer is a developer's project, whose runner saves failures (CI runs set it).
    if (!/^(GOSCHED_|JEST_|VITEST)/.test(k) && k !== "NODE_OPTIONS" && k !== "NODE_ENV" && k !== "CI") clean[k] = v;
  }
  const options = { cwd, env: { ...clean, GOSCHED_TIME_BUDGET_MS: "600000", ...env }, maxBuffer: 32 << 20 };
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], options, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, output: `${stdout}\n${stderr}` });
    });
  });
}

/** A temporary folder for one test file's consumers. */
export function scratch(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `gosched-${name}-`));
}

/** One test's result, from Jest's or Vitest's `--json` output. */
export interface TestResult {
  /** The test file, relative to the consumer. */
  readonly file: string;
  readonly name: string;
  readonly status: string;
  readonly message: string;
}

/** Every test's result; a file that failed to run gives one result named `(file)` with its message. */
export function resultsOf(jsonFile: string, root: string): TestResult[] {
  const json = JSON.parse(fs.readFileSync(jsonFile, "utf8")) as {
    testResults: { name: string; message?: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
  };
  return json.testResults.flatMap((f) => {
    const file = path.relative(root, f.name);
    if (f.assertionResults.length === 0) return [{ file, name: "(file)", status: "failed", message: stripAnsi(f.message ?? "") }];
    return f.assertionResults.map((t) => ({ file, name: t.fullName, status: t.status, message: stripAnsi(t.failureMessages.join("\n")).replace(/^Error: /, "") }));
  });
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
}

/**
 * The body of a consumer's test file (after its imports of gosched and the runner): the
 * matchers on a racy program, their types, and one failing matcher (`failingSeed`: its
 * options after `strategy`, such as `, seed: 1`).
 */
export function consumerTest(failingSeed: string): string {
  return `async function racy(): Promise<number> {
  const n = new Shared(0, "n");
  const wg = new WaitGroup();
  for (const name of ["left", "right"]) {
    await wg.add(1);
    go(async () => {
      await n.write((await n.read()) + 1);
      await wg.done();
    }, name);
  }
  await wg.wait();
  return n.peek();
}

async function boom(): Promise<void> {
  throw new Error("boom");
}

test("the matchers run", async () => {
  await expect(racy).not.toBeRaceFree();
  await expect(racy).toHaveOutcomes([1, 2]);
  await expect(racy).toAlwaysSatisfy((n) => n >= 1);
  await expect(racy).toBeDeadlockFree();
  await expect(boom).toPanic("boom");
  await expect(racy).not.toPanic();
  await expect(expect(racy() as never).toBeRaceFree()).rejects.toThrow("did you mean \`expect(prog)\`?");
});

test("the matchers are typed by the program", () => {
  // @ts-expect-error the outcomes of racy are numbers
  const wrong = () => expect(racy).toHaveOutcomes(["1"]);
  // @ts-expect-error expect() takes the program, not the promise of calling it
  const promised = () => expect(racy()).toBeRaceFree();
  expect([wrong, promised]).toHaveLength(2);
});

test("a failing matcher reports", async () => {
  await expect(racy).toHaveOutcomes([2], { strategy: "random"${failingSeed} });
});
`;
}

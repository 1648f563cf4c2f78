/**
 * Runs real Jest in a subprocess on the fixture specs of test/fixtures, from a temporary
 * copy of that folder (so saved failures and edited specs never touch the repository),
 * and returns what a user would see.
 */
import { execFile } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "../..");
const FIXTURES = path.join(REPO, "test/fixtures");
const JEST = path.join(REPO, "node_modules/jest/bin/jest.js");
/** Tells checkouts apart, so that two of them testing on one machine never share a fixture folder. */
const CHECKOUT = createHash("sha256").update(REPO).digest("hex").slice(0, 8);

export interface JestRun {
  readonly code: number;
  /** Jest's human output (it writes it to stderr), colours stripped. */
  readonly stderr: string;
  /** Each test's failure message by test name, colours and stack frames stripped. */
  readonly messages: ReadonlyMap<string, string>;
  /** Each test's status by test name. */
  readonly statuses: ReadonlyMap<string, string>;
}

/**
 * A fresh copy of the fixtures in a temporary folder named `name`; `only` limits it to
 * some spec files. The path is the same from run to run of one checkout, so Jest's
 * transform cache (keyed by the config, which names the folder) keeps working between runs.
 */
export function fixtureDir(name: string, only?: readonly string[]): string {
  const dir = path.join(os.tmpdir(), "gosched-fixtures", `${name}-${CHECKOUT}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const file of fs.readdirSync(FIXTURES)) {
    if (file.endsWith(".spec.ts") && only !== undefined && !only.includes(file)) continue;
    fs.copyFileSync(path.join(FIXTURES, file), path.join(dir, file));
  }
  return dir;
}

/**
 * Run Jest in `dir` with `args` (`--ci=false` unless they say `--ci`, so that failures are
 * saved as on a developer's machine, whatever CI runs this); the environment has no GOSCHED_* but those given, and a
 * time budget so large that on a slow machine explorations still end by their schedule
 * budget, and messages stay the same.
 */
export function runJest(dir: string, args: readonly string[], env: Record<string, string> = {}): Promise<JestRun> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // CI too: a fixture run is not under --ci unless its test asks (CI runs of this suite set it).
    if (!k.startsWith("GOSCHED_") && !k.startsWith("JEST_") && k !== "NODE_OPTIONS" && k !== "CI") clean[k] = v;
  }
  const out = path.join(dir, `results-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const argv = [JEST, "--config", path.join(dir, "jest.config.js"), "--json", `--outputFile=${out}`, ...(args.includes("--ci") ? [] : ["--ci=false"]), ...args];
  const options = { cwd: dir, env: { ...clean, GOSCHED_TIME_BUDGET_MS: "600000", ...env, GOSCHED_REPO: REPO, FORCE_COLOR: "1" }, maxBuffer: 16 << 20 };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv, options, (error, _stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      let json: JsonResults;
      try {
        json = JSON.parse(fs.readFileSync(out, "utf8")) as JsonResults;
        fs.rmSync(out);
      } catch {
        return reject(new Error(`Jest wrote no results (exit ${code}):\n${stripAnsi(stderr)}`));
      }
      resolve({ code, stderr: stripAnsi(stderr), ...collect(json) });
    });
  });
}

interface JsonResults {
  testResults: { assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

function collect(json: JsonResults): Pick<JestRun, "messages" | "statuses"> {
  const messages = new Map<string, string>();
  const statuses = new Map<string, string>();
  for (const file of json.testResults) {
    for (const t of file.assertionResults) {
      statuses.set(t.fullName, t.status);
      if (t.failureMessages.length > 0) messages.set(t.fullName, cleanMessage(t.failureMessages.join("\n")));
    }
  }
  return { messages, statuses };
}

/** The message as the matcher wrote it: no colours, no `Error: ` prefix, no stack frames. */
export function cleanMessage(raw: string): string {
  const lines = stripAnsi(raw).split("\n");
  const firstFrame = lines.findIndex((l) => /^\s+at /.test(l));
  const kept = firstFrame < 0 ? lines : lines.slice(0, firstFrame);
  return kept.join("\n").replace(/^Error: /, "").trimEnd();
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
}

/** The replay line a message prints. */
export function replayLineOf(message: string): string {
  const m = /^\s+(await expect\(program\).*\{ replay: "gs1[^"]*".*\))$/m.exec(message);
  if (m === null) throw new Error(`no replay line in:\n${message}`);
  return m[1]!;
}

/** Replace the `// assertion` line of test `name` in `file` with `line`. */
export function pasteInto(file: string, name: string, line: string): void {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const start = lines.findIndex((l) => l.startsWith(`test(${JSON.stringify(name)}`));
  const at = lines.findIndex((l, i) => i > start && l.endsWith("// assertion"));
  if (start < 0 || at < 0) throw new Error(`no assertion line for test "${name}"`);
  lines[at] = `  ${line}; // assertion`;
  fs.writeFileSync(file, lines.join("\n"));
}

/**
 * The README is executable documentation too: every ```ts snippet in it
 * is copied from the example file named on its first line (`// examples/x.test.ts`), and
 * this test fails when they drift apart. A snippet may leave out parts of the file with a
 * `// …` line; each part must appear in the file as a run of consecutive lines, in order.
 * Lines are compared without their indentation, blank lines are ignored, and the package
 * names a user writes ("gosched", "gosched/jest") stand for the examples' "../src" and
 * "../src/jest".
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const ELISION = /^\/\/ (…|\.\.\.)$/;

/** The README's ```ts blocks, each with the example file its first line names. */
function snippets(): { source: string; code: string[] }[] {
  return [...README.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => {
    const [first = "", ...code] = m[1]!.split("\n");
    return { source: first.replace(/^\/\/\s*/, "").trim(), code };
  });
}

/** Lines without indentation or blank lines, with the package names the examples use. */
function normalise(lines: readonly string[]): string[] {
  return lines
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((l) => l.replace(/from "gosched"/, 'from "../src"').replace(/^import "gosched\/jest";$/, 'import "../src/jest";'));
}

/** The parts of a snippet between `// …` lines. */
function parts(code: readonly string[]): string[][] {
  const out: string[][] = [[]];
  for (const line of normalise(code)) {
    if (ELISION.test(line)) out.push([]);
    else out[out.length - 1]!.push(line);
  }
  return out.filter((p) => p.length > 0);
}

/** Index just past the first run of `part` in `lines` at or after `from`, or -1. */
function findRun(lines: readonly string[], part: readonly string[], from: number): number {
  for (let i = from; i + part.length <= lines.length; i++) {
    if (part.every((l, j) => lines[i + j] === l)) return i + part.length;
  }
  return -1;
}

/** The first line of `part` that has no match where it should, for the error. */
function firstMismatch(lines: readonly string[], part: readonly string[]): string {
  return part.find((l) => !lines.includes(l)) ?? `the lines are all there, but not in this order:\n${part.join("\n")}`;
}

const all = snippets();

test("the README has ts snippets, each naming the example it was copied from", () => {
  expect(all.length).toBeGreaterThanOrEqual(5);
  for (const s of all) expect(s.source).toMatch(/^examples\/[a-z0-9/.-]+\.ts$/);
});

test.each(all.map((s, i) => [i + 1, s.source, s] as const))(
  "README snippet %i is copied verbatim from %s",
  (_n, source, snippet) => {
    const file = path.join(ROOT, source);
    expect(fs.existsSync(file)).toBe(true);
    const lines = normalise(fs.readFileSync(file, "utf8").split("\n"));
    let at = 0;
    for (const part of parts(snippet.code)) {
      const next = findRun(lines, part, at);
      if (next < 0) throw new Error(`${source} does not contain this part of the snippet; first difference:\n${firstMismatch(lines, part)}`);
      at = next;
    }
  },
);

test("the failure pasted in the README still points at the lines of its example", () => {
  const block = /^```text\n([\s\S]*?)^```$/m.exec(README)?.[1] ?? "";
  // Schedule rows: `2  main   read Shared "done"   examples/busy-wait.test.ts:32:23`.
  const rows = [...block.matchAll(/(read|write) Shared "(\w+)"\s+(examples\/[\w.-]+):(\d+):\d+/g)];
  expect(rows.length).toBeGreaterThan(0);
  for (const [, op, name, file, line] of rows) {
    const source = fs.readFileSync(path.join(ROOT, file!), "utf8").split("\n");
    expect(source[Number(line) - 1]).toContain(`${name}.${op}(`);
  }
  // Its replay token is the one the example replays.
  const token = /replay: "(gs1\.[^"]+)"/.exec(block)?.[1];
  expect(fs.readFileSync(path.join(ROOT, rows[0]![3]!), "utf8")).toContain(`replay: "${token}"`);
});

test("the README lists every example file", () => {
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith(".test.ts") && f !== "readme-snippets.test.ts");
  for (const f of files) expect(README).toContain(`(examples/${f})`);
});

test("the README still opens with the two set-up commands", () => {
  expect(README.startsWith("# gosched\n")).toBe(true);
  expect(README).toContain("npm ci && npm run examples");
  expect(README).toContain("npm test                     # the library's own tests");
});

import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * The layering of src/: each module group may import only the groups listed for it (and
 * itself). Imports are read with the TypeScript compiler's pre-processor, so `import
 * type`, `export … from`, `require()` and `import()` all count.
 */
const SRC = path.resolve(__dirname, "../src");

/** Allowed edges, each with the reason it exists. */
const RULES: Record<string, Record<string, string>> = {
  // The bottom: executions, goroutines, operations, clocks. It imports no other group.
  runtime: {},
  race: { runtime: "the detector reads goroutines, clocks and the execution's step" },
  sync: {
    runtime: "primitives are operations the step loop schedules",
    race: "Shared cells, maps and channels check their accesses with the race detector",
  },
  scheduler: {
    runtime: "strategies are the runtime's choosers",
    sync: "DPOR's event log listens to virtual time (sync/timer-queue.ts)",
  },
  report: { runtime: "failures are worded from the runtime's typed details" },
  explore: {
    runtime: "runs executions",
    scheduler: "with the strategies",
    report: "and words what it found (messages, the types of its results)",
  },
  live: {
    runtime: "live objects run the runtime's operations outside any execution",
    sync: "with the primitives' own state",
  },
  transform: {
    runtime: "transformed awaits are scheduling points",
    sync: "its timers are virtual time's",
  },
  "matcher-types": { explore: "the matchers take explore's options" },
  jest: {
    runtime: "failure kinds and panics",
    scheduler: "which strategies exist",
    report: "the matchers print reports",
    explore: "the matchers explore",
    "matcher-types": "their declared types",
  },
  // Entry points: they gather the public API.
  index: {
    runtime: "GoPanic and the failure types",
    sync: "the primitives",
    scheduler: "strategy names",
    report: "the timeline page",
    explore: "explore() and its results",
    live: "the goroutine dump of live mode",
  },
  "jest.ts": { jest: "registers the matchers", "matcher-types": "their types" },
  "vitest.ts": { jest: "the same matchers under Vitest", "matcher-types": "their types" },
  "vite.ts": { transform: "the Vite plugin runs the transform" },
};

/**
 * Imports against the layering that must stay, file by file: a cycle between two groups.
 * A primitive made outside any execution belongs to the live executor, and live objects
 * are the primitives' own state run by it, so sync and live know each other.
 */
const EXCEPTIONS: Record<string, string> = {
  "sync/bind.ts -> live": "an object made outside any execution binds to the live executor",
  "sync/select.ts -> live": "a select on live channels runs on the live executor",
  "sync/shared-map.ts -> live": "a live map skips the execution's access checks",
  "sync/go.ts -> live": "go() outside any execution starts a live goroutine",
};

/** Top-level files that are entry points of their own (src/jest.ts is not src/jest/). */
const ENTRY_FILES = new Set(["jest", "vitest", "vite"]);

/** The group of a path relative to src/, with or without `.ts`: its folder, or the top-level file. */
function group(rel: string): string {
  const parts = rel.replace(/\.ts$/, "").split("/");
  if (parts.length > 1) return parts[0]!;
  return ENTRY_FILES.has(parts[0]!) ? `${parts[0]}.ts` : parts[0]!;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

interface Edge {
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const rel = path.relative(SRC, file).split(path.sep).join("/");
    const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    for (const imp of info.importedFiles) {
      if (!imp.fileName.startsWith(".")) continue;
      const target = path.relative(SRC, path.resolve(path.dirname(file), imp.fileName)).split(path.sep).join("/");
      out.push({ file: rel, from: group(rel), to: group(target) });
    }
  }
  return out;
}

/** What the rules refuse, as `file -> group` lines. */
function violations(all: readonly Edge[]): string[] {
  return all
    .filter((e) => e.from !== e.to && RULES[e.from]?.[e.to] === undefined)
    .map((e) => `${e.file} -> ${e.to}`)
    .filter((line) => EXCEPTIONS[line] === undefined);
}

describe("the layering of src/", () => {
  const all = edges();

  test("every group of src/ has a rule", () => {
    expect([...new Set(all.map((e) => e.from))].filter((g) => RULES[g] === undefined)).toEqual([]);
  });

  test("no module imports against the layering (runtime at the bottom, report below explore)", () => {
    expect([...new Set(violations(all))]).toEqual([]);
  });

  test("the runtime imports no other group", () => {
    expect(all.filter((e) => e.from === "runtime" && e.to !== "runtime")).toEqual([]);
  });

  test("every listed exception still exists (a cycle that is gone is no longer excused)", () => {
    const lines = new Set(all.map((e) => `${e.file} -> ${e.to}`));
    expect(Object.keys(EXCEPTIONS).filter((x) => !lines.has(x))).toEqual([]);
  });

  test("the check sees a violation: report importing explore", () => {
    expect(violations([{ file: "report/x.ts", from: "report", to: "explore" }])).toEqual(["report/x.ts -> explore"]);
  });
});

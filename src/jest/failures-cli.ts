#!/usr/bin/env node
/**
 * `npx gosched-failures list|clear [path…]`: the failing replay tokens that gosched/jest
 * saved in `__gosched__/` folders next to the tests (see saved-failures.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { FailureStore, removeStore, storePathFor, STORE_DIR } from "./saved-failures";
import { isTimelineOf } from "./timeline-file";

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
}

const USAGE = [
  "Usage: gosched-failures <command> [path…]",
  "",
  "  list   Show the failures gosched saved for the next run to replay first.",
  "  clear  Delete them, and their timeline pages.",
  "",
  "Each path is a folder to search (default: the current one) or a test file.",
  "node_modules and hidden folders are skipped.",
].join("\n");

/** Run the command; returns the exit code (0, or 2 for a usage error). */
export function main(args: readonly string[], io: Io): number {
  const [command, ...paths] = args;
  if (command === "--help" || command === "-h" || command === "help") {
    io.out(USAGE);
    return 0;
  }
  if (command !== "list" && command !== "clear") {
    io.err(command === undefined ? USAGE : `Unknown command \`${command}\`.\n\n${USAGE}`);
    return 2;
  }
  const roots = paths.length === 0 ? [io.cwd] : paths.map((p) => path.resolve(io.cwd, p));
  const found = roots.map((r) => filesUnder(r));
  const files = [...new Set(found.flatMap((f) => f.stores))].sort();
  const pages = [...new Set(found.flatMap((f) => f.pages))].sort();
  return command === "list" ? list(files, io) : clear(files, pages, io);
}

function list(files: readonly string[], io: Io): number {
  let count = 0;
  for (const file of files) {
    const all = new FailureStore(file).read();
    const keys = Object.keys(all);
    if (keys.length === 0) continue;
    io.out(path.relative(io.cwd, file));
    for (const key of keys) {
      io.out(`  ${key}`);
      for (const f of all[key]!) {
        io.out(`    ${f.message}`);
        io.out(`      replay: ${JSON.stringify(f.replay)}`);
        count++;
      }
    }
  }
  io.out(count === 0 ? "No saved failures." : `${count} saved failure${count === 1 ? "" : "s"}. Delete them with: npx gosched-failures clear`);
  return 0;
}

function clear(files: readonly string[], pages: readonly string[], io: Io): number {
  let count = 0;
  for (const page of pages) fs.rmSync(page, { force: true });
  for (const file of files) {
    count += Object.values(new FailureStore(file).read()).reduce((n, l) => n + l.length, 0);
    removeStore(file);
  }
  for (const dir of new Set(pages.map((p) => path.dirname(p)))) removeEmpty(dir);
  const drawn = pages.length === 0 ? "" : ` and ${pages.length} timeline page${pages.length === 1 ? "" : "s"}`;
  io.out(`Deleted ${count} saved failure${count === 1 ? "" : "s"} in ${files.length} file${files.length === 1 ? "" : "s"}${drawn}.`);
  return 0;
}

/** A `__gosched__` folder left empty. */
function removeEmpty(dir: string): void {
  try {
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  } catch {
    // Already gone.
  }
}

interface Found {
  readonly stores: string[];
  readonly pages: string[];
}

/** Store files and timeline pages under a folder, or those of a test file (which may have been deleted since). */
function filesUnder(root: string): Found {
  if (path.basename(path.dirname(root)) === STORE_DIR && root.endsWith(".json")) return { stores: fs.existsSync(root) ? [root] : [], pages: [] };
  const own = ofTestFile(root);
  if (own.stores.length + own.pages.length > 0) return own;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    return own;
  }
  const found: Found = { stores: [], pages: [] };
  if (stat.isDirectory()) walk(root, found);
  return found;
}

/** The store and pages of one test file, in its `__gosched__` folder. */
function ofTestFile(testPath: string): Found {
  const store = storePathFor(testPath);
  const dir = path.dirname(store);
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    // No folder: nothing saved.
  }
  const base = path.basename(testPath);
  return {
    stores: fs.existsSync(store) ? [store] : [],
    pages: names.filter((n) => isTimelineOf(n, base)).map((n) => path.join(dir, n)),
  };
}

function walk(dir: string, found: Found): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (!e.isDirectory() || e.name === "node_modules" || e.name.startsWith(".")) continue;
    const sub = path.join(dir, e.name);
    if (e.name !== STORE_DIR) walk(sub, found);
    else collect(sub, found);
  }
}

function collect(dir: string, found: Found): void {
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith(".json")) found.stores.push(path.join(dir, f));
    else if (isTimelineOf(f)) found.pages.push(path.join(dir, f));
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    cwd: process.cwd(),
  });
}

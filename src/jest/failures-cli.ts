#!/usr/bin/env node
/**
 * `npx gosched-failures list|clear [path…]`: the failing replay tokens that gosched/jest
 * saved in `__gosched__/` folders next to the tests (see saved-failures.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { FailureStore, removeStore, storePathFor, STORE_DIR } from "./saved-failures";

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
}

const USAGE = [
  "Usage: gosched-failures <command> [path…]",
  "",
  "  list   Show the failures gosched saved for the next run to replay first.",
  "  clear  Delete them.",
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
  const files = [...new Set(roots.flatMap((r) => storesUnder(r)))].sort();
  return command === "list" ? list(files, io) : clear(files, io);
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

function clear(files: readonly string[], io: Io): number {
  let count = 0;
  for (const file of files) {
    count += Object.values(new FailureStore(file).read()).reduce((n, l) => n + l.length, 0);
    removeStore(file);
  }
  io.out(`Deleted ${count} saved failure${count === 1 ? "" : "s"} in ${files.length} file${files.length === 1 ? "" : "s"}.`);
  return 0;
}

/** Store files under a folder, or the one of a test file (which may have been deleted since). */
function storesUnder(root: string): string[] {
  if (path.basename(path.dirname(root)) === STORE_DIR && root.endsWith(".json")) return fs.existsSync(root) ? [root] : [];
  if (fs.existsSync(storePathFor(root))) return [storePathFor(root)];
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) return [];
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || e.name === "node_modules" || e.name.startsWith(".")) continue;
      const sub = path.join(dir, e.name);
      if (e.name === STORE_DIR) {
        for (const f of fs.readdirSync(sub)) if (f.endsWith(".json")) found.push(path.join(sub, f));
      } else {
        walk(sub);
      }
    }
  };
  walk(root);
  return found;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    cwd: process.cwd(),
  });
}

import * as fs from "fs";
import * as path from "path";
import { fileURLToPath } from "url";

/**
 * Finding the user's code in a stack trace. Only called when a failing schedule is
 * replayed with capture on, so exploration never pays for `new Error().stack`.
 */
const ownRoot = path.resolve(__dirname, "..");
/**
 * gosched's own folder, by the path it was loaded from and by its real path: loaded
 * through a symbolic link (`npm link`, a mapped path), stack frames may name either.
 */
const ownRoots = [...new Set([ownRoot, realpath(ownRoot)])].map((r) => r + path.sep);
const ownByFile = new Map<string, boolean>();

function realpath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function isOwnFrame(file: string): boolean {
  if (file.startsWith("node:") || file.includes("node_modules")) return true;
  let own = ownByFile.get(file);
  if (own === undefined) {
    const real = realpath(file);
    own = ownRoots.some((r) => file.startsWith(r) || real.startsWith(r));
    if (ownByFile.size > 10_000) ownByFile.clear();
    ownByFile.set(file, own);
  }
  return own;
}

/** The first stack frame outside gosched and Node, as `file:line:col` relative to the cwd. */
export function userLocation(stack: string | undefined): string | null {
  if (stack === undefined) return null;
  for (const line of stack.split("\n")) {
    const m = /(?:\(|at (?:async )?)((?:file:\/\/\/?[A-Za-z]:|file:\/\/|[A-Za-z]:)?[^\s():]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (m === null || !line.trimStart().startsWith("at ")) continue;
    // Node's own frames (`node:internal/…`).
    if (/[(\s]node:/.test(line)) continue;
    // Vitest and other ESM loaders name files by URL.
    const file = m[1]!.startsWith("file://") ? fileURLToPath(m[1]!) : m[1]!;
    if (isOwnFrame(file)) continue;
    return `${path.relative(process.cwd(), file)}:${m[2]}:${m[3]}`;
  }
  return null;
}

export function captureLocation(): string | null {
  return userLocation(new Error().stack);
}

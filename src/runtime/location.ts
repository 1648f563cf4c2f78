import * as path from "path";
import { fileURLToPath } from "url";

/**
 * Finding the user's code in a stack trace. Only called when a failing schedule is
 * replayed with capture on, so exploration never pays for `new Error().stack`.
 */
const ownRoot = path.resolve(__dirname, "..");

function isOwnFrame(file: string): boolean {
  return file.startsWith(ownRoot + path.sep) || file.startsWith("node:") || file.includes("node_modules");
}

/** The first stack frame outside gosched and Node, as `file:line:col` relative to the cwd. */
export function userLocation(stack: string | undefined): string | null {
  if (stack === undefined) return null;
  for (const line of stack.split("\n")) {
    const m = /(?:\(|at (?:async )?)((?:file:\/\/\/?[A-Za-z]:|file:\/\/|[A-Za-z]:)?[^\s():]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (m === null || !line.trimStart().startsWith("at ")) continue;
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

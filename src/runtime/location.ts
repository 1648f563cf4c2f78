import * as path from "path";

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
    // The path starts after "(" or a space, so "node:internal/…" is not read as drive "e:".
    const m = /[(\s]((?:[A-Za-z]:)?[^\s():]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (m === null || !line.trimStart().startsWith("at ")) continue;
    // Node's own frames (`node:internal/…`), which the pattern would read as a drive letter `e:`.
    if (/[(\s]node:/.test(line)) continue;
    const file = m[1]!;
    if (isOwnFrame(file)) continue;
    return `${path.relative(process.cwd(), file)}:${m[2]}:${m[3]}`;
  }
  return null;
}

export function captureLocation(): string | null {
  return userLocation(new Error().stack);
}

import { findSourceMap } from "node:module";

/** A call frame as V8's CPU and heap profiles record it (0-based line and column). */
export interface Frame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

/**
 * `name file.ts:line` for a profile's frame, through the source map when node knows one
 * (it does for code loaded by ts-node after `process.setSourceMapsEnabled(true)`); a .ts
 * file without one (a profile read from disk) keeps its compiled line, marked as such.
 */
export function site(frame: Frame): string {
  const name = frame.functionName || "(anonymous)";
  if (frame.url === "") return name;
  const path = frame.url.replace(/^file:\/\//, "");
  let line = `${frame.lineNumber + 1}`;
  try {
    const entry = findSourceMap(path)?.findEntry(frame.lineNumber, frame.columnNumber) as { originalLine?: number } | undefined;
    if (entry?.originalLine !== undefined) line = `${entry.originalLine + 1}`;
    else if (path.endsWith(".ts")) line += " (JS line)";
  } catch {
    // no source map: keep the JavaScript line
  }
  return `${name} ${shortUrl(path)}:${line}`;
}

/** A path relative to the working directory, or the last two segments of anything else. */
export function shortUrl(path: string): string {
  const root = process.cwd() + "/";
  if (path.startsWith(root)) return path.slice(root.length);
  return path.split("/").slice(-2).join("/");
}

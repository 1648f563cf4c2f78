import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The DPOR and bug-finding benchmarks live in `bench/dpor/` and `bench/bugs/` and are
 * built separately. This finds the module of a folder that exports the entry function
 * (without requiring files that do not, so no other entry point runs by accident) and
 * calls it; a missing folder or export is simply absent from the results.
 */

export type ExtraName = "runDporBenchmarks" | "runBugFindingBenchmarks" | "runScaleBenchmarks" | "runSideBySide";

/** Where each entry is looked for. */
export const EXTRAS: Readonly<Record<ExtraName, string>> = {
  runDporBenchmarks: "dpor",
  runBugFindingBenchmarks: "bugs",
  runScaleBenchmarks: "scale",
  runSideBySide: "transform",
};

/** The file of `dir` that exports `name`, `index.ts` first; null if none. */
export function findEntry(dir: string, name: string): string | null {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir)
    .filter((f) => /\.[cm]?[jt]s$/.test(f) && !/\.d\.ts$|\.test\./.test(f))
    .sort((a, b) => Number(b.startsWith("index.")) - Number(a.startsWith("index.")) || a.localeCompare(b));
  const exports = new RegExp(`export\\s+(async\\s+)?(function|const|let)\\s+${name}\\b|export\\s*\\{[^}]*\\b${name}\\b`);
  for (const f of files) {
    const path = join(dir, f);
    if (exports.test(readFileSync(path, "utf8"))) return path;
  }
  return null;
}

/** Run one extra; null when it does not exist yet. Its own failure is reported, not thrown. */
export async function runExtra(name: ExtraName, options: { smoke: boolean }): Promise<unknown> {
  const path = findEntry(join(__dirname, EXTRAS[name]), name);
  if (path === null) return null;
  try {
    const mod = require(path) as Record<string, unknown>;
    const run = mod[name];
    if (typeof run !== "function") return null;
    return await (run as (o: { smoke: boolean }) => unknown)(options);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

import * as fs from "fs";
import * as path from "path";
import { checkNotDownlevelled, instrument, isOwnFile } from "./transform/index";

/**
 * `gosched/vite`: the controlled-awaits transform (see transform/index.ts) as a Vite
 * plugin, for Vitest. It runs after Vite's own transforms (`enforce: "post"`), so the
 * TypeScript is already JavaScript, and instruments every project file with the same
 * Babel pass as the Jest transformer. The source map it returns covers its own step;
 * Vite chains it onto the maps of the steps before, so stack traces and gosched's
 * locations point at the user's source.
 *
 *     // vitest.config.ts
 *     import { gosched } from "gosched/vite"; // the named export: Node gives a CommonJS default import the whole module
 *     export default { plugins: [gosched()], test: { setupFiles: ["gosched/vitest"] } };
 *
 * Never instrumented: gosched itself (by the real path of its package, wherever it is),
 * anything under node_modules, Vite's virtual modules and files that are not scripts.
 */
export interface GoschedVitePlugin {
  readonly name: string;
  readonly enforce: "post";
  transform(code: string, id: string): { code: string; map: unknown } | null;
}

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;

/** The file a module id names, without Vite's query; null for a virtual module. */
function fileOf(id: string): string | null {
  if (id.startsWith("\0") || id.startsWith("virtual:")) return null;
  const file = id.replace(/[?#].*$/, "");
  return path.isAbsolute(file) ? file : null;
}

/** Whether the plugin instruments `file`. */
export function instrumented(file: string): boolean {
  if (!SCRIPT.test(file) || file.split(/[\\/]/).includes("node_modules")) return false;
  return !isOwnFile(file);
}

/** The source as the user wrote it (for the downlevelled-async check); the code when unreadable. */
function sourceOf(file: string, code: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return code;
  }
}

/** The Vite plugin. */
export default function gosched(): GoschedVitePlugin {
  return {
    name: "gosched:controlled-awaits",
    enforce: "post",
    transform(code, id) {
      const file = fileOf(id);
      if (file === null || !instrumented(file)) return null;
      checkNotDownlevelled(sourceOf(file, code), code, file, "vite");
      const out = instrument(code, file);
      return { code: out.code, map: out.map ?? null };
    },
  };
}

export { gosched };

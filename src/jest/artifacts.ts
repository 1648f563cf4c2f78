import * as fs from "fs";
import * as path from "path";
import { refuseSymlink, replaceFile, STORE_DIR } from "./saved-failures";

/**
 * Files for a CI job to upload: `GOSCHED_ARTIFACTS_DIR`, when set, receives what gosched
 * must not write into the project under `--ci` (saved failures, timeline pages), and
 * anything else a report wants to leave behind. Everything gosched writes next to a test
 * (`<test dir>/__gosched__/…`) goes, under `--ci`, to the same relative path inside the
 * artifacts folder (see `placeFor`), so one upload holds the failures and their pages.
 */
export const ARTIFACTS_ENV = "GOSCHED_ARTIFACTS_DIR";

/** Where artifact `name` (a relative path, `/`-separated) goes; undefined when no folder is set. */
export function artifactPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const root = env[ARTIFACTS_ENV];
  if (root === undefined || root.trim() === "") return undefined;
  const base = path.resolve(root);
  const file = path.resolve(base, ...name.split("/").filter((p) => p !== "" && p !== "." && p !== ".."));
  if (!file.startsWith(base + path.sep)) throw new Error(`artifact name \`${name}\` leaves ${ARTIFACTS_ENV}`);
  return file;
}

/**
 * Write artifact `name` whole (atomically, never through a symbolic link inside the
 * folder) and return its path; undefined when GOSCHED_ARTIFACTS_DIR is not set.
 */
export function writeArtifact(name: string, content: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = artifactPath(name, env);
  if (file === undefined) return undefined;
  return writeWhole(file, content);
}

/** Write `file` whole, creating its folder, never through a symbolic link to that folder; returns `file`. */
export function writeWhole(file: string, content: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  refuseSymlink(path.dirname(file));
  replaceFile(file, content);
  return file;
}

/**
 * The `--ci` rule, one for every file gosched writes. `--ci` is not told to matchers, but
 * it sets the snapshot state's update mode to "none", which the matcher context shows;
 * that mode also follows the runner's own default (`--ci` when the CI environment variable
 * is set) and an explicit `--ci=false`. Without a snapshot state, the CI variable decides
 * (set, and not `false` or `0`).
 */
export function underCi(ctx: unknown, env: NodeJS.ProcessEnv = process.env): boolean {
  const mode = (ctx as { snapshotState?: { _updateSnapshot?: string } } | undefined)?.snapshotState?._updateSnapshot;
  if (mode !== undefined) return mode === "none";
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== "" && v !== "false" && v !== "0";
}

/**
 * Where gosched writes `file`, a path inside the project: `file` itself, or under `--ci`
 * the same path relative to the working directory inside GOSCHED_ARTIFACTS_DIR
 * (`__gosched__/<name>` for a file outside it), or undefined (write nothing) when that is unset.
 */
export function placeFor(file: string, ci: boolean, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!ci) return file;
  const rel = path.relative(process.cwd(), file).split(path.sep).join("/");
  return artifactPath(rel.startsWith("..") || path.isAbsolute(rel) ? `${STORE_DIR}/${path.basename(file)}` : rel, env);
}

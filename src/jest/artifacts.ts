import * as fs from "fs";
import * as path from "path";
import { refuseSymlink, replaceFile } from "./saved-failures";

/**
 * Files for a CI job to upload: `GOSCHED_ARTIFACTS_DIR`, when set, receives what gosched
 * must not write into the project under `jest --ci` (saved failures), and anything else a
 * report wants to leave behind.
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
  fs.mkdirSync(path.dirname(file), { recursive: true });
  refuseSymlink(path.dirname(file));
  replaceFile(file, content);
  return file;
}

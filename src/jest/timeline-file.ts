import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Failure } from "../explore/explore";
import { timelineHtml } from "../report/timeline-html";
import { STORE_DIR } from "./saved-failures";

let tmpCounter = 0;

/**
 * Where a failing matcher call's timeline page goes: next to the saved failures,
 * `<test dir>/__gosched__/<test file>.<call>.html`. Under `--ci` it goes only into
 * GOSCHED_ARTIFACTS_DIR (as `<test path>.<call>.html`), and nowhere when that is unset:
 * a CI checkout is not the place for files nobody will open. Null: write nothing.
 */
export function timelinePathFor(testPath: string, key: string, ci: boolean, env: NodeJS.ProcessEnv = process.env): string | null {
  const call = `${slug(key)}-${createHash("sha1").update(key).digest("hex").slice(0, 8)}.html`;
  const artifacts = env.GOSCHED_ARTIFACTS_DIR?.trim();
  if (ci) return artifacts ? path.join(artifacts, `${slug(path.relative(process.cwd(), testPath))}.${call}`) : null;
  return path.join(path.dirname(testPath), STORE_DIR, `${path.basename(testPath)}.${call}`);
}

/** Jest's `--ci` default: the CI environment variable is set (and not `false` or `0`). */
export function ciRun(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== "" && v !== "false" && v !== "0";
}

/** Write the failure's page to `file`, whole or not at all (a temporary file renamed over it); returns `file`. */
export function writeTimeline(f: Failure, file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  try {
    fs.writeFileSync(tmp, timelineHtml(f));
    fs.renameSync(tmp, file);
    return file;
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** A file-name-safe form of a test name or path, at most 60 characters. */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "test";
}

import { createHash } from "crypto";
import * as path from "path";
import type { Failure } from "../explore/explore";
import { timelineHtml } from "../report/timeline-html";
import { placeFor, writeWhole } from "./artifacts";
import { STORE_DIR } from "./saved-failures";

/**
 * Where a failing matcher call's timeline page goes: next to the saved failures,
 * `<test dir>/__gosched__/<test file>.<call>.html`; under `--ci`, to the same place inside
 * GOSCHED_ARTIFACTS_DIR as the saved failures (artifacts.ts), and nowhere when that is
 * unset: a CI checkout is not the place for files nobody will open. Null: write nothing.
 */
export function timelinePathFor(testPath: string, key: string, ci: boolean, env: NodeJS.ProcessEnv = process.env): string | null {
  const call = `${slug(key)}-${createHash("sha1").update(key).digest("hex").slice(0, 8)}.html`;
  return placeFor(path.join(path.dirname(testPath), STORE_DIR, `${path.basename(testPath)}.${call}`), ci, env) ?? null;
}

/** Write the failure's page to `file`, whole or not at all; returns `file`. */
export function writeTimeline(f: Failure, file: string): string {
  return writeWhole(file, timelineHtml(f));
}

/** True for a timeline page of the test file named `testFile` (a base name), as named in a `__gosched__` folder. */
export function isTimelineOf(page: string, testFile?: string): boolean {
  return page.endsWith(".html") && (testFile === undefined || page.startsWith(`${testFile}.`));
}

/** A file-name-safe form of a test name or path, at most 60 characters. */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "test";
}

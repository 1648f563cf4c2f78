import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { lockSync } from "proper-lockfile";
import { realNow } from "../runtime/real-clock";
import type { Environment } from "../explore/options";

/**
 * Failing replay tokens saved next to the test that found them, so that the next run of
 * that matcher replays them first (a regression corpus, like fast-check's `path` or
 * Hypothesis' example database). One JSON file per test file:
 *
 *   <test dir>/__gosched__/<test file name>.json
 *   { "version": 1, "failures": { "<test name> › toBeRaceFree 1": [{ replay, kind, message }] } }
 *
 * Every change reads, modifies and writes the file under a lock (`<file>.lock`, made by
 * proper-lockfile), so that Jest workers and parallel runs writing one store lose nothing.
 * The new content goes to a temporary file, created exclusively under an unpredictable
 * name, that is then renamed over the old one: an interrupted run leaves either the old
 * file or the new one, never half of one. A `__gosched__` folder that is a symbolic link
 * is never written through (it could send writes outside the project).
 */
export interface SavedFailure {
  readonly replay: string;
  readonly kind: string;
  /** The failure's one-line message, for `gosched-failures list`. */
  readonly message: string;
}

interface StoreFile {
  readonly version: 1;
  readonly failures: Record<string, SavedFailure[]>;
}

export const STORE_DIR = "__gosched__";
/** The most tokens kept per matcher call; the newest win. */
const KEEP = 10;
/** How long a writer waits for the lock before giving up (the save is then skipped). */
const LOCK_WAIT_MS = 10_000;
const LOCK_STALE_MS = 10_000;

/** The store file of a test file. */
export function storePathFor(testPath: string): string {
  return path.join(path.dirname(testPath), STORE_DIR, `${path.basename(testPath)}.json`);
}

/** Saving is on unless GOSCHED_SAVE_FAILURES is `0`, `false` or `off`. */
export function savingEnabled(env: Environment = process.env): boolean {
  const v = env.GOSCHED_SAVE_FAILURES?.trim().toLowerCase();
  return !(v === "0" || v === "false" || v === "off");
}

export class FailureStore {
  constructor(readonly file: string) {}

  /** Every saved failure, by key. A missing or unreadable file holds none. */
  read(): Record<string, SavedFailure[]> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch {
      return {};
    }
    try {
      const data = JSON.parse(text) as Partial<StoreFile>;
      const failures = data.failures ?? {};
      const out: Record<string, SavedFailure[]> = {};
      for (const [key, list] of Object.entries(failures)) {
        if (Array.isArray(list)) out[key] = list.filter((f) => typeof f?.replay === "string");
      }
      return out;
    } catch {
      return {};
    }
  }

  get(key: string): SavedFailure[] {
    return this.read()[key] ?? [];
  }

  /** Save `f` first under `key`; false when it was already there (nothing written). */
  add(key: string, f: SavedFailure): boolean {
    return this.update((all) => {
      const list = all[key] ?? [];
      if (list.some((s) => s.replay === f.replay)) return false;
      all[key] = [f, ...list].slice(0, KEEP);
      return true;
    });
  }

  /** Forget one token (it no longer fits the program). */
  drop(key: string, replay: string): void {
    this.update((all) => {
      const list = all[key];
      if (list === undefined) return false;
      const kept = list.filter((s) => s.replay !== replay);
      if (kept.length === list.length) return false;
      if (kept.length === 0) delete all[key];
      else all[key] = kept;
      return true;
    });
  }

  /** Read, change and write the file under its lock; `change` returns false to write nothing. */
  private update(change: (all: Record<string, SavedFailure[]>) => boolean): boolean {
    const dir = path.dirname(this.file);
    refuseSymlink(dir);
    fs.mkdirSync(dir, { recursive: true });
    refuseSymlink(dir);
    const release = lock(this.file);
    let all: Record<string, SavedFailure[]> = {};
    let changed = false;
    try {
      all = this.read();
      changed = change(all);
      if (changed) this.write(all);
    } finally {
      release();
    }
    if (Object.keys(all).length === 0) removeStore(this.file);
    return changed;
  }

  /** Replace the file atomically; remove it (and an empty folder) when nothing is left. */
  private write(all: Record<string, SavedFailure[]>): void {
    const keys = Object.keys(all).sort();
    if (keys.length === 0) return removeStore(this.file);
    const failures: Record<string, SavedFailure[]> = {};
    for (const k of keys) failures[k] = all[k]!;
    const body: StoreFile = { version: 1, failures };
    replaceFile(this.file, `${JSON.stringify(body, null, 2)}\n`);
  }
}

/**
 * Write `file` whole: into a temporary file beside it, created exclusively (`wx`: it
 * fails rather than follow a symbolic link planted there) under a random name, then
 * renamed over `file` (a rename replaces a link at `file`, never writes through it).
 */
export function replaceFile(file: string, content: string): void {
  const tmp = `${file}.${randomBytes(8).toString("hex")}.tmp`;
  try {
    fs.writeFileSync(tmp, content, { flag: "wx", mode: 0o644 });
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** Throw when `dir` is a symbolic link: a store is never written through one. */
export function refuseSymlink(dir: string): void {
  let link = false;
  try {
    link = fs.lstatSync(dir).isSymbolicLink();
  } catch {
    return;
  }
  if (link) throw new Error(`${dir} is a symbolic link: gosched does not write saved failures through it`);
}

/** Take the store's lock, waiting for other writers (another Jest worker, another run). */
function lock(file: string): () => void {
  const until = realNow() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return lockSync(file, { realpath: false, stale: LOCK_STALE_MS });
    } catch (error) {
      if ((error as { code?: string }).code !== "ELOCKED" || realNow() > until) throw error;
      sleepSync(5 + Math.floor(Math.random() * 10));
    }
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(pause, 0, 0, ms);
}

/** Delete a store file, and its `__gosched__` folder when that is left empty. */
export function removeStore(file: string): void {
  fs.rmSync(file, { force: true });
  const dir = path.dirname(file);
  try {
    if (path.basename(dir) === STORE_DIR && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  } catch {
    // Already gone, or not ours to remove.
  }
}

import * as fs from "fs";
import * as path from "path";
import type { Environment } from "../explore/options";

/**
 * Failing replay tokens saved next to the test that found them, so that the next run of
 * that matcher replays them first (a regression corpus, like fast-check's `path` or
 * Hypothesis' example database). One JSON file per test file:
 *
 *   <test dir>/__gosched__/<test file name>.json
 *   { "version": 1, "failures": { "<test name> › toBeRaceFree 1": [{ replay, kind, message }] } }
 *
 * Every write goes to a temporary file that is then renamed over the old one, so an
 * interrupted run leaves either the old file or the new one, never half of one.
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
let tmpCounter = 0;

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
    const all = this.read();
    const list = all[key] ?? [];
    if (list.some((s) => s.replay === f.replay)) return false;
    all[key] = [f, ...list].slice(0, KEEP);
    this.write(all);
    return true;
  }

  /** Forget one token (it no longer fits the program). */
  drop(key: string, replay: string): void {
    const all = this.read();
    const list = all[key];
    if (list === undefined) return;
    const kept = list.filter((s) => s.replay !== replay);
    if (kept.length === list.length) return;
    if (kept.length === 0) delete all[key];
    else all[key] = kept;
    this.write(all);
  }

  /** Replace the file atomically; remove it (and an empty folder) when nothing is left. */
  private write(all: Record<string, SavedFailure[]>): void {
    const keys = Object.keys(all).sort();
    if (keys.length === 0) return removeStore(this.file);
    const failures: Record<string, SavedFailure[]> = {};
    for (const k of keys) failures[k] = all[k]!;
    const body: StoreFile = { version: 1, failures };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${++tmpCounter}.tmp`;
    try {
      fs.writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`);
      fs.renameSync(tmp, this.file);
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      throw error;
    }
  }
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

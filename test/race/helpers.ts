import * as fs from "fs";
import * as path from "path";
import { explore, type ExploreResult } from "../../src";

/** Seeds every edge is explored under. */
export const SEEDS = ["1", "2", "3", "4", "5"];

/** Schedules per seed: enough that a race present in some schedules is met. */
export const SCHEDULES = 200;

export type Prog = () => Promise<unknown>;

export function run(prog: Prog, seed: string, schedules = SCHEDULES): Promise<ExploreResult> {
  return explore(prog, { seed, schedules, timeBudgetMs: 600_000 });
}

/** Without race checks (Go's `go test` without `-race`). */
export const NO_RACE = ["deadlock", "leak", "panic"] as const;

/** `test/race/<file>:<line>` of the first line of `file` that contains `marker`. */
export function lineOf(file: string, marker: string): string {
  const text = fs.readFileSync(path.join(__dirname, file), "utf8").split("\n");
  const i = text.findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`marker ${marker} not found in ${file}`);
  return `${path.relative(process.cwd(), path.join(__dirname, file))}:${i + 1}`;
}

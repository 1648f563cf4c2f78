/**
 * A failing matcher writes the failure's timeline page next to its saved failure and
 * names it on a `Timeline:` line; under `--ci`, only into GOSCHED_ARTIFACTS_DIR, in the
 * same folder as the saved failures.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { timelinePathFor } from "../../src/jest/timeline-file";
import { fixtureDir, runJest } from "./run-fixtures";

jest.setTimeout(180_000);

const timelineLine = (message: string): string | undefined => /^Timeline: (.+)$/m.exec(message)?.[1];

describe("timelinePathFor", () => {
  const test_ = "/repo/test/bank.test.ts";

  test("puts the page next to the saved failures, one file per matcher call", () => {
    const a = timelinePathFor(test_, "moves money › toBeRaceFree 1", false, {});
    const b = timelinePathFor(test_, "moves money › toBeRaceFree 2", false, {});
    expect(a).toMatch(/^\/repo\/test\/__gosched__\/bank\.test\.ts\.moves-money-toBeRaceFree-1-[0-9a-f]{8}\.html$/);
    expect(b).not.toBe(a);
  });

  test("under --ci, writes only into GOSCHED_ARTIFACTS_DIR, and nothing when it is unset", () => {
    expect(timelinePathFor(test_, "k", true, {})).toBeNull();
    expect(timelinePathFor(test_, "k", true, { GOSCHED_ARTIFACTS_DIR: "/artifacts" })).toMatch(/^\/artifacts\/__gosched__\/bank\.test\.ts\.k-[0-9a-f]{8}\.html$/);
  });
});

test("without --ci, a failing matcher writes the page under __gosched__ and prints its path", async () => {
  const dir = fixtureDir("timeline-local", ["failures.spec.ts"]);
  try {
    const run = await runJest(dir, ["--ci=false"], { GOSCHED_SEED: "1" });
    const race = run.messages.get("a data race")!;
    const shown = timelineLine(race);
    expect(shown).toMatch(/^__gosched__\/failures\.spec\.ts\.a-data-race-toBeRaceFree-1-[0-9a-f]{8}\.html$/);
    const html = fs.readFileSync(path.join(dir, shown!), "utf8");
    expect(html).toContain("<!doctype html>");
    expect(html).toContain('class="step racing');
    expect(timelineLine(run.messages.get("a deadlock")!)).toMatch(/deadlock/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("under --ci, the page goes into GOSCHED_ARTIFACTS_DIR and nowhere else", async () => {
  const dir = fixtureDir("timeline-ci", ["failures.spec.ts"]);
  const artifacts = fs.mkdtempSync(path.join(os.tmpdir(), "gosched-artifacts-"));
  try {
    const run = await runJest(dir, ["--ci"], { GOSCHED_SEED: "1", GOSCHED_ARTIFACTS_DIR: artifacts });
    const shown = timelineLine(run.messages.get("a data race")!);
    expect(shown).toBeDefined();
    expect(path.resolve(dir, shown!).startsWith(artifacts)).toBe(true);
    expect(fs.readdirSync(path.join(artifacts, "__gosched__")).filter((f) => f.endsWith(".html")).length).toBeGreaterThan(1);
    const local = path.join(dir, "__gosched__");
    expect(fs.existsSync(local) ? fs.readdirSync(local).filter((f) => f.endsWith(".html")) : []).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(artifacts, { recursive: true, force: true });
  }
});

test("under --ci with GOSCHED_ARTIFACTS_DIR, the saved failures and the pages land in one folder", async () => {
  const dir = fixtureDir("timeline-ci-together", ["failures.spec.ts"]);
  const artifacts = fs.mkdtempSync(path.join(os.tmpdir(), "gosched-artifacts-"));
  try {
    await runJest(dir, ["--ci"], { GOSCHED_SEED: "1", GOSCHED_ARTIFACTS_DIR: artifacts });
    const folders = (suffix: string): string[] =>
      [...new Set(walk(artifacts).filter((f) => f.endsWith(suffix)).map((f) => path.dirname(f)))];
    expect(folders(".json")).toEqual([path.join(artifacts, "__gosched__")]);
    expect(folders(".html")).toEqual(folders(".json"));
    expect(fs.existsSync(path.join(dir, "__gosched__"))).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(artifacts, { recursive: true, force: true });
  }
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

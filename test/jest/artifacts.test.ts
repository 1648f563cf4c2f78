import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { artifactPath, placeFor, underCi, writeArtifact } from "../../src/jest/artifacts";

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "gosched-artifacts-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("writeArtifact writes nothing without GOSCHED_ARTIFACTS_DIR", () => {
  expect(writeArtifact("a.html", "x", {})).toBeUndefined();
});

test("writeArtifact writes under GOSCHED_ARTIFACTS_DIR, creating folders, and never outside it", () => {
  const env = { GOSCHED_ARTIFACTS_DIR: dir };
  const file = writeArtifact("pages/a.html", "<p>hi</p>", env)!;
  expect(file).toBe(path.join(dir, "pages/a.html"));
  expect(fs.readFileSync(file, "utf8")).toBe("<p>hi</p>");
  expect(artifactPath("../../etc/passwd", env)).toBe(path.join(dir, "etc/passwd"));
});

test("one --ci rule for every file: CI set (not false or 0), or the runner writes no snapshots", () => {
  expect(underCi(undefined, { CI: "true" })).toBe(true);
  expect(underCi(undefined, { CI: "0" })).toBe(false);
  expect(underCi({ snapshotState: { _updateSnapshot: "none" } }, {})).toBe(true);
  expect(underCi({ snapshotState: { _updateSnapshot: "new" } }, {})).toBe(false);
  // An explicit --ci=false wins over the CI variable: the snapshot state says so.
  expect(underCi({ snapshotState: { _updateSnapshot: "new" } }, { CI: "true" })).toBe(false);
});

test("placeFor keeps a file in the project, or under --ci mirrors it into GOSCHED_ARTIFACTS_DIR, or drops it", () => {
  const page = path.join(process.cwd(), "test/__gosched__/a.test.ts.k.html");
  expect(placeFor(page, false, {})).toBe(page);
  expect(placeFor(page, true, {})).toBeUndefined();
  expect(placeFor(page, true, { GOSCHED_ARTIFACTS_DIR: dir })).toBe(path.join(dir, "test/__gosched__/a.test.ts.k.html"));
  expect(placeFor("/elsewhere/__gosched__/b.json", true, { GOSCHED_ARTIFACTS_DIR: dir })).toBe(path.join(dir, "__gosched__/b.json"));
});

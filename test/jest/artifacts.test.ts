import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { artifactPath, writeArtifact } from "../../src/jest/artifacts";

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

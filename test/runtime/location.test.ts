import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { userLocation } from "../../src/runtime/location";

const SRC = path.resolve(__dirname, "../../src");

test("the user's frame is found when gosched's own files are named through a symbolic link (npm link)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gosched-link-"));
  try {
    const link = path.join(dir, "gosched");
    fs.symlinkSync(SRC, link);
    const user = path.join(process.cwd(), "test/user.test.ts");
    const stack = [
      "Error",
      `    at Execution.perform (${link}/runtime/execution.ts:10:5)`,
      `    at Chan.send (${link}/sync/chan.ts:20:7)`,
      `    at main (${user}:3:4)`,
    ].join("\n");
    expect(userLocation(stack)).toBe(path.join("test", "user.test.ts") + ":3:4");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("frames in gosched's own folder and in node_modules are skipped", () => {
  const stack = `Error\n    at x (${SRC}/runtime/op.ts:1:1)\n    at y (/x/node_modules/jest/a.js:2:2)\n    at z (${process.cwd()}/a.ts:5:6)`;
  expect(userLocation(stack)).toBe("a.ts:5:6");
});

test("Node's own frames (node:internal/…) are skipped", () => {
  const stack = "Error\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n    at node:internal/main:1:1";
  expect(userLocation(stack)).toBeNull();
});

const here = path.join(process.cwd(), "test", "user.test.ts");

test("the first frame outside gosched, node and node_modules, relative to the working directory", () => {
  const stack = [
    "Error",
    `    at Execution.go (${path.join(__dirname, "../../src/runtime/execution.ts")}:10:5)`,
    "    at node:internal/process/task_queues:95:5",
    `    at run (${path.join(process.cwd(), "node_modules/jest-circus/build/run.js")}:1:1)`,
    `    at async ${here}:42:3`,
  ].join("\n");
  expect(userLocation(stack)).toBe(path.join("test", "user.test.ts") + ":42:3");
});

test("a frame named by a file:// URL, as Vitest and Node's ESM loader print them", () => {
  const stack = ["Error", `    at racy (${pathToFileURL(here).href}:11:30)`].join("\n");
  expect(userLocation(stack)).toBe(path.join("test", "user.test.ts") + ":11:30");
});

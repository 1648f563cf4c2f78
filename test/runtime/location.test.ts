import * as fs from "fs";
import * as os from "os";
import * as path from "path";
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

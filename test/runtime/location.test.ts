import * as path from "path";
import { pathToFileURL } from "url";
import { userLocation } from "../../src/runtime/location";

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

// `npm run examples:vitest`: the examples under Vitest, as a Vitest user runs them. The
// examples import the matchers from `../src/jest` (or, for plain async code, `gosched/jest`);
// here that import is gosched/vitest's source, so the same files check the Vitest face.
// The plain async examples run with the gosched/vite plugin, as a Vitest user's would.
// Jest stays the project's default runner.
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { gosched } from "../src/vite.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const vitest = path.join(root, "src/vitest.ts");

const resolve = {
  alias: [
    { find: /^\.\.\/src\/jest$/, replacement: vitest },
    { find: /^gosched\/jest$/, replacement: vitest },
    { find: /^gosched$/, replacement: path.join(root, "src/index.ts") },
    { find: /^gosched\/_runtime$/, replacement: path.join(root, "src/transform/runtime.ts") },
  ],
};

const test = (name, include, exclude = []) => ({
  name,
  root,
  include,
  exclude,
  globals: true,
  globalSetup: [vitest],
  // Explorations end by their schedule budget, not by the clock: on a loaded machine
  // an exhaustive search still finishes, and each verdict is the same as on an idle one.
  env: { GOSCHED_TIME_BUDGET_MS: "600000" },
  testTimeout: 600_000,
});

export default {
  root,
  test: {
    projects: [
      { resolve, test: test("examples", ["examples/**/*.test.ts"], ["examples/async/**"]) },
      // cache-stampede uses Jest's mocks (`jest.fn`), which Vitest spells `vi.fn`.
      { resolve, plugins: [gosched()], test: test("plain async", ["examples/async/**/*.test.ts"], ["examples/async/cache-stampede.test.ts"]) },
    ],
  },
};

// `npm run examples:vitest`: the examples under Vitest, as a Vitest user runs them. The
// examples import the matchers from `../src/jest`; here that import is gosched/vitest's
// source, so the same files check the Vitest face. Jest stays the project's default runner.
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export default {
  root,
  resolve: { alias: [{ find: /^\.\.\/src\/jest$/, replacement: path.join(root, "src/vitest.ts") }] },
  test: {
    include: ["examples/**/*.test.ts"],
    globals: true,
    globalSetup: [path.join(root, "src/vitest.ts")],
    // Explorations end by their schedule budget, not by the clock: on a loaded machine
    // an exhaustive search still finishes, and each verdict is the same as on an idle one.
    env: { GOSCHED_TIME_BUDGET_MS: "600000" },
    testTimeout: 600_000,
  },
};

import type { Config } from "jest";

/** Tests of plain async code, transformed by gosched/transform as a user's project would be. */
const PLAIN = ["/test/transform/plain/", "/examples/async/"];
/** Go-style examples that also run transformed: instrumenting them must change no verdict. */
const SAMPLE = ["timeout-leak", "dining-philosophers", "reorder"];
/**
 * Tests that prove something (complete, a set of outcomes, a count) give their exploration a
 * time budget no machine reaches (test/lint checks it), so a loaded machine makes them
 * slower, never different; Jest's own timeout must leave them that time.
 */
const TEST_TIMEOUT_MS = 600_000;

const config: Config = {
  // A global option: Jest reads the test timeout from the top level, not from a project.
  testTimeout: TEST_TIMEOUT_MS,
  projects: [
    {
      displayName: "gosched",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
      roots: ["<rootDir>/test", "<rootDir>/examples"],
      testMatch: ["**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "/test/fixtures/", ...PLAIN],
      setupFilesAfterEnv: [],
    },
    {
      displayName: "plain async",
      testEnvironment: "node",
      transform: {
        "^.+\\.ts$": ["<rootDir>/test/transform/jest-transformer.js", { transformer: "ts-jest", tsconfig: "tsconfig.json" }],
      },
      moduleNameMapper: {
        "^gosched$": "<rootDir>/src/index.ts",
        "^gosched/jest$": "<rootDir>/src/jest.ts",
        "^gosched/_runtime$": "<rootDir>/src/transform/runtime.ts",
      },
      roots: ["<rootDir>/test/transform/plain", "<rootDir>/examples"],
      // Plain async tests, and a sample of the Go-style examples run transformed too.
      testMatch: [
        "<rootDir>/test/transform/plain/**/*.test.ts",
        "<rootDir>/examples/async/**/*.test.ts",
        ...SAMPLE.map((name) => `<rootDir>/examples/${name}.test.ts`),
      ],
    },
  ],
};

export default config;

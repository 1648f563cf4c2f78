#!/usr/bin/env node
/**
 * `npm run examples`: run Jest on examples/ only, and show for each example what gosched
 * found (scripts/examples-reporter.js, fed by scripts/examples-recorder.js). Exits with
 * Jest's status: non-zero if any example fails. Extra arguments go to Jest, e.g.
 * `npm run examples -- --seed 42` or `npm run examples -- semaphore`.
 * Needs nothing but what `npm ci` installs.
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const jest = require.resolve("jest/bin/jest", { paths: [root] });
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gosched-examples-"));
const findings = path.join(scratch, "findings.jsonl");

const args = [
  jest,
  "--roots", path.join(root, "examples"),
  "--setupFilesAfterEnv", path.join(__dirname, "examples-recorder.js"),
  "--reporters", path.join(__dirname, "examples-reporter.js"),
  "--reporters", "summary",
  ...process.argv.slice(2),
];

let status = 1;
try {
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, GOSCHED_EXAMPLES_FINDINGS: findings },
  });
  if (run.error) throw run.error;
  status = run.status ?? 1;
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
process.exit(status);

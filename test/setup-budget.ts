/**
 * The project's own tests assert completeness and counts, which a wall-clock budget could
 * cut on a loaded machine: every exploration here gets a time budget that cannot cut it
 * (GOSCHED_TIME_BUDGET_MS raises every budget), so only schedule budgets end them and the
 * verdicts are the same on every machine. A test that exercises the time budget itself
 * runs Jest in a subprocess (test/jest/run-fixtures.ts), which sets its own environment.
 */
process.env.GOSCHED_TIME_BUDGET_MS = "600000";

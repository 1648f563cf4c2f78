import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findUnbudgeted } from "./budgets";

/**
 * The project's own tests must not depend on the machine's speed: an exploration whose
 * completeness, proven outcomes or schedule count a test asserts sets a time budget that
 * no machine reaches (the defaults, 10 s and 3 s in a matcher, are wall-clock).
 */
const ROOT = join(__dirname, "..", "..");

function testFiles(): string[] {
  return ["test", "examples"]
    .flatMap((dir) => readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" }).map((f) => join(dir, f)))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.split(/[\\/]/).includes("fixtures"));
}

test("every exploration in test/ and examples/ that asserts completeness or a count has an explicit time budget", () => {
  const found = testFiles().flatMap((f) => findUnbudgeted(join(ROOT, f)).map((x) => `${f}:${x.line} ${x.call}: ${x.why}`));
  expect(found).toEqual([]);
});

function check(source: string): string[] {
  const file = join(mkdtempSync(join(tmpdir(), "gosched-budgets-")), "sample.test.ts");
  writeFileSync(file, source);
  return findUnbudgeted(file).map((x) => `${x.line} ${x.call}`);
}

test("the check finds exhaustive searches, proofs and counted explorations without a budget, and accepts them with one", () => {
  const flagged = check(
    [
      'await expect(p).toHaveOutcomes([1]);',
      'await expect(p).toBeRaceFree({ strategy: "dfs" });',
      'const r = await explore(p, { schedules: 20 });',
      "expect(r.schedules).toBe(20);",
      "const s = await explore(p, { strategy });",
      'const ok = await explore(p, { strategy: "random", seed: 1 });',
      "expect(ok.failure).toBeUndefined();",
    ].join("\n"),
  );
  expect(flagged).toEqual(["1 toHaveOutcomes", "2 toBeRaceFree", "3 explore", "5 explore"]);
  const budgeted = check(
    [
      "const PROOF = { timeBudgetMs: 600_000 };",
      'await expect(p).toHaveOutcomes([1], { ...PROOF, strategy: "dpor" });',
      "await expect(p).toHaveOutcomes([1], PROOF);",
      'const r = await explore(p, { schedules: 20, timeBudgetMs: 600_000 });',
      "expect(r.complete).toBe(true);",
    ].join("\n"),
  );
  expect(budgeted).toEqual([]);
});

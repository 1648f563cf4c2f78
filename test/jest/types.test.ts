/**
 * The matchers' types, checked by the compiler (ts-jest type-checks this file and
 * `npm run typecheck` covers it): importing gosched/jest merges them into Jest's
 * `Matchers`, typed by what the program returns. Each `@ts-expect-error` line must be an
 * error, or compilation fails.
 */
import { expect as globalsExpect } from "@jest/globals";
import "../../src/jest";

const program = async (): Promise<number> => 1;

/** Never run: only compiled. */
async function usages(): Promise<void> {
  await expect(program).toBeRaceFree();
  await expect(program).not.toBeDeadlockFree({ schedules: 10, checks: ["deadlock"] });
  await expect(program).toHaveOutcomes([1, 2], { strategy: "dfs", timeBudgetMs: 600_000 });
  await expect(program).toAlwaysSatisfy((n) => n > 0);
  await expect(program).toAlwaysSatisfy((n) => {
    expect(n).toBeGreaterThan(0);
  });
  // @ts-expect-error the outcomes of a Promise<number> program are numbers
  await expect(program).toHaveOutcomes(["1"], { timeBudgetMs: 600_000 });
  // @ts-expect-error the predicate receives a number
  await expect(program).toAlwaysSatisfy((s: string) => s.length > 0);
  // @ts-expect-error strategies are named
  await expect(program).toBeRaceFree({ strategy: "bfs" });
  // @ts-expect-error so are checks
  await expect(program).toBeDeadlockFree({ checks: ["races"] });
  // @ts-expect-error a matcher returns a promise, to be awaited
  const settled: void = expect(program).toBeRaceFree();
  void settled;
  await expect(program).toPanic();
  await expect(program).not.toPanic("boom", { schedules: 10 });
  await expect(program).toPanic(/boom/);
  await expect(program).toPanic(undefined, { checks: ["panic"] });
  // @ts-expect-error a message is a string or a RegExp
  await expect(program).toPanic(42);
  // @ts-expect-error expect() takes the program, not the promise of calling it
  await expect(program()).toBeRaceFree();
  // @ts-expect-error nor any other value
  await expect(42).toHaveOutcomes([42], { timeBudgetMs: 600_000 });
  // @ts-expect-error .not too
  await expect(program()).not.toPanic();
  const anything: any = program;
  await expect(anything).toBeRaceFree();
}

/** The same through `import { expect } from "@jest/globals"`, whose matchers come from the `expect` module. */
async function usagesFromGlobals(): Promise<void> {
  await globalsExpect(program).toBeRaceFree();
  await globalsExpect(program).not.toBeDeadlockFree({ schedules: 10 });
  await globalsExpect(program).toHaveOutcomes([1, 2], { timeBudgetMs: 600_000 });
  await globalsExpect(program).toAlwaysSatisfy((n) => n > 0);
  // @ts-expect-error the outcomes of a Promise<number> program are numbers
  await globalsExpect(program).toHaveOutcomes(["1"], { timeBudgetMs: 600_000 });
  // @ts-expect-error the predicate receives a number
  await globalsExpect(program).toAlwaysSatisfy((s: string) => s.length > 0);
  // @ts-expect-error strategies are named
  await globalsExpect(program).toBeRaceFree({ strategy: "bfs" });
  await globalsExpect(program).toPanic("boom");
  // @ts-expect-error expect() takes the program, not the promise of calling it
  await globalsExpect(program()).toPanic();
  // @ts-expect-error a matcher returns a promise, to be awaited
  const settled: void = globalsExpect(program).toBeRaceFree();
  void settled;
}

test("the matchers type-check on Jest's expect, typed by the program's outcome", () => {
  expect(typeof usages).toBe("function");
});

test("the matchers type-check on the expect of @jest/globals too", () => {
  expect(typeof usagesFromGlobals).toBe("function");
});

test("the expect of @jest/globals runs the matchers", async () => {
  await globalsExpect(program).toHaveOutcomes([1], { timeBudgetMs: 600_000 });
  await globalsExpect(program).not.toHaveOutcomes([2], { timeBudgetMs: 600_000 });
});

/**
 * Async generators in transformed code: their awaits are scheduling points of the task
 * that consumes them (this file is transformed).
 */
import { explore } from "gosched";

const FULL = { schedules: 100000, timeBudgetMs: 600000 };

/** Pages of a paginated API: each page is a round trip. */
async function* pages(tag: string): AsyncGenerator<string> {
  for (let i = 0; i < 2; i++) {
    await null;
    yield `${tag}${i}`;
  }
}

async function consume(tag: string, log: string[]): Promise<void> {
  for await (const page of pages(tag)) log.push(page);
}

test("two consumers of async generators interleave at the generators' awaits", async () => {
  const prog = async (): Promise<string> => {
    const log: string[] = [];
    await Promise.all([consume("a", log), consume("b", log)]);
    return log.join(",");
  };
  const r = await explore(prog, { strategy: "dfs", ...FULL });
  expect(r.failure).toBeUndefined();
  expect(r.complete).toBe(true);
  // Every order of a0 < a1 and b0 < b1: the six interleavings of two pages each.
  expect([...r.outcomes].sort()).toEqual(["a0,a1,b0,b1", "a0,b0,a1,b1", "a0,b0,b1,a1", "b0,a0,a1,b1", "b0,a0,b1,a1", "b0,b1,a0,a1"]);
  const again = await explore(prog, { strategy: "dfs", ...FULL });
  expect(again.outcomes).toEqual(r.outcomes);
});

test("outside an execution an async generator behaves as before", async () => {
  const log: string[] = [];
  await Promise.all([consume("a", log), consume("b", log)]);
  expect(log.join(",")).toBe("a0,b0,a1,b1");
});

test("an await in a generator's catch block resumes the consumer's task", async () => {
  async function* failing(): AsyncGenerator<string> {
    try {
      await Promise.reject(new Error("page lost"));
      yield "never";
    } catch (e) {
      await null;
      yield (e as Error).message;
    }
  }
  const r = await explore(
    async () => {
      const out: string[] = [];
      for await (const v of failing()) out.push(v);
      return out.join(",");
    },
    { strategy: "dfs", ...FULL },
  );
  expect(r.failure).toBeUndefined();
  expect(r.outcomes).toEqual(["page lost"]);
});

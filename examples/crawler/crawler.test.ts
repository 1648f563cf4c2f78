/**
 * The crawler of crawler.ts, the very module main.ts runs live, explored under the
 * scheduler: every object is made inside the program, and the fake site answers on
 * gosched's virtual clock, so a test of a crawl with timeouts takes no real time.
 */
import { Chan, Context, explore, go, sleep } from "../../src";
import { crawl, type CrawlOptions, type Fetcher, type Report } from "./crawler";

/** A small site: each page's links and how long it takes to answer (ms). */
const SITE: Record<string, { links: string[]; ms: number }> = {
  "/": { links: ["/a", "/b"], ms: 5 },
  "/a": { links: ["/c", "/"], ms: 10 },
  "/b": { links: ["/c", "/slow"], ms: 10 },
  "/c": { links: [], ms: 5 },
  "/slow": { links: ["/never-seen"], ms: 500 },
};

const fakeFetch: Fetcher = async (url) => {
  const page = SITE[url];
  await sleep(page?.ms ?? 1);
  if (page === undefined) throw new Error("404");
  return { url, links: page.links };
};

const OPTIONS: CrawlOptions = { workers: 3, intervalMs: 2, timeoutMs: 100 };
const BUDGET = { schedules: 300, timeBudgetMs: 600_000 };

const sorted = (r: Record<string, string>): [string, string][] => Object.entries(r).sort(([a], [b]) => a.localeCompare(b));

// Bounded by schedules, not time: a loaded machine must not cut a test.
const LONG = 120_000; // per test, as Jest and Vitest both take it

test("every interleaving crawls the same pages, times out the slow one and leaks nothing", async () => {
  const r = await explore(async () => sorted(await crawl(Context.background(), "/", fakeFetch, OPTIONS)), BUDGET);
  expect(r.failure).toBeUndefined();
  expect(r.outcomes).toEqual([
    [["/", "ok"], ["/a", "ok"], ["/b", "ok"], ["/c", "ok"], ["/slow", "timeout"]],
  ]);
}, LONG);

test("cancelling the crawl ends it without leaking a goroutine", async () => {
  const r = await explore(async () => {
    const [ctx, cancel] = Context.withCancel(Context.background());
    const report = new Chan<Report>(1);
    go(async () => report.send(await crawl(ctx, "/", fakeFetch, OPTIONS)), "crawl");
    await sleep(12);
    await cancel();
    const statuses = Object.values((await report.recv())!);
    return statuses.includes("ok") && statuses.length < 5;
  }, BUDGET);
  expect(r.failure).toBeUndefined();
  expect(r.outcomes).toEqual([true]);
}, LONG);

test("the bug this test introduces on purpose, an unbuffered result channel, is caught as a leak", async () => {
  const buggy: CrawlOptions = { ...OPTIONS, resultCap: 0 };
  const r = await explore(async () => sorted(await crawl(Context.background(), "/", fakeFetch, buggy)), BUDGET);
  expect(r.failure?.kind).toBe("leak");
  expect(r.failure?.message).toMatch(/goroutine \d+ "fetch \/slow" \[chan send\]/);
}, LONG);

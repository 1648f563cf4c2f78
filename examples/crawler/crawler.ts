/**
 * A crawler written once with gosched's primitives: shipped as is (main.ts crawls a real
 * HTTP site on Node's event loop) and explored as is by crawler.test.ts, where every
 * object is made inside the program and time is virtual.
 *
 * - a pool of `workers` goroutines takes URLs from the `jobs` channel;
 * - a rate limit: each fetch first takes a tick of one shared Ticker (at most one fetch
 *   starts per `intervalMs`, whatever the number of workers);
 * - a per-request timeout: each fetch runs in its own goroutine under
 *   `Context.withTimeout`, and the worker selects on its result or the deadline;
 * - cancellation: cancelling the caller's context stops new fetches and ends the crawl.
 * The coordinator (the caller's goroutine) alone owns the set of seen URLs, Go-style:
 * share memory by communicating.
 */
import { Chan, Context, go, select, Ticker, WaitGroup, type SelectCase } from "../../src";

export interface Page {
  readonly url: string;
  readonly links: readonly string[];
}

/** Fetches one page. Production passes real I/O; tests pass a fake that sleeps on gosched's clock. */
export type Fetcher = (url: string) => Promise<Page>;

export interface CrawlOptions {
  readonly workers: number;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Hears one line per event, as it happens. */
  readonly log?: (line: string) => void;
  /**
   * Capacity of the channel a fetch goroutine delivers its page on. 1 (the default) lets
   * a fetch that finishes after its timeout deliver and end; 0 is the classic Go leak the
   * tests introduce on purpose: nobody receives the late page, so its goroutine blocks forever.
   */
  readonly resultCap?: number;
}

/** What became of each URL: "ok", "timeout", "canceled" or the fetch's error message. */
export type Report = Record<string, string>;

interface Result {
  readonly url: string;
  readonly status: string;
  readonly links: readonly string[];
}

/** Crawl from `start`, following links, until no URL is left or `ctx` is cancelled. */
export async function crawl(ctx: Context, start: string, fetch: Fetcher, o: CrawlOptions): Promise<Report> {
  const log = o.log ?? (() => {});
  const jobs = new Chan<string>(0, "jobs");
  const results = new Chan<Result>(0, "results");
  const ticker = new Ticker(o.intervalMs, "rate");
  const wg = new WaitGroup("workers");
  for (let i = 0; i < o.workers; i++) {
    wg.go(() => worker(ctx, jobs, results, ticker, fetch, o), `worker ${i + 1}`);
  }
  const report = await coordinate(ctx, start, jobs, results, log);
  await jobs.close();
  await wg.wait();
  await ticker.stop();
  return report;
}

/** Hand out URLs and collect results until nothing is pending; returns what became of each URL. */
async function coordinate(ctx: Context, start: string, jobs: Chan<string>, results: Chan<Result>, log: (l: string) => void): Promise<Report> {
  const report: Report = {};
  const queue = [start];
  const seen = new Set(queue);
  let pending = 0;
  while (queue.length > 0 || pending > 0) {
    const cases: SelectCase<unknown>[] = [results.recvCase(), ctx.done().recvCase()];
    if (queue.length > 0 && ctx.err() === null) cases.push(jobs.sendCase(queue[0]!));
    const r = await select(cases);
    if (r.index === 2) {
      log(`queued  ${queue.shift()!}`);
      pending++;
    } else if (r.index === 0) {
      const res = r.value as Result;
      pending--;
      report[res.url] = res.status;
      log(`${res.status.padEnd(7)} ${res.url}`);
      for (const link of res.links) if (!seen.has(link) && ctx.err() === null) (seen.add(link), queue.push(link));
    } else if (pending === 0) {
      for (const url of queue) report[url] = "canceled";
      break;
    }
  }
  return report;
}

async function worker(ctx: Context, jobs: Chan<string>, results: Chan<Result>, ticker: Ticker, fetch: Fetcher, o: CrawlOptions): Promise<void> {
  for await (const url of jobs) {
    const r = await select<unknown>([ctx.done().recvCase(), ticker.c.recvCase()]);
    const result = r.index === 0 ? { url, status: "canceled", links: [] } : await fetchWithTimeout(ctx, url, fetch, o);
    await results.send(result);
  }
}

/** Fetch `url` in its own goroutine; give up at the deadline or when `parent` is cancelled. */
async function fetchWithTimeout(parent: Context, url: string, fetch: Fetcher, o: CrawlOptions): Promise<Result> {
  const [ctx, cancel] = Context.withTimeout(parent, o.timeoutMs);
  const done = new Chan<Result>(o.resultCap ?? 1, `fetch ${url}`);
  go(async () => {
    const result = await fetch(url).then(
      (page) => ({ url, status: "ok", links: page.links }),
      (e: Error) => ({ url, status: e.message, links: [] }),
    );
    await done.send(result);
  }, `fetch ${url}`);
  const r = await select<unknown>([done.recvCase(), ctx.done().recvCase()]);
  await cancel();
  if (r.index === 0) return r.value as Result;
  return { url, status: ctx.err() === Context.DeadlineExceeded ? "timeout" : "canceled", links: [] };
}

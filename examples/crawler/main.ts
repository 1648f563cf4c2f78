/**
 * `npm run crawler`: the module of crawler.ts, run for real. It starts a small HTTP site
 * on localhost (pages answer after a delay; one is slower than the timeout), crawls it
 * with real `fetch` through 3 workers, one fetch every 50 ms at most and a 400 ms timeout
 * per page, printing each event as it happens. Ctrl-C cancels the crawl.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Context } from "../../src";
import { crawl, type Fetcher } from "./crawler";

const SITE: Record<string, { links: string[]; ms: number }> = {
  "/": { links: ["/docs", "/blog", "/about"], ms: 60 },
  "/docs": { links: ["/docs/install", "/docs/api", "/"], ms: 120 },
  "/docs/install": { links: ["/docs/api"], ms: 80 },
  "/docs/api": { links: ["/docs/api/chan", "/docs/api/select"], ms: 150 },
  "/docs/api/chan": { links: [], ms: 90 },
  "/docs/api/select": { links: ["/missing"], ms: 70 },
  "/blog": { links: ["/blog/live-mode", "/blog/archive"], ms: 100 },
  "/blog/live-mode": { links: ["/docs"], ms: 110 },
  "/blog/archive": { links: [], ms: 900 },
  "/about": { links: [], ms: 40 },
};

const server = createServer((req, res) => {
  const page = SITE[req.url ?? ""];
  setTimeout(() => {
    res.writeHead(page === undefined ? 404 : 200, { "content-type": "application/json" });
    res.end(JSON.stringify(page?.links ?? []));
  }, page?.ms ?? 20);
});

server.listen(0, "127.0.0.1", async () => {
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fetchPage: Fetcher = async (url) => {
    const res = await fetch(base + url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return { url, links: (await res.json()) as string[] };
  };
  const [ctx, cancel] = Context.withCancel(Context.background());
  process.once("SIGINT", () => void cancel());
  const t0 = Date.now();
  const log = (line: string): void => console.log(`${String(Date.now() - t0).padStart(5)} ms  ${line}`);
  const report = await crawl(ctx, "/", fetchPage, { workers: 3, intervalMs: 50, timeoutMs: 400, log });
  const counts: Record<string, number> = {};
  for (const status of Object.values(report)) counts[status] = (counts[status] ?? 0) + 1;
  log(`done: ${Object.keys(report).length} URLs, ${JSON.stringify(counts)}`);
  await cancel();
  server.closeAllConnections();
  server.close();
});

/**
 * The timeline page in a real browser: Debian's Chromium, driven by playwright-core (no
 * browser download). What only a browser can show: the lanes laid out under their names,
 * the racing steps on screen when the page opens, the click that shows a step whole, and
 * pixels that are not blank.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { PNG } from "pngjs";
import { explore, timelineHtml, type Failure } from "../../src";
import { lockCycle, racyWorkers } from "./timeline-programs";

const CHROMIUM = process.env.GOSCHED_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

let browser: BrowserContext;
let dir: string;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `The timeline's browser test needs Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` ` +
        `(Debian, as root; .ci/run does this), or set GOSCHED_CHROMIUM to its path.`,
    );
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gosched-timeline-"));
  // A new, empty profile in the temporary directory, removed with it.
  browser = await chromium.launchPersistentContext(path.join(dir, "profile"), {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport: { width: 1100, height: 700 },
  });
}, 60000);

afterAll(async () => {
  await browser?.close();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

async function failureOf(program: () => Promise<unknown>): Promise<Failure> {
  const r = await explore(program, { seed: "browser", schedules: 100000, timeBudgetMs: 600000 });
  if (r.failure === undefined) throw new Error("expected a failure");
  return r.failure;
}

/** Open the failure's page from a file, refusing (and recording) any other request. */
async function open(f: Failure, name: string): Promise<{ page: Page; requests: string[] }> {
  const file = path.join(dir, `${name}.html`);
  fs.writeFileSync(file, timelineHtml(f));
  const page = await browser.newPage();
  const requests: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(`file://${file}`);
  return { page, requests };
}

/** Distinct colours in a screenshot: a blank page has one or two. */
function colours(png: Buffer): number {
  const img = PNG.sync.read(png);
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4 * 7) seen.add(img.data.readUInt32BE(i));
  return seen.size;
}

/** The fill colour an element is painted with (run in the page; this project's types have no DOM). */
const FILL = (el: unknown): string =>
  (globalThis as unknown as { getComputedStyle(e: unknown): { fill: string } }).getComputedStyle(el).fill;

/** The horizontal centre of an element on screen. */
async function centreX(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  if (box === null) throw new Error(`${selector} is not drawn`);
  return box.x + box.width / 2;
}

test("a race: every goroutine has its lane, the racing steps are marked under their goroutines and on screen", async () => {
  const f = await failureOf(racyWorkers);
  if (f.detail.kind !== "race") throw new Error("expected a race");
  const { page, requests } = await open(f, "race");
  const names = await page.locator(".lanes .lane-name").allTextContents();
  expect(names).toEqual(["main", "alpha", "beta", "gamma"]);
  await expect(page.locator(".step.racing").count()).resolves.toBe(2);
  for (const a of [f.detail.previous, f.detail.current]) {
    const lane = names.indexOf(a.goroutine.name);
    const laneX = await centreX(page, `.lanes .lane-name >> nth=${lane}`);
    expect(Math.abs((await centreX(page, `#step-${a.step} rect`)) - laneX)).toBeLessThan(4);
    expect(await page.locator(`#step-${a.step} rect`).evaluate(FILL)).toBe("rgb(255, 214, 217)");
  }
  const first = await page.locator(".step.racing rect").first().boundingBox();
  expect(first!.y).toBeGreaterThanOrEqual(0);
  expect(first!.y + first!.height).toBeLessThanOrEqual(700);
  await page.locator(`#step-${f.detail.current.step}`).click();
  await expect(page.locator("#info").textContent()).resolves.toContain(f.detail.current.location!);
  expect(colours(await page.screenshot())).toBeGreaterThan(20);
  expect(requests).toEqual([]);
  await page.close();
}, 60000);

test("a deadlock: a lane per goroutine, each ending in what it waits on, with the wait-for cycle", async () => {
  const f = await failureOf(lockCycle);
  if (f.detail.kind !== "deadlock") throw new Error("expected a deadlock");
  const { page, requests } = await open(f, "deadlock");
  const names = await page.locator(".lanes .lane-name").allTextContents();
  expect(names).toEqual(["main", "ab", "ba"]);
  for (const g of f.detail.goroutines) {
    const laneX = await centreX(page, `.lanes .lane-name >> nth=${names.indexOf(g.name)}`);
    expect(Math.abs((await centreX(page, `.blocked[data-lane="${g.id}"] rect`)) - laneX)).toBeLessThan(4);
  }
  await expect(page.locator(".why").textContent()).resolves.toContain("Wait-for cycle:");
  await expect(page.locator(".blocked").count()).resolves.toBe(3);
  expect(colours(await page.screenshot({ fullPage: true }))).toBeGreaterThan(20);
  expect(requests).toEqual([]);
  await page.close();
}, 60000);

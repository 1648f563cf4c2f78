/**
 * Race conditions from fast-check's race-condition documentation (a counter behind an
 * async API; a queue that must run one call at a time and resolve in call order, with
 * calls fired in batches), written as plain async JavaScript. The same source runs
 * untransformed under fast-check's scheduler and instrumented under gosched.
 * The code under test takes its asynchronous dependency as an argument, because
 * fast-check can only interleave what the test wraps (`s.scheduleFunction`).
 */

/** The counter: read, then write back one more, through an async API. Two increments can both read 0. */
export const COUNTER = `
function memoryStore() {
  let stored = 0;
  return { read: async () => stored, write: async (v) => { stored = v; }, get value() { return stored; } };
}
async function increment(api) {
  const v = await api.read();
  await api.write(v + 1);
}
`;

/**
 * The queue: wraps an async function so that calls run one at a time, in call order.
 * The bug: a call notes itself as the last one only after waiting for the one before,
 * so a call fired while another is still waiting chains on an older call and runs
 * alongside it. Calls fired together always show it; a call fired later (a second
 * batch) shows it only when it comes in that window.
 */
export const QUEUE = `
function queue(fn) {
  let last = Promise.resolve();
  return async (x) => {
    const previous = last;
    await previous;
    const mine = fn(x);
    last = mine;
    return mine;
  };
}
function tracked() {
  const log = { running: 0, most: 0 };
  const call = async (x) => { log.running++; log.most = Math.max(log.most, log.running); await null; log.running--; return x; };
  return { call, log };
}
`;

/**
 * Search as you type (the autocomplete of fast-check's documentation): each keystroke
 * queries an async API and shows the answer when it comes. The bug: an older, slower
 * answer can arrive last and replace the newer one.
 */
export const SEARCH = `
function searchBox(api) {
  const box = { shown: null };
  box.type = async (text) => { const answer = await api(text); box.shown = answer; };
  return box;
}
async function slowApi(text) { for (let i = 0; i < text.length; i++) await null; return "results for " + text; }
`;

/** The gosched tests: plain async code, run instrumented inside explore(). */
export const GOSCHED_TESTS = {
  counter: `
async function counterTest() {
  const store = memoryStore();
  await Promise.all([increment(store), increment(store)]);
  if (store.value !== 2) throw new Error("lost update: " + store.value);
}
`,
  queue: `
async function queueTest() {
  const { call, log } = tracked();
  const q = queue(call);
  const seen = [];
  const later = async () => { await null; return q(2); };
  await Promise.all([q(1), later()].map((p) => p.then((v) => seen.push(v))));
  if (log.most > 1 || seen.join() !== "1,2") throw new Error("queue broken: " + seen + ", " + log.most + " at once");
}
`,
  search: `
async function searchTest() {
  const box = searchBox(slowApi);
  await Promise.all([box.type("g"), box.type("go"), box.type("gos")]);
  if (box.shown !== "results for gos") throw new Error("stale answer shown: " + box.shown);
}
`,
};

/** Lines of a test as written: non-blank lines of its source. */
export function lines(source: string): number {
  return source.split("\n").filter((l) => l.trim() !== "").length;
}

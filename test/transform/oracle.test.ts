/**
 * The model's oracle, on generated programs (generate-async.ts): run for real with each
 * leaf replaced by a delay drawn at random, skewed so that long ones happen (1 to 64
 * ticks, on a macrotask loop: each delay ends in a
 * macrotask of its own, as I/O does), a program produces exactly the outcomes that
 * gosched reports, no more (gosched is complete for the model) and no fewer (it invents
 * no order that timing cannot produce). dpor agrees with dfs, and the transformed code,
 * outside any execution, returns what the untransformed code returns.
 */
import seedrandom from "seedrandom";
import { explore } from "../../src";
import { instrument } from "../../src/transform/index";
import * as runtime from "../../src/transform/runtime";
import { generate } from "./generate-async";

type Main = (leaf: (v: unknown) => unknown) => Promise<string>;
const FULL = { schedules: 100000, timeBudgetMs: 600000 };
const PROGRAMS = 40;
/** Real runs: at least this many (to see outcomes gosched missed)… */
const REAL_RUNS = 600;
/** …and more, up to this many, until every outcome gosched reported has been seen. */
const MAX_REAL_RUNS = 20000;

function load(code: string): Main {
  const req = (id: string): unknown => (id === "gosched/_runtime" ? runtime : require(id));
  return new Function("require", `${code}\nreturn main;`)(req) as Main;
}

function transformed(src: string): Main {
  return load(instrument(src, "/generated/program.js").code);
}

/** One real run: each leaf resolves after its delay, one macrotask per expiry, ties by arming order. */
async function realRun(main: Main, rng: () => number): Promise<string> {
  let now = 0;
  let seq = 0;
  const timers: { when: number; seq: number; fire: () => void }[] = [];
  const leaf = (v: unknown) =>
    new Promise((resolve) => timers.push({ when: now + 1 + Math.floor(rng() ** 3 * 64), seq: seq++, fire: () => resolve(v) }));
  let result: string | null = null;
  void main(leaf).then((r) => (result = r));
  for (;;) {
    await new Promise((r) => setImmediate(r));
    if (timers.length === 0) break;
    timers.sort((a, b) => a.when - b.when || a.seq - b.seq);
    const t = timers.shift()!;
    now = t.when;
    t.fire();
  }
  if (result === null) throw new Error("the real run did not finish");
  return result;
}

async function realOutcomes(src: string, seed: number, expected: readonly string[]): Promise<string[]> {
  const main = load(src);
  const rng = seedrandom(`delays-${seed}`);
  const seen = new Set<string>();
  for (let i = 0; i < MAX_REAL_RUNS; i++) {
    seen.add(await realRun(main, rng));
    if (i >= REAL_RUNS && expected.every((o) => seen.has(o))) break;
  }
  return [...seen].sort();
}

test.each(Array.from({ length: PROGRAMS }, (_, i) => i))("generated program %i: gosched's outcomes are exactly the real ones", async (seed) => {
  const src = generate(seed);
  const main = transformed(src);
  const dfs = await explore(() => main((v) => v), { strategy: "dfs", ...FULL });
  expect(dfs.failure).toBeUndefined();
  expect(dfs.complete).toBe(true);
  const mine = [...dfs.outcomes].sort();
  expect(mine).toEqual(await realOutcomes(src, seed, mine));
  const dpor = await explore(() => main((v) => v), { strategy: "dpor", ...FULL });
  expect(dpor.complete).toBe(true);
  expect([...dpor.outcomes].sort()).toEqual(mine);
  expect(await main((v) => v)).toBe(await load(src)((v) => v));
}, 600_000);

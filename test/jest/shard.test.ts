/**
 * Sharding the seed space: with `jest --shard i/n` or GOSCHED_SHARD, shard i explores
 * execution indices i-1, i-1+n, … of every exploration. Real Jest runs
 * test/fixtures/shard-{a,b}.spec.ts, which record the schedules they explored (each
 * outcome of `interleaving` names its schedule).
 */
import * as fs from "fs";
import * as path from "path";
import { fixtureDir, runJest } from "./run-fixtures";

jest.setTimeout(120_000);

interface Seen {
  readonly seen: string[];
  readonly argvShard: boolean;
}

let dir: string;
/** The unsharded run: every file, 20 executions each (GOSCHED_SCHEDULES raises the 10 they ask for). */
let unsharded: Map<string, Seen>;
let whole: string[];

beforeAll(async () => {
  dir = fixtureDir("shard", ["shard-a.spec.ts", "shard-b.spec.ts"]);
  unsharded = await explore([], { GOSCHED_SCHEDULES: "20" });
  whole = [...unsharded.values()][0]!.seen;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Run Jest, then collect and delete what each spec file that ran recorded. */
async function explore(args: string[], env: Record<string, string>): Promise<Map<string, Seen>> {
  const run = await runJest(dir, args, { GOSCHED_SEED: "1", ...env });
  expect(run.code).toBe(0);
  const out = new Map<string, Seen>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".seen.json"))) {
    out.set(file, JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")));
    fs.rmSync(path.join(dir, file));
  }
  return out;
}

test("without a shard, the same seed explores the same 20 distinct schedules in every file", () => {
  const [a, b] = [...unsharded.values()];
  expect(unsharded.size).toBe(2);
  expect(new Set(a!.seen).size).toBe(20);
  expect(b!.seen).toEqual(a!.seen);
});

test("`jest --shard 1/2` run in Jest's own process explores the even executions, learnt from the command line", async () => {
  const runs = await explore(["--shard=1/2", "--runInBand"], {});
  expect(runs.size).toBe(1);
  const [only] = [...runs.values()];
  expect(only!.argvShard).toBe(true);
  expect(only!.seen).toEqual(whole.filter((_, i) => i % 2 === 0));
});

test("`jest --shard 2/2` in a worker explores the odd executions, learnt through gosched's globalSetup", async () => {
  const runs = await explore(["--shard=2/2", "--maxWorkers=2", "--workerIdleMemoryLimit=1GB"], {});
  expect(runs.size).toBe(1);
  const [only] = [...runs.values()];
  expect(only!.argvShard).toBe(false);
  expect(only!.seen).toEqual(whole.filter((_, i) => i % 2 === 1));
});

test("GOSCHED_SHARD wins over --shard", async () => {
  const runs = await explore(["--shard=1/2", "--runInBand"], { GOSCHED_SHARD: "2/2" });
  const [only] = [...runs.values()];
  expect(only!.seen).toEqual(whole.filter((_, i) => i % 2 === 1));
});

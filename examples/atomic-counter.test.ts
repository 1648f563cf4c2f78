/**
 * Pattern 11: an atomic counter, and swapping a configuration with `atomic.Value`.
 *
 * In Go:
 *
 *     var hits int
 *     go func() { hits++ }()         // read, add, write: three steps, not one
 *
 *     var cfg atomic.Value           // holds a *Config, replaced whole
 *     cfg.Store(&Config{Host: "b", Port: 2})
 *     c := cfg.Load().(*Config)
 *
 * `hits++` on a plain variable is a read and a write; two goroutines can interleave them
 * and lose an increment, and the race detector reports it. `atomic.Int64.Add` does the
 * read-modify-write as one indivisible step.
 *
 * A configuration updated field by field can be read half-updated: a reader sees the new
 * host with the old port. Storing a fresh immutable value in an `atomic.Value` replaces it
 * whole, and a load that observes the store happens after it, so a reader sees one
 * configuration or the other, never a mix.
 */
import { AtomicInt, AtomicValue, go, Shared, WaitGroup } from "../src";
import "../src/jest";

/** Three goroutines each count one hit on a plain variable. */
async function plainCounter(): Promise<number> {
  const hits = new Shared(0, "hits");
  const wg = new WaitGroup();
  for (let i = 0; i < 3; i++) wg.go(async () => hits.write((await hits.read()) + 1), `hit ${i}`);
  await wg.wait();
  return hits.read();
}

/** The fix: an atomic add. */
async function atomicCounter(): Promise<number> {
  const hits = new AtomicInt(0);
  const wg = new WaitGroup();
  for (let i = 0; i < 3; i++) wg.go(() => hits.add(1), `hit ${i}`);
  await wg.wait();
  return hits.load();
}

interface Config {
  readonly host: string;
  readonly port: number;
}

/** The bug: the writer updates the two fields one after the other. */
async function fieldByField(): Promise<string> {
  const host = new Shared("a", "host");
  const port = new Shared(1, "port");
  go(async () => {
    await host.write("b");
    await port.write(2);
  }, "reload");
  return `${await host.read()}:${await port.read()}`;
}

/** The fix: the writer stores a whole new Config. */
async function swapWhole(): Promise<string> {
  const cfg = new AtomicValue<Config>({ host: "a", port: 1 });
  go(() => cfg.store({ host: "b", port: 2 }), "reload");
  const { host, port } = (await cfg.load())!;
  return `${host}:${port}`;
}

/** One configuration or the other, never half of each. */
const consistent = (hostPort: string) => hostPort === "a:1" || hostPort === "b:2";

describe("11. an atomic counter", () => {
  test("gosched reports the race on the plain counter", async () => {
    await expect(plainCounter).not.toBeRaceFree();
  });

  test("increments are lost in some schedules", async () => {
    await expect(plainCounter).toHaveOutcomes([1, 2, 3], { timeBudgetMs: 60_000 });
  });

  test("an atomic add never loses an increment", async () => {
    await expect(atomicCounter).toBeRaceFree();
    await expect(atomicCounter).toHaveOutcomes([3], { timeBudgetMs: 60_000 });
  });
});

describe("11. swapping a configuration with AtomicValue", () => {
  test("a reader can see a half-updated configuration", async () => {
    await expect(fieldByField).not.toBeRaceFree();
    await expect(fieldByField).not.toAlwaysSatisfy(consistent);
  });

  test("storing a whole new value is race-free and never torn", async () => {
    await expect(swapWhole).toBeRaceFree();
    await expect(swapWhole).toHaveOutcomes(["a:1", "b:2"], { timeBudgetMs: 60_000 });
  });
});

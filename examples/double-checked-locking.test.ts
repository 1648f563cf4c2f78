/**
 * Pattern 2: double-checked locking of a singleton.
 *
 * In Go:
 *
 *     func instance() *Config {
 *         if cfg == nil {            // unlocked check
 *             mu.Lock()
 *             if cfg == nil { cfg = load() }
 *             mu.Unlock()
 *         }
 *         return cfg
 *     }
 *
 * The first check reads `cfg` without holding the lock, while another goroutine may be
 * writing it under the lock. Nothing orders that read after the write, so the reader can
 * see the pointer and still not see the fields `load()` wrote. gosched reports the race
 * between the unlocked read and the locked write.
 *
 * The fix is `sync.Once`: the single call of the initialiser happens before every
 * `once.Do` returns, so every caller sees the finished value.
 *
 * Under `memoryModel: "go"` gosched also shows the consequence: a goroutine that sees the
 * pointer through the unlocked check may still read the field's initial value, a
 * half-built singleton. No interleaving of whole reads and writes can produce that.
 */
import { go, Mutex, Once, Shared, WaitGroup } from "../src";
import "../src/jest";

interface Config {
  readonly url: string;
}

/** Two goroutines ask for the singleton at once; returns how many loads ran. */
async function run(instance: () => Promise<Config>, loads: Shared<number>): Promise<number> {
  const wg = new WaitGroup();
  for (const name of ["a", "b"]) {
    await wg.add(1);
    go(async () => {
      await instance();
      await wg.done();
    }, name);
  }
  await wg.wait();
  return loads.read();
}

/** The bug: the first check reads `cfg` without the lock. */
async function doubleChecked(): Promise<number> {
  const cfg = new Shared<Config | null>(null, "cfg");
  const loads = new Shared(0, "loads");
  const mu = new Mutex();
  return run(async () => {
    if ((await cfg.read()) === null) {
      await mu.lock();
      if ((await cfg.read()) === null) {
        await loads.write((await loads.read()) + 1);
        await cfg.write({ url: "db://primary" });
      }
      await mu.unlock();
    }
    return (await cfg.read())!;
  }, loads);
}

/** The fix: `Once` runs the initialiser exactly once and publishes its result. */
async function withOnce(): Promise<number> {
  const cfg = new Shared<Config | null>(null, "cfg");
  const loads = new Shared(0, "loads");
  const once = new Once();
  return run(async () => {
    await once.do(async () => {
      await loads.write((await loads.read()) + 1);
      await cfg.write({ url: "db://primary" });
    });
    return (await cfg.read())!;
  }, loads);
}

/** A singleton whose field is written after the object is made, as a constructor would. */
async function halfBuilt(initialise: "double-checked" | "once"): Promise<string> {
  const cfg = new Shared<Shared<string> | null>(null, "cfg");
  const mu = new Mutex();
  const once = new Once();
  const build = async (): Promise<Shared<string>> => {
    const url = new Shared("", "cfg.url");
    await url.write("db://primary");
    await cfg.write(url);
    return url;
  };
  const instance = async (): Promise<Shared<string>> => {
    if (initialise === "once") {
      await once.do(build);
      return (await cfg.read())!;
    }
    let c = await cfg.read();
    if (c === null) {
      await mu.lock();
      c = (await cfg.read()) ?? (await build());
      await mu.unlock();
    }
    return c;
  };
  const urls: string[] = [];
  const wg = new WaitGroup();
  for (const name of ["a", "b"]) wg.go(async () => void urls.push(await (await instance()).read()), name);
  await wg.wait();
  return urls.includes("") ? "half-built" : "complete";
}

describe("2. double-checked locking", () => {
  test("under the Go memory model the unlocked check can hand out a half-built singleton", async () => {
    await expect(() => halfBuilt("double-checked")).not.toAlwaysSatisfy((o) => o === "complete", { memoryModel: "go" });
  });

  test("Once never hands out a half-built singleton, even under the Go memory model", async () => {
    await expect(() => halfBuilt("once")).toAlwaysSatisfy((o) => o === "complete", { memoryModel: "go" });
  });

  test("gosched reports the race between the unlocked check and the locked write", async () => {
    await expect(doubleChecked).not.toBeRaceFree();
  });

  test("Once initialises the singleton exactly once, without a race", async () => {
    await expect(withOnce).toBeRaceFree();
    await expect(withOnce).toHaveOutcomes([1], { timeBudgetMs: 60_000 });
  });
});

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

describe("2. double-checked locking", () => {
  test("gosched reports the race between the unlocked check and the locked write", async () => {
    await expect(doubleChecked).not.toBeRaceFree();
  });

  test("Once initialises the singleton exactly once, without a race", async () => {
    await expect(withOnce).toBeRaceFree();
    await expect(withOnce).toHaveOutcomes([1]);
  });
});

import { Chan, explore, go, Mutex, Shared, WaitGroup, yieldNow } from "../../src";
import { activeExecution } from "../../src/runtime/active";
import { clockWidth, slotOf, touch } from "../../src/runtime/happens-before";
import { SEEDS } from "./helpers";

/** How many clock slots the running execution has needed (slot 0 is never used). */
function width(): number {
  return clockWidth(activeExecution()!) - 1;
}

describe("clocks grow with live goroutines, not with every goroutine ever started", () => {
  test("200 goroutines run one after another, each joined, share two slots", async () => {
    const prog = async (): Promise<number> => {
      const x = new Shared(0, "x");
      for (let i = 0; i < 200; i++) {
        const wg = new WaitGroup();
        await wg.add(1);
        go(async () => { await x.write((await x.read()) + 1); await wg.done(); });
        await wg.wait();
      }
      return width();
    };
    for (const seed of SEEDS) {
      const r = await explore(prog, { seed, schedules: 3 });
      expect(r.failure).toBeUndefined();
      expect(r.outcomes).toEqual([2]);
    }
  });

  test("batches of 8 workers behind a WaitGroup need at most 9 slots however many batches run", async () => {
    const prog = async (): Promise<number> => {
      const x = new Shared(0, "x");
      const mu = new Mutex();
      for (let batch = 0; batch < 20; batch++) {
        const wg = new WaitGroup();
        for (let i = 0; i < 8; i++) {
          await wg.add(1);
          go(async () => { await mu.lock(); await x.write((await x.read()) + 1); await mu.unlock(); await wg.done(); });
        }
        await wg.wait();
      }
      return width();
    };
    const r = await explore(prog, { seed: "1", schedules: 5 });
    expect(r.failure).toBeUndefined();
    // A worker takes a slot at its first access (not when started), by then often one a finished worker left.
    for (const w of r.outcomes) expect(w).toBeLessThanOrEqual(9);
  });

  test("2,000 goroutines started at once take slots only when they first synchronise, reusing those of ended ones", async () => {
    const prog = async (): Promise<number> => {
      const n = 2000;
      const ch = new Chan<number>(n);
      const wg = new WaitGroup();
      for (let i = 0; i < n; i++) wg.go(async () => { await yieldNow(); await ch.send(i); });
      await wg.wait();
      return width();
    };
    const r = await explore(prog, { seed: "1", schedules: 3, maxSteps: 1_000_000, timeBudgetMs: 600_000 });
    expect(r.failure).toBeUndefined();
    // Placed when started, every one of them held a slot at once: 2,001.
    for (const w of r.outcomes) expect(w).toBeLessThan(1000);
  });

  test("goroutines that touch no shared cell give their slot back even when nobody joins them", async () => {
    const prog = async (): Promise<number> => {
      const ch = new Chan<number>(100);
      for (let i = 0; i < 50; i++) {
        go(async () => { await ch.send(i); });
        await yieldNow();
      }
      return width();
    };
    const r = await explore(prog, { seed: "1", schedules: 10 });
    expect(r.failure).toBeUndefined();
    for (const w of r.outcomes) expect(w).toBeLessThan(50);
  });

  test("a goroutine whose write nobody has ordered keeps its slot, and its race is still found much later", async () => {
    const prog = async (): Promise<number> => {
      const x = new Shared(0, "x");
      const y = new Shared(0, "y");
      go(async () => { await x.write(1); }, "lonely");
      for (let i = 0; i < 30; i++) {
        const wg = new WaitGroup();
        await wg.add(1);
        go(async () => { await y.write(i); await wg.done(); }, `helper ${i}`);
        await wg.wait();
      }
      await x.read();
      return width();
    };
    for (const seed of SEEDS) {
      const r = await explore(prog, { seed, schedules: 1 });
      expect(r.failure?.kind).toBe("race");
      expect(r.failure?.message).toMatch(/^data race on Shared "x": .*goroutine 2 "lonely"/);
    }
  });

  test("a race with a goroutine that took over a reused slot names that goroutine, not the slot's earlier owner", async () => {
    const prog = async (): Promise<number> => {
      const x = new Shared(0, "x");
      const wg = new WaitGroup();
      await wg.add(1);
      go(async () => { await x.write(1); await wg.done(); }, "first");
      await wg.wait();
      go(async () => { await x.write(2); }, "second");
      await yieldNow();
      await x.read();
      return width();
    };
    const found = new Set<string>();
    for (const seed of SEEDS) {
      const r = await explore(prog, { seed, schedules: 1 });
      expect(r.failure?.kind).toBe("race");
      const d = r.failure!.detail;
      if (d.kind !== "race") throw new Error("not a race");
      const other = d.previous.goroutine.id === 1 ? d.current : d.previous;
      expect(other.goroutine).toEqual({ id: 3, name: "second" });
      found.add(d.previous.goroutine.name);
    }
    expect(found).toEqual(new Set(["main", "second"]));
  });

  test("an ended goroutine's slot is not reused while its write is unordered with someone, which would hide this race", async () => {
    // "old" writes x and ends; nobody learns of it. "reader" then starts "new" and hears
    // from it before reading x. Were "new" given old's slot, hearing from it would look
    // like hearing from old, and the race would vanish in schedules where old ended first.
    const prog = async (): Promise<void> => {
      const x = new Shared(0, "x");
      go(async () => { await x.write(1); }, "old");
      for (let i = 0; i < 3; i++) await yieldNow();
      go(async () => {
        const ch = new Chan<void>();
        go(async () => { await ch.send(); }, "new");
        await ch.recv();
        await x.read();
      }, "reader");
    };
    for (let seed = 1; seed <= 50; seed++) {
      const r = await explore(prog, { seed: String(seed), schedules: 1 });
      expect(r.failure?.message).toMatch(/^data race on Shared "x": .*goroutine 2 "old"/);
    }
  });

  test("a goroutine that only read keeps its slot too, so a later unordered write is still caught", async () => {
    const prog = async (): Promise<void> => {
      const x = new Shared(0, "x");
      const ch = new Chan<void>();
      go(async () => { await x.read(); }, "reader");
      for (let i = 0; i < 3; i++) await yieldNow();
      go(async () => { await ch.send(); }, "next");
      await ch.recv();
      await x.write(1);
    };
    for (let seed = 1; seed <= 50; seed++) {
      const r = await explore(prog, { seed: String(seed), schedules: 1 });
      expect(r.failure?.message).toMatch(/^data race on Shared "x": .*goroutine 2 "reader"/);
    }
  });

  test("an epoch kept outside the shadows through touch() pins its slot like an access does", async () => {
    const widthAfter = (touching: boolean) => async (): Promise<number> => {
      // A goroutine takes its slot at its first release (here a send); main then hears of
      // that epoch, but not of the later one that touch() stores.
      const first = new Chan<void>();
      const second = new Chan<void>();
      go(async () => {
        await first.send();
        if (touching) touch(activeExecution()!.current!);
      });
      await first.recv();
      for (let i = 0; i < 4; i++) await yieldNow();
      go(async () => second.send());
      await second.recv();
      return width();
    };
    const widths = async (touching: boolean) => {
      const seen = new Set<number>();
      for (const seed of SEEDS) for (const w of (await explore(widthAfter(touching), { seed, schedules: 10 })).outcomes) seen.add(w as number);
      return [...seen].sort();
    };
    expect(await widths(false)).toEqual([2, 3]);
    expect(await widths(true)).toEqual([3]);
  });

  test("a goroutine started without fork() starts from an empty clock and cannot take the slot of one it has not heard of", async () => {
    // spawn() forks from its creator; a path that gives it none must err towards reporting.
    const prog = async (): Promise<void> => {
      const x = new Shared(0, "x");
      await x.write(1);
      const exec = activeExecution()!;
      exec.spawn(async () => { await x.read(); }, "stray", exec.current, null);
    };
    for (const seed of SEEDS) {
      const r = await explore(prog, { seed, schedules: 1 });
      expect(r.failure?.message).toMatch(/^data race on Shared "x": read by goroutine 2 "stray" .* write by goroutine 1 "main"/);
    }
  });
});

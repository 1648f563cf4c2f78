import { spawn } from "node:child_process";
import { join } from "node:path";

const root = join(__dirname, "..", "..");

/** Run one scenario of fixtures/live-exit.ts in a child Node process. */
function child(scenario: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", join(__dirname, "fixtures", "live-exit.ts"), scenario], {
      cwd: root,
      env: { ...process.env, ...env, TS_NODE_PROJECT: join(root, "tsconfig.json") },
    });
    let out = "";
    let err = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("close", (code) => resolve({ code, out, err }));
  });
}

jest.setTimeout(240_000);

describe("live goroutines at exit", () => {
  test("blocked goroutines are dumped when the event loop empties, like Go's goroutine dump", async () => {
    const [plain, located, off] = await Promise.all([
      child("stuck"),
      child("stuck", { GOSCHED_LIVE_LOCATIONS: "1" }),
      child("stuck", { GOSCHED_LIVE_EXIT_REPORT: "0" }),
    ]);
    expect(plain.err).toContain("gosched: the event loop emptied with 2 live goroutines blocked:\n");
    // Without any variable: the worker blocked after its first await, still named and located.
    for (const r of [plain, located]) {
      expect(r.err).toMatch(
        /goroutine 1 "worker" \[chan receive\]:\n\trecv on chan "jobs"\n\ttest\/live\/fixtures\/live-exit\.ts:10:16\n/,
      );
      expect(r.err).toMatch(/goroutine 0 "main" \[sync.WaitGroup.Wait\]:\n\twait sync.WaitGroup "workers"\n\ttest\/live\/fixtures\/live-exit\.ts:14:12\n/);
    }
    expect(located.err).toMatch(
      /goroutine 1 "worker" \[chan receive\]:\n\trecv on chan "jobs"\n\ttest\/live\/fixtures\/live-exit\.ts:10:16\n/,
    );
    expect(located.err).toMatch(/\[sync.WaitGroup.Wait\]:\n\twait sync.WaitGroup "workers"\n\ttest\/live\/fixtures\/live-exit\.ts:14:12\n/);
    expect(off.err).toBe("");
  });

  test("the dump is printed again only when a goroutine blocked since the last one", async () => {
    const r = await child("again");
    const dumps = r.err.split("gosched: the event loop emptied").slice(1);
    expect(dumps).toHaveLength(2);
    expect(dumps[0]).toContain('goroutine 1 "first" [chan receive]');
    expect(dumps[0]).not.toContain("second");
    expect(dumps[1]).toContain('goroutine 2 "second" [chan receive]');
  });

  test("dumpGoroutines prints the dump on demand, naming a goroutine blocked in its first segment", async () => {
    const r = await child("on-demand");
    expect(r.out).toBe("returned true\n");
    expect(r.err).toBe('goroutine 1 "server" [chan receive]:\n\trecv on chan "requests"\n\ttest/live/fixtures/live-exit.ts:46:17\n\n');
  });

  test("without any variable, goroutines blocked deep in helpers, after awaits and timers, are named and located", async () => {
    const r = await child("nested");
    expect(r.err).toContain("gosched: the event loop emptied with 3 live goroutines blocked:\n\n");
    expect(r.err).toMatch(/goroutine 1 "fetcher" \[chan send\]:\n\tsend on chan "results"\n\ttest\/live\/fixtures\/live-exit\.ts:\d+:\d+\n/);
    expect(r.err).toMatch(/goroutine 2 "collector" \[sync.Mutex.Lock\]:\n\tlock sync.Mutex "mu"\n\ttest\/live\/fixtures\/live-exit\.ts:\d+:\d+\n/);
    expect(r.err).toMatch(/goroutine 3 "sleeper" \[chan receive\]:\n\trecv on chan "never"\n\ttest\/live\/fixtures\/live-exit\.ts:\d+:\d+\n/);
    expect(r.err).not.toContain("goroutine ?");
    expect(r.err).not.toContain("GOSCHED_LIVE_LOCATIONS");
  });

  test("a fatal error is not catchable: it kills the process with Go's words", async () => {
    const r = await child("fatal");
    expect(r.code).not.toBe(0);
    expect(r.out).not.toContain("caught");
    expect(r.err).toContain("fatal error: sync: unlock of unlocked mutex");
  });

  test("a timer keeps the process alive only while a goroutine waits on its channel", async () => {
    const r = await child("timers");
    expect([r.code, r.out, r.err]).toEqual([0, "woke\n", ""]);
  });

  test("an uncaught throw in a live goroutine surfaces as an uncaught exception naming it", async () => {
    const r = await child("panic");
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('panic: boom [recovered: no] in goroutine 1 "worker"');
  });
});

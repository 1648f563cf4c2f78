import { Chan, Cond, explore, go, Mutex, WaitGroup } from "../../src";

// Bounded by schedules, not time: a loaded machine must not cut a test.
jest.setTimeout(120_000);

describe("mixing live objects and an execution's objects", () => {
  test("a live object used inside a program is a misuse that names it", async () => {
    const jobs = new Chan<number>(1, "jobs");
    const r = await explore(async () => {
      await jobs.send(1);
      return "sent";
    }, { schedules: 3 });
    expect(r.failure?.kind).toBe("misuse");
    expect(r.failure?.message).toBe(
      'send on chan "jobs" used chan "jobs", a live object created outside any program: create it ' +
        "inside the program function, so that the execution controls it",
    );
  });

  test("a live Mutex used by a goroutine of a program is a misuse too", async () => {
    const mu = new Mutex("mu");
    const r = await explore(async () => {
      const wg = new WaitGroup();
      wg.go(async () => mu.lock());
      await wg.wait();
    }, { schedules: 3 });
    expect(r.failure?.kind).toBe("misuse");
    expect(r.failure?.message).toContain('sync.Mutex "mu", a live object created outside any program');
  });

  test("a live WaitGroup's wg.go() inside a program is a misuse, and leaves the WaitGroup as it was", async () => {
    const wg = new WaitGroup("live");
    const r = await explore(async () => {
      wg.go(async () => undefined);
    }, { schedules: 1 });
    expect(r.failure?.kind).toBe("misuse");
    expect(r.failure?.message).toContain('sync.WaitGroup "live"');
    await wg.wait(); // the counter was not raised: returns at once instead of hanging
  });

  test("a live Cond given an ended execution's Mutex throws, and live mode goes on working", async () => {
    const r = await explore(async () => new Mutex("kept"), { schedules: 1 });
    expect(() => new Cond(r.outcomes[0]!)).toThrow(/a live object \(created outside any program\) can only use live objects/);
    const wg = new WaitGroup();
    let ran = false;
    wg.go(async () => {
      ran = true;
    });
    await wg.wait();
    expect(ran).toBe(true);
  });

  test("an execution's object used after the execution rejects, never hangs", async () => {
    const r = await explore(async () => new Chan<number>(1, "kept"), { schedules: 1 });
    const kept = r.outcomes[0]!;
    await expect(kept.send(1)).rejects.toThrow(
      'send on chan "kept" used an object of an execution that has ended: objects made inside a program ' +
        "belong to its execution; make the ones you use outside it (live) outside any program",
    );
  });

  test("an execution's object used by a live goroutine rejects too", async () => {
    const r = await explore(async () => new Mutex("m"), { schedules: 1 });
    const m = r.outcomes[0]!;
    const result = new Chan<string>(1);
    go(async () => {
      await m.lock().catch((e: Error) => result.send(e.message));
    });
    expect(await result.recv()).toMatch(/^lock sync.Mutex "m" used an object of an execution that has ended/);
  });
});

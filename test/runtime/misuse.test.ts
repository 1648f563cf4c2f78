import { readFileSync } from "fs";
import { promises as fs } from "fs";
import { Chan, explore, go, Mutex, Shared, yieldNow } from "../../src";
import { failure } from "../helpers";

describe("determinism guards: each a clear error, never a hang", () => {
  test("a second operation while one is pending names both: did you forget await?", async () => {
    const f = await failure(async () => {
      const ch = new Chan<number>(0, "c");
      const mu = new Mutex("mu");
      void ch.send(1);
      await mu.lock();
    });
    expect(f.kind).toBe("misuse");
    expect(f.message).toBe(
      'goroutine 1 "main" started lock sync.Mutex "mu" while send on chan "c" was still pending: did you forget `await`?',
    );
  });

  test("a goroutine that returns with an operation pending: did you forget await?", async () => {
    const f = await failure(async () => {
      const ch = new Chan<number>(0, "c");
      go(() => {
        void ch.send(1);
      }, "forgetful");
      await yieldNow();
      await yieldNow();
    });
    expect(f.kind).toBe("misuse");
    expect(f.message).toBe('goroutine 2 "forgetful" returned while send on chan "c" was still pending: did you forget `await`?');
  });

  test.each([
    ["a real timer", () => new Promise((r) => setTimeout(r, 5))],
    ["file I/O", () => fs.readFile(__filename)],
    ["setImmediate", () => new Promise((r) => setImmediate(r))],
  ])("awaiting %s inside a program is detected when the microtask queue drains", async (_what, foreign) => {
    const f = await failure(async () => {
      const s = new Shared(0, "x");
      go(async () => {
        await s.write(1);
        await foreign();
        await s.write(2);
      }, "sleepy");
    }, { schedules: 3 });
    expect(f.kind).toBe("misuse");
    expect(f.message).toBe(
      'goroutine 2 "sleepy" awaited something gosched does not control (a real timer, I/O, or a ' +
        'promise settled outside the execution) after write Shared "x". Use gosched\'s sleep, after, ' +
        "channels and other primitives inside a program, never real timers or I/O.",
    );
  });

  test("awaiting a promise that resolves within the microtask queue is allowed", async () => {
    const r = await explore(async () => {
      await Promise.resolve();
      await (async () => 1)();
      return 7;
    }, { schedules: 3 });
    expect(r.failure).toBeUndefined();
    expect(r.outcomes).toEqual([7]);
  });

  test("an object used by an execution other than the one that made it is misuse", async () => {
    let leaked: Chan<number> | null = null;
    const f = await failure(async () => {
      if (leaked === null) leaked = new Chan<number>(1, "old");
      await leaked.send(1);
      await leaked.recv();
    }, { schedules: 5 });
    expect(f.kind).toBe("misuse");
    expect(f.message).toBe(
      'send on chan "old" used an object created by another execution: create gosched objects ' +
        "inside the program function, so that every execution starts fresh",
    );
  });

  test("outside a program, go() and objects are live, not errors", async () => {
    const ch = new Chan<number>();
    go(async () => ch.send(7));
    await expect(ch.recv()).resolves.toBe(7);
    const mu = new Mutex();
    await expect(mu.tryLock()).resolves.toBe(true);
  });

  test("explore() inside a program is refused rather than deadlocking on the exploration lock", async () => {
    const r = await explore(async () => {
      try {
        await explore(async () => 1);
        return "nested ran";
      } catch (e) {
        return (e as Error).message;
      }
    }, { schedules: 1 });
    expect(r.outcomes).toEqual(["explore() was called inside a program: explorations cannot nest"]);
  });

  test("two explorations started together take turns and both finish", async () => {
    const prog = (tag: string) => async () => {
      const ch = new Chan<string>(1);
      go(async () => ch.send(tag));
      return ch.recv();
    };
    const [a, b] = await Promise.all([explore(prog("a"), { schedules: 50 }), explore(prog("b"), { schedules: 50 })]);
    expect(a.outcomes).toEqual(["a"]);
    expect(b.outcomes).toEqual(["b"]);
  });

  test("a second explore() called a few microtasks after the first started waits its turn", async () => {
    const prog = async () => {
      const x = new Shared(0, "x");
      go(async () => x.write(1));
      await x.write(2);
      return 1;
    };
    const first = explore(prog, { schedules: 20 });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    const second = explore(prog, { schedules: 20 });
    const [a, b] = await Promise.all([first, second]);
    expect(a.failure?.kind).toBe("race");
    expect(b.failure?.kind).toBe("race");
  });
});

describe("misuse reports give the file and line in user code", () => {
  // The line of this file that carries `// mark: <name>`, so the tests survive edits above them.
  const source = readFileSync(__filename, "utf8").split("\n");
  const here = (mark: string) =>
    expect.stringMatching(new RegExp(`misuse\\.test\\.ts:${source.findIndex((l) => l.endsWith(`// mark: ${mark}`)) + 1}:\\d+$`));

  test("of the operation not awaited and of the second one", async () => {
    const f = await failure(async () => {
      const ch = new Chan<number>(0, "c");
      const mu = new Mutex("mu");
      void ch.send(1); // mark: not awaited
      await mu.lock(); // mark: second
    });
    expect(f.detail).toMatchObject({
      kind: "misuse",
      where: [
        { what: 'send on chan "c", not awaited', location: here("not awaited") },
        { what: 'lock sync.Mutex "mu"', location: here("second") },
      ],
    });
  });

  test("of the operation not awaited when the goroutine returns", async () => {
    const f = await failure(async () => {
      const ch = new Chan<number>(0, "c");
      go(() => {
        void ch.send(1); // mark: returns
      }, "forgetful");
      await yieldNow();
      await yieldNow();
    });
    expect(f.detail).toMatchObject({ kind: "misuse", where: [{ what: 'send on chan "c", not awaited', location: here("returns") }] });
  });

  test("of the last operation before a foreign await", async () => {
    const f = await failure(async () => {
      const s = new Shared(0, "x");
      await s.write(1); // mark: before foreign
      await new Promise((r) => setImmediate(r));
    });
    expect(f.detail).toMatchObject({ kind: "misuse", where: [{ location: here("before foreign") }] });
  });
});

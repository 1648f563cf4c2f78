import { Chan, Cond, Context, explore, Mutex, select } from "../../src";

/**
 * An object of one execution used in another, in any position (a later select case, a
 * Cond's locker, a Context's parent), is misuse; used outside any execution, its
 * operations reject instead of hanging.
 */
const FOREIGN = "an object created by another execution: create gosched objects inside the program function, so that every execution starts fresh";

test("a channel of an earlier execution as a later select case is misuse, not a value received across executions", async () => {
  let old: Chan<string> | null = null;
  const r = await explore(async () => {
    const fresh = new Chan<string>(1, "fresh");
    if (old === null) {
      old = new Chan<string>(1, "old");
      await old.send("from execution 1");
      return "first";
    }
    const got = await select([fresh.recvCase(), old.recvCase()]);
    return got.value;
  }, { schedules: 3, seed: "foreign" });
  expect(r.failure?.kind).toBe("misuse");
  expect(r.failure?.message).toBe(`select {recv chan "fresh", recv chan "old"} used ${FOREIGN}`);
});

test("a Mutex of an earlier execution as a new Cond's locker is misuse", async () => {
  let old: Mutex | null = null;
  const r = await explore(async () => {
    if (old === null) {
      old = new Mutex("old");
      return;
    }
    new Cond(old);
  }, { schedules: 3, seed: "foreign" });
  expect(r.failure?.kind).toBe("misuse");
  expect(r.failure?.message).toMatch(new RegExp(`^new Cond\\(\\) was given sync\\.Mutex "old", ${FOREIGN}$`));
});

test("a Context of an earlier execution as a parent is misuse, not a panic", async () => {
  let old: Context | null = null;
  const r = await explore(async () => {
    if (old === null) {
      old = Context.background();
      return;
    }
    Context.withCancel(old);
  }, { schedules: 3, seed: "foreign" });
  expect(r.failure?.kind).toBe("misuse");
  expect(r.failure?.message).toBe(`Context.withCancel() was given context.Background #1, ${FOREIGN}`);
});

describe("an object used after its exploration ended rejects, never hangs", () => {
  const made: { ch?: Chan<number>; mu?: Mutex; cancel?: () => Promise<void> } = {};

  beforeAll(async () => {
    await explore(async () => {
      made.ch = new Chan<number>(1, "kept");
      made.mu = new Mutex("kept");
      made.cancel = Context.withCancel(Context.background())[1];
    }, { schedules: 1 });
  });

  const outside = (what: string) =>
    `${what} used an object of an execution that has ended: objects made inside a program belong to its execution; make the ones you use outside it (live) outside any program`;

  test("a channel send", async () => {
    await expect(made.ch!.send(1)).rejects.toThrow(outside('send on chan "kept"'));
  });

  test("a select over it", async () => {
    await expect(select([made.ch!.recvCase()], { default: true })).rejects.toThrow(outside('select {recv chan "kept", default}'));
  });

  test("a lock", async () => {
    await expect(made.mu!.lock()).rejects.toThrow(outside('lock sync.Mutex "kept"'));
  });

  test("a context's cancel", async () => {
    await expect(made.cancel!()).rejects.toThrow(/used an object of an execution that has ended/);
  });
});

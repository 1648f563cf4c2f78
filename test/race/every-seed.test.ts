import { AtomicInt, Chan, explore, go, Mutex, RWMutex, Shared, WaitGroup, yieldNow } from "../../src";
import type { Prog } from "./helpers";

/**
 * A race is a property of the accesses, not of luck: when two accesses are unordered in
 * every schedule, every seed must report the race in its first execution. These
 * programs are racy in every schedule, so each also guards against an edge too many
 * (a spurious synchronisation would hide the race in some schedules).
 */
const SEEDS = Array.from({ length: 100 }, (_, i) => String(i + 1));

const alwaysRacy: [string, Prog][] = [
  [
    "two goroutines write with no synchronisation",
    async () => {
      const x = new Shared(0, "x");
      go(async () => { await x.write(1); }, "a");
      go(async () => { await x.write(2); }, "b");
    },
  ],
  [
    "the parent writes after go() and the child reads",
    async () => {
      const x = new Shared(0, "x");
      go(async () => { await x.read(); }, "child");
      await x.write(1);
    },
  ],
  [
    "a goroutine writes and exits, and its parent reads later (exit happens before nothing)",
    async () => {
      const x = new Shared(0, "x");
      go(async () => { await x.write(1); }, "child");
      for (let i = 0; i < 4; i++) await yieldNow();
      await x.read();
    },
  ],
  [
    "a writer and a reader each under rLock (read-lock pairs do not synchronise)",
    async () => {
      const x = new Shared(0, "x");
      const mu = new RWMutex();
      go(async () => { await mu.rLock(); await x.write(1); await mu.rUnlock(); }, "writer");
      await mu.rLock();
      await x.read();
      await mu.rUnlock();
    },
  ],
  [
    "a buffered receive does not happen before the send completes",
    async () => {
      const x = new Shared(0, "x");
      const ch = new Chan<number>(1);
      go(async () => { await ch.send(0); await x.read(); }, "sender");
      await x.write(1);
      await ch.recv();
    },
  ],
  [
    "two holders of a capacity-2 channel used as a lock",
    async () => {
      const x = new Shared(0, "x");
      const sem = new Chan<void>(2);
      for (const name of ["a", "b"]) {
        go(async () => { await sem.send(); await x.write((await x.read()) + 1); await sem.recv(); }, name);
      }
    },
  ],
  [
    "wait() returns at once when add() has not run yet",
    async () => {
      const x = new Shared(0, "x");
      const wg = new WaitGroup();
      await wg.wait();
      go(async () => { await wg.add(1); await x.write(1); await wg.done(); }, "late");
      await x.read();
    },
  ],
];

describe.each(alwaysRacy)("%s", (_title, prog) => {
  test("every seed reports the race in its first execution", async () => {
    const found: string[] = [];
    for (const seed of SEEDS) {
      const r = await explore(prog, { seed, schedules: 1 });
      found.push(r.failure?.kind ?? "none");
    }
    expect(found).toEqual(SEEDS.map(() => "race"));
  });

  test("both orders of the two accesses occur across the seeds, and both are reported", async () => {
    const orders = new Set<string>();
    for (const seed of SEEDS) {
      const r = await explore(prog, { seed, schedules: 1 });
      const d = r.failure?.detail;
      if (d?.kind === "race") orders.add(`${d.previous.goroutine.id}<${d.current.goroutine.id}`);
    }
    expect(orders.size).toBe(2);
  });
});

/** Programs whose outcome says which schedule ran: some schedules are racy, and each racy one must be reported. */
test("a load that observed another goroutine's plain store knows nothing of an earlier store it replaced", async () => {
  // A writes x then stores 1; C stores 2 knowing nothing. Main loads n once, then reads x.
  // Only a load that saw A's store orders A's write before the read; having seen C's
  // store (even one that replaced A's) or nothing, the read races.
  const prog = async (): Promise<number> => {
    const x = new Shared(0, "x");
    const n = new AtomicInt(0);
    go(async () => { await x.write(1); await n.store(1); }, "A");
    go(async () => { await n.store(2); }, "C");
    for (let i = 0; i < 4; i++) await yieldNow();
    const seen = await n.load();
    await x.read();
    return seen;
  };
  const kinds = new Set<string>();
  for (const seed of SEEDS) {
    const r = await explore(prog, { seed, schedules: 1 });
    kinds.add(r.failure?.kind ?? `completed having seen ${String(r.outcomes[0])}`);
  }
  expect([...kinds].sort()).toEqual(["completed having seen 1", "race"]);
});

test("a tryLock that fails does not synchronise with the holder", async () => {
  const prog = async (): Promise<string> => {
    const x = new Shared(0, "x");
    const mu = new Mutex();
    const held = new AtomicInt(0);
    go(async () => { await mu.lock(); await held.store(1); await x.write(1); await yieldNow(); await mu.unlock(); }, "holder");
    while ((await held.load()) === 0) await yieldNow();
    if (await mu.tryLock()) {
      await x.read();
      await mu.unlock();
      return "locked";
    }
    await x.read();
    return "tryLock failed";
  };
  const kinds = new Set<string>();
  for (const seed of SEEDS) {
    const r = await explore(prog, { seed, schedules: 1 });
    kinds.add(r.failure?.kind ?? String(r.outcomes[0]));
  }
  expect([...kinds].sort()).toEqual(["locked", "race"]);
});

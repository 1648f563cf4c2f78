import {
  afterFunc, AtomicBool, AtomicInt, Chan, Cond, Context, go, Mutex, Once, RWMutex, Shared, Timer, WaitGroup, yieldNow,
} from "../../src";
import { run, SEEDS, type Prog } from "./helpers";

/**
 * The Go memory model's happens-before edges, one at a time: a program the edge makes race-free, and a
 * near-identical one without the edge, where the race on `x` must be reported. Each is
 * explored under several seeds.
 */
interface EdgeCase {
  readonly edge: string;
  readonly what: string;
  readonly safe: Prog;
  readonly racy: Prog;
}

/** Spin on an atomic flag, yielding between loads. */
async function until(cond: () => Promise<boolean>): Promise<void> {
  while (!(await cond())) await yieldNow();
}

const cases: EdgeCase[] = [
  {
    edge: "1 program order",
    what: "a write before a send is published by it, a write after it is not",
    safe: async () => {
      const x = new Shared(0, "x");
      const ch = new Chan<number>(1);
      go(async () => { await x.write(1); await ch.send(0); });
      await ch.recv();
      return x.read();
    },
    racy: async () => {
      const x = new Shared(0, "x");
      const ch = new Chan<number>(1);
      go(async () => { await ch.send(0); await x.write(1); });
      await ch.recv();
      return x.read();
    },
  },
  {
    edge: "1 program order",
    what: "one goroutine's write and read are ordered, two goroutines' are not",
    safe: async () => {
      const x = new Shared(0, "x");
      await x.write(1);
      return x.read();
    },
    racy: async () => {
      const x = new Shared(0, "x");
      go(async () => { await x.write(1); });
      return x.read();
    },
  },
  {
    edge: "2 go",
    what: "a write before go() happens before the new goroutine, a write after it does not",
    safe: async () => {
      const x = new Shared(0, "x");
      await x.write(1);
      go(async () => { await x.read(); });
    },
    racy: async () => {
      const x = new Shared(0, "x");
      go(async () => { await x.read(); });
      await x.write(1);
    },
  },
  {
    edge: "2 go",
    what: "a goroutine's exit happens before nothing: only a send after its write publishes it",
    safe: async () => {
      const x = new Shared(0, "x");
      const done = new Chan<void>(1);
      go(async () => { await x.write(1); await done.send(); });
      await done.recv();
      return x.read();
    },
    racy: async () => {
      const x = new Shared(0, "x");
      go(async () => { await x.write(1); });
      for (let i = 0; i < 3; i++) await yieldNow();
      return x.read();
    },
  },
  {
    edge: "3 send before receive",
    what: "a buffered send happens before the receive completes, not before the receiver's earlier read",
    safe: async () => {
      const x = new Shared(0, "x");
      const ch = new Chan<number>(1);
      go(async () => { await x.write(1); await ch.send(0); });
      await ch.recv();
      return x.read();
    },
    racy: async () => {
      const x = new Shared(0, "x");
      const ch = new Chan<number>(1);
      go(async () => { await x.write(1); await ch.send(0); });
      const v = await x.read();
      await ch.recv();
      return v;
    },
  },
  {
    edge: "4 close",
    what: "close happens before a receive that returns because the channel is closed, not one that returns a buffered value",
    safe: async () => {
      const x = new Shared(0, "x");
      const ch = new Chan<number>(1);
      await ch.send(0);
      go(async () => { await x.write(1); await ch.close(); });
      await ch.recvOk();
      const [, ok] = await ch.recvOk();
      return [ok, await x.read()];
    },
    racy: async () => {
      const x = new Shared(0, "x");
      const ch = new Chan<number>(1);
      await ch.send(0);
      go(async () => { await x.write(1); await ch.close(); });
      await ch.recvOk();
      return x.read();
    },
  },
  {
    edge: "5 unbuffered receive before send completes",
    what: "an unbuffered receive happens before the send completes, a buffered one does not",
    safe: async () => {
      const x = new Shared(0, "x");
      const ch = new Chan<number>(0);
      go(async () => { await ch.send(0); await x.read(); });
      await x.write(1);
      await ch.recv();
    },
    racy: async () => {
      const x = new Shared(0, "x");
      const ch = new Chan<number>(1);
      go(async () => { await ch.send(0); await x.read(); });
      await x.write(1);
      await ch.recv();
    },
  },
  {
    edge: "6 k-th receive before (k+C)-th send",
    what: "a channel of capacity 1 is a mutex, one of capacity 2 is not",
    safe: semaphore(1),
    racy: semaphore(2),
  },
  {
    edge: "6 k-th receive before (k+C)-th send",
    what: "with C = 2, the first receive happens before the third send completes, but not before a send that does not wait",
    safe: thirdSend(2),
    racy: thirdSend(3),
  },
  {
    edge: "7 Mutex",
    what: "unlock happens before the next lock of the same mutex, not of another one",
    safe: twoLockers(true),
    racy: twoLockers(false),
  },
  {
    edge: "7 RWMutex",
    what: "unlock happens before the next rLock; a writer under rLock is ordered with no reader",
    safe: async () => {
      const x = new Shared(0, "x");
      const mu = new RWMutex();
      const wg = new WaitGroup();
      await wg.add(1);
      go(async () => { await mu.lock(); await x.write(1); await mu.unlock(); await wg.done(); });
      await mu.rLock();
      const v = await x.read();
      await mu.rUnlock();
      await wg.wait();
      return v;
    },
    racy: async () => {
      const x = new Shared(0, "x");
      const mu = new RWMutex();
      const wg = new WaitGroup();
      await wg.add(1);
      go(async () => { await mu.rLock(); await x.write(1); await mu.rUnlock(); await wg.done(); });
      await mu.rLock();
      const v = await x.read();
      await mu.rUnlock();
      await wg.wait();
      return v;
    },
  },
  {
    edge: "7 RWMutex",
    what: "rUnlock happens before the next lock; rLock/rUnlock pairs do not synchronise with each other",
    safe: async () => {
      const x = new Shared(0, "x");
      const mu = new RWMutex();
      const wg = new WaitGroup();
      await wg.add(1);
      go(async () => { await mu.rLock(); await x.read(); await mu.rUnlock(); await wg.done(); });
      await mu.lock();
      await x.write(1);
      await mu.unlock();
      await wg.wait();
    },
    racy: async () => {
      const x = new Shared(0, "x");
      const mu = new RWMutex();
      const wg = new WaitGroup();
      await wg.add(1);
      go(async () => { await mu.rLock(); await x.read(); await mu.rUnlock(); await wg.done(); });
      await mu.rLock();
      await x.write(1);
      await mu.rUnlock();
      await wg.wait();
    },
  },
  {
    edge: "8 Once",
    what: "f happens before every once.do(f) returns, including one that waited while f ran",
    safe: onceReaders(true),
    racy: onceReaders(false),
  },
  {
    edge: "9 WaitGroup",
    what: "done happens before the wait it releases; an add inside the goroutine can come too late",
    safe: async () => {
      const x = new Shared(0, "x");
      const wg = new WaitGroup();
      await wg.add(1);
      go(async () => { await x.write(1); await wg.done(); });
      await wg.wait();
      return x.read();
    },
    racy: async () => {
      const x = new Shared(0, "x");
      const wg = new WaitGroup();
      go(async () => { await wg.add(1); await x.write(1); await wg.done(); });
      await wg.wait();
      return x.read();
    },
  },
  {
    edge: "10 Cond.signal",
    what: "signal happens before the wait it wakes returns; a signal from a goroutine that did not write orders nothing",
    safe: condPublish(true, false),
    racy: condPublish(false, false),
  },
  {
    edge: "10 Cond.broadcast",
    what: "broadcast happens before every wait it wakes returns",
    safe: condPublish(true, true),
    racy: condPublish(false, true),
  },
  {
    edge: "11 atomics",
    what: "a flag stored after the write and observed by a load publishes it; stored before the write it does not",
    safe: async () => {
      const x = new Shared(0, "x");
      const flag = new AtomicBool(false);
      go(async () => { await x.write(1); await flag.store(true); });
      await until(() => flag.load());
      return x.read();
    },
    racy: async () => {
      const x = new Shared(0, "x");
      const flag = new AtomicBool(false);
      go(async () => { await flag.store(true); await x.write(1); });
      await until(() => flag.load());
      return x.read();
    },
  },
  {
    edge: "11 atomics",
    what: "a load orders only the store it observes: a read-modify-write chain carries earlier stores, a plain store replaces them",
    safe: storeChain(true),
    racy: storeChain(false),
  },
  {
    edge: "12 context",
    what: "cancel happens before a receive from ctx.done() returns; a write after the cancel is not covered",
    safe: cancelPublish(true),
    racy: cancelPublish(false),
  },
  {
    edge: "12 timer",
    what: "a timer fires with what was known when it was set: a write before new Timer() is covered, one after is not",
    safe: timerPublish(true),
    racy: timerPublish(false),
  },
  {
    edge: "12 afterFunc",
    what: "afterFunc(ms, f) happens before f starts, like go()",
    safe: afterFuncPublish(true),
    racy: afterFuncPublish(false),
  },
];

/** Main writes x and cancels (in one order or the other); a goroutine waits on ctx.done() and reads x. */
function cancelPublish(writeFirst: boolean): Prog {
  return async () => {
    const x = new Shared(0, "x");
    const [ctx, cancel] = Context.withCancel(Context.background());
    go(async () => { await ctx.done().recv(); await x.read(); });
    if (writeFirst) await x.write(1);
    await cancel();
    if (!writeFirst) await x.write(1);
  };
}

/**
 * A reader, started first, waits for the timer main sets and then reads x; main writes x
 * before or after setting the timer. The timer reaches the reader through a plain
 * variable, outside the model, so the timer's firing is the only edge.
 */
function timerPublish(writeFirst: boolean): Prog {
  return async () => {
    const x = new Shared(0, "x");
    let t: Timer | undefined;
    go(async () => {
      while (t === undefined) await yieldNow();
      await t.c.recv();
      await x.read();
    });
    if (writeFirst) await x.write(1);
    t = new Timer(10);
    if (!writeFirst) await x.write(1);
  };
}

/** Main writes x before or after afterFunc(f); f reads x and tells main it is done. */
function afterFuncPublish(writeFirst: boolean): Prog {
  return async () => {
    const x = new Shared(0, "x");
    const done = new Chan<void>(1);
    if (writeFirst) await x.write(1);
    afterFunc(10, async () => { await x.read(); await done.send(); });
    if (!writeFirst) await x.write(1);
    await done.recv();
  };
}

/** Two workers each increment x while holding a buffered channel of capacity `cap` as a lock. */
function semaphore(cap: number): Prog {
  return async () => {
    const x = new Shared(0, "x");
    const sem = new Chan<void>(cap);
    const wg = new WaitGroup();
    for (let i = 0; i < 2; i++) {
      await wg.add(1);
      go(async () => {
        await sem.send();
        await x.write((await x.read()) + 1);
        await sem.recv();
        await wg.done();
      });
    }
    await wg.wait();
    return x.peek();
  };
}

/** Two sends fill a channel of capacity 2; a goroutine writes x then receives; a third send, then a read. */
function thirdSend(cap: number): Prog {
  return async () => {
    const x = new Shared(0, "x");
    const ch = new Chan<number>(cap);
    await ch.send(0);
    await ch.send(1);
    go(async () => { await x.write(1); await ch.recv(); });
    await ch.send(2);
    return x.read();
  };
}

function twoLockers(same: boolean): Prog {
  return async () => {
    const x = new Shared(0, "x");
    const a = new Mutex();
    const b = same ? a : new Mutex();
    const wg = new WaitGroup();
    await wg.add(1);
    go(async () => { await a.lock(); await x.write(1); await a.unlock(); await wg.done(); });
    await b.lock();
    await x.write(2);
    await b.unlock();
    await wg.wait();
  };
}

/** Two goroutines call once.do(init) and then read what init wrote; without the call, the second does not wait. */
function onceReaders(bothCall: boolean): Prog {
  return async () => {
    const x = new Shared(0, "x");
    const once = new Once();
    const init = async (): Promise<void> => {
      await yieldNow();
      await x.write(42);
    };
    const wg = new WaitGroup();
    await wg.add(2);
    go(async () => { await once.do(init); await x.read(); await wg.done(); });
    go(async () => {
      if (bothCall) await once.do(init);
      else await yieldNow();
      await x.read();
      await wg.done();
    });
    await wg.wait();
  };
}

/**
 * Waiters wait on a Cond (holding its lock only around wait) and then read x. A writer
 * writes x without the lock. The waiters are woken by the writer itself, or by a
 * goroutine that knows nothing of the write; either keeps signalling until all woke.
 */
function condPublish(writerSignals: boolean, broadcast: boolean): Prog {
  return async () => {
    const x = new Shared(0, "x");
    const mu = new Mutex();
    const cond = new Cond(mu);
    const woke = new AtomicInt(0);
    const waiters = broadcast ? 2 : 1;
    const wg = new WaitGroup();
    await wg.add(waiters + 1);
    for (let i = 0; i < waiters; i++) {
      go(async () => {
        await mu.lock();
        await cond.wait();
        await mu.unlock();
        await woke.add(1);
        await x.read();
        await wg.done();
      });
    }
    const wake = async (): Promise<void> => {
      while ((await woke.load()) < waiters) {
        await (broadcast ? cond.broadcast() : cond.signal());
        await yieldNow();
      }
    };
    go(async () => {
      await x.write(1);
      if (writerSignals) await wake();
      await wg.done();
    });
    if (!writerSignals) await wake();
    await wg.wait();
  };
}

/**
 * A writes x then stores 1 into `n`; C then bumps `n` to 2 (with an add when `rmw`,
 * which reads A's store, or with a plain store that does not); the reader waits for
 * either store. Having seen C's plain store, it knows nothing of A.
 */
function storeChain(rmw: boolean): Prog {
  return async () => {
    const x = new Shared(0, "x");
    const n = new AtomicInt(0);
    go(async () => { await x.write(1); await n.store(1); });
    go(async () => {
      if (rmw) {
        while ((await n.compareAndSwap(1, 2)) === false) await yieldNow();
      } else {
        await n.store(2);
      }
    });
    await until(async () => (await n.load()) !== 0);
    return x.read();
  };
}

describe.each(cases)("edge $edge: $what", ({ safe, racy }) => {
  test.each(SEEDS)("the program with the edge is race-free (seed %s)", async (seed) => {
    const r = await run(safe, seed);
    expect(r.failure).toBeUndefined();
  });

  test.each(SEEDS)("the program without the edge reports the race on x (seed %s)", async (seed) => {
    const r = await run(racy, seed);
    expect(r.failure?.kind).toBe("race");
    expect(r.failure?.message).toMatch(/^data race on Shared "x": (read|write) by goroutine \d+ .* and (read|write) by goroutine \d+/);
  });
});

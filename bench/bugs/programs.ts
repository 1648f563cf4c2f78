import { go, Mutex, Shared, WaitGroup, type Program } from "../../src";

/**
 * Buggy programs for bug-finding speed. Each goroutine does `pad` unrelated steps around
 * the steps that matter, so that the window for the bug is narrow, as in real code.
 * The depth is the number of orderings between goroutines the bug needs (Burckhardt et
 * al., ASPLOS 2010).
 */
export interface BuggyProgram {
  readonly name: string;
  readonly kind: "atomicity" | "order" | "deadlock" | "preemptions";
  readonly depth: number;
  readonly program: Program;
  /** The failure is an `invariant` on the outcome when this is set, else a deadlock or panic. */
  readonly invariant?: (outcome: unknown) => boolean;
}

async function pad(n: number, own: Shared<number>): Promise<void> {
  for (let i = 0; i < n; i++) await own.write(i);
}

/** `workers` goroutines increment a counter without a lock; the bug loses `workers - 1` updates. */
export function lostUpdates(workers: number, padding: number): Program {
  return async () => {
    const n = new Shared(0, "counter");
    const wg = new WaitGroup();
    for (let w = 0; w < workers; w++) {
      await wg.add(1);
      go(async () => {
        const own = new Shared(0);
        await pad(padding, own);
        await n.write((await n.read()) + 1);
        await pad(padding, own);
        await wg.done();
      });
    }
    await wg.wait();
    return n.peek();
  };
}

/**
 * A relay of `stages` goroutines: stage i copies stage i-1's value. The program assumes
 * stages start before their predecessors publish, so a value that crosses the whole
 * relay (each stage running after the one before it) is the bug.
 */
function relay(stages: number, padding: number): Program {
  return async () => {
    const cells = Array.from({ length: stages + 1 }, () => new Shared(0));
    const wg = new WaitGroup();
    await wg.add(stages + 1);
    go(async () => {
      const own = new Shared(0);
      await pad(padding, own);
      await cells[0]!.write(1);
      await wg.done();
    });
    for (let s = 1; s <= stages; s++) {
      go(async () => {
        const own = new Shared(0);
        await pad(padding, own);
        await cells[s]!.write(await cells[s - 1]!.read());
        await wg.done();
      });
    }
    await wg.wait();
    return cells[stages]!.peek();
  };
}

/** Two goroutines take two locks in opposite orders. */
function lockOrder(padding: number): Program {
  return async () => {
    const a = new Mutex("a");
    const b = new Mutex("b");
    const wg = new WaitGroup();
    await wg.add(2);
    for (const [first, second] of [[a, b], [b, a]] as const) {
      go(async () => {
        const own = new Shared(0);
        await pad(padding, own);
        await first.lock();
        await pad(1, own);
        await second.lock();
        await second.unlock();
        await first.unlock();
        await wg.done();
      });
    }
    await wg.wait();
  };
}

/** The reader must run between the two writes, twice: two preemptions. */
export function twoPreemptions(padding: number): Program {
  return async () => {
    const x = new Shared(0);
    go(async () => {
      const own = new Shared(0);
      await pad(padding, own);
      await x.write(1);
      await x.write(2);
      await pad(padding, own);
    });
    go(async () => {
      const own = new Shared(0);
      await pad(padding, own);
      const seen = `${await x.read()}${await x.read()}`;
      if (seen === "12") throw new Error("the reader saw the middle of the update");
      await pad(padding, own);
    });
  };
}

export function buggyPrograms(padding = 8): BuggyProgram[] {
  return [
    { name: "lost update, 2 goroutines", kind: "atomicity", depth: 2, program: lostUpdates(2, padding), invariant: (n) => n === 2 },
    { name: "two lost updates, 3 goroutines", kind: "atomicity", depth: 3, program: lostUpdates(3, padding), invariant: (n) => n !== 1 },
    { name: "relay of 2 stages", kind: "order", depth: 2, program: relay(2, padding), invariant: (v) => v === 0 },
    { name: "relay of 3 stages", kind: "order", depth: 3, program: relay(3, padding), invariant: (v) => v === 0 },
    { name: "lock-order deadlock", kind: "deadlock", depth: 2, program: lockOrder(padding) },
    { name: "two preemptions", kind: "preemptions", depth: 3, program: twoPreemptions(padding) },
  ];
}

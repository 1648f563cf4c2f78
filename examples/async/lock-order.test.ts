/**
 * Two promise-based locks taken in opposite orders: a deadlock (plain async code,
 * transformed by gosched).
 *
 * A transfer locks its source account, then its destination. Two transfers in opposite
 * directions can each hold one lock and wait forever for the other; gosched reports the
 * deadlock with each task's name and the line of the await where it waits. The fix takes
 * the locks in one global order.
 */
import "gosched/jest";

/** A mutex made of promises, as many code bases write one. */
class PromiseLock {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release = (): void => {};
    const mine = new Promise<void>((r) => (release = r));
    const turn = this.tail.then(() => release);
    this.tail = mine;
    return turn;
  }
}

interface Account {
  readonly id: number;
  readonly lock: PromiseLock;
  balance: number;
}

async function transfer(from: Account, to: Account, amount: number, ordered: boolean): Promise<void> {
  const [first, second] = ordered && to.id < from.id ? [to, from] : [from, to];
  const releaseFirst = await first.lock.acquire();
  await null; // an audit call between the two locks
  const releaseSecond = await second.lock.acquire();
  from.balance -= amount;
  to.balance += amount;
  releaseSecond();
  releaseFirst();
}

const bank = (ordered: boolean) => async (): Promise<number> => {
  const a: Account = { id: 1, lock: new PromiseLock(), balance: 100 };
  const b: Account = { id: 2, lock: new PromiseLock(), balance: 100 };
  await Promise.all([transfer(a, b, 10, ordered), transfer(b, a, 20, ordered)]);
  return a.balance + b.balance;
};

test("the bug: opposite lock orders deadlock", async () => {
  await expect(bank(false)).not.toBeDeadlockFree({ strategy: "dfs", timeBudgetMs: 60_000 });
});

test("the fix: one lock order, no deadlock, money conserved", async () => {
  await expect(bank(true)).toBeDeadlockFree({ strategy: "dfs", timeBudgetMs: 60_000 });
  await expect(bank(true)).toHaveOutcomes([200], { strategy: "dfs", timeBudgetMs: 60_000 });
});

/**
 * A real library from npm, used as a user would: async-mutex (untransformed, in
 * node_modules). gosched explores the code under test at its own awaits, including its
 * awaits of the library's promises; the library runs atomically between them.
 *
 * The bug: the balance check holds the mutex, but the withdrawal happens after it was
 * released, so two withdrawals can both pass the check. The fix keeps the whole
 * check-then-act inside `runExclusive`.
 */
import { Mutex } from "async-mutex";
import "gosched/jest";

interface Account {
  balance: number;
}

/** The bug: check under the lock, act outside it. */
async function withdraw(account: Account, mutex: Mutex, amount: number): Promise<boolean> {
  const enough = await mutex.runExclusive(async () => account.balance >= amount);
  if (!enough) return false;
  await null; // write the ledger entry
  account.balance -= amount;
  return true;
}

/** The fix: check and act in one critical section. */
async function withdrawFixed(account: Account, mutex: Mutex, amount: number): Promise<boolean> {
  return mutex.runExclusive(async () => {
    if (account.balance < amount) return false;
    await null; // write the ledger entry
    account.balance -= amount;
    return true;
  });
}

const twoWithdrawals = (op: typeof withdraw) => async (): Promise<number> => {
  // Made inside the program: every execution starts with a fresh mutex and account.
  const mutex = new Mutex();
  const account = { balance: 100 };
  await Promise.all([op(account, mutex, 80), op(account, mutex, 80)]);
  return account.balance;
};

test("the bug: both withdrawals pass the check and the account goes negative", async () => {
  await expect(twoWithdrawals(withdraw)).not.toAlwaysSatisfy((balance: number) => balance >= 0, { strategy: "dfs", timeBudgetMs: 60_000 });
});

test("the fix: never overdrawn", async () => {
  await expect(twoWithdrawals(withdrawFixed)).toAlwaysSatisfy((balance: number) => balance >= 0, { strategy: "dfs", timeBudgetMs: 60_000 });
  await expect(twoWithdrawals(withdrawFixed)).toHaveOutcomes([20], { strategy: "dfs", timeBudgetMs: 60_000 });
});

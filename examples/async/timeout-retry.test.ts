/**
 * A retry after a timeout that races the slow call (plain async code with `setTimeout`,
 * transformed by gosched; the timers run on virtual time, so a second of timeout costs
 * nothing).
 *
 * `save` gives the insert one second, then tries again. But a timed-out insert is not a
 * failed one: it may still land, and then the retry inserts the row twice. gosched finds
 * it because an I/O of unknown duration may end after a timer. The fix makes the write
 * idempotent (an upsert keyed by the document's id).
 */
import "gosched/jest";

const delay = (ms: number) => new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms));

interface Doc {
  readonly id: string;
}

function fakeDb(idempotent: boolean) {
  const rows: Doc[] = [];
  const inFlight: Promise<unknown>[] = [];
  const write = async (doc: Doc): Promise<"ok"> => {
    await null; // the network round trip
    if (!idempotent || !rows.some((r) => r.id === doc.id)) rows.push(doc);
    return "ok";
  };
  return {
    rows,
    inFlight,
    insert(doc: Doc): Promise<"ok"> {
      const p = write(doc);
      inFlight.push(p);
      return p;
    },
  };
}

async function save(db: ReturnType<typeof fakeDb>, doc: Doc): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = await Promise.race([db.insert(doc), delay(1000)]);
    if (result === "ok") return true;
  }
  return false;
}

const scenario = (idempotent: boolean) => async (): Promise<number> => {
  const db = fakeDb(idempotent);
  const started = Date.now();
  await save(db, { id: "doc-1" });
  await Promise.all(db.inFlight); // let late inserts land
  if (Date.now() - started > 2000) throw new Error("two attempts take at most two seconds");
  return db.rows.length;
};

test("the bug: a timed-out insert lands after all, and the retry duplicates it", async () => {
  await expect(scenario(false)).toHaveOutcomes([1, 2], { strategy: "dfs", timeBudgetMs: 60_000 });
});

test("the fix: an idempotent insert leaves one row whatever the timing", async () => {
  await expect(scenario(true)).toHaveOutcomes([1], { strategy: "dfs", timeBudgetMs: 60_000 });
});

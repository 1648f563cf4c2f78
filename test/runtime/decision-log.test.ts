import { DecisionLog } from "../../src/runtime/decision-log";
import { WaitQueue, type WaitNode } from "../../src/sync/wait-queue";

describe("DecisionLog", () => {
  test("a log hands back exactly its own decisions, even on a buffer another log used", () => {
    const long = new DecisionLog();
    for (let i = 0; i < 10_000; i++) long.push(i % 7);
    const first = long.release();
    expect(first).toHaveLength(10_000);
    expect(first.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 0]);

    const short = new DecisionLog(); // takes the pooled buffer, still holding the old values
    short.push(5);
    short.push(1);
    expect(short.release()).toEqual([5, 1]);
    expect(new DecisionLog().release()).toEqual([]);
  });

  test("the hash is FNV-1a over the mixed steps, the same for the same steps", () => {
    const a = new DecisionLog();
    const b = new DecisionLog();
    for (const x of [65, 131, 67]) {
      a.mix(x);
      b.mix(x);
    }
    let h = 0x811c9dc5;
    for (const x of [65, 131, 67]) h = Math.imul(h ^ x, 0x01000193);
    expect(a.hash).toBe(h >>> 0);
    expect(b.hash).toBe(a.hash);
    b.mix(1);
    expect(b.hash).not.toBe(a.hash);
  });

  test("pushing after release starts a fresh buffer instead of writing into the pool", () => {
    const log = new DecisionLog();
    log.push(3);
    expect(log.release()).toEqual([3]);
    log.push(4);
    const other = new DecisionLog();
    other.push(9);
    expect(log.release()).toEqual([4]);
    expect(other.release()).toEqual([9]);
  });
});

describe("WaitQueue", () => {
  const node = (id: number): WaitNode =>
    ({ g: { id }, op: null, index: 0, value: id, prev: null, next: null, queue: null }) as unknown as WaitNode;
  const ids = (q: WaitQueue, g: unknown): number[] => {
    const out: number[] = [];
    const seen = new Set<WaitNode>();
    for (let n = q.firstOther(g as never); n !== null && !seen.has(n); n = n.next) {
      seen.add(n);
      out.push((n.g as unknown as { id: number }).id);
    }
    return out;
  };

  test("waiters leave in the order they came, from any position", () => {
    const q = new WaitQueue();
    const [a, b, c, d] = [1, 2, 3, 4].map(node);
    for (const n of [a!, b!, c!, d!]) q.push(n);
    expect(ids(q, null)).toEqual([1, 2, 3, 4]);
    q.remove(c!);
    expect(ids(q, null)).toEqual([1, 2, 4]);
    q.remove(a!);
    expect(ids(q, null)).toEqual([2, 4]);
    q.remove(d!);
    expect(ids(q, null)).toEqual([2]);
    q.remove(b!);
    expect(q.firstOther(null as never)).toBeNull();
  });

  test("removing a node that is not in the queue changes nothing", () => {
    const q = new WaitQueue();
    const other = new WaitQueue();
    const [a, b] = [1, 2].map(node);
    q.push(a!);
    other.push(b!);
    q.remove(b!);
    q.remove(a!);
    q.remove(a!);
    expect(q.firstOther(null as never)).toBeNull();
    expect(other.firstOther(null as never)).toBe(b);
  });

  test("firstOther skips the asking goroutine's own nodes (a select on both ends)", () => {
    const q = new WaitQueue();
    const [a, b] = [1, 2].map(node);
    q.push(a!);
    q.push(b!);
    expect(q.firstOther(a!.g)).toBe(b);
    expect(q.firstOther(b!.g)).toBe(a);
  });
});

import fc from "fast-check";
import { AtomicInt, Chan, explore, go, Mutex, RWMutex, select, Shared, yieldNow } from "../../src";
import { activeExecution } from "../../src/runtime/active";
import { clockWidth } from "../../src/runtime/happens-before";

/**
 * The detector against an independent oracle. Random programs (trees of goroutines that
 * read and write three cells, lock two mutexes and an RWMutex either way, store and
 * load an atomic, try to send to and receive from a channel of capacity 2, and join
 * their children through a channel) log every event with its step. The oracle builds
 * the happens-before graph of the Go memory model from the log alone (program order, go,
 * unlock → next lock or rLock, every rUnlock → later lock, the store a load observed,
 * the send a receive got, the k-th receive → the (k+2)-th send, a child's last send →
 * its parent's receive) and decides by reachability, with no vector clock. A run must end in a race exactly
 * when the oracle finds the first access unordered with an earlier conflicting one, at
 * that access, naming one such earlier access.
 */
type Access = { k: "r" | "w"; v: number };
type Stmt =
  | Access
  | { k: "locked"; m: number; read: boolean; body: Access[] }
  | { k: "go"; body: Stmt[] }
  | { k: "join" | "store" | "load" | "yield" | "trysend" | "tryrecv" };

interface Event {
  g: number;
  kind: "start" | "go" | "r" | "w" | "lock" | "unlock" | "rlock" | "runlock" | "store" | "load" | "send" | "recv" | "sent" | "join";
  step: number;
  v?: number;
  m?: number;
  val?: number;
  child?: number;
  /** For send and recv: the ordinal of the operation on the channel. */
  nth?: number;
}

const CAP = 2;

const accessArb: fc.Arbitrary<Access> = fc.record({ k: fc.constantFrom("r" as const, "w" as const), v: fc.integer({ min: 0, max: 2 }) });

function stmtsArb(depth: number): fc.Arbitrary<Stmt[]> {
  const leaves: fc.WeightedArbitrary<Stmt>[] = [
    { arbitrary: accessArb, weight: 2 },
    {
      arbitrary: fc.record({
        k: fc.constant("locked" as const),
        m: fc.integer({ min: 0, max: 2 }),
        read: fc.boolean(),
        body: fc.array(accessArb, { minLength: 1, maxLength: 3 }),
      }),
      weight: 3,
    },
    { arbitrary: fc.record({ k: fc.constant("join" as const) }), weight: 3 },
    { arbitrary: fc.record({ k: fc.constantFrom("store" as const, "load" as const, "yield" as const) }), weight: 2 },
    { arbitrary: fc.record({ k: fc.constantFrom("trysend" as const, "tryrecv" as const) }), weight: 2 },
  ];
  const spawn = { arbitrary: fc.record({ k: fc.constant("go" as const), body: depth === 0 ? fc.constant([]) : stmtsArb(depth - 1) }), weight: 3 };
  return fc.array(fc.oneof(...(depth === 0 ? leaves : [...leaves, spawn])), { minLength: 1, maxLength: 7 });
}

/** The program for `root`; `log` receives its events (each run overwrites it). */
function programOf(root: Stmt[], log: { events: Event[]; goroutines: number; width: number }) {
  return async (): Promise<void> => {
    const exec = activeExecution()!;
    const events: Event[] = [];
    log.events = events;
    const cells = [new Shared(0, "v0"), new Shared(0, "v1"), new Shared(0, "v2")];
    const mus = [new Mutex(), new Mutex()];
    const rw = new RWMutex();
    const flag = new AtomicInt(0);
    const pipe = new Chan<number>(CAP);
    let ids = 1;
    let vals = 0;
    let sends = 0;
    let recvs = 0;
    const note = (e: Omit<Event, "step">): void => void events.push({ ...e, step: exec.steps });
    const body = async (g: number, stmts: Stmt[]): Promise<void> => {
      const children: { id: number; done: Chan<void> }[] = [];
      for (const s of stmts) {
        if (s.k === "r" || s.k === "w") {
          await (s.k === "r" ? cells[s.v]!.read() : cells[s.v]!.write(g));
          note({ g, kind: s.k, v: s.v });
        } else if (s.k === "locked") {
          const shared = s.m === 2 && s.read;
          await (s.m === 2 ? (shared ? rw.rLock() : rw.lock()) : mus[s.m]!.lock());
          note({ g, kind: shared ? "rlock" : "lock", m: s.m });
          for (const a of s.body) {
            await (a.k === "r" ? cells[a.v]!.read() : cells[a.v]!.write(g));
            note({ g, kind: a.k, v: a.v });
          }
          await (s.m === 2 ? (shared ? rw.rUnlock() : rw.unlock()) : mus[s.m]!.unlock());
          note({ g, kind: shared ? "runlock" : "unlock", m: s.m });
        } else if (s.k === "trysend") {
          const val = ++vals;
          const r = await select([pipe.sendCase(val)], { default: true });
          if (r.index === 0) note({ g, kind: "send", val, nth: sends++ });
        } else if (s.k === "tryrecv") {
          const r = await select([pipe.recvCase()], { default: true });
          if (r.index === 0) note({ g, kind: "recv", val: r.value, nth: recvs++ });
        } else if (s.k === "go") {
          const id = ++ids;
          const done = new Chan<void>(1);
          note({ g, kind: "go", child: id });
          children.push({ id, done });
          go(async () => {
            note({ g: id, kind: "start" });
            await body(id, s.body);
            await done.send();
            note({ g: id, kind: "sent" });
          });
        } else if (s.k === "join") {
          const c = children.shift();
          if (c === undefined) continue;
          await c.done.recv();
          note({ g, kind: "join", child: c.id });
        } else if (s.k === "store") {
          const val = ++vals;
          await flag.store(val);
          note({ g, kind: "store", val });
        } else if (s.k === "load") {
          note({ g, kind: "load", val: await flag.load() });
        } else {
          await yieldNow();
        }
      }
    };
    note({ g: 1, kind: "start" });
    await body(1, root);
    log.goroutines = ids;
    log.width = clockWidth(exec) - 1;
  };
}

/** Happens-before over `events` by reachability in the graph of §3's edges. */
function happensBefore(events: Event[]): (a: number, b: number) => boolean {
  const succ: number[][] = events.map(() => []);
  const lastOf = new Map<number, number>();
  const lastUnlock = new Map<number, number>();
  const rUnlocks: number[] = [];
  events.forEach((e, i) => {
    const prev = lastOf.get(e.g);
    if (prev !== undefined) succ[prev]!.push(i);
    lastOf.set(e.g, i);
    if (e.kind === "start") {
      const spawn = events.findIndex((p) => p.kind === "go" && p.child === e.g);
      if (spawn >= 0) succ[spawn]!.push(i);
    }
    if ((e.kind === "lock" || e.kind === "rlock") && lastUnlock.has(e.m!)) succ[lastUnlock.get(e.m!)!]!.push(i);
    if (e.kind === "lock" && e.m === 2) for (const u of rUnlocks) succ[u]!.push(i);
    if (e.kind === "unlock") lastUnlock.set(e.m!, i);
    if (e.kind === "runlock") rUnlocks.push(i);
    if (e.kind === "recv") succ[events.findIndex((x) => x.kind === "send" && x.val === e.val)]!.push(i);
    if (e.kind === "send" && e.nth! >= CAP) {
      const k = events.findIndex((x) => x.kind === "recv" && x.nth === e.nth! - CAP);
      if (k >= 0) succ[k]!.push(i);
    }
    if (e.kind === "load" && e.val !== 0) succ[events.findIndex((s) => s.kind === "store" && s.val === e.val)]!.push(i);
    if (e.kind === "join") succ[events.findIndex((s) => s.kind === "sent" && s.g === e.child)]!.push(i);
  });
  const memo = new Map<number, Set<number>>();
  const reach = (a: number): Set<number> => {
    let r = memo.get(a);
    if (r !== undefined) return r;
    r = new Set();
    const stack = [a];
    while (stack.length > 0) for (const n of succ[stack.pop()!]!) if (!r.has(n)) (r.add(n), stack.push(n));
    memo.set(a, r);
    return r;
  };
  return (a, b) => reach(a).has(b);
}

/** Earlier accesses that conflict with event `i` and do not happen before it. */
function unorderedWith(events: Event[], i: number, hb: (a: number, b: number) => boolean): number[] {
  const e = events[i]!;
  const out: number[] = [];
  for (let j = 0; j < i; j++) {
    const a = events[j]!;
    if ((a.kind !== "r" && a.kind !== "w") || a.v !== e.v || a.g === e.g) continue;
    if (a.kind === "r" && e.kind === "r") continue;
    if (!hb(j, i)) out.push(j);
  }
  return out;
}

test("the detector reports a race exactly where happens-before by reachability finds the first one", async () => {
  const stats = { races: 0, clean: 0, reused: 0 };
  await fc.assert(
    fc.asyncProperty(stmtsArb(2), fc.integer({ min: 1, max: 1_000_000 }), async (root, seed) => {
      const log = { events: [] as Event[], goroutines: 0, width: 0 };
      const r = await explore(programOf(root, log), { seed: String(seed), schedules: 1 });
      const events = log.events;
      const d = r.failure?.detail;
      if (d !== undefined && d.kind !== "race") throw new Error(`unexpected failure: ${r.failure!.message}`);
      if (d !== undefined) {
        // The racing access did not complete: append it as its goroutine's next event.
        const v = Number(/"v(\d)"/.exec(d.object)![1]);
        events.push({ g: d.current.goroutine.id, kind: d.current.access === "read" ? "r" : "w", v, step: d.current.step });
      }
      const hb = happensBefore(events);
      const firstRacy = events.findIndex((e, i) => (e.kind === "r" || e.kind === "w") && unorderedWith(events, i, hb).length > 0);
      if (d === undefined) {
        expect(firstRacy).toBe(-1);
        stats.clean++;
        if (log.width < log.goroutines) stats.reused++;
        return;
      }
      stats.races++;
      expect(firstRacy).toBe(events.length - 1);
      const candidates = unorderedWith(events, firstRacy, hb).map((j) => events[j]!);
      expect(candidates).toContainEqual(expect.objectContaining({
        g: d.previous.goroutine.id,
        kind: d.previous.access === "read" ? "r" : "w",
        step: d.previous.step,
      }));
    }),
    { numRuns: 1500, seed: 20240601 },
  );
  // The property must have been exercised both ways, and slots reused in clean runs.
  expect(stats.races).toBeGreaterThan(200);
  expect(stats.clean).toBeGreaterThan(200);
  expect(stats.reused).toBeGreaterThan(10);
}, 120_000); // 1,500 explorations: Jest's 5 s is too little on a busy machine

import { after, AtomicInt, Chan, Context, go, Mutex, RWMutex, select, type SelectCase, Shared, sleep, Timer, yieldNow } from "../../src";
import { rngFor, type Rng } from "../../src/scheduler/rng";

/**
 * Small random programs over the primitives, for differential testing of strategies.
 * A program is data first (so a failing one prints as a value you can paste back),
 * then an async function. Seeded and deterministic: `generate(seed, i)` is always the
 * same program.
 */
export type Step =
  | { k: "read"; v: number }
  | { k: "write"; v: number; x: number }
  | { k: "load"; a: number }
  | { k: "add"; a: number }
  | { k: "cas"; a: number; old: number; x: number }
  | { k: "lock"; m: number; body: Step[] }
  | { k: "rlock"; m: number; body: Step[] }
  | { k: "tryLock"; m: number }
  | { k: "send"; c: number; x: number }
  | { k: "recv"; c: number }
  | { k: "select"; cases: { c: number; send: boolean }[]; dflt: boolean }
  | { k: "close"; c: number }
  | { k: "sleep"; ms: number }
  | { k: "timeout"; c: number; ms: number }
  | { k: "stop"; t: number }
  | { k: "reset"; t: number; ms: number }
  | { k: "waitTimer"; t: number }
  | { k: "deadline"; c: number; ms: number }
  | { k: "yield" };

export interface Spec {
  readonly vars: number;
  readonly atomics: number;
  readonly mutexes: number;
  readonly rwmutexes: number;
  /** Capacity of each channel. */
  readonly chans: number[];
  /** The goroutines' steps; the last list is main's own (after it starts the others). */
  readonly threads: Step[][];
  /** Delays of the timers main makes first (the `timers` family only). */
  readonly timers?: number[];
}

function simple(r: Rng, s: Spec): Step {
  const x = 1 + r.below(2);
  switch (r.below(s.atomics > 0 ? 5 : 3)) {
    case 0:
      return { k: "read", v: r.below(s.vars) };
    case 1:
    case 2:
      return { k: "write", v: r.below(s.vars), x };
    case 3:
      return r.below(2) === 0 ? { k: "load", a: r.below(s.atomics) } : { k: "add", a: r.below(s.atomics) };
    default:
      return { k: "cas", a: r.below(s.atomics), old: r.below(2), x };
  }
}

/** A step that uses a channel: a send, a receive, a select of one or two cases, a close. */
function chanStep(r: Rng, s: Spec, timers: boolean): Step {
  const c = r.below(s.chans.length);
  const roll = r.below(timers ? 14 : 8);
  if (roll >= 8) return timerStep(r, s, c, roll);
  if (roll < 2) {
    const other = r.below(s.chans.length);
    const cases = [{ c, send: r.below(2) === 0 }];
    if (other !== c) cases.push({ c: other, send: r.below(2) === 0 });
    return { k: "select", cases, dflt: r.below(2) === 0 };
  }
  if (roll === 2) return { k: "close", c };
  return roll < 5 ? { k: "send", c, x: 1 + r.below(2) } : { k: "recv", c };
}

/** A step that uses virtual time: a sleep, a receive with a timeout or a deadline, a shared timer's stop, reset or channel. */
function timerStep(r: Rng, s: Spec, c: number, roll: number): Step {
  const ms = 1 + r.below(2);
  const t = r.below(s.timers!.length);
  if (roll === 8) return { k: "sleep", ms };
  if (roll === 9) return { k: "timeout", c, ms };
  if (roll === 10) return { k: "stop", t };
  if (roll === 11) return { k: "reset", t, ms };
  if (roll === 12) return { k: "waitTimer", t };
  return { k: "deadline", c, ms };
}

function step(r: Rng, s: Spec, family: Family): Step {
  if (family !== "plain" && r.below(3) > 0) return chanStep(r, s, family === "timers");
  const roll = r.below(12);
  if (roll < 5 || (roll < 7 && s.mutexes === 0)) return simple(r, s);
  if (roll < 7) return r.below(3) === 0 ? { k: "tryLock", m: r.below(s.mutexes) } : {
    k: "lock", m: r.below(s.mutexes), body: [simple(r, s)],
  };
  if (roll < 8 && s.rwmutexes > 0) return { k: "rlock", m: r.below(s.rwmutexes), body: [{ k: "read", v: r.below(s.vars) }] };
  if (roll < 11 && s.chans.length > 0) {
    const c = r.below(s.chans.length);
    if (roll === 10) {
      const other = r.below(s.chans.length);
      const cases = [{ c, send: r.below(2) === 0 }];
      if (other !== c) cases.push({ c: other, send: r.below(2) === 0 });
      return { k: "select", cases, dflt: r.below(2) === 0 };
    }
    return r.below(2) === 0 ? { k: "send", c, x: 1 + r.below(2) } : { k: "recv", c };
  }
  return roll === 11 ? { k: "yield" } : simple(r, s);
}

/**
 * Families of programs: `plain` mixes every primitive; in `channels`, every program has
 * one or two channels (unbuffered or of capacity 1) and two thirds of its steps use them
 * (sends, receives, selects with and without default, closes); `timers` adds sleeps and
 * receives that time out (a select on a channel and `after(ms)`, or a context's deadline),
 * and timers that main makes first, which goroutines stop, reset and wait for (a select
 * on the timer's channel and a later `after`).
 */
export type Family = "plain" | "channels" | "timers";

/** Program `index` of the family seeded with `seed`. */
export function generate(seed: string, index: number, family: Family = "plain"): Spec {
  const channels = family !== "plain";
  const r = rngFor(`gen/${seed}${family === "plain" ? "" : family === "channels" ? "/chan" : "/timers"}`, index);
  const s: Spec = {
    vars: 1 + r.below(2),
    atomics: r.below(2),
    mutexes: r.below(3),
    rwmutexes: r.below(3) === 0 ? 1 : 0,
    chans: Array.from({ length: channels ? 1 + r.below(2) : r.below(3) }, () => r.below(2)),
    threads: [],
    ...(family === "timers" ? { timers: Array.from({ length: 1 + r.below(2) }, () => 1 + r.below(3)) } : {}),
  };
  const n = 2 + r.below(2);
  for (let t = 0; t <= n; t++) {
    const len = t === n ? r.below(2) : 1 + r.below(n === 2 ? 3 : 2);
    s.threads.push(Array.from({ length: len }, () => step(r, s, family)));
  }
  return s;
}

/** The program a spec describes: its outcome is everything every goroutine observed, and the final values. */
export function program(s: Spec): () => Promise<{ readonly outcome: string }> {
  return async () => {
    const vars = Array.from({ length: s.vars }, (_, i) => new Shared(0, `v${i}`));
    const atomics = Array.from({ length: s.atomics }, () => new AtomicInt(0));
    const mutexes = Array.from({ length: s.mutexes }, (_, i) => new Mutex(`m${i}`));
    const rws = Array.from({ length: s.rwmutexes }, (_, i) => new RWMutex(`rw${i}`));
    const chans = s.chans.map((cap, i) => new Chan<number>(cap, `c${i}`));
    const timers = (s.timers ?? []).map((ms, i) => new Timer(ms, `t${i}`));
    const seen: string[][] = s.threads.map(() => []);
    const run = async (steps: Step[], log: string[]): Promise<void> => {
      for (const st of steps) {
        switch (st.k) {
          case "read": log.push(`r${await vars[st.v]!.read()}`); break;
          case "write": await vars[st.v]!.write(st.x); break;
          case "load": log.push(`l${await atomics[st.a]!.load()}`); break;
          case "add": log.push(`a${await atomics[st.a]!.add(1)}`); break;
          case "cas": log.push(`c${await atomics[st.a]!.compareAndSwap(st.old, st.x)}`); break;
          case "lock": await mutexes[st.m]!.lock(); await run(st.body, log); await mutexes[st.m]!.unlock(); break;
          case "rlock": await rws[st.m]!.rLock(); await run(st.body, log); await rws[st.m]!.rUnlock(); break;
          case "tryLock": {
            const ok = await mutexes[st.m]!.tryLock();
            log.push(`t${ok}`);
            if (ok) await mutexes[st.m]!.unlock();
            break;
          }
          case "send": await chans[st.c]!.send(st.x); break;
          case "recv": log.push(`v${await chans[st.c]!.recv()}`); break;
          case "select": {
            const cases = st.cases.map((c) => (c.send ? chans[c.c]!.sendCase(7) : chans[c.c]!.recvCase()));
            const got = await select(cases, { default: st.dflt });
            log.push(`s${got.index}:${got.value}`);
            break;
          }
          case "close": await chans[st.c]!.close(); break;
          case "sleep": await sleep(st.ms); break;
          case "timeout": {
            const got = await select([chans[st.c]!.recvCase(), after(st.ms).recvCase()]);
            log.push(`o${got.index}:${got.index === 0 ? got.value : ""}`);
            break;
          }
          case "stop": log.push(`p${await timers[st.t]!.stop()}`); break;
          case "reset": log.push(`q${await timers[st.t]!.reset(st.ms)}`); break;
          case "waitTimer": log.push(`w${(await select([timers[st.t]!.c.recvCase(), after(4).recvCase()])).index}`); break;
          case "deadline": {
            const [ctx, cancel] = Context.withTimeout(Context.background(), st.ms);
            log.push(`d${(await select([chans[st.c]!.recvCase(), ctx.done().recvCase() as unknown as SelectCase<number>])).index}`);
            await cancel();
            break;
          }
          case "yield": await yieldNow(); break;
        }
      }
    };
    const last = s.threads.length - 1;
    for (let t = 0; t < last; t++) go(() => run(s.threads[t]!, seen[t]!));
    await run(s.threads[last]!, seen[last]!);
    // Read when the execution has ended (the outcome is formatted then), so that it
    // shows what every goroutine saw without a WaitGroup adding steps of its own.
    return {
      get outcome(): string {
        return `${seen.map((l) => l.join(",")).join("|")} = ${vars.map((v) => v.peek()).join(",")}`;
      },
    };
  };
}

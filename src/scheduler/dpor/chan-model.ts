import { OpCode, type Op } from "../../runtime/op";
import type { SyncObject } from "../../runtime/sync-object";
import { queueKey, type ObjectKey } from "../dependency";

/** One channel an operation uses: a select case, or the channel of a send, receive or close. */
export interface CaseDesc {
  readonly chan: number;
  readonly send: boolean;
  readonly cap: number;
  readonly nil: boolean;
}

/** A channel operation as partial-order reduction needs it, by stable object ids. */
export interface OpDesc {
  readonly code: number;
  readonly cases: readonly CaseDesc[];
  readonly hasDefault: boolean;
}

/** A goroutine waiting in a queue, for case `c` of its operation `d`. */
export interface Entry {
  readonly t: number;
  readonly c: number;
  readonly d: OpDesc;
}

/** A change one step makes to the channels, replayable on another {@link ChanModel}. */
export type Effect =
  | { readonly k: "join"; readonly t: number; readonly d: OpDesc }
  | { readonly k: "leave"; readonly t: number }
  | { readonly k: "len"; readonly chan: number; readonly delta: number }
  | { readonly k: "close"; readonly chan: number }
  /** The operation panicked (a send on a closed channel, closing one twice): the execution ends. */
  | { readonly k: "panic" };

interface ChanLike {
  readonly cap?: number;
  readonly isNil?: boolean;
}
interface SelectLike {
  readonly hasDefault?: boolean;
  readonly cases?: readonly { readonly dir: string; readonly chan: SyncObject }[];
}

function caseOf(chan: SyncObject, send: boolean, key: ObjectKey): CaseDesc {
  const c = chan as SyncObject & ChanLike;
  return { chan: key(chan), send, cap: c.cap ?? 0, nil: c.isNil === true };
}

/** The channel operation `op` describes, or null when it is not one. */
export function describeOp(op: Op, key: ObjectKey): OpDesc | null {
  const code = op.code;
  if (code === OpCode.Select) {
    const sel = op as Op & SelectLike;
    const cases = (sel.cases ?? []).map((c) => caseOf(c.chan, c.dir === "send", key));
    return { code, cases, hasDefault: sel.hasDefault === true };
  }
  if ((code !== OpCode.Send && code !== OpCode.Recv && code !== OpCode.Close) || op.target === null) return null;
  return { code, cases: [caseOf(op.target, code === OpCode.Send, key)], hasDefault: false };
}

/** True when the case's channel pairs partners from its wait queues. */
export function unbuffered(c: CaseDesc): boolean {
  return c.cap === 0 && !c.nil;
}

/**
 * The state of every channel as partial-order reduction needs it, rebuilt from the steps
 * an execution ran: the FIFO wait queues of unbuffered channels (who announced first),
 * the number of values in each buffered channel, and which channels are closed. It mirrors
 * the readiness rules of `sync/chan-state.ts` (Go's): a send is ready on a closed channel,
 * on a buffered one with room, or on an unbuffered one with another goroutine waiting to
 * receive, and it pairs with the first such goroutine; symmetrically for a receive.
 */
export class ChanModel {
  private readonly qs = new Map<number, Entry[]>();
  private readonly lens = new Map<number, number>();
  private readonly shut = new Set<number>();

  apply(e: Effect): void {
    switch (e.k) {
      case "join":
        e.d.cases.forEach((c, i) => {
          if (!unbuffered(c)) return;
          const q = queueKey(c.chan, c.send);
          const es = this.qs.get(q);
          if (es === undefined) this.qs.set(q, [{ t: e.t, c: i, d: e.d }]);
          else es.push({ t: e.t, c: i, d: e.d });
        });
        return;
      case "leave":
        for (const [q, es] of this.qs) if (es.some((x) => x.t === e.t)) this.qs.set(q, es.filter((x) => x.t !== e.t));
        return;
      case "len":
        this.lens.set(e.chan, (this.lens.get(e.chan) ?? 0) + e.delta);
        return;
      case "close":
        this.shut.add(e.chan);
        return;
      case "panic":
    }
  }

  /** Values in buffered channel `chan`. */
  items(chan: number): number {
    return this.lens.get(chan) ?? 0;
  }

  closed(chan: number): boolean {
    return this.shut.has(chan);
  }

  /** The first goroutine other than `t` waiting in queue `q`. */
  first(q: number, t: number): Entry | undefined {
    const es = this.qs.get(q);
    if (es === undefined) return undefined;
    for (const e of es) if (e.t !== t) return e;
    return undefined;
  }

  /** True when goroutine `t` could perform case `c` now. */
  ready(t: number, c: CaseDesc): boolean {
    if (c.nil) return false;
    const closed = this.shut.has(c.chan);
    const len = this.lens.get(c.chan) ?? 0;
    if (c.send) return closed || (c.cap > 0 ? len < c.cap : this.first(queueKey(c.chan, false), t) !== undefined);
    return len > 0 || closed || (c.cap === 0 && this.first(queueKey(c.chan, true), t) !== undefined);
  }

  /** The cases of `d` that `t` could perform now, in order (a select chooses among them). */
  readyCases(t: number, d: OpDesc): number[] {
    const out: number[] = [];
    d.cases.forEach((c, i) => {
      if (this.ready(t, c)) out.push(i);
    });
    return out;
  }

  /**
   * What `t` firing case `k` of `d` does (-1: a select's default): the partner it pairs
   * with on an unbuffered channel, and the changes to replay.
   */
  fire(t: number, d: OpDesc, k: number): { partner: Entry | null; effects: Effect[] } {
    const effects: Effect[] = [{ k: "leave", t }];
    if (d.code === OpCode.Close) {
      const c = d.cases[0]!;
      effects.push(c.nil || this.shut.has(c.chan) ? { k: "panic" } : { k: "close", chan: c.chan });
      return { partner: null, effects };
    }
    const c = k >= 0 ? d.cases[k] : undefined;
    if (c === undefined) return { partner: null, effects };
    const closed = this.shut.has(c.chan);
    if (c.send && closed) {
      effects.push({ k: "panic" });
      return { partner: null, effects };
    }
    const len = this.lens.get(c.chan) ?? 0;
    if (!c.send && len > 0) effects.push({ k: "len", chan: c.chan, delta: -1 });
    else if (c.send && !closed && c.cap > 0) effects.push({ k: "len", chan: c.chan, delta: 1 });
    else if (!closed && c.cap === 0) {
      const partner = this.first(queueKey(c.chan, !c.send), t) ?? null;
      if (partner !== null) effects.push({ k: "leave", t: partner.t });
      return { partner, effects };
    }
    return { partner: null, effects };
  }
}

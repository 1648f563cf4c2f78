// Idea: optimal DPOR (Abdulla et al., POPL 2014) must know what a goroutine would do
// after a reordering; for channels this model answers it from the runtime's own rules
// (sync/chan-rules.ts, Go's specification), replayed on the events' effects.
import type { Op } from "../../runtime/op";
import { traitsOf, type ChannelCase, type ChannelUse, type ChannelView, type OpTraits } from "../../runtime/view";
import {
  closeError, Outcome, Readiness, recvOutcome, recvReadiness, sendOutcome, sendReadiness,
} from "../../sync/chan-rules";
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
  /** The operation's code (an event's identity). */
  readonly code: number;
  readonly kind: ChannelUse["kind"];
  readonly traits: OpTraits;
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

function caseOf(c: ChannelCase, key: ObjectKey): CaseDesc {
  return { chan: key(c.chan), send: c.send, cap: c.chan.cap, nil: c.chan.isNil };
}

/** The channel operation `op` describes (it says so itself), or null when it is not one. */
export function describeOp(op: Op, key: ObjectKey): OpDesc | null {
  const use = op.channel?.();
  if (use === undefined) return null;
  const cases = use.cases.map((c) => caseOf(c, key));
  return { code: op.code, kind: use.kind, traits: traitsOf(op), cases, hasDefault: use.hasDefault };
}

/** True when `op` may pair with a partner: a send, a receive or a select. */
export function pairs(op: Op): boolean {
  const use = op.channel?.();
  return use !== undefined && use.kind !== "close";
}

/** True when the case's channel pairs partners from its wait queues. */
export function unbuffered(c: CaseDesc): boolean {
  return c.cap === 0 && !c.nil;
}

/**
 * The state of every channel as partial-order reduction needs it, rebuilt from the steps
 * an execution ran: the FIFO wait queues of unbuffered channels (who announced first),
 * the number of values in each buffered channel, and which channels are closed. What an
 * operation can do in that state follows the runtime's own rules (sync/chan-rules.ts).
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

  /** Case `c`'s channel as it is in this state. */
  view(c: CaseDesc): ChannelView {
    return { cap: c.cap, isNil: c.nil, closed: this.shut.has(c.chan), len: this.lens.get(c.chan) ?? 0 };
  }

  /** True when goroutine `t` could perform case `c` now. */
  ready(t: number, c: CaseDesc): boolean {
    const view = this.view(c);
    const r = c.send ? sendReadiness(view) : recvReadiness(view);
    return r === Readiness.IfPartner ? this.first(queueKey(c.chan, !c.send), t) !== undefined : r === Readiness.Yes;
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
    if (d.kind === "close") {
      const c = d.cases[0]!;
      effects.push(closeError(this.view(c)) !== null ? { k: "panic" } : { k: "close", chan: c.chan });
      return { partner: null, effects };
    }
    const c = k >= 0 ? d.cases[k] : undefined;
    if (c === undefined) return { partner: null, effects };
    const outcome = c.send ? sendOutcome(this.view(c)) : recvOutcome(this.view(c));
    if (outcome === Outcome.Panic) effects.push({ k: "panic" });
    else if (outcome === Outcome.Buffer) effects.push({ k: "len", chan: c.chan, delta: c.send ? 1 : -1 });
    else if (outcome === Outcome.Partner) {
      const partner = this.first(queueKey(c.chan, !c.send), t) ?? null;
      if (partner !== null) effects.push({ k: "leave", t: partner.t });
      return { partner, effects };
    }
    return { partner: null, effects };
  }
}

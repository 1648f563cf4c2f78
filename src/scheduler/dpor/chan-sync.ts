import type { SyncObject } from "../../runtime/sync-object";
import type { ChannelView } from "../../runtime/view";
import type { ChanModel, Effect } from "./chan-model";
import type { Ev } from "./event";


/**
 * Channel changes that no channel operation describes, for the channel model of
 * chan-model.ts: virtual time sending a timer's value or closing a context's done channel
 * at its deadline, a timer's `stop` or `reset` draining its value, a context's `cancel`.
 * After such an event (one that conflicts with every other), the channels the event log
 * has named are compared with the model, and the difference becomes effects of that
 * event. A channel named for the first time is compared at once (a timer's channel may
 * have received its value before anyone used it): what the model lacks is then put on the
 * last such event.
 */
export class ChanSync {
  private known = new Map<number, ChannelView>();
  private last: Ev | null = null;
  /** Changes made before any event that conflicts with every other. */
  initial: Effect[] = [];

  reset(): void {
    this.known = new Map();
    this.last = null;
    this.initial = [];
  }

  /** `o`, named `id`: when it is a channel seen for the first time, bring `model` up to its state. */
  see(id: number, o: SyncObject, model: ChanModel): void {
    const c = o.asChannel();
    if (c === null || this.known.has(id)) return;
    this.known.set(id, c);
    amend(this.last, diff(id, c, model), model, this.initial);
  }

  /** `ev` was added to the log: when it conflicts with every other, it may have changed any channel. */
  ran(ev: Ev, model: ChanModel): void {
    if (!ev.acc.all) return;
    this.last = ev;
    const fx: Effect[] = [];
    for (const [id, c] of this.known) fx.push(...diff(id, c, model));
    amend(ev, fx, model, this.initial);
  }
}

/** Add channel changes `fx` to what event `ev` did (null: to `initial`), and to the model. */
function amend(ev: Ev | null, fx: readonly Effect[], model: ChanModel, initial: Effect[]): void {
  if (fx.length === 0) return;
  for (const f of fx) model.apply(f);
  if (ev === null) initial.push(...fx);
  else (ev as { effects: readonly Effect[] }).effects = [...ev.effects, ...fx];
}

function diff(id: number, c: ChannelView, m: ChanModel): Effect[] {
  const out: Effect[] = [];
  const delta = c.len - m.items(id);
  if (c.cap > 0 && delta !== 0) out.push({ k: "len", chan: id, delta });
  if (c.closed && !m.closed(id)) out.push({ k: "close", chan: id });
  return out;
}

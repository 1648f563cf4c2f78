import type { SyncObject } from "../runtime/sync-object";
import type { ChanModel, Effect } from "./chan-model";

interface ChanLike {
  readonly len: number;
  readonly cap: number;
  readonly closed: boolean;
}

/**
 * Channel changes that no channel operation describes, for the channel model of
 * chan-model.ts: virtual time sending a timer's value or closing a context's done channel
 * at its deadline, a timer's `stop` or `reset` draining its value, a context's `cancel`.
 * The channels the event log has named are compared with the model, and the difference
 * becomes effects of the event that made it. A channel named for the first time is
 * compared at once (a timer's channel may have received its value before anyone used it).
 */
export class ChanSync {
  private known = new Map<number, ChanLike>();

  reset(): void {
    this.known = new Map();
  }

  /** `o`, named `id`: when it is a channel seen for the first time, what `model` lacks of its state. */
  see(id: number, o: SyncObject, model: ChanModel): Effect[] {
    if (o.kind !== "chan" || this.known.has(id)) return [];
    const c = o as SyncObject & ChanLike;
    this.known.set(id, c);
    return diff(id, c, model);
  }

  /** What `model` lacks of the state of every channel seen. */
  all(model: ChanModel): Effect[] {
    const out: Effect[] = [];
    for (const [id, c] of this.known) out.push(...diff(id, c, model));
    return out;
  }
}

function diff(id: number, c: ChanLike, m: ChanModel): Effect[] {
  const out: Effect[] = [];
  const delta = c.len - m.items(id);
  if (c.cap > 0 && delta !== 0) out.push({ k: "len", chan: id, delta });
  if (c.closed && !m.closed(id)) out.push({ k: "close", chan: id });
  return out;
}

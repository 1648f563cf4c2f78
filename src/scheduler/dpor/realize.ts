import { dependent, isTailOf, Kind, type Ev } from "./event";

/** The tail a side `t` of rendezvous `p` ran after it in the current execution, if known. */
export type TailOf = (p: Ev, t: number) => Ev | null;

/** Linearizations tried before giving up (sequences are short; this only bounds the worst case). */
const BUDGET = 5000;

/**
 * Order the events of `v` so that the runtime can run them in that order, keeping the
 * order of every two dependent events: a rendezvous fired by one side is at once followed
 * by that side's tail (the rest of its step), so each rendezvous but the last event must
 * be directly followed by the tail of a side that could fire it. When `after` is given, `v`
 * continues a step that ran rendezvous `after`, so it must start with one of its tails.
 * A tail missing from `v` may be added from the current execution (`tailOf`) when it
 * commutes with every event it would come before. Returns null when there is no such order.
 *
 * Departure from the paper, which assumes every goroutine can be stopped after any event:
 * in gosched a goroutine runs on from a rendezvous it fired to its next operation.
 */
export function realize(v: readonly Ev[], after: Ev | null, tailOf: TailOf): Ev[] | null {
  const n = v.length;
  const preds = v.map((e, i) => {
    const out: number[] = [];
    for (let j = 0; j < i; j++) if (dependent(v[j]!, e)) out.push(j);
    return out;
  });
  const placed = new Array<boolean>(n).fill(false);
  const out: Ev[] = [];
  let budget = BUDGET;
  const ready = (i: number): boolean => !placed[i] && preds[i]!.every((j) => placed[j]);
  const left = (): number => placed.filter((p) => !p).length;

  const search = (rdv: Ev | null): boolean => {
    if (--budget < 0) return false;
    if (left() === 0) return rdv === null || rdv !== after || out.length > 0;
    if (rdv !== null) return follow(rdv);
    for (let i = 0; i < n; i++) {
      if (!ready(i)) continue;
      if (take(i, v[i]!.kind === Kind.Rdv && left() > 1 ? v[i]! : null)) return true;
    }
    return false;
  };
  const take = (i: number, rdv: Ev | null): boolean => {
    placed[i] = true;
    out.push(v[i]!);
    if (search(rdv)) return true;
    placed[i] = false;
    out.pop();
    return false;
  };
  // Right after rendezvous `p`: one of its firers' tails, from `v` or added.
  const follow = (p: Ev): boolean => {
    for (let i = 0; i < n; i++) if (ready(i) && isTailOf(v[i]!, p) && p.firers.includes(v[i]!.goroutine) && take(i, null)) return true;
    for (const t of p.firers) {
      const tail = tailOf(p, t);
      if (tail === null || v.some((e) => e.kind === Kind.Tail && e.goroutine === t && e.index === tail.index)) continue;
      if (v.some((e, i) => !placed[i] && dependent(tail, e))) continue;
      out.push(tail);
      if (search(null)) return true;
      out.pop();
    }
    return false;
  };
  return search(after) ? out : null;
}

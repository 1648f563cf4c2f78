import { dependent, isTailOf, same, type Ev } from "./event";
import { initialIn } from "./wakeup-tree";

/**
 * An event asleep at a state (Godefroid's sleep sets, as in the paper): its branch there
 * has been explored, so running it first again would repeat that work. Departure: a
 * rendezvous sleeps with the tails its firers ran right after it in that branch (the
 * runtime runs a firer's tail in the same step). A side whose tail is not among them may
 * still fire it; and once an event that does not commute with a tail has run, that way
 * of firing it is no longer covered.
 */
export interface Sleeper {
  readonly ev: Ev;
  readonly tails: readonly Ev[] | null;
}

/**
 * True when running `e` here repeats work: its branch here was explored (for a
 * rendezvous, fired by a side whose tail still commutes with everything run since; the
 * other side firing it is left to race reversal, like any other order).
 */
export function asleep(sleep: readonly Sleeper[], e: Ev): boolean {
  return sleep.some((s) => same(s.ev, e));
}

/** The entries of `sleep` still asleep once `ran` has run. */
export function wake(sleep: readonly Sleeper[], ran: Ev): Sleeper[] {
  const out: Sleeper[] = [];
  for (const s of sleep) {
    // A rendezvous run again by another side: running next the tail of a side that fired
    // it before is covered by that branch.
    if (s.tails !== null && same(s.ev, ran)) {
      for (const t of s.tails) out.push({ ev: t, tails: null });
      continue;
    }
    if (dependent(s.ev, ran)) continue;
    if (s.tails === null) {
      out.push(s);
      continue;
    }
    const tails = s.tails.filter((t) => !dependent(t, ran));
    if (tails.length > 0) out.push({ ev: s.ev, tails });
  }
  return out;
}

/**
 * True when sleeping `s` is a weak initial of the runnable sequence `v`: exploring `v`
 * here would repeat work. When `s` is not in `v`, `stands` must also accept it.
 */
export function covers(s: Sleeper, v: readonly Ev[], stands: (p: Ev) => boolean = () => true): boolean {
  const m = initialIn(s.ev, v);
  if (m === -2 || (m === -1 && !stands(s.ev))) return false;
  const tails = s.tails;
  if (tails === null) return true;
  if (m < 0) return tails.some((t) => v.every((y) => !dependent(t, y)));
  const next = v[m + 1];
  return next === undefined || (isTailOf(next, v[m]!) && tails.some((t) => t.goroutine === next.goroutine));
}

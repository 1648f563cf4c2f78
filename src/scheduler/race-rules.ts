import { OpCode } from "../runtime/op";
import { common } from "./dependency";
import type { Ev } from "./event-log";

/**
 * The rules dpor.ts adds to the paper for blocking operations and rendezvous, where the
 * dependency relation alone cannot tell whether a race can be reversed.
 */

/**
 * True when `later` could have run in place of `e` (at position `i`): when it was
 * already pending there, `enabledThere` decides; otherwise pairs where `e` is what let
 * `later` run are not reversible.
 */
export function reversible(i: number, e: Ev, later: Ev, enabledThere: readonly number[]): boolean {
  if (later.since < i) return enabledThere.includes(later.thread);
  if (!later.blocking) return true;
  // Objects the later operation itself touches (not only by announcing its successor).
  const both = common(e.acc, later.acc).filter((o) => !later.acc.queued.includes(o));
  return both.length === 0 || !enables(e, later, both);
}

/** The partners `e` completed whose firing instead would have been the very same rendezvous. */
export function sameRendezvous(e: Ev): Ev[] {
  return quiet(e) ? e.completed.filter((p) => p.code !== OpCode.Select) : [];
}

/** True when nothing the goroutine did after the step, before its next operation, is visible. */
export function quiet(e: Ev): boolean {
  return e.announced.length === 0 && !e.acc.spawns && !e.acc.all;
}

/** True when `e` is what let `later` run: reversing them could never work. */
function enables(e: Ev, later: Ev, both: number[]): boolean {
  if (both.every((o) => e.acc.queued.includes(o))) return true;
  const a = e.effect;
  const b = later.code;
  const wrote = both.some((o) => e.acc.writes.includes(o));
  // A tryLock that failed saw the lock held: a lock could not have run there either.
  if ((a === OpCode.TryLock || a === OpCode.TryRLock) && b === OpCode.Lock) return !wrote;
  // Otherwise only a write can enable (a select that merely polled a channel did not).
  if (!wrote) return false;
  if ((a === OpCode.Unlock || a === OpCode.RUnlock) && (b === OpCode.Lock || b === OpCode.RLock)) return true;
  if ((a === OpCode.WgAdd && b === OpCode.WgWait) || (a === OpCode.OnceExit && b === OpCode.OnceEnter)) return true;
  if (!later.buffered) return false;
  return (b === OpCode.Recv && (a === OpCode.Send || a === OpCode.Close)) || (b === OpCode.Send && a === OpCode.Recv);
}

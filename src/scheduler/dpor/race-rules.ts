// Idea: reversible races (Abdulla et al., "Source Sets", JACM 2017): a race whose first
// event is what enabled the second cannot be reversed. This file names which blocking
// operations enable which, from the roles the operations give themselves (view.ts).
import { Role } from "../../runtime/view";
import { common } from "../dependency";
import type { Ev } from "./event";

/**
 * The rule dpor.ts adds to the paper for blocking operations on objects other than
 * channels, where the dependency relation alone cannot tell whether a race can be
 * reversed (for channel operations, the channel model of chan-model.ts tells exactly
 * whether the later operation could run instead).
 */

/**
 * True when `e` is what let the blocking operation `later` run (an unlock and the next
 * lock, a `done` and the `wait` it releases, joining a wait list and the partner that
 * then had one): reversing them could never work.
 */
export function enables(e: Ev, later: Ev): boolean {
  const both = common(e.acc, later.acc).filter((o) => !later.acc.joined.includes(o));
  if (both.length === 0) return false;
  if (both.every((o) => e.acc.joined.includes(o))) return true;
  const a = e.traits.role;
  const b = later.traits.role;
  const wrote = both.some((o) => e.acc.writes.includes(o));
  // A tryLock that failed saw the lock held: a lock could not have run there either.
  if (a === Role.Try && b === Role.AcquireAlone) return !wrote;
  // Otherwise only a write can enable: a release (an unlock, a `done`) and what it let in.
  if (!wrote) return false;
  return a === Role.Release && (b === Role.Acquire || b === Role.AcquireAlone);
}

import { captureLocation, userLocation } from "../runtime/location";
import type { Op } from "../runtime/op";
import type { LiveGoroutine, LiveWaiter } from "./waiter";

/**
 * A forgotten `await` in live mode. Go has no such thing: a goroutine does one operation
 * at a time. Live, an operation whose promise nobody awaits is still performed exactly
 * as if it were awaited (it completes at once, or parks and completes later, on its own
 * goroutine record), so no object is corrupted; but the goroutine has gone on without
 * it. That is seen for free only while the goroutine's function runs synchronously (the
 * one stretch where live mode knows which goroutine runs, see goroutines.ts): a second
 * operation started there while the first still waits is warned about once, naming the
 * goroutine and both operations, with a stack taken only then.
 */

/** Note `w`, just parked by `owner`, as the operation its next one must follow. */
export function noteParked(owner: LiveGoroutine, w: LiveWaiter): void {
  if (owner.pending !== null) return;
  owner.pending = w;
  owner.pendingPark = w.parks;
}

/** `owner` starts `op`: warn if an operation it parked earlier in this run still waits. */
export function checkAwaited(owner: LiveGoroutine, op: Op): void {
  const w = owner.pending!;
  const parked = w.parks === owner.pendingPark && w.op !== null;
  owner.pending = null;
  if (!parked) return;
  const first = w.op!.describe();
  const at = userLocation(w.site?.stack);
  const here = captureLocation();
  const who = owner.name === "" ? `goroutine ${owner.id}` : `goroutine ${owner.id} "${owner.name}"`;
  process.emitWarning(
    `${who} started ${op.describe()}${here === null ? "" : ` at ${here}`} while its ${first}` +
      `${at === null ? "" : ` at ${at}`} was not awaited: await each gosched operation before the next ` +
      `(Go's goroutines do one thing at a time); the unawaited one still completes, on its own`,
    "GoschedWarning",
  );
}

import type { ChannelView } from "../runtime/view";

/**
 * Go's channel rules, in one place: the runtime's channels (chan-state.ts) follow them,
 * and so does the scheduler's model of channels, which predicts what an operation would
 * do after a reordering (partial-order reduction). A send is ready on a closed channel
 * (it panics), on a buffered one with room, or on an unbuffered one with a receiver
 * waiting, and pairs with the first; symmetrically for a receive, which on a closed,
 * drained channel returns the zero value.
 */

/** Whether an operation on a channel can run now. */
export const enum Readiness {
  No,
  Yes,
  /** Only if a partner other than the goroutine itself waits in the other queue (unbuffered). */
  IfPartner,
}

/** What a send or receive that is ready does. */
export const enum Outcome {
  /** A send on a closed channel. */
  Panic,
  /** Puts a value into the buffer, or takes one out. */
  Buffer,
  /** Pairs with the first partner waiting in the other queue. */
  Partner,
  /** A receive on a closed, drained channel: the zero value, `ok` false. */
  Closed,
}

export function sendReadiness(c: ChannelView): Readiness {
  if (c.isNil) return Readiness.No;
  if (c.closed) return Readiness.Yes;
  if (c.cap > 0) return c.len < c.cap ? Readiness.Yes : Readiness.No;
  return Readiness.IfPartner;
}

export function recvReadiness(c: ChannelView): Readiness {
  if (c.isNil) return Readiness.No;
  if (c.len > 0 || c.closed) return Readiness.Yes;
  return c.cap === 0 ? Readiness.IfPartner : Readiness.No;
}

/** What a ready send does. */
export function sendOutcome(c: ChannelView): Outcome {
  if (c.closed) return Outcome.Panic;
  return c.cap === 0 ? Outcome.Partner : Outcome.Buffer;
}

/** What a ready receive does. */
export function recvOutcome(c: ChannelView): Outcome {
  if (c.len > 0) return Outcome.Buffer;
  return c.cap === 0 && !c.closed ? Outcome.Partner : Outcome.Closed;
}

/** The panic of closing `c`, or null when the close is allowed. */
export function closeError(c: ChannelView): string | null {
  if (c.isNil) return "close of nil channel";
  return c.closed ? "close of closed channel" : null;
}

import type { VectorClock } from "./clock";
import type { TraceRecorder } from "./capture";
import type { Execution } from "./execution";
import type { Goroutine } from "./goroutine";

/**
 * The happens-before edges between goroutines, recorded only while a trace is captured
 * (the replay of a failure), for the timeline that draws them. Each edge is stored on the
 * step at which it took effect: goroutine `to` learnt what goroutine `fromGoroutine` had
 * released by its step `from`. An edge is kept only when it tells `to` something newer
 * about `fromGoroutine` than an earlier edge did, so a lock taken a hundred times from
 * the same releaser draws one edge per release, not one per acquire of old news.
 */
export interface SyncEdge {
  readonly from: number;
  readonly fromGoroutine: number;
  readonly to: number;
}

/** Per sync clock: goroutine id → its latest step that released into the clock. */
const releases = new WeakMap<VectorClock, Map<number, number>>();
/** Per execution: "to:from goroutine" → the latest step of `from` that `to` has learnt. */
const learnt = new WeakMap<Execution, Map<string, number>>();

/** `g` released into `sync` (`store`: forgetting earlier releases). */
export function noteRelease(exec: Execution, trace: TraceRecorder, g: Goroutine, sync: VectorClock, store: boolean): void {
  let m = releases.get(sync);
  if (m === undefined) releases.set(sync, (m = new Map()));
  else if (store) m.clear();
  const step = trace.lastStepOf(g.id);
  if (step > 0) m.set(g.id, step);
}

/** `g` acquired `sync`: an edge from every goroutine that released into it. */
export function noteAcquire(exec: Execution, trace: TraceRecorder, g: Goroutine, sync: VectorClock): void {
  const m = releases.get(sync);
  if (m !== undefined) for (const [from, step] of m) if (from !== g.id) noteEdge(exec, trace, from, step, g.id);
}

/** `child` starts knowing (or learns) what `parent` knew at its `go` step. */
export function noteFork(exec: Execution, trace: TraceRecorder, parent: Goroutine, child: Goroutine): void {
  const step = trace.lastStepOf(parent.id);
  if (step > 0) noteEdge(exec, trace, parent.id, step, child.id);
}

/** An unbuffered rendezvous: each side learns what the other knew. */
export function noteExchange(exec: Execution, trace: TraceRecorder, a: Goroutine, b: Goroutine): void {
  noteFork(exec, trace, a, b);
  noteFork(exec, trace, b, a);
}

function noteEdge(exec: Execution, trace: TraceRecorder, fromGoroutine: number, from: number, to: number): void {
  let m = learnt.get(exec);
  if (m === undefined) learnt.set(exec, (m = new Map()));
  const key = `${to}:${fromGoroutine}`;
  if ((m.get(key) ?? 0) >= from) return;
  m.set(key, from);
  trace.edge({ from, fromGoroutine, to });
}

import { activeExecution } from "../runtime/active";
import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { VectorClock } from "../runtime/clock";
import { acquire, release } from "../runtime/happens-before";
import { CODE_BITS, OpCode } from "../runtime/op";
import type { LeafOp } from "./ops";
import { watchRejections } from "./rejections";

/**
 * Controlled awaits: the runtime side of `gosched/transform`.
 *
 * The model. JavaScript's only nondeterminism is how long asynchronous operations take;
 * given those durations its job queue is FIFO and the run is fixed. In a test, the
 * leaves of async code (the I/O of production) are fakes that settle at once. So a
 * *leaf* is an operation of unknown duration whose completion the strategy schedules,
 * and everything else runs in JavaScript's own order, natively, with the very same
 * microtask hops as untransformed code. This is what keeps verdicts honest: the
 * schedules explored are exactly the runs in which each leaf takes some real time.
 *
 * What is a leaf, and derived promises: see await.ts.
 *
 * Steps at the drain. The scheduler decides only when the microtask queue is empty
 * (`Execution.drain`), so a leaf completes only after every consequence of the previous
 * one has run, as a real I/O completion (a macrotask) would.
 *
 * Tasks. Every call of a transformed async function runs through {@link task}: inside an
 * execution it registers a goroutine (named after the function) that runs the body at
 * once, as JavaScript does, until its first await. `go(async fn)` and a timer's
 * callback are one task each: the goroutine adopts the first task its body starts.
 * `current` follows the task whose code runs: {@link push} when a segment of it starts
 * (the call, a resumption, a `catch`), {@link pop} when it ends (an await, the return).
 *
 * Happens-before: the call happens before the task starts (the goroutine's fork); a task's
 * return happens before the await that receives its promise. An await that receives any
 * other pending promise acquires what every task released so far (conservative: it may
 * hide a race, never invent one).
 */

/** One call of a transformed async function inside an execution. */export class Task {
  /** `current` before the running segment started, restored when it ends. */
  resumer: Goroutine | null = null;
  done = false;
  /** The task whose promise a native await waits on (null: another promise, or none). */
  awaiting: Task | null = null;
  /** A native await on a promise that is not a task's: the resumption acquires `all`. */
  foreign = false;
  /** The promise its caller got (null until the first segment has run). */
  promise: Promise<unknown> | null = null;
  /** What the task knew when it returned (clocks on only). */
  readonly endClock = new VectorClock();

  /** The leaf operation reused for awaits of plain values (one pending operation at a time). */
  valueLeaf: LeafOp | null = null;

  constructor(
    readonly exec: Execution,
    readonly g: Goroutine,
    /** False when the task is a goroutine's own body (`go(async fn)`, the program). */
    readonly own: boolean,
    readonly st: State,
  ) {}
}

/** Per-execution bookkeeping. */
export interface State {
  readonly promises: WeakMap<object, Task>;
  readonly byGoroutine: WeakMap<Goroutine, Task>;
  /** Promises that transformed code derived (`.then`, `Promise.all`…): downstream, never leaves. */
  readonly derived: WeakSet<object>;
  /** Everything every task released at its awaits and returns (see the top comment). */
  readonly all: VectorClock;
  /** The task that stands for a settled promise's completion, per promise (await.ts). */
  readonly gates: WeakMap<object, Promise<unknown>>;
}

const KEY = Symbol("gosched.tasks");
const NOOP = (): void => {};

export function stateOf(exec: Execution): State {
  let s = exec.moduleState.get(KEY) as State | undefined;
  if (s === undefined) {
    s = { promises: new WeakMap(), byGoroutine: new WeakMap(), derived: new WeakSet(), all: new VectorClock(), gates: new WeakMap() };
    exec.moduleState.set(KEY, s);
  }
  return s;
}

/**
 * Plain async code runs in `exec` (a task of its own, a leaf, a native wait): steps wait
 * for the drain, and partial-order reduction treats every step as dependent, since plain
 * state is invisible to it. A program whose transformed code only awaits gosched
 * operations (goroutine bodies that are one task each) keeps the usual stepping.
 */
function plain(exec: Execution): void {
  exec.drain = true;
}

/**
 * Run an async function's body as a task: `body(null, ...args)` outside any execution.
 * `args` carries the call's arguments when the parameters moved into the body (defaults
 * and patterns, which may throw, and must then reject the promise as before).
 */
export function task<T>(
  name: string,
  body: (t: Task | null, ...args: unknown[]) => Promise<T>,
  args?: unknown[],
): Promise<T> {
  const exec = activeExecution();
  if (exec === null || exec.finished) return args === undefined ? body(null) : body(null, ...args);
  return startTask(exec, name, body, args, false);
}

/** Start a task in `exec`; `fresh`: always a goroutine of its own, never the current one's body. */
export function startTask<T>(
  exec: Execution,
  name: string,
  body: (t: Task | null, ...args: unknown[]) => Promise<T>,
  args: unknown[] | undefined,
  fresh: boolean,
): Promise<T> {
  exec.controlled = true;
  const t = begin(exec, name, fresh);
  const p = args === undefined ? body(t) : body(t, ...args);
  stateOf(exec).promises.set(p, t);
  watchRejections(exec, p, t.g);
  t.promise = p;
  return p;
}

function begin(exec: Execution, name: string, fresh: boolean): Task {
  const st = stateOf(exec);
  const cur = exec.current;
  let t: Task;
  if (!fresh && cur !== null && adoptable(cur, st)) {
    t = new Task(exec, cur, false, st);
  } else {
    plain(exec);
    const g = exec.spawn(NOOP, name, cur);
    g.op = null;
    g.flags = 0;
    g.body = null;
    t = new Task(exec, g, true, st);
  }
  st.byGoroutine.set(t.g, t);
  t.resumer = cur;
  exec.current = t.g;
  return t;
}

/** A goroutine that has just started and has no task yet: its body is this call. */
function adoptable(g: Goroutine, st: State): boolean {
  return g.last === null && (g.flags & CODE_BITS) === OpCode.Start && !st.byGoroutine.has(g);
}

/** A segment of `t` starts running (a resumption, or a `catch` reached by a rejection). */
export function push(t: Task): void {
  const exec = t.exec;
  if (exec.current !== t.g) {
    t.resumer = null;
    exec.current = t.g;
  }
  if ((t.awaiting !== null || t.foreign) && exec.hb && !exec.finished) received(exec, t);
}

/**
 * The running segment of `t` ends. After the first segment `current` goes back to the
 * caller, which goes on synchronously; after a resumed one it stays on the task, as after
 * any goroutine's step, for the native code that follows (a `.then` of its promise).
 */
export function pop(t: Task): void {
  const exec = t.exec;
  if (t.resumer !== null && exec.current === t.g) exec.current = t.resumer;
  t.resumer = null;
}

/** Edges into a task resumed from a native await. */
function received(exec: Execution, t: Task): void {
  const from = t.awaiting;
  if (from !== null && from.done) acquire(t.g, from.endClock);
  else if (t.foreign) acquire(t.g, stateOf(exec).all);
  t.awaiting = null;
  t.foreign = false;
}

/** `await x` in task `t`: what the await should wait on (see the top comment). */
export function r<T>(t: Task | null, v: T): T {
  if (t !== null) push(t);
  return v;
}

/** The task's body returned or threw (its `finally`). */
export function fin(t: Task | null): void {
  if (t === null || t.done) return;
  const exec = t.exec;
  t.done = true;
  if (exec.hb && !exec.finished) release(t.g, t.endClock);
  if (exec.hb && !exec.finished) release(t.g, stateOf(exec).all);
  const first = t.resumer !== null;
  pop(t);
  if (exec.finished || activeExecution() !== exec) return;
  // Untransformed code that goes on after the task's promise (a library's `await fn()`)
  // most likely runs for the caller: give it the goroutine that called the task.
  if (!first && t.own && exec.current === t.g && t.g.parent !== null && !t.g.parent.done) exec.current = t.g.parent;
  if (!t.own) {
    if (exec.drain) exec.queue();
  } else if (t.g.op === null) {
    exec.endTask(t.g);
  } else {
    // `return op()`: the caller's await adopts the operation's promise, so the task lives
    // until the operation has fired.
    const end = (): void => {
      if (!exec.finished && !t.g.done) exec.endTask(t.g);
    };
    const settled = (): void => void t.promise?.then(end, end);
    if (t.promise === null) queueMicrotask(settled);
    else settled();
  }
}


import { inspect, types } from "util";
import { activeExecution } from "../runtime/active";
import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { VectorClock } from "../runtime/clock";
import { acquire, release } from "../runtime/happens-before";
import { captureLocation } from "../runtime/location";
import { ALWAYS_READY, CODE_BITS, OpCode, PARK, type Op } from "../runtime/op";
import { LEAF_CODE, WAIT_CODE } from "./codes";
import { leafMayWait } from "./timers";

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
 * What is a leaf. `await x` in transformed code becomes `r(t, await aw(t, x))`. Inside an
 * execution, `aw` classifies `x` at the moment of the await:
 * - a gosched operation's promise (the task has just announced it): returned as is; it
 *   is a scheduling point of its own;
 * - a promise still pending (a task still running, a promise-chain lock not yet
 *   released, a library's promise waiting on another task): returned as is, so the task
 *   resumes exactly when JavaScript would resume it. Two awaits of one promise resume in
 *   registration order and a promise settled later never releases its waiter first,
 *   because V8 itself runs them;
 * - a task's promise, or a promise that transformed code derived inside the execution
 *   (`.then`, `.catch`, `.finally`, `Promise.all`, `allSettled`, `race`, `any`): downstream
 *   of leaves, so returned as is even when it has settled already;
 * - anything else, a value or a promise already settled (`await null`,
 *   `Promise.resolve(x)`, a mock's resolved value, a library's settled promise): a leaf.
 *   The task parks on a {@link LeafOp} and its await resolves when the strategy fires it.
 * Whether a native promise is pending is read synchronously from V8 through
 * `util.inspect` (no public API says it), once per promise: a settled one is remembered.
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

/** One call of a transformed async function inside an execution. */
export class Task {
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
interface State {
  readonly promises: WeakMap<object, Task>;
  readonly byGoroutine: WeakMap<Goroutine, Task>;
  /** Promises that transformed code derived (`.then`, `Promise.all`…): downstream, never leaves. */
  readonly derived: WeakSet<object>;
  /** Everything every task released at its awaits and returns (see the top comment). */
  readonly all: VectorClock;
}

const KEY = Symbol("gosched.tasks");
const NOOP = (): void => {};
const NEVER: Promise<never> = new Promise<never>(() => {});
/** Promises seen settled, so each is inspected at most once. */
const settled = new WeakSet<object>();

export function stateOf(exec: Execution): State {
  let s = exec.slots.get(KEY) as State | undefined;
  if (s === undefined) {
    s = { promises: new WeakMap(), byGoroutine: new WeakMap(), derived: new WeakSet(), all: new VectorClock() };
    exec.slots.set(KEY, s);
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
  exec.controlled = true;
  const t = begin(exec, name);
  const p = args === undefined ? body(t) : body(t, ...args);
  stateOf(exec).promises.set(p, t);
  t.promise = p;
  return p;
}

function begin(exec: Execution, name: string): Task {
  const st = stateOf(exec);
  const cur = exec.current;
  let t: Task;
  if (cur !== null && adoptable(cur, st)) {
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
function pop(t: Task): void {
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
export function aw(t: Task | null, x: unknown): unknown {
  if (t === null) return x;
  const exec = t.exec;
  if (exec.finished || activeExecution() !== exec) return NEVER;
  let out = x;
  const g = t.g;
  if (g.op === null) {
    exec.current = g;
    exec.drain = true;
    if (isLeaf(t.st, x)) out = leaf(exec, t, x);
    else wait(exec, t, x as Promise<unknown>);
  }
  if (exec.hb) release(g, t.st.all);
  pop(t);
  return out;
}

function isLeaf(st: State, x: unknown): boolean {
  if ((typeof x !== "object" && typeof x !== "function") || x === null) return true;
  if (typeof (x as { then?: unknown }).then !== "function" || !types.isPromise(x)) return true;
  if (st.promises.has(x) || st.derived.has(x)) return false;
  return !pending(x);
}

/** True when the native promise `p` has not settled yet. */
function pending(p: Promise<unknown>): boolean {
  if (settled.has(p)) return false;
  const text = inspect(p, { depth: 0, customInspect: false, maxArrayLength: 0, maxStringLength: 0, breakLength: Infinity });
  const open = text.indexOf("{");
  if (open >= 0 && text.startsWith("<pending>", open + 2)) return true;
  settled.add(p);
  return false;
}

function leaf(exec: Execution, t: Task, x: unknown): Promise<unknown> {
  let op: LeafOp;
  if (types.isPromise(x)) {
    op = new LeafOp(x);
  } else if (t.valueLeaf === null) {
    op = t.valueLeaf = new LeafOp(x);
  } else {
    op = t.valueLeaf;
    op.reset(x);
  }
  return exec.perform(op, op.flags);
}

/** A native wait: nothing to schedule, but reports say what the task waits on. */
function wait(exec: Execution, t: Task, p: Promise<unknown>): void {
  const owner = stateOf(exec).promises.get(p) ?? null;
  t.awaiting = owner;
  t.foreign = owner === null;
  t.g.last = new WaitOp(owner);
  if (exec.trace !== null) t.g.pendingAt = captureLocation();
  exec.queue();
}

/** A promise derived by transformed code (see the top comment): returned unchanged. */
export function d<T>(p: T): T {
  const exec = activeExecution();
  if (exec !== null && !exec.finished && types.isPromise(p)) stateOf(exec).derived.add(p);
  return p;
}

/** The value a resumed await returns, once `t` is current again. */
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

/**
 * A leaf: an await of a value or of a settled promise, standing for I/O of unknown
 * duration. Always ready (a settled promise's value has arrived before the next step,
 * which waits for the microtask queue to drain); firing it resumes the task with the
 * value, or the rejection.
 */
class LeafOp implements Op {
  readonly code = LEAF_CODE;
  readonly flags = LEAF_CODE | ALWAYS_READY;
  readonly target = null;
  private done = false;
  private failed = false;
  private value: unknown;

  constructor(private x: unknown) {
    if (types.isPromise(x)) {
      x.then(
        (v) => this.settle(false, v),
        (e) => this.settle(true, e),
      );
    } else {
      this.settle(false, x);
    }
  }

  /** Reuse for another await of a plain value. */
  reset(x: unknown): void {
    this.x = x;
    this.settle(false, x);
  }

  private settle(failed: boolean, value: unknown): void {
    this.done = true;
    this.failed = failed;
    this.value = value;
  }

  ready(): boolean {
    return true;
  }

  fire(g: Goroutine, exec: Execution): unknown {
    if (leafMayWait(exec)) return PARK;
    if (exec.hb && types.isPromise(this.x)) acquire(g, stateOf(exec).all);
    if (!this.done) return this.x;
    return this.failed ? Promise.reject(this.value) : this.value;
  }

  describe(): string {
    return types.isPromise(this.x) ? "await (a settled promise)" : "await (a value)";
  }

  waitReason(): string {
    return "await";
  }
}

/** What a task waiting natively waits on, for deadlock and leak reports. */
class WaitOp implements Op {
  readonly code = WAIT_CODE;
  readonly flags = WAIT_CODE;
  readonly target = null;

  constructor(private readonly owner: Task | null) {}

  ready(): boolean {
    return false;
  }

  fire(): unknown {
    return undefined;
  }

  describe(): string {
    return this.owner === null ? "await a pending promise" : `await the promise of ${this.owner.g.label()}`;
  }

  waitReason(): string {
    return this.owner === null ? "await (promise nobody settled)" : `await (${this.owner.g.label()})`;
  }
}

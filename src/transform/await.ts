import { inspect, types } from "util";
import { activeExecution } from "../runtime/active";
import type { Execution } from "../runtime/execution";
import { release } from "../runtime/happens-before";
import { captureLocation } from "../runtime/location";
import { LeafOp, WaitOp } from "./ops";
import { watchRejections } from "./rejections";
import { pop, stateOf, startTask, fin, r, type State, type Task } from "./task";

/**
 * Awaits of transformed code inside an execution (the model is in task.ts).
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
 * Derived promises of leaves. `p.then(f)`, `p.catch(f)`, `p.finally(f)` and the combinators
 * (`Promise.all([p, …])`…) where `p` would be a leaf (a settled promise that is neither a
 * task's nor derived) must not run `f` at once: `p` stands for I/O of unknown duration,
 * and `f` runs when it completes. So the receiver (or each element) is replaced by its
 * *gate*: a task of its own that awaits `p` as a leaf and returns its outcome. One gate
 * per promise, so that two callbacks on one `p` still run in registration order, and the
 * derived promise settles after the gate completes and the callback ran, as in
 * JavaScript; everything downstream of it runs natively.
 */

const NEVER: Promise<never> = new Promise<never>(() => {});
/** Promises seen settled, so each is inspected at most once. */
const settled = new WeakSet<object>();

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

export function isLeaf(st: State, x: unknown): boolean {
  if ((typeof x !== "object" && typeof x !== "function") || x === null) return true;
  if (typeof (x as { then?: unknown }).then !== "function" || !types.isPromise(x)) return true;
  if (st.promises.has(x) || st.derived.has(x)) return false;
  return !pending(x);
}

/** True when the native promise `p` has not settled yet. */
export function pending(p: Promise<unknown>): boolean {
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
  if (exec === null || exec.finished || !types.isPromise(p)) return p;
  stateOf(exec).derived.add(p);
  if (exec.controlled) watchRejections(exec, p, exec.current);
  return p;
}

/** The value a resumed await returns, once `t` is current again. */
/** The receiver of `.then`, `.catch` or `.finally` in transformed code: its gate when it is a leaf. */
export function s<T>(p: T): T {
  const exec = activeExecution();
  if (exec === null || exec.finished || !types.isPromise(p)) return p;
  return source(exec, stateOf(exec), p) as T;
}

/** The argument of `Promise.all`, `allSettled`, `race` or `any`: each leaf replaced by its gate. */
export function sa<T>(items: T): T {
  const exec = activeExecution();
  if (exec === null || exec.finished || items === null || typeof items !== "object") return items;
  if (typeof (items as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function") return items;
  const st = stateOf(exec);
  return [...(items as unknown as Iterable<unknown>)].map((x) => (types.isPromise(x) ? source(exec, st, x) : x)) as T;
}

function source(exec: Execution, st: State, p: Promise<unknown>): Promise<unknown> {
  if (st.promises.has(p) || st.derived.has(p) || pending(p)) return p;
  let gate = st.gates.get(p);
  if (gate === undefined) {
    gate = startTask(exec, "then", GATE, [p], true);
    st.gates.set(p, gate);
  }
  return gate;
}

/** A gate's body: the leaf's completion, then its outcome. */
const GATE = async (t: Task | null, p: unknown): Promise<unknown> => {
  try {
    return r(t, await aw(t, p));
  } finally {
    fin(t);
  }
};

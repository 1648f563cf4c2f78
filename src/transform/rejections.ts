import { inspect } from "util";
import { promiseHooks } from "v8";
import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";

/**
 * Unhandled rejections of transformed code: a panic, as they would crash Node.
 *
 * Node judges a rejection unhandled when it still has no handler once the microtask
 * queue (and the `process.nextTick` queue) has drained, and then crashes the process
 * (`--unhandled-rejections=throw`, its default). In a real run that moment comes between
 * two completions of I/O; in an execution it is each step taken at the drain, where the
 * scheduler stands for the event loop. So the judgement is made there
 * (`Execution.onDrained`), on what Node would see: a rejected promise with no handler.
 *
 * Which promises. Those transformed code makes that can reject: the promise of every task
 * (an async function that threw) and every promise it derives (`.then`, `.catch`,
 * `.finally`, the combinators). Handlers are seen through V8's promise hooks: any
 * reaction registered on a promise (a `.then`, an `await`, an adoption by an async
 * function's return, a combinator), by transformed code or not, creates a promise whose
 * parent it is, which is what V8 itself counts as a handler. A promise that settles while
 * still has none at a drain is checked then (its state read through `util.inspect`): if
 * it rejected, the execution fails as a panic of the task that made the promise. The
 * judged promise is then marked handled, so that Node does not report it a second time
 * after the execution. Deterministic: the watched promises are judged in the order they
 * were made, at drains that the schedule fixes.
 *
 * Cost. Promise hooks slow every promise of the process, so they run only while some
 * watched promise has no handler yet: almost every one gets its handler in the turn that
 * made it (`await f()`, `Promise.all`), and the hooks stop at the next drain.
 */

interface Watch {
  readonly exec: Execution;
  /** Promises without a handler so far, with the goroutine to blame. */
  readonly open: Map<Promise<unknown>, Goroutine | null>;
}

let watch: Watch | null = null;
let stopHooks: (() => void) | null = null;
const NOOP = (): void => {};

/** Judge `p` (a task's promise, or a derived one) at the drains of `exec`; `who` made it. */
export function watchRejections(exec: Execution, p: Promise<unknown>, who: Goroutine | null): void {
  let w = watch;
  if (w === null || w.exec !== exec) w = start(exec);
  w.open.set(p, who);
  stopHooks ??= promiseHooks.createHook({ init: onInit }) as () => void;
}

function start(exec: Execution): Watch {
  const w: Watch = { exec, open: new Map() };
  watch = w;
  exec.onDrained = judge;
  return w;
}

function unhook(): void {
  stopHooks?.();
  stopHooks = null;
}

/** A reaction registered on `parent` (V8 makes a promise whose parent it is): handled. */
const onInit = (_p: Promise<unknown>, parent: Promise<unknown> | undefined): void => {
  const w = watch;
  if (w === null || w.exec.finished) {
    watch = null;
    return unhook();
  }
  if (parent !== undefined) w.open.delete(parent);
};

/**
 * At a drain of `exec`: the first watched promise still without a handler that rejected
 * fails it; fulfilled ones are forgotten. The hooks stop while none is left.
 */
function judge(exec: Execution): void {
  const w = watch;
  if (w === null || w.exec !== exec) return;
  if (w.open.size === 0) return unhook();
  for (const [p, who] of w.open) {
    const state = settled(p);
    if (state === PENDING) continue;
    w.open.delete(p);
    if (state === FULFILLED) continue;
    p.catch(NOOP);
    return fail(exec, who, state);
  }
}

const PENDING = Symbol("pending");
const FULFILLED = Symbol("fulfilled");

/** Whether `p` settled, and what it rejected with as Node prints it (read from V8 through `util.inspect`). */
function settled(p: Promise<unknown>): typeof PENDING | typeof FULFILLED | string {
  const text = inspect(p, { depth: 1, breakLength: Infinity });
  const open = text.indexOf("{") + 1;
  const head = text.slice(open, open + 16).trimStart();
  if (head.startsWith("<pending>")) return PENDING;
  if (!head.startsWith("<rejected> ")) return FULFILLED;
  const reason = text.slice(text.indexOf("<rejected> ") + "<rejected> ".length).trimStart();
  return reason.split("\n")[0]!.replace(/ \}$/, "");
}

function fail(exec: Execution, g: Goroutine | null, reason: string): void {
  const goroutine = g === null ? { id: 1, name: "main" } : { id: g.id, name: g.name };
  exec.fail({ kind: "panic", goroutine, value: reason, fatal: false, unhandled: true });
}

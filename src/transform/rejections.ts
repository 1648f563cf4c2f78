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
 * still without one is checked at the next drain (its state read through `util.inspect`);
 * if it rejected and no handler came meanwhile, the execution fails as a panic of the
 * task that made the promise. The judged promise is then marked handled, so that Node
 * does not report it a second time after the execution.
 *
 * The hooks run only while an execution of transformed code does, and stop at the first
 * promise event after it ended.
 */

interface Watch {
  readonly exec: Execution;
  /** Promises without a handler so far, with the task (goroutine label) to blame. */
  readonly candidates: WeakMap<object, Goroutine | null>;
  /** Candidates that settled since the last drain. */
  maybe: Promise<unknown>[];
}

let watch: Watch | null = null;
let stopHooks: (() => void) | null = null;
const NOOP = (): void => {};

/** Judge `p` (a task's promise, or a derived one) at the drains of `exec`; `who` made it. */
export function watchRejections(exec: Execution, p: Promise<unknown>, who: Goroutine | null): void {
  let w = watch;
  if (w === null || w.exec !== exec) w = start(exec);
  w.candidates.set(p, who);
}

function start(exec: Execution): Watch {
  const w: Watch = { exec, candidates: new WeakMap(), maybe: [] };
  watch = w;
  exec.onDrained = judge;
  stopHooks ??= promiseHooks.createHook({ init: onInit, settled: onSettled }) as () => void;
  return w;
}

function halt(): void {
  stopHooks?.();
  stopHooks = null;
  watch = null;
}

const onInit = (_p: Promise<unknown>, parent: Promise<unknown> | undefined): void => {
  const w = watch;
  if (w === null) return;
  if (w.exec.finished) return halt();
  if (parent !== undefined) w.candidates.delete(parent);
};

const onSettled = (p: Promise<unknown>): void => {
  const w = watch;
  if (w === null) return;
  if (w.exec.finished) return halt();
  if (w.candidates.has(p)) w.maybe.push(p);
};

/** At a drain of `exec`: the first candidate that rejected with no handler fails it. */
function judge(exec: Execution): void {
  const w = watch;
  if (w === null || w.exec !== exec || w.maybe.length === 0) return;
  const maybe = w.maybe;
  w.maybe = [];
  for (const p of maybe) {
    const who = w.candidates.get(p);
    if (who === undefined) continue;
    w.candidates.delete(p);
    const reason = rejection(p);
    if (reason === null) continue;
    p.catch(NOOP);
    return fail(exec, who, reason);
  }
}

/** What `p` rejected with, as Node prints it (read from V8 through `util.inspect`), or null when it did not reject. */
function rejection(p: Promise<unknown>): string | null {
  const text = inspect(p, { depth: 1, breakLength: Infinity });
  const at = text.indexOf("<rejected> ");
  if (at < 0) return null;
  const reason = text.slice(at + "<rejected> ".length).replace(/ \}$/, "");
  return reason.split("\n")[0]!;
}

function fail(exec: Execution, g: Goroutine | null, reason: string): void {
  const who = g === null ? "the program" : g.label();
  exec.fail("panic", `panic: ${reason} (an unhandled rejection, in ${who})`, {
    kind: "panic",
    goroutine: g === null ? { id: 1, name: "main" } : { id: g.id, name: g.name },
    value: reason,
    fatal: false,
  });
}

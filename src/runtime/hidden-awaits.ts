import { promiseHooks } from "v8";
import type { Execution } from "./execution";
import type { GoroutineInfo } from "./goroutine";

/**
 * Hidden awaits: a goroutine that awaits a promise gosched did not settle.
 *
 * Goroutines switch only at gosched operations, so an `await null`, an
 * `await Promise.resolve(x)`, an `await` of an async function that returned without
 * awaiting a gosched operation (or a `then` on any of these) is a point where, in the
 * real program, other code could run, and gosched explored no interleaving there. An
 * await of a promise that settles only through gosched operations (an async helper
 * around `ch.send` or `mu.lock`) hides nothing: time passes at the operation, which is a
 * scheduling point.
 *
 * The two differ in when the awaited promise settled. A hidden await registers its
 * reaction on a promise that had already settled when the goroutine awaited it (V8's
 * promise hooks report the await as a new promise whose parent is the awaited one); an
 * await of a gosched operation registers on a promise that only the scheduler settles,
 * later. So: a promise created with a parent that is already settled, by user code of a
 * goroutine while another goroutine is alive, is a hidden await. Promises the runtime
 * itself creates or settles (an operation's promise, a goroutine's own result) are
 * marked {@link AwaitWatch.own} (or are the last operation's) and never count.
 *
 * Promise hooks slow every promise operation of the process, so the explorer turns the
 * watch on only for strategies that can prove something (dfs, dpor), and off again once
 * it found a hidden await: after that the result cannot be complete anyway.
 *
 * Limit: a promise settled before the watch started (a module-level
 * `Promise.resolve()`) is not known to be settled, so awaiting it goes unnoticed.
 */
export interface HiddenAwait {
  /** The goroutine that awaited. */
  readonly goroutine: GoroutineInfo;
  /** Its last gosched operation before the await (`its start` when none). */
  readonly after: string;
}

export class AwaitWatch {
  private readonly settled = new WeakSet<object>();
  private readonly owned = new WeakSet<object>();
  private exec: Execution | null = null;
  private stopHooks: (() => void) | null;
  /** The first hidden await of the execution being watched. */
  found: HiddenAwait | null = null;
  /**
   * The promise of the operation announced last. Only the scheduler settles it; an
   * async helper that returns it (`return ch.recv()`) makes V8 register a reaction on it
   * in a job that can run just after the step settled it, before anything else announces.
   * One field, not a {@link own} per operation: a WeakSet insertion on every step cost more.
   */
  lastOperation: object | null = null;

  constructor() {
    this.stopHooks = promiseHooks.createHook({ init: this.onInit, settled: this.onSettled }) as () => void;
  }

  /** Watch `exec` (one execution at a time); `found` restarts empty. */
  watch(exec: Execution): void {
    this.exec = exec;
    this.found = null;
  }

  /** A promise made or settled by gosched itself: reacting to it hides nothing. */
  own(p: object): void {
    this.owned.add(p);
  }

  /** Turn the hooks off, for good. */
  stop(): void {
    this.stopHooks?.();
    this.stopHooks = null;
    this.exec = null;
  }

  private readonly onSettled = (p: Promise<unknown>): void => {
    this.settled.add(p);
  };

  private readonly onInit = (_p: Promise<unknown>, parent: Promise<unknown> | undefined): void => {
    const exec = this.exec;
    // Transformed code makes its awaits scheduling points: none is hidden.
    if (parent === undefined || exec === null || this.found !== null || exec.finished || exec.controlled || exec.drain) return;
    const g = exec.current;
    if (g === null || parent === this.lastOperation || !this.settled.has(parent) || this.owned.has(parent)) return;
    this.found = { goroutine: { id: g.id, name: g.name }, after: g.last === null ? "its start" : g.last.describe() };
  };
}

/**
 * Await a user callback's result from gosched's own code (`Once.do`, `wg.go`) without an
 * await of gosched's making: a callback that returned without awaiting is not awaited.
 */
export function ownResult(exec: Execution, r: unknown): Promise<unknown> | null {
  if (!(r instanceof Promise)) return null;
  exec.watch?.own(r);
  return r;
}

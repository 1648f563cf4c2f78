/**
 * Only one exploration runs at a time in a process (the runtime has one active
 * execution); a second one waits its turn instead of failing, however it was started
 * (`test.concurrent`, `Promise.all`, a call a few microtasks after the first).
 *
 * A call from inside a program cannot wait: the program would wait for its own
 * exploration to end. Such a call is told apart by what it does to the execution that was
 * running when it was made: the program awaits the queued exploration, so the execution
 * stalls at the very step the call was made. The watchdog asks {@link refuseNested}
 * before reporting a stall, and the nested call is rejected; the program goes on.
 */
import { activeExecution, countExploration, setStallHook } from "../runtime/active";
import type { Execution } from "../runtime/execution";

export const NESTED_MESSAGE = "explore() was called inside a program: explorations cannot nest";

/** A call queued while an execution was running, and the step it was made at. */
interface Waiter {
  readonly exec: Execution;
  readonly steps: number;
  readonly reject: (error: Error) => void;
}

const waiters = new Set<Waiter>();
let tail: Promise<unknown> = Promise.resolve();

export function serialise<T>(fn: () => Promise<T>): Promise<T> {
  countExploration(1);
  const active = activeExecution();
  let waiter: Waiter | null = null;
  const turn = new Promise<T>((resolve, reject) => {
    if (active !== null && !active.finished) waiters.add((waiter = { exec: active, steps: active.steps, reject }));
    const start = (): Promise<void> | undefined => {
      if (waiter !== null && !waiters.delete(waiter)) return undefined;
      return fn().then(resolve, reject);
    };
    tail = tail.then(start, start);
  });
  const ended = (): void => countExploration(-1);
  void turn.then(ended, ended);
  return turn;
}

/** Reject the calls made from inside `exec` at its current step; true when there was one. */
function refuseNested(exec: Execution): boolean {
  let refused = false;
  for (const w of waiters) {
    if (w.exec !== exec || w.steps !== exec.steps) continue;
    waiters.delete(w);
    w.reject(new Error(NESTED_MESSAGE));
    refused = true;
  }
  return refused;
}

setStallHook(refuseNested);

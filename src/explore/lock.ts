import { countExploration } from "../runtime/active";

/**
 * Only one exploration runs at a time in a process (the runtime has one active
 * execution); a second one waits its turn instead of failing.
 */
let tail: Promise<unknown> = Promise.resolve();

export function serialise<T>(fn: () => Promise<T>): Promise<T> {
  countExploration(1);
  const turn = tail.then(fn, fn).finally(() => countExploration(-1));
  tail = turn.catch(() => undefined);
  return turn;
}

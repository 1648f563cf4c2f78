import type { Goroutine } from "../runtime/goroutine";
import type { SyncObject } from "../runtime/sync-object";

/** The runtime side of Go's `sync.Locker`: what `Cond` needs of its lock. */
export interface LockerState extends SyncObject {
  canLock(g: Goroutine): boolean;
  lock(g: Goroutine): void;
  unlock(g: Goroutine): void;
}

const states = new WeakMap<object, LockerState>();

/** @internal Called by Mutex and RWMutex constructors. */
export function registerLocker(handle: object, state: LockerState): void {
  states.set(handle, state);
}

/** The runtime state behind a Mutex or RWMutex handle. */
export function lockerState(handle: unknown): LockerState {
  const s = typeof handle === "object" && handle !== null ? states.get(handle) : undefined;
  if (s === undefined) {
    throw new TypeError(`Expected \`locker\` to be a gosched Mutex or RWMutex, got \`${String(handle)}\``);
  }
  return s;
}

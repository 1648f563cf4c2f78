import type { Execution } from "./execution";
import type { Goroutine } from "./goroutine";
import type { ChannelView } from "./view";

/**
 * Runtime state of one synchronising object or shared cell, owned by the execution
 * that created it. Public handles (`Chan`, `Mutex`, …) hold one of these and never
 * keep state of their own.
 */
export abstract class SyncObject {
  readonly id: number;
  /** `chan`, `sync.Mutex`, `Shared`… as reports name the kind. */
  abstract readonly kind: string;
  /** Live mode only: the operations parked on this object, in order (see live/executor.ts). */
  liveWaiters: unknown[] | null = null;
  /** Live mode only: the object is in the live executor's set of objects with waiters. */
  liveListed = false;

  constructor(
    readonly exec: Execution,
    readonly name: string,
  ) {
    this.id = exec.register(this);
  }

  /** `chan "jobs"`, or `chan #4` when unnamed. */
  label(): string {
    return this.name === "" ? `${this.kind} #${this.id}` : `${this.kind} "${this.name}"`;
  }

  /**
   * Optional: a number that changes whenever the readiness of an operation waiting on
   * this object may have changed, or -1 when unknown; with many goroutines, the runtime
   * re-checks the waiters of a touched object only when it changed (see `runnable.ts`).
   */
  readinessKey?(): number;

  /** This object as a channel, when it is one (the strategies' view of it). */
  asChannel(): ChannelView | null {
    return null;
  }

  /** What `g` holds of this object, for deadlock reports (`holds sync.Mutex "mu"`). */
  heldBy(_g: Goroutine): string | null {
    return null;
  }
}

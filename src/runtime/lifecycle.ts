import type { TraceRecorder } from "./capture";
import { FatalError, MisuseError } from "./errors";
import type { ExecutionConfig } from "./execution-types";
import type { MisuseCause, MisuseSite } from "./failure";
import { Goroutine } from "./goroutine";
import { fork } from "./happens-before";
import type { AwaitWatch } from "./hidden-awaits";
import { START } from "./op";
import type { RunnableIndex } from "./runnable";
import { notAwaitedSite } from "./misuse";
import type { Execution } from "./execution";

/**
 * Scheduling steps are queued as reactions of one resolved promise: a native V8 job.
 * Node's `queueMicrotask` wraps every callback in async-hooks bookkeeping, which cost a
 * quarter of a step when profiled.
 */
export const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The goroutines of one execution and their lifecycle: spawned, started in a microtask,
 * run until their function returns or throws, retired. The first layer of
 * {@link Execution}; the step loop (step-loop.ts) builds on it.
 */
export abstract class GoroutineLifecycle {
  readonly goroutines: Goroutine[] = [];
  /** Live goroutines in id order, and ended ones not yet swept out (their `op` is null). */
  protected readonly live: Goroutine[] = [];
  protected liveCount = 0;
  /** The enabled goroutines kept up to date, while more than `SCAN.limit` are live. */
  protected index: RunnableIndex | null = null;
  current: Goroutine | null = null;
  finished = false;
  protected outcome: unknown = undefined;
  protected returned = false;
  /**
   * The goroutine just resumed, until the microtask queued before its resumption runs: a
   * return seen meanwhile was already queued when the operation fired, so the goroutine
   * returned without awaiting it (see {@link exit}).
   */
  protected resumed: Goroutine | null = null;
  readonly trace: TraceRecorder | null;
  /**
   * Clocks are on: operations maintain vector clocks. True when races are checked or
   * memoryModel is "go"; a SharedMap turns it on mid-execution (`enableClocks`), since Go
   * throws on unordered map accesses even without the race detector.
   */
  hb: boolean;
  readonly watch: AwaitWatch | undefined;

  constructor(readonly config: ExecutionConfig) {
    this.trace = config.capture === false ? null : config.capture;
    this.watch = config.watch;
    // Racy reads under the Go memory model need happens-before even when races are not reported.
    this.hb = config.checks.has("race") || config.memoryModel === "go";
  }

  /** Make sure a step is coming (the step loop's). */
  abstract queue(): void;
  /** Stop the execution: the program broke a rule of the model. */
  protected abstract misuseOf(cause: MisuseCause, g: Goroutine | null, where?: MisuseSite[]): void;
  /** Stop the execution: a goroutine panicked (or Go's runtime would have died). */
  protected abstract panic(g: Goroutine, error: unknown, fatal: boolean): void;

  /**
   * Create a goroutine whose first step runs `fn`. Edge 2: with clocks on, `from` (the
   * creator, by default the parent) releases into the new goroutine, so every spawn path
   * gets the edge; a timer passes its pseudo-goroutine.
   */
  spawn(fn: () => unknown, name: string, parent: Goroutine | null, from: Goroutine | null = parent): Goroutine {
    const g = new Goroutine(this.goroutines.length + 1, name, parent);
    if (this.hb && from !== null) fork(this as unknown as Execution, from, g);
    this.goroutines.push(g);
    this.live.push(g);
    this.liveCount++;
    g.op = START;
    g.flags = START.flags;
    if (this.index !== null) this.index.spawned(g);
    if (this.trace !== null) g.createdAt = this.trace.created(g);
    g.body = fn;
    g.resume = this.launch;
    return g;
  }

  /**
   * How a goroutine's `start` resumes it: its function runs in the next microtask, as an
   * awaited operation's continuation would. No promise or closure per goroutine: the
   * goroutine just fired is `current` until then, as for any resumption.
   */
  private readonly launch = (): void => void RESOLVED.then(this.enterCurrent);

  private readonly enterCurrent = (): void => {
    const g = this.current;
    if (g === null || g.body === null || this.finished) return;
    const fn = g.body;
    g.body = null;
    this.enter(g, fn);
  };

  /**
   * Run a goroutine's function. Its exit is observed on the promise it returns directly,
   * not through a chained `then`, so the runtime hears of it in as few microtask hops as
   * possible (see `quiescent` in execution.ts).
   */
  private enter(g: Goroutine, fn: () => unknown): void {
    let result: unknown;
    try {
      result = fn();
    } catch (error) {
      return this.crash(g, error);
    }
    if (result instanceof Promise) {
      this.watch?.own(result);
      result.then((value) => this.exit(g, value), (error) => this.crash(g, error));
    } else {
      this.exit(g, result);
    }
  }

  /** A task of transformed async code (not a goroutine body) returned or threw. */
  endTask(g: Goroutine): void {
    this.exit(g, undefined);
  }

  protected readonly resumeSeen = (): void => {
    this.resumed = null;
  };

  private exit(g: Goroutine, value: unknown): void {
    if (this.finished) return;
    const pending = g.op ?? (g === this.resumed ? g.last : null);
    if (pending !== null) {
      const what = pending.describe();
      return this.misuseOf({ reason: "returned", pending: what }, g, notAwaitedSite(this.trace, what, g.pendingAt));
    }
    this.retire(g);
    if (g.id === 1) {
      this.outcome = value;
      this.returned = true;
    }
  }

  private crash(g: Goroutine, error: unknown): void {
    if (this.finished) return;
    if (this.config.checks.has("panic") || error instanceof FatalError || error instanceof MisuseError) {
      return this.panic(g, error, error instanceof FatalError);
    }
    g.op = null;
    this.retire(g);
  }

  private retire(g: Goroutine): void {
    g.done = true;
    if (this.index !== null) this.index.retired(g);
    // Swept out in bulk, not spliced: one splice per exit made many goroutines quadratic.
    if (--this.liveCount < this.live.length / 2) this.sweep();
    if (this.current === g) this.current = null;
    this.queue();
  }

  private sweep(): void {
    const live = this.live;
    let n = 0;
    for (const g of live) if (!g.done) live[n++] = g;
    live.length = n;
  }
}

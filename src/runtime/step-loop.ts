import { activeExecution } from "./active";
import type { ChoiceKind, Chooser } from "./chooser";
import { DecisionLog } from "./decision-log";
import { GoPanic } from "./errors";
import type { Execution } from "./execution";
import type { ExecutionConfig, IdleHook } from "./execution-types";
import type { Goroutine } from "./goroutine";
import { GoroutineLifecycle, RESOLVED } from "./lifecycle";
import { ALWAYS_READY, ANNOUNCES, CODE_BITS, OpCode, PARK, type Op } from "./op";
import { RunnableIndex, SCAN } from "./runnable";
import { SPIN_REPEATS, SpinWatch, spinLimit } from "./spin";
import type { SyncObject } from "./sync-object";
import type { ExecutionView } from "./view";

/**
 * Node runs `process.nextTick` callbacks queued by a microtask only once the microtask
 * queue is empty: the moment plain async code has run as far as it can (see `drain`).
 */
const nextTick = process.nextTick;

/**
 * The step loop: the hot path of every execution.
 *
 * Each gosched operation calls {@link perform}, which records the pending operation and
 * queues one scheduling step as a reaction of a resolved promise (see `RESOLVED`). That
 * step ({@link step}) collects the enabled goroutines, asks the chooser for one, fires
 * its operation and resolves its promise. The whole execution is thus one microtask
 * cascade, and the goroutine that called an operation keeps running synchronously until
 * it awaits, so a second operation before the `await` is caught exactly.
 */
export abstract class StepLoop extends GoroutineLifecycle {
  /** The enabled goroutines of the step being decided, reused from step to step (entries past the count are stale). */
  private readonly enabledBuf: Goroutine[] = [];
  /** Reused arrays handed to the chooser, by length (see {@link offer}). */
  private readonly offers: Goroutine[][] = [];
  steps = 0;
  /** Every decision with two or more options so far, and the hash of the steps. */
  readonly decisions = new DecisionLog();
  private queued = false;
  idle: IdleHook | null = null;
  /**
   * Steps wait for the microtask queue to drain: set once transformed plain async code
   * runs in the execution (src/transform/task.ts), whose native continuations must all
   * have run before the next choice is made.
   */
  drain = false;
  /**
   * Called at each step taken once the microtask queue drained (`drain` on), before the
   * choice: where Node would judge unhandled rejections (src/transform/rejections.ts).
   */
  onDrained: ((exec: Execution) => void) | null = null;

  /** From the config, read on every step. */
  private readonly chooser: Chooser;
  private readonly maxSteps: number;
  private readonly spin = new SpinWatch();

  constructor(config: ExecutionConfig) {
    super(config);
    this.chooser = config.chooser;
    this.maxSteps = config.maxSteps;
  }

  /** What the chooser may see of this execution (the execution itself, read-only). */
  protected abstract readonly view: ExecutionView;
  /** Why {@link perform} cannot take `op` (misuse.ts). */
  protected abstract refuse(op: Op): Promise<never>;
  /** No goroutine can run and no timer can fire, `live` goroutines are left. */
  protected abstract quiescent(live: number): void;
  /** The stop conditions of a step (stop-conditions.ts). */
  protected abstract livelock(): void;
  protected abstract spinning(): void;
  protected abstract badChoice(i: number, n: number, kind: ChoiceKind | "pick", step: number): number;

  /**
   * Announce `op` for the running goroutine and wait until the chooser picks it.
   * Calling this is the only way user code reaches a scheduling point. `flags` is
   * `op.flags`, read by the caller (see {@link opFlags}).
   */
  perform<T>(op: Op, flags: number): Promise<T> {
    const g = this.current;
    if (g === null || g.op !== null || this.finished || activeExecution() !== (this as unknown as Execution)) return this.refuse(op);
    g.op = op;
    g.flags = flags;
    g.last = op;
    if ((flags & ANNOUNCES) !== 0) op.announce!(g);
    if (this.index !== null) this.index.announced(g, op, flags);
    if (this.trace !== null) g.pendingAt = this.trace.announce(g);
    this.queue();
    const p = new Promise<T>(this.bindCurrent);
    if (this.watch !== undefined) this.watch.lastOperation = p;
    return p;
  }

  /** One promise executor per execution (not a closure per operation): `current` is the caller. */
  private readonly bindCurrent = (resolve: (v: never) => void, reject: (e: unknown) => void): void => {
    const g = this.current!;
    g.resume = resolve as (v: unknown) => void;
    g.throwIn = reject;
  };

  /** Annotate the step being fired, when a trace is being captured. */
  note(text: () => string): void {
    if (this.trace !== null) this.trace.note(text());
  }

  /**
   * Resolve an n-way choice made inside an operation (a select case, a timer, a racy
   * read). Once the execution has ended (a race reported by the same read), no choice is
   * asked for or recorded: the replay token holds the schedule up to the failure only.
   */
  choose(n: number, kind: ChoiceKind): number {
    if (n <= 1 || this.finished) return 0;
    const i = this.chooser.choose(n, kind, this.steps);
    if (!(i >= 0 && i < n)) return this.badChoice(i, n, kind, this.steps);
    this.decisions.push(i);
    return i;
  }

  /** `obj` changed outside an operation on it (a close by a context, a timer drained): its waiters may have. */
  touch(obj: SyncObject): void {
    if (this.index !== null) this.index.touch(obj);
  }

  /** Make sure a step is coming (it is a no-op when one is already queued). */
  queue(): void {
    if (this.queued) return;
    this.queued = true;
    // Waiting for the drain: a tick queued from a microtask runs once the microtask queue
    // is empty; from the step itself (a tick), it would run before the step's microtasks.
    if (this.drain && !this.stepping) nextTick(this.step);
    else void RESOLVED.then(this.drain ? this.stepAfterDrain : this.step);
  }

  /** True while {@link step} runs (a tick, not a microtask: see {@link queue}). */
  private stepping = false;

  private readonly stepAfterDrain = (): void => void nextTick(this.step);

  /** One scheduling decision. A bound arrow, so `RESOLVED.then` needs no closure per step. */
  private readonly step = (): void => {
    // Not reset when the step throws: a stale true only keeps the (always correct) extra hop.
    this.stepping = true;
    this.decide();
    this.stepping = false;
  };

  private decide(): void {
    this.queued = false;
    if (this.finished) return;
    if (this.drain && this.onDrained !== null) {
      this.onDrained(this as unknown as Execution);
      if (this.finished) return;
    }
    let n = 0;
    for (;;) {
      n = this.enabled();
      // Only spinners can run: as when none can, time may move (see spin.ts).
      if (n > 0 && (this.spin.quiet <= SPIN_REPEATS || !this.spin.allSpinning(this.offer(n), n))) break;
      if (this.idle === null || !this.idle.advance(this as unknown as Execution)) {
        if (n === 0) return this.quiescent(this.liveCount);
        if (this.spin.allSpun(this.offer(n), n, spinLimit(this.maxSteps))) return this.spinning();
        break;
      }
      this.spin.progress();
      if (this.finished) return;
      if (this.index !== null) this.index.all();
    }
    let g = this.enabledAt(0);
    if (n > 1) {
      // The one place the chooser picks the goroutine that runs next.
      const c = this.chooser;
      const i = c.pickIndex !== undefined ? c.pickIndex(n, this.steps) : c.pick(this.offer(n), this.steps, this.view);
      if (!(i >= 0 && i < n)) return void this.badChoice(i, n, "pick", this.steps + 1);
      this.decisions.push(i);
      g = this.enabledAt(i);
    }
    if (++this.steps > this.maxSteps) return this.livelock();
    this.fire(g);
  }

  /**
   * How many goroutines are enabled: scanned when few are live (filling `enabledBuf`),
   * else read from the runnable index, made or dropped here as the count crosses the limit.
   */
  private enabled(): number {
    const limit = SCAN.limit;
    if (this.index !== null && this.liveCount <= limit / 2) this.index = null;
    else if (this.index === null && this.liveCount > limit) this.index = RunnableIndex.build(this.goroutines);
    if (this.index !== null) return this.index.settle();
    const live = this.live;
    const buf = this.enabledBuf;
    let n = 0;
    for (let i = 0; i < live.length; i++) {
      const g = live[i]!;
      const op = g.op;
      if (op !== null && ((g.flags & ALWAYS_READY) !== 0 || op.ready(g))) buf[n++] = g;
    }
    return n;
  }

  private enabledAt(i: number): Goroutine {
    return this.index === null ? this.enabledBuf[i]! : this.index.at(i);
  }

  /**
   * The first `n` enabled goroutines as an array of exactly that length, reused from step
   * to step (choosers read it during `pick` only), so a decision allocates nothing.
   */
  protected offer(n: number): Goroutine[] {
    let view = this.offers[n];
    if (view === undefined) view = this.offers[n] = new Array<Goroutine>(n);
    for (let i = 0; i < n; i++) view[i] = this.enabledAt(i);
    return view;
  }

  private fire(g: Goroutine): void {
    const op = g.op!;
    g.op = null;
    const flags = g.flags;
    this.decisions.mix((g.id << 6) | (flags & CODE_BITS));
    this.spin.record(g, op, flags);
    const row = this.trace === null ? null : this.trace.fired(g, op, this.steps, this.idle?.elapsedMs?.());
    if (this.chooser.fired !== undefined) this.chooser.fired(g, op, this.steps, this.view);
    if (this.index !== null) this.index.fired(g, op);
    this.current = g;
    let value: unknown;
    try {
      value = op.fire(g, this as unknown as Execution);
    } catch (error) {
      if (this.finished) return;
      if (error instanceof GoPanic) return g.throwIn(error);
      return this.panic(g, error, true);
    }
    // A select says which case it took only once it fired.
    if (row !== null && op.code === OpCode.Select) row.op = op.describe();
    if (this.finished) return;
    if (value === PARK) {
      g.op = op;
      g.flags = flags;
      this.current = null;
      return this.queue();
    }
    if (this.resumed === null) void RESOLVED.then(this.resumeSeen);
    this.resumed = g;
    g.resume(value);
  }
}

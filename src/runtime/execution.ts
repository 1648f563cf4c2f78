import { setActive, activeExecution, exploring } from "./active";
import type { ChoiceKind, Chooser } from "./chooser";
import { FatalError, GoPanic, MisuseError, panicText } from "./errors";
import type { BlockedGoroutine, CheckKind, ExecutionFailure, FailureDetail, FailureKind, MisuseSite } from "./failure";
import { Goroutine } from "./goroutine";
import { fork } from "./happens-before";
import { DecisionLog } from "./decision-log";
import type { TraceRecorder, TraceStep } from "./capture";
import { divergenceText } from "./divergence";
import { captureLocation } from "./location";
import { ALWAYS_READY, ANNOUNCES, CODE_BITS, OpCode, PARK, START, type Op } from "./op";
import { RunnableIndex, SCAN } from "./runnable";
import { SPIN_REPEATS, SpinWatch, spinLimit } from "./spin";
import type { SyncObject } from "./sync-object";
import type { AwaitWatch } from "./hidden-awaits";

/** Which model of memory a racy read follows (the README's "What is and is not modelled"). */
export type MemoryModel = "sc" | "go";

/** How one execution is run. */
export interface ExecutionConfig {
  readonly chooser: Chooser;
  readonly maxSteps: number;
  readonly checks: ReadonlySet<CheckKind>;
  /** Record a bounded trace with user-code locations: only when replaying a failure. */
  readonly capture: TraceRecorder | false;
  readonly memoryModel: MemoryModel;
  /** Watches for hidden awaits (explorations that can prove something only). */
  readonly watch?: AwaitWatch;
}

export type { TraceStep } from "./capture";

/** What one execution produced. */
export interface ExecutionResult {
  readonly outcome: unknown;
  /** True when the main goroutine returned (false after a failure or a deadlock). */
  readonly returned: boolean;
  readonly failure: ExecutionFailure | null;
  readonly steps: number;
  /** Every decision with two or more options, in order: the schedule. */
  readonly decisions: number[];
  /** A hash of every step's goroutine and operation kind: a replay must match it. */
  readonly hash: number;
  /** The steps the report shows, when captured (bounded: see `capture.ts`). */
  readonly trace: TraceStep[] | null;
  /** Every goroutine, when the trace was captured (empty otherwise: only reports need it). */
  readonly goroutines: readonly { id: number; name: string; createdAt: string | null }[];
  /**
   * How the program shared data that gosched sees: each read and write of a Shared or
   * SharedMap cell, and one for each atomic or channel made. 0: toBeRaceFree judged nothing.
   */
  readonly accesses: number;
}

/** Consulted when no goroutine can run, before declaring a deadlock (virtual time). */
export interface IdleHook {
  /** Make progress (fire the earliest timers); false when there is nothing to fire. */
  advance(exec: Execution): boolean;
  /** The virtual time, in ms since the execution began, for traces. */
  elapsedMs?(): number;
}

const SETTLE_HOPS = 4;

const NEVER: Promise<never> = new Promise<never>(() => {});
const NONE: readonly never[] = [];
/**
 * Scheduling steps are queued as reactions of one resolved promise: a native V8 job.
 * Node's `queueMicrotask` wraps every callback in async-hooks bookkeeping, which cost a
 * quarter of a step when profiled.
 */
const RESOLVED: Promise<void> = Promise.resolve();
/**
 * Node runs `process.nextTick` callbacks queued by a microtask only once the microtask
 * queue is empty: the moment plain async code has run as far as it can (see `drain`).
 */
const nextTick = process.nextTick;

/**
 * One run of a program: its goroutines, its objects, and the step loop.
 *
 * Each gosched operation calls {@link perform}, which records the pending operation and
 * queues one scheduling microtask. That microtask ({@link step}) collects the enabled
 * goroutines, asks the chooser for one, fires its operation and resolves its promise.
 * The whole execution is thus one microtask cascade, and the goroutine that called an
 * operation keeps running synchronously until it awaits, so a second operation before
 * the `await` is caught exactly.
 */
export class Execution {
  readonly goroutines: Goroutine[] = [];
  /** Live goroutines in id order, and ended ones not yet swept out (their `op` is null). */
  private readonly live: Goroutine[] = [];
  private liveCount = 0;
  /** The enabled goroutines kept up to date, while more than `SCAN.limit` are live. */
  private index: RunnableIndex | null = null;
  /** The enabled goroutines of the step being decided, reused from step to step (entries past the count are stale). */
  private readonly enabledBuf: Goroutine[] = [];
  /** Reused arrays handed to the chooser, by length (see {@link offer}). */
  private readonly offers: Goroutine[][] = [];
  private readonly objects: SyncObject[] = [];
  current: Goroutine | null = null;
  steps = 0;
  /** Shared and SharedMap accesses so far (one increment each; see {@link ExecutionResult.accesses}). */
  accesses = 0;
  finished = false;
  failure: ExecutionFailure | null = null;
  /** Every decision with two or more options so far, and the hash of the steps. */
  readonly decisions = new DecisionLog();
  private outcome: unknown = undefined;
  private returned = false;
  private queued = false;
  /**
   * The goroutine just resumed, until the microtask queued before its resumption runs: a
   * return seen meanwhile was already queued when the operation fired, so the goroutine
   * returned without awaiting it (see {@link exit}).
   */
  private resumed: Goroutine | null = null;
  /** Microtask hops left before a quiescent execution is judged (see {@link quiescent}). */
  private settling = SETTLE_HOPS;
  private settle: (r: ExecutionResult) => void = () => {};
  readonly trace: TraceRecorder | null;
  /**
   * Clocks are on: operations maintain vector clocks. True when races are checked or
   * memoryModel is "go"; a SharedMap turns it on mid-execution (`enableClocks`), since Go
   * throws on unordered map accesses even without the race detector.
   */
  hb: boolean;
  idle: IdleHook | null = null;
  /**
   * Steps wait for the microtask queue to drain: set once transformed plain async code
   * runs in the execution (src/transform/task.ts), whose native continuations must all
   * have run before the next choice is made.
   */
  drain = false;
  /** Transformed code has run in the execution: its awaits are scheduling points, so none is hidden. */
  controlled = false;
  /**
   * Called at each step taken once the microtask queue drained (`drain` on), before the
   * choice: where Node would judge unhandled rejections (src/transform/rejections.ts).
   */
  onDrained: ((exec: Execution) => void) | null = null;
  /** Per-execution storage for modules above the runtime (timers, the race detector). */
  readonly slots = new Map<symbol, unknown>();

  /** From {@link config}, read on every step. */
  private readonly chooser: Chooser;
  private readonly maxSteps: number;
  readonly watch: AwaitWatch | undefined;
  private readonly spin = new SpinWatch();

  constructor(readonly config: ExecutionConfig) {
    this.chooser = config.chooser;
    this.maxSteps = config.maxSteps;
    this.trace = config.capture === false ? null : config.capture;
    this.watch = config.watch;
    this.watch?.watch(this);
    // Racy reads under the Go memory model need happens-before even when races are not reported.
    this.hb = config.checks.has("race") || config.memoryModel === "go";
  }

  /** Run `program` as the main goroutine; resolves when the execution ends. */
  run(program: () => unknown): Promise<ExecutionResult> {
    const done = new Promise<ExecutionResult>((resolve) => (this.settle = resolve));
    setActive(this);
    this.spawn(program, "main", null);
    this.queue();
    return done;
  }

  register(obj: SyncObject): number {
    this.objects.push(obj);
    return this.objects.length;
  }

  /** How many objects exist so far (partial-order reduction names objects by when they were made). */
  get objectCount(): number {
    return this.objects.length;
  }

  /**
   * Create a goroutine whose first step runs `fn`. Edge 2: with clocks on, `from` (the
   * creator, by default the parent) releases into the new goroutine, so every spawn path
   * gets the edge; a timer passes its pseudo-goroutine.
   */
  spawn(fn: () => unknown, name: string, parent: Goroutine | null, from: Goroutine | null = parent): Goroutine {
    const g = new Goroutine(this.goroutines.length + 1, name, parent);
    if (this.hb && from !== null) fork(this, from, g);
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
   * possible (see {@link quiescent}).
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

  /**
   * Announce `op` for the running goroutine and wait until the chooser picks it.
   * Calling this is the only way user code reaches a scheduling point. `flags` is
   * `op.flags`, read by the caller (see {@link opFlags}).
   */
  perform<T>(op: Op, flags: number): Promise<T> {
    const g = this.current;
    if (g === null || g.op !== null || this.finished || activeExecution() !== this) return this.refuse(op);
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

  /** Why {@link perform} cannot take `op`: a zombie, a foreign object, no goroutine, or a missing `await`. */
  private refuse(op: Op): Promise<never> {
    const active = activeExecution();
    if (active !== this) {
      // A goroutine left behind by an execution that already failed (still running when
      // it ended, or woken later by the foreign await that stalled it) is a zombie: park it.
      if (active === null && !exploring()) return this.outside(op);
      if (this.finished && (active === null || this.failure?.kind === "misuse")) return NEVER;
      return this.foreign(op);
    }
    if (this.finished) return NEVER;
    const g = this.current;
    if (g === null) {
      this.misuse(`${op.describe()} was called outside any goroutine of this execution`, null);
    } else {
      this.misuse(
        `${g.label()} started ${op.describe()} while ${g.op!.describe()} was still pending: did you forget \`await\`?`,
        g,
        this.sites([`${g.op!.describe()}, not awaited`, g.pendingAt], [op.describe(), this.trace === null ? null : captureLocation()]),
      );
    }
    return NEVER;
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

  /** One scheduling decision. A bound arrow, so queueMicrotask needs no closure per step. */
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
      this.onDrained(this);
      if (this.finished) return;
    }
    let n = 0;
    for (;;) {
      n = this.enabled();
      // Only spinners can run: as when none can, time may move (see spin.ts).
      if (n > 0 && (this.spin.quiet <= SPIN_REPEATS || !this.spin.allSpinning(this.offer(n), n))) break;
      if (this.idle === null || !this.idle.advance(this)) {
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
      const c = this.chooser;
      const i = c.pickIndex !== undefined ? c.pickIndex(n, this.steps) : c.pick(this.offer(n), this.steps);
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
  private offer(n: number): Goroutine[] {
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
    if (this.chooser.fired !== undefined) this.chooser.fired(g, op, this.steps);
    if (this.index !== null) this.index.fired(g, op);
    this.current = g;
    let value: unknown;
    try {
      value = op.fire(g, this);
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

  /** A task of transformed async code (not a goroutine body) returned or threw. */
  endTask(g: Goroutine): void {
    this.exit(g, undefined);
  }

  private readonly resumeSeen = (): void => {
    this.resumed = null;
  };

  private exit(g: Goroutine, value: unknown): void {
    if (this.finished) return;
    const pending = g.op ?? (g === this.resumed ? g.last : null);
    if (pending !== null) {
      return this.misuse(
        `${g.label()} returned while ${pending.describe()} was still pending: did you forget \`await\`?`,
        g,
        this.sites([`${pending.describe()}, not awaited`, g.pendingAt]),
      );
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

  /** No goroutine can run and no timer can fire: the end, a deadlock or a leak. */
  private quiescent(live: number): void {
    if (live === 0) return this.finish(null);
    // A goroutine may have returned (or thrown) while its operation was pending, and its
    // exit not be observed yet: give such exits a few microtask hops to land, so that
    // "did you forget `await`?" wins over the leak or deadlock it would look like.
    if (this.settling > 0) {
      this.settling--;
      return this.queue();
    }
    this.settling = SETTLE_HOPS;
    const blocked = this.live.filter((g) => !g.done).map((g) => this.blockedInfo(g));
    if (!this.returned) {
      if (!this.config.checks.has("deadlock")) return this.finish(null);
      const dump = blocked.map((b) => `goroutine ${b.id} [${b.waitReason}]`).join(", ");
      return this.fail("deadlock", `all goroutines are asleep - deadlock! (${dump})`, {
        kind: "deadlock",
        goroutines: blocked,
      });
    }
    if (!this.config.checks.has("leak")) return this.finish(null);
    const what = blocked.map((b) => `goroutine ${b.id}${b.name ? ` "${b.name}"` : ""} [${b.waitReason}]`);
    const n = blocked.length;
    return this.fail("leak", `${n} goroutine${n === 1 ? "" : "s"} leaked: ${what.join(", ")}`, {
      kind: "leak",
      goroutines: blocked,
    });
  }

  blockedInfo(g: Goroutine): BlockedGoroutine {
    const op = g.op ?? g.last;
    const holds: string[] = [];
    for (const obj of this.objects) {
      const h = obj.heldBy(g);
      if (h !== null) holds.push(h);
    }
    return {
      id: g.id,
      name: g.name,
      waitReason: op === null ? "running" : op.waitReason(),
      blockedIn: op === null ? "nothing" : op.describe(),
      holds,
      location: g.pendingAt ?? undefined,
    };
  }

  private livelock(): void {
    const max = this.config.maxSteps;
    this.fail("livelock", `execution exceeded maxSteps (${max} steps): a possible livelock`, {
      kind: "livelock",
      maxSteps: max,
    });
  }

  /** Every goroutine that can run is spinning, nothing has changed for long, and no timer can fire. */
  private spinning(): void {
    const n = spinLimit(this.maxSteps);
    this.fail("livelock", `livelock: every goroutine that can run has spun for ${n} steps and no timer can end it`, {
      kind: "livelock",
      maxSteps: this.maxSteps,
      spun: n,
    });
  }

  private panic(g: Goroutine, error: unknown, fatal: boolean): void {
    if (error instanceof MisuseError) return this.misuse(error.message, g);
    const text = panicText(error);
    const message = fatal ? `fatal error: ${text}` : `panic: ${text} [recovered: no] in ${g.label()}`;
    this.fail("panic", fatal ? message : `panic: ${text} (in ${g.label()})`, {
      kind: "panic",
      goroutine: { id: g.id, name: g.name },
      value: error,
      fatal,
    });
  }

  misuse(message: string, g: Goroutine | null, where?: MisuseSite[]): void {
    this.fail("misuse", message, { kind: "misuse", goroutine: g === null ? null : { id: g.id, name: g.name }, where });
  }

  /** The user-code sites of a misuse that have a location (only when capturing). */
  private sites(...pairs: [string, string | null][]): MisuseSite[] | undefined {
    if (this.trace === null) return undefined;
    return pairs.filter((p): p is [string, string] => p[1] !== null).map(([what, location]) => ({ what, location }));
  }

  /** Called by the watchdog when the microtask queue drained mid-execution. */
  stalled(): void {
    const g = this.current;
    const who = g === null ? "a goroutine" : g.label();
    const last = g?.last === null || g === null ? "its start" : g.last.describe();
    this.misuse(
      `${who} awaited something gosched does not control (a real timer, I/O, or a promise ` +
        `settled outside the execution) after ${last}. Use gosched's sleep, after, channels ` +
        `and other primitives inside a program, never real timers or I/O.`,
      g,
      this.sites([`the last gosched operation before the await that escaped (${last})`, g?.last == null ? null : g.pendingAt]),
    );
  }

  private foreign(op: Op): Promise<never> {
    const other = activeExecution();
    const text =
      `${op.describe()} used an object created by another execution: create gosched ` +
      `objects inside the program function, so that every execution starts fresh`;
    if (other !== null && !other.finished) other.misuse(text, other.current);
    else this.misuse(text, null);
    return NEVER;
  }

  /** An operation on this execution's object when no exploration runs: reject it (never hang). */
  private outside(op: Op): Promise<never> {
    const text =
      `${op.describe()} used an object of an execution that has ended: objects made inside a ` +
      `program belong to its execution; make the ones you use outside it (live) outside any program`;
    return Promise.reject(new MisuseError(text));
  }

  private badChoice(i: number, n: number, kind: ChoiceKind | "pick", step: number): number {
    const ready = kind === "pick" ? this.offer(n).slice() : [];
    this.fail("divergence", divergenceText(i, n, step, kind, ready), { kind: "divergence" });
    return 0;
  }

  /** Record a failure found by an operation (a race) without stopping the caller's code. */
  fail(kind: FailureKind, message: string, detail: FailureDetail): void {
    if (this.finished) return;
    this.failure = { kind, message, step: this.steps, detail };
    this.finish(this.failure);
  }

  private finish(failure: ExecutionFailure | null): void {
    this.finished = true;
    this.current = null;
    if (activeExecution() === this) setActive(null);
    const hash = this.decisions.hash;
    this.settle({
      outcome: this.outcome,
      returned: this.returned,
      failure,
      steps: this.steps,
      decisions: this.decisions.release(),
      hash,
      trace: this.trace === null ? null : this.trace.steps(),
      goroutines: this.trace === null ? NONE : this.goroutines.map((g) => ({ id: g.id, name: g.name, createdAt: g.createdAt })),
      accesses: this.accesses,
    });
  }
}

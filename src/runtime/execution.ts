import { setActive, activeExecution } from "./active";
import type { ChoiceKind } from "./chooser";
import { MisuseError } from "./errors";
import type { ExecutionConfig, ExecutionResult } from "./execution-types";
import type { BlockedGoroutine, ExecutionFailure, FailureDetail, MisuseCause, MisuseSite } from "./failure";
import type { Goroutine } from "./goroutine";
import { refuse, stalled } from "./misuse";
import type { Op } from "./op";
import { StepLoop } from "./step-loop";
import * as stop from "./stop-conditions";
import type { SyncObject } from "./sync-object";
import type { ExecutionView } from "./view";

export type { ExecutionConfig, ExecutionResult, IdleHook, MemoryModel } from "./execution-types";
export type { TraceStep } from "./capture";

const SETTLE_HOPS = 4;
const NONE: readonly never[] = [];

/**
 * One run of a program: the face that operations, primitives and explorations hold.
 *
 * It is built in layers, one file each: the goroutines and their lifecycle
 * (lifecycle.ts), the step loop that asks the chooser and fires operations
 * (step-loop.ts), and here the objects of the run and how it ends. What ends it is
 * decided by the stop conditions (stop-conditions.ts) and the misuse diagnosis
 * (misuse.ts), as typed failure details; their words are the report's.
 */
export class Execution extends StepLoop {
  private readonly objects: SyncObject[] = [];
  /** Shared and SharedMap accesses so far (one increment each; see {@link ExecutionResult.accesses}). */
  accesses = 0;
  failure: ExecutionFailure | null = null;
  /** Microtask hops left before a quiescent execution is judged (see {@link quiescent}). */
  private settling = SETTLE_HOPS;
  /** The step count and live goroutines when the hops were last refilled (see {@link quiescent}). */
  private settledSteps = -1;
  private settledLive = -1;
  private settle: (r: ExecutionResult) => void = () => {};
  /** Transformed code has run in the execution: its awaits are scheduling points, so none is hidden. */
  controlled = false;
  /**
   * Per-execution state of the modules above the step loop (virtual time, clock slots,
   * transformed tasks), each under its own symbol.
   */
  readonly moduleState = new Map<symbol, unknown>();
  protected readonly view: ExecutionView = this;

  constructor(config: ExecutionConfig) {
    super(config);
    this.watch?.watch(this);
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

  protected refuse(op: Op): Promise<never> {
    return refuse(this, op);
  }

  /** No goroutine can run and no timer can fire: the end, a deadlock or a leak. */
  protected quiescent(live: number): void {
    if (live === 0) return this.finish(null);
    // A goroutine may have returned (or thrown) while its operation was pending, and its
    // exit not be observed yet: give such exits a few microtask hops to land, so that
    // "did you forget `await`?" wins over the leak or deadlock it would look like.
    // The hops are counted from the last progress (a step or an exit), so an earlier
    // quiescence that ended in progress leaves the next one all of them.
    if (this.steps !== this.settledSteps || live !== this.settledLive) {
      this.settledSteps = this.steps;
      this.settledLive = live;
      this.settling = SETTLE_HOPS;
    }
    if (this.settling > 0) {
      this.settling--;
      return this.queue();
    }
    const blocked = this.live.filter((g) => !g.done).map((g) => this.blockedInfo(g));
    const detail = stop.quiescence(blocked, this.returned, this.config.checks);
    if (detail === null) return this.finish(null);
    this.fail(detail);
  }

  blockedInfo(g: Goroutine): BlockedGoroutine {
    return stop.blockedGoroutine(g, this.objects);
  }

  protected livelock(): void {
    this.fail(stop.stepLimit(this.config.maxSteps));
  }

  protected spinning(): void {
    this.fail(stop.spinning(this.config.maxSteps));
  }

  protected panic(g: Goroutine, error: unknown, fatal: boolean): void {
    if (error instanceof MisuseError) return this.misuse(error.message, g);
    this.fail(stop.panicked(g, error, fatal));
  }

  protected badChoice(i: number, n: number, kind: ChoiceKind | "pick", step: number): number {
    const ready = kind === "pick" ? this.offer(n).slice() : [];
    this.fail(stop.badChoice(i, n, step, kind, ready));
    return 0;
  }

  /** The program broke a rule that `text` states (a primitive's or the live executor's words). */
  misuse(text: string, g: Goroutine | null): void {
    this.misuseOf({ reason: "stated", text }, g);
  }

  /** The program broke a rule of the model (misuse.ts diagnoses which). */
  misuseOf(cause: MisuseCause, g: Goroutine | null, where?: MisuseSite[]): void {
    const goroutine = g === null ? null : { id: g.id, name: g.name };
    this.fail(where === undefined ? { kind: "misuse", goroutine, cause } : { kind: "misuse", goroutine, cause, where });
  }

  /** Called by the watchdog when the microtask queue drained mid-execution. */
  stalled(): void {
    stalled(this);
  }

  /** Record a failure found by an operation (a race) without stopping the caller's code. */
  fail(detail: FailureDetail): void {
    if (this.finished) return;
    this.failure = { kind: detail.kind, step: this.steps, detail };
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

import { Execution } from "../../src/runtime/execution";
import type { CheckKind } from "../../src/runtime/failure";
import type { Goroutine } from "../../src/runtime/goroutine";
import type { Op } from "../../src/runtime/op";
import type { ExecutionView } from "../../src/runtime/view";
import { EventLog, type Ev } from "../../src/scheduler/dpor/event-log";
import { traceKey } from "../../src/scheduler/dpor/trace-key";
import type { Strategy } from "../../src/scheduler/strategy";
import { format } from "pretty-format";

/** What running a strategy to the end of its space (or `max` executions) found. */
export interface Summary {
  executions: number;
  complete: boolean;
  outcomes: Set<string>;
  failures: Set<string>;
  /** Mazurkiewicz trace (Foata normal form, see trace-key.ts) → how many executions had it. */
  traces: Map<string, number>;
  /** One execution's steps per trace, when `traces` was asked for. */
  samples: Map<string, readonly Ev[]>;
}

export interface RunOptions {
  max?: number;
  checks?: readonly CheckKind[];
  maxSteps?: number;
  /** Record the trace of every execution (slower). */
  traces?: boolean;
}

export const NO_RACE: readonly CheckKind[] = ["deadlock", "leak", "panic"];

/**
 * Run `program` under `strategy` without stopping at failures, the way a differential
 * test needs it: every outcome and every failure kind of the whole space.
 */
export async function runAll(program: () => unknown, strategy: Strategy, opts: RunOptions = {}): Promise<Summary> {
  const recorder = opts.traces === true ? new Recorder(strategy) : null;
  const chooser = recorder ?? strategy;
  const out: Summary = { executions: 0, complete: false, outcomes: new Set(), failures: new Set(), traces: new Map(), samples: new Map() };
  const max = opts.max ?? 100_000;
  while (out.executions < max && chooser.begin(out.executions)) {
    const exec = new Execution({
      chooser,
      maxSteps: opts.maxSteps ?? 10_000,
      checks: new Set(opts.checks ?? NO_RACE),
      capture: false,
      memoryModel: "sc",
    });
    const res = await exec.run(program);
    chooser.end(res);
    out.executions++;
    if (res.failure !== null) out.failures.add(res.failure.kind);
    else if (res.returned) out.outcomes.add(format(res.outcome, { min: true }));
    if (recorder !== null) {
      const key = recorder.key;
      out.traces.set(key, (out.traces.get(key) ?? 0) + 1);
      if (!out.samples.has(key)) out.samples.set(key, recorder.events);
    }
  }
  out.complete = strategy.complete;
  return out;
}

/** Follows a strategy's executions to name the trace of each (for one-execution-per-trace checks). */
class Recorder implements Strategy {
  private readonly log = new EventLog();
  private attached = false;
  key = "";
  events: readonly Ev[] = [];

  constructor(private readonly inner: Strategy) {}
  get name(): string {
    return this.inner.name;
  }
  get complete(): boolean {
    return this.inner.complete;
  }
  get bound(): string | null {
    return this.inner.bound;
  }
  begin(index: number): boolean {
    this.attached = false;
    return this.inner.begin(index);
  }
  pick(enabled: readonly Goroutine[], step: number, view: ExecutionView): number {
    return this.inner.pick(enabled, step, view);
  }
  choose(n: number, kind: "select" | "timer" | "read", step: number): number {
    const i = this.inner.choose(n, kind, step);
    this.log.chose(i);
    return i;
  }
  fired(g: Goroutine, op: Op, step: number, view: ExecutionView): void {
    if (!this.attached) {
      this.attached = true;
      this.log.reset(view);
    }
    this.log.settle(g, op);
    this.log.begin(g, op);
    this.inner.fired?.(g, op, step, view);
  }
  end(result: Parameters<Strategy["end"]>[0]): void {
    this.log.settle();
    this.events = this.log.events;
    this.key = traceKey(this.events);
    this.inner.end(result);
  }
}


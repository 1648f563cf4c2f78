import { activeExecution } from "../../src/runtime/active";
import { Execution } from "../../src/runtime/execution";
import type { CheckKind } from "../../src/runtime/failure";
import type { Goroutine } from "../../src/runtime/goroutine";
import { OpCode, type Op } from "../../src/runtime/op";
import { conflict, emptyAccess, type Access } from "../../src/scheduler/dependency";
import { EventLog, type Ev } from "../../src/scheduler/event-log";
import type { Strategy } from "../../src/scheduler/strategy";
import { format } from "pretty-format";

/** What running a strategy to the end of its space (or `max` executions) found. */
export interface Summary {
  executions: number;
  complete: boolean;
  outcomes: Set<string>;
  failures: Set<string>;
  /** Mazurkiewicz trace (Foata normal form) → how many executions had it. */
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
  pick(enabled: readonly Goroutine[], step: number): number {
    return this.inner.pick(enabled, step);
  }
  choose(n: number, kind: "select" | "timer" | "read", step: number): number {
    const i = this.inner.choose(n, kind, step);
    this.log.chose(i);
    return i;
  }
  fired(g: Goroutine, op: Op, step: number): void {
    if (!this.attached) {
      this.attached = true;
      this.log.reset(activeExecution());
    }
    this.log.step(g, op);
    this.inner.fired?.(g, op, step);
  }
  end(result: Parameters<Strategy["end"]>[0]): void {
    this.log.settle();
    this.events = this.log.events;
    this.key = foata(this.events);
    this.inner.end(result);
  }
}

/**
 * The Foata normal form of an execution: equal exactly for equivalent executions.
 *
 * A rendezvous is one joint step: "the sender fired and completed the receiver" and
 * "the receiver fired and completed the sender" leave the same state, so the step that
 * completed a partner and the partner's return (its `Woken` step) are merged. What each
 * goroutine then did before its next operation (announcing it, starting goroutines) is a
 * step of its own, so that the merge does not depend on who fired.
 */
export function foata(events: readonly Ev[]): string {
  const nodes: FNode[] = [];
  const core = new Map<Ev, FNode>();
  const tail = new Map<Ev, FNode>();
  for (const e of events) {
    const merged = e.code === OpCode.Woken && e.cause !== null && e.cause.pos >= 0 ? core.get(e.cause) : undefined;
    let k = merged;
    if (k === undefined) {
      k = { labels: [], threads: [], order: e.pos * 2, acc: opPart(e), after: [] };
      nodes.push(k);
    }
    k.labels.push(label(e));
    k.threads.push(e.thread);
    if (e.index === 0 && e.cause !== null && tail.has(e.cause)) k.after.push(tail.get(e.cause)!);
    core.set(e, k);
    const t: FNode = { labels: [`${e.thread}.${e.index}~`], threads: [e.thread], order: e.pos * 2 + 1, acc: announcePart(e), after: [] };
    nodes.push(t);
    tail.set(e, t);
  }
  nodes.sort((a, b) => a.order - b.order);
  const level = new Map<FNode, number>();
  for (const n of nodes) {
    let l = 0;
    for (const [m, lm] of level) {
      if (lm >= l && (n.after.includes(m) || m.threads.some((t) => n.threads.includes(t)) || conflict(m.acc, n.acc))) l = lm + 1;
    }
    level.set(n, l);
  }
  // In a rendezvous the partners fix the case a select took: its choice index (which
  // depends on who fired) says nothing more.
  const plain = (l: string): string => l.replace(/\[[^\]]*\]/, "");
  return nodes
    .map((n) => `${level.get(n)}/${(n.labels.length > 1 ? n.labels.map(plain) : n.labels).sort().join("+")}`)
    .sort()
    .join(" ");
}

interface FNode {
  readonly labels: string[];
  readonly threads: number[];
  readonly order: number;
  readonly acc: Access;
  readonly after: FNode[];
}

function opPart(e: Ev): Access {
  const a = emptyAccess();
  a.reads.push(...e.acc.reads);
  a.writes.push(...e.acc.writes.filter((o) => !e.acc.queued.includes(o)));
  a.all = e.acc.all;
  a.wg = e.acc.wg;
  return a;
}

function announcePart(e: Ev): Access {
  const a = emptyAccess();
  a.writes.push(...e.announced);
  a.all = e.acc.all;
  a.spawns = e.acc.spawns;
  return a;
}

function label(e: Ev): string {
  return `${e.thread}.${e.index}${e.choices!.length > 0 ? `[${e.choices!.join(",")}]` : ""}`;
}

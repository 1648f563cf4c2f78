import { activeExecution } from "../runtime/active";
import type { Goroutine } from "../runtime/goroutine";
import { ANNOUNCES, MAY_IDLE, OpCode } from "../runtime/op";
import type { Execution } from "../runtime/execution";
import { opTraits, Touch, type ChannelUse, type OpTraits } from "../runtime/view";
import type { ChanOp, ChanState } from "./chan-state";
import type { WaitNode } from "./wait-queue";
import { liveExecutor } from "../live/executor";

/** One case of a {@link select}: made by `ch.recvCase()` or `ch.sendCase(v)`. */
export class SelectCase<T = unknown> {
  /** @internal */
  constructor(
    readonly dir: "send" | "recv",
    /** @internal */ readonly chan: ChanState,
    /** @internal */ readonly value: T | undefined,
  ) {}
}

/** What a select chose: the case index (-1 for default), and for a receive its value and `ok`. */
export interface SelectResult<T = unknown> {
  readonly index: number;
  readonly value: T | undefined;
  readonly ok: boolean;
}

export interface SelectOptions {
  /** Go's `default:` clause: return index -1 at once when no case is ready. */
  readonly default?: boolean;
}

/**
 * Go's `select`. Among the cases that are ready, which one runs is a choice of the
 * strategy, recorded in the schedule; with `default: true` and none ready it returns
 * `{ index: -1 }`. `select([])` blocks forever, as `select {}` does.
 */
export function select<T = unknown>(
  cases: readonly SelectCase<T>[],
  options: SelectOptions = {},
): Promise<SelectResult<T>> {
  if (!Array.isArray(cases)) {
    throw new TypeError(`Expected \`cases\` to be an array of ch.recvCase() / ch.sendCase(v), got \`${String(cases)}\``);
  }
  cases.forEach((c, i) => {
    if (!(c instanceof SelectCase)) {
      throw new TypeError(`Expected \`cases[${i}]\` to be made by ch.recvCase() or ch.sendCase(v), got \`${String(c)}\``);
    }
  });
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`Expected \`options\` to be an object like { default: true }, got \`${String(options)}\``);
  }
  // No execution running and no case: a live select (which blocks forever, as in Go).
  const exec = executionOf(cases) ?? liveExecutor();
  const op = new SelectOp(cases, options.default === true, exec);
  return exec.perform(op, op.flags);
}

/** A select without default may wait; with one it never does. */
const WAITS = opTraits(Touch.Write, true);
const POLLS = opTraits(Touch.Write);

class SelectOp implements ChanOp {
  readonly code = OpCode.Select;
  readonly flags: number;
  readonly target: ChanState | null;
  readonly targets: readonly ChanState[];
  readonly traits: OpTraits;
  /** The case taken when the select fired itself (-1: none or its default), for partial-order reduction. */
  taken = -1;
  /** What the select did, once it fired or was completed by a partner: for traces. */
  private took: string | null = null;
  /** One wait-queue node per case, made when announced. */
  private nodes: WaitNode[] = [];
  constructor(
    readonly cases: readonly SelectCase[],
    readonly hasDefault: boolean,
    private readonly exec: Execution,
  ) {
    this.flags = OpCode.Select | ANNOUNCES | (hasDefault ? MAY_IDLE : 0);
    this.target = cases.length === 1 ? cases[0]!.chan : null;
    this.targets = cases.map((c) => c.chan);
    this.traits = hasDefault ? POLLS : WAITS;
  }

  channel(): ChannelUse {
    const cases = this.cases.map((c) => ({ chan: c.chan, send: c.dir === "send" }));
    return { kind: "select", cases, hasDefault: this.hasDefault, taken: this.taken };
  }

  /** True when the select would take its default: no case is ready. */
  idle(g: Goroutine): boolean {
    if (!this.hasDefault) return false;
    for (const c of this.cases) if (isReady(c, g)) return false;
    return true;
  }

  announce(g: Goroutine): void {
    this.nodes = this.cases.map((c, index) => {
      const n: WaitNode = { g, op: this, index, value: c.value, prev: null, next: null, queue: null };
      c.chan.enqueue(c.dir, n);
      return n;
    });
  }

  ready(g: Goroutine): boolean {
    if (this.hasDefault) return true;
    for (const c of this.cases) if (isReady(c, g)) return true;
    return false;
  }

  fire(g: Goroutine): unknown {
    this.withdraw();
    const ready: number[] = [];
    this.cases.forEach((c, i) => {
      if (isReady(c, g)) ready.push(i);
    });
    if (ready.length === 0) {
      this.took = "default";
      return { index: -1, value: undefined, ok: false };
    }
    const index = ready[this.exec.choose(ready.length, "select")]!;
    this.taken = index;
    this.took = this.caseText(index);
    const c = this.cases[index]!;
    if (c.dir === "send") {
      c.chan.send(g, c.value);
      return { index, value: undefined, ok: true };
    }
    const value = c.chan.recv(g);
    return { index, value, ok: c.chan.ok };
  }

  deliver(value: unknown, ok: boolean, index: number): unknown {
    this.took = this.caseText(index);
    return { index, value, ok };
  }

  withdraw(): void {
    for (const n of this.nodes) n.queue?.remove(n);
    // A partner that completes one case takes this select out of its other channels' queues too.
    for (const c of this.targets) this.exec.touch(c);
  }

  describe(): string {
    const parts = this.cases.map((c) => `${c.dir} ${c.chan.label()}`);
    if (this.hasDefault) parts.push("default");
    return `select {${parts.join(", ")}}${this.took === null ? "" : ` → ${this.took}`}`;
  }

  private caseText(index: number): string {
    const c = this.cases[index]!;
    return `case ${index} (${c.dir} ${c.chan.label()})`;
  }

  waitReason(): string {
    return this.cases.length === 0 ? "select (no cases)" : "select";
  }
}

/**
 * The execution to perform a select in: the running one, unless a case belongs to
 * another, whose execution then refuses the operation as it refuses any on its objects.
 */
function executionOf(cases: readonly SelectCase[]): Execution | null {
  const active = activeExecution();
  for (const c of cases) if (c.chan.exec !== active) return c.chan.exec;
  return active;
}

function isReady(c: SelectCase, g: Goroutine): boolean {
  return c.dir === "send" ? c.chan.canSend(g) : c.chan.canRecv(g);
}

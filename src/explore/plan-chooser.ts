import type { ChoiceKind, Chooser } from "../runtime/chooser";
import type { Goroutine } from "../runtime/goroutine";
import type { ExecutionView } from "../runtime/view";

/** A switch away from the default: after the step `key`, run goroutine `to`. */
export interface Switch {
  readonly to: number;
  /** The goroutine that ran last could still run: this switch is a preemption. */
  readonly preempts: boolean;
}

/**
 * A schedule written as its departures from the non-preemptive default ("keep running the
 * goroutine that ran last; when it cannot, the lowest-numbered goroutine that can").
 * Keys name a step by the goroutine that took it and how many steps that goroutine had
 * taken (`3:7`), so that removing one switch leaves the meaning of the others intact.
 */
export interface Plan {
  readonly switches: ReadonlyMap<string, Switch>;
  /** Select, timer and racy-read choices other than option 0, keyed `step key:k`. */
  readonly choices: ReadonlyMap<string, number>;
}

/**
 * A chooser that follows a {@link Plan} (or, given `base`, another chooser) and records
 * the plan that the run actually followed, with its preemption count. A switch whose
 * goroutine cannot run is ignored, and the default decides.
 */
export class PlanChooser implements Chooser {
  private readonly switches = new Map<string, Switch>();
  private readonly choices = new Map<string, number>();
  private readonly counts: number[] = [];
  private last = 0;
  private seq = 0;
  preemptions = 0;

  constructor(
    private readonly plan: Plan | null,
    private readonly base: Chooser | null = null,
  ) {}

  /** The plan this run followed: only the departures that took effect. */
  get followed(): Plan {
    return { switches: this.switches, choices: this.choices };
  }

  pick(enabled: readonly Goroutine[], step: number, view: ExecutionView): number {
    const key = this.key();
    const current = enabled.findIndex((g) => g.id === this.last);
    const fallback = Math.max(current, 0);
    const i = this.base !== null ? this.base.pick(enabled, step, view) : this.planned(enabled, key, fallback);
    if (i === fallback || enabled[i] === undefined) return i;
    this.switches.set(key, { to: enabled[i]!.id, preempts: current >= 0 });
    if (current >= 0) this.preemptions++;
    return i;
  }

  choose(n: number, kind: ChoiceKind, step: number): number {
    const key = `${this.key()}:${this.seq++}`;
    const i = this.base !== null ? this.base.choose(n, kind, step) : Math.min(this.plan?.choices.get(key) ?? 0, n - 1);
    if (i > 0) this.choices.set(key, i);
    return i;
  }

  fired(g: Goroutine): void {
    this.last = g.id;
    this.counts[g.id] = (this.counts[g.id] ?? 0) + 1;
    this.seq = 0;
  }

  private key(): string {
    return `${this.last}:${this.counts[this.last] ?? 0}`;
  }

  private planned(enabled: readonly Goroutine[], key: string, fallback: number): number {
    const s = this.plan?.switches.get(key);
    if (s === undefined) return fallback;
    const i = enabled.findIndex((g) => g.id === s.to);
    return i >= 0 ? i : fallback;
  }
}

import { decisionOutOfRange, missingDecision } from "../runtime/divergence";
import type { Strategy } from "./strategy";

/**
 * Replays a recorded schedule, decision by decision. A decision that does not fit (out
 * of range, or none left) is answered with a negative code (see runtime/divergence.ts),
 * which the runtime reports as a divergence in words; the caller compares the step count
 * and hash at the end.
 */
export class ReplayStrategy implements Strategy {
  readonly name = "replay";
  readonly complete = false;
  readonly bound = null;
  private next = 0;

  constructor(private readonly decisions: readonly number[]) {}

  begin(): boolean {
    this.next = 0;
    return true;
  }

  pick(enabled: readonly unknown[]): number {
    return this.take(enabled.length);
  }

  pickIndex(n: number): number {
    return this.take(n);
  }

  choose(n: number): number {
    return this.take(n);
  }

  /** True when every recorded decision was used. */
  get exhausted(): boolean {
    return this.next === this.decisions.length;
  }

  private take(n: number): number {
    const d = this.decisions[this.next++];
    if (d === undefined) return missingDecision();
    return d < n ? d : decisionOutOfRange(d);
  }

  end(): void {}
}

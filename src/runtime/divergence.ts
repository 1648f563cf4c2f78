/**
 * How a chooser says that a recorded schedule does not fit: -1 when it has no decision
 * left, `-(d + 2)` when its decision `d` names an option that is not there. The step
 * loop turns such an answer into a divergence (stop-conditions.ts); src/report/messages.ts
 * words it.
 */
export function missingDecision(): number {
  return -1;
}
export function decisionOutOfRange(d: number): number {
  return -(d + 2);
}

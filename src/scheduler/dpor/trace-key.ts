import { dependent, label, type Ev } from "./event";

/**
 * The Foata normal form of an execution (Diekert and Métivier, "Partial commutation and
 * traces", 1997): every event labelled with the length of the longest chain of dependent
 * events that ends with it. Two executions have the same form exactly when they are
 * equivalent, that is, in the same Mazurkiewicz trace of dpor.ts's relation, so tests
 * use it to check that dpor runs one execution per trace and misses none.
 */
export function traceKey(events: readonly Ev[]): string {
  const level: number[] = [];
  for (let j = 0; j < events.length; j++) {
    let l = 0;
    for (let i = 0; i < j; i++) if (level[i]! >= l && dependent(events[i]!, events[j]!)) l = level[i]! + 1;
    level.push(l);
  }
  return events.map((e, j) => `${level[j]}/${label(e)}`).sort().join(" ");
}

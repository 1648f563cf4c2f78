/** A goroutine as reports know it. */
export interface GoroutineName {
  readonly id: number;
  readonly name: string;
}

/** `goroutine 3 "worker"`, or `goroutine 3` when unnamed: the runtime's own label. */
export function goroutineLabel(g: GoroutineName): string {
  return g.name === "" ? `goroutine ${g.id}` : `goroutine ${g.id} "${g.name}"`;
}

/**
 * Short names for the schedule's goroutine column: the name when it is unique, `name#3`
 * when two goroutines share it, `goroutine 3` when it has none (as the headline says).
 */
export function shortNames(goroutines: readonly GoroutineName[]): Map<number, string> {
  const count = new Map<string, number>();
  for (const g of goroutines) count.set(g.name, (count.get(g.name) ?? 0) + 1);
  const names = new Map<number, string>();
  for (const g of goroutines) {
    const short = g.name === "" ? `goroutine ${g.id}` : count.get(g.name) === 1 ? g.name : `${g.name}#${g.id}`;
    names.set(g.id, short);
  }
  return names;
}

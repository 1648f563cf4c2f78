/**
 * The floor: two plain async functions handing a promise back and forth, with no
 * scheduler at all. Each hand-off is one step: the side that holds the baton resolves
 * the other's promise and parks on a fresh one of its own. A gosched step does at least
 * this much (a goroutine parks on a promise and is resumed), so the ratio to this number
 * is the price of the scheduler.
 */
export async function floorPingPong(steps: number): Promise<number> {
  let parked: ((n: number) => void) | null = null;
  const handOff = (n: number): Promise<number> =>
    new Promise<number>((resolve) => {
      const other = parked;
      parked = resolve;
      if (other !== null) other(n);
    });
  const side = async (): Promise<void> => {
    let n = 0;
    while (n < steps) n = await handOff(n + 1);
    const other = parked;
    parked = null;
    if (other !== null) other(steps);
  };
  await Promise.all([side(), side()]);
  return steps;
}

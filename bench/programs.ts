import { Chan, go, Mutex, Shared, WaitGroup, yieldNow, type Program } from "../src";

/**
 * The gosched programs the benchmarks run. Each is a plain program, as a user would
 * write it; the fast-check twins live in `fastcheck.ts`.
 */

/** Two goroutines ping-ponging `rounds` values over two unbuffered channels. */
export function pingPong(rounds: number): Program<void> {
  return async () => {
    const ping = new Chan<number>();
    const pong = new Chan<number>();
    go(async () => {
      for (let i = 0; i < rounds; i++) await pong.send((await ping.recv())!);
    }, "pong");
    for (let i = 0; i < rounds; i++) {
      await ping.send(i);
      await pong.recv();
    }
  };
}

/** `goroutines` goroutines of `yields` `yieldNow()` each; the main goroutine just starts them. */
export function spinners(goroutines: number, yields: number): Program<void> {
  return async () => {
    for (let g = 0; g < goroutines; g++) {
      go(async () => {
        for (let i = 0; i < yields; i++) await yieldNow();
      });
    }
  };
}

/** The 4x50 program: 4 goroutines of 50 yields. */
export const fourByFifty: Program<void> = spinners(4, 50);

/**
 * `goroutines` goroutines each doing `iterations` critical sections of lock, read,
 * write, unlock on one shared cell: race-free, so the race detector works on every access.
 */
export function mutexCounter(goroutines: number, iterations: number): Program<number> {
  return async () => {
    const mu = new Mutex("mu");
    const n = new Shared(0, "n");
    const wg = new WaitGroup();
    await wg.add(goroutines);
    for (let g = 0; g < goroutines; g++) {
      go(async () => {
        for (let i = 0; i < iterations; i++) {
          await mu.lock();
          await n.write((await n.read()) + 1);
          await mu.unlock();
        }
        await wg.done();
      });
    }
    await wg.wait();
    return n.peek();
  };
}

/** Operations per goroutine of {@link lostUpdate}, and where the unprotected update sits. */
export const LOST_UPDATE = { goroutines: 4, steps: 20, readAt: 10, writeAt: 11, racers: 2 } as const;

/**
 * A lost update with a narrow window: 4 goroutines of 20 operations each; two of them
 * read a shared counter at operation 10 and write it back plus one at operation 11,
 * every other operation is a yield (the last is `wg.done()`). The outcome is the
 * counter; anything but 2 is the bug.
 */
export const lostUpdate: Program<number> = async () => {
  const { goroutines, steps, readAt, writeAt, racers } = LOST_UPDATE;
  const counter = new Shared(0, "counter");
  const wg = new WaitGroup();
  await wg.add(goroutines);
  for (let g = 0; g < goroutines; g++) {
    go(async () => {
      let seen = 0;
      for (let op = 1; op < steps; op++) {
        if (g < racers && op === readAt) seen = await counter.read();
        else if (g < racers && op === writeAt) await counter.write(seen + 1);
        else await yieldNow();
      }
      await wg.done();
    });
  }
  await wg.wait();
  return counter.peek();
};

/** The property the lost update breaks. */
export const noLostUpdate = (outcome: unknown): boolean => outcome === LOST_UPDATE.racers;

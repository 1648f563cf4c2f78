import { AtomicInt, go, Mutex, type Program } from "../../src";

/**
 * The classic DPOR benchmarks, ported line by line from the C sources that Nidhugg's
 * SWSC experiment ran (nidhugg/nidhugg, commit 2fee6c08, benchmarks/SWSC_experiment/
 * benchmarks/): `atomic_int` and `std::atomic<int>` become AtomicInt, `pthread_mutex_t`
 * a Mutex, `pthread_create` a `go`. Departure: main returns after starting the threads
 * instead of joining them; the execution ends when they have all finished, so nothing
 * is lost (a join only orders a thread's end before main's).
 */

/**
 * "indexer" (Flanagan and Godefroid, POPL 2005; SV-COMP indexer_true-unreach-call.c;
 * SWSC asserts/SV-COMP/indexer.cc): each thread inserts MAX = 4 messages into a hash
 * table of SIZE = 128 slots with a compare-and-swap made of a load and a store under a
 * per-slot mutex, probing linearly on collisions. Threads collide from 12 threads on.
 * (`size` other than 128 is for tests only.)
 */
export function indexer(threads: number, size = 128): Program {
  const SIZE = size;
  const MAX = 4;
  const LOOP = 5;
  return async () => {
    const table = Array.from({ length: SIZE }, () => new AtomicInt(0));
    const casMutex = Array.from({ length: SIZE }, () => new Mutex());
    const cas = async (h: number, val: number, next: number): Promise<boolean> => {
      let ok = false;
      await casMutex[h]!.lock();
      if ((await table[h]!.load()) === val) {
        await table[h]!.store(next);
        ok = true;
      }
      await casMutex[h]!.unlock();
      return ok;
    };
    for (let tid = 0; tid < threads; tid++) {
      go(async () => {
        let m = 0;
        for (let i = 0; i < LOOP; i++) {
          if (m >= MAX) return;
          const w = ++m * 11 + tid;
          let h = (w * 7) % SIZE;
          while (!(await cas(h, 0, w))) h = (h + 1) % SIZE;
        }
      });
    }
  };
}

/**
 * "file system" (Flanagan and Godefroid, POPL 2005; SWSC noasserts/from_TRACER/
 * filesystem.c): thread `tid` locks inode `tid % 32` and, if the inode has no block,
 * looks (at most LOOP = 10 times) for a free one of 26 blocks under the block's lock.
 * Threads conflict from 14 threads on.
 */
export function fileSystem(threads: number): Program {
  const NUMINODE = 32;
  const NUMBLOCKS = 26;
  const LOOP = 10;
  return async () => {
    const locki = Array.from({ length: NUMINODE }, () => new Mutex());
    const inode = Array.from({ length: NUMINODE }, () => new AtomicInt(0));
    const lockb = Array.from({ length: NUMBLOCKS }, () => new Mutex());
    const busy = Array.from({ length: NUMBLOCKS }, () => new AtomicInt(0));
    for (let tid = 0; tid < threads; tid++) {
      go(async () => {
        const i = tid % NUMINODE;
        await locki[i]!.lock();
        if ((await inode[i]!.load()) === 0) {
          let b = (i * 2) % NUMBLOCKS;
          for (let j = 0; j < LOOP; j++) {
            await lockb[b]!.lock();
            if ((await busy[b]!.load()) === 0) {
              await busy[b]!.store(1);
              await inode[i]!.store(b + 1);
              await lockb[b]!.unlock();
              break;
            }
            await lockb[b]!.unlock();
            b = (b + 1) % NUMBLOCKS;
          }
        }
        await locki[i]!.unlock();
      });
    }
  };
}

/**
 * "lastzero" (Abdulla, Aronis, Jonsson and Sagonas, "Source Sets", JACM 2017; SWSC
 * noasserts/from_CONCUERROR/lastzero.c): thread 0 scans `array[N..0]` for the last zero
 * while thread j (1..N) sets `array[j]` to `array[j-1] + 1`.
 */
export function lastZero(n: number): Program {
  return async () => {
    const array = Array.from({ length: n + 1 }, () => new AtomicInt(0));
    go(async () => {
      for (let i = n; (await array[i]!.load()) !== 0; i--);
    });
    for (let j = 1; j <= n; j++) go(async () => array[j]!.store((await array[j - 1]!.load()) + 1));
  };
}

/**
 * "readers" (from RCMC, Kokologiannakis et al., POPL 2018; SWSC noasserts/from_RCMC/
 * readers.c): one thread writes `x`, N threads read it. Reads commute, so there are
 * 2^N traces: each read comes before or after the write.
 */
export function readers(n: number): Program {
  return async () => {
    const x = new AtomicInt(0);
    go(() => x.store(42));
    for (let r = 0; r < n; r++) go(() => x.load());
  };
}

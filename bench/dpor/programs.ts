import { AtomicInt, go, Mutex, Shared, type Program } from "../../src";

/**
 * The classic DPOR benchmarks, ported to gosched. Main starts the threads and returns;
 * the execution ends when they have all finished (nothing blocks), so main adds no
 * steps of its own after its start.
 */

/**
 * Flanagan and Godefroid, POPL 2005, "indexer": threads insert 4 messages each into a
 * hash table of `size` slots with compare-and-swap, probing linearly on collisions.
 * With 128 slots, threads only collide once there are 12 or more of them.
 */
export function indexer(threads: number, size = 128): Program {
  return async () => {
    const table = Array.from({ length: size }, () => new AtomicInt(0));
    for (let tid = 0; tid < threads; tid++) {
      go(async () => {
        for (let m = 1; m <= 4; m++) {
          const w = m * 11 + tid;
          let h = (w * 7) % size;
          while (!(await table[h]!.compareAndSwap(0, w))) h = (h + 1) % size;
        }
      });
    }
  };
}

/**
 * Flanagan and Godefroid, POPL 2005, "file system": each thread takes its inode's lock
 * and, if the inode is free, scans for a free block under the block locks. With 32
 * inodes and 26 blocks, threads only conflict once there are 14 or more of them.
 */
export function fileSystem(threads: number): Program {
  const INODES = 32;
  const BLOCKS = 26;
  return async () => {
    const inodeLock = Array.from({ length: INODES }, () => new Mutex());
    const blockLock = Array.from({ length: BLOCKS }, () => new Mutex());
    const inode = Array.from({ length: INODES }, () => new Shared(0));
    const busy = Array.from({ length: BLOCKS }, () => new Shared(false));
    for (let tid = 0; tid < threads; tid++) {
      go(async () => {
        const i = tid % INODES;
        await inodeLock[i]!.lock();
        if ((await inode[i]!.read()) === 0) {
          let b = (i * 2) % BLOCKS;
          for (;;) {
            await blockLock[b]!.lock();
            if (!(await busy[b]!.read())) {
              await busy[b]!.write(true);
              await inode[i]!.write(b + 1);
              await blockLock[b]!.unlock();
              break;
            }
            await blockLock[b]!.unlock();
            b = (b + 1) % BLOCKS;
          }
        }
        await inodeLock[i]!.unlock();
      });
    }
  };
}

/**
 * Abdulla, Aronis, Jonsson and Sagonas, POPL 2014, "lastzero": thread 0 scans an array
 * from the end for the last zero while threads 1..n each set cell j to cell j-1 plus one.
 */
export function lastZero(n: number): Program {
  return async () => {
    const array = Array.from({ length: n + 1 }, () => new Shared(0));
    go(async () => {
      let i = n;
      while (i > 0 && (await array[i]!.read()) !== 0) i--;
    });
    for (let j = 1; j <= n; j++) go(async () => array[j]!.write((await array[j - 1]!.read()) + 1));
  };
}

/**
 * Readers and a writer (the shape of the POPL 2014 paper's opening example): one thread
 * writes a variable that n threads read. Reads commute, so there are 2^n traces: each
 * read comes before or after the write.
 */
export function readersWriter(readers: number): Program {
  return async () => {
    const x = new Shared(0);
    go(() => x.write(1));
    for (let r = 0; r < readers; r++) go(() => x.read());
  };
}

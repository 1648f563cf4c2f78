/** Programs whose failures the timeline tests draw. */
import { Chan, go, Mutex, Shared, sleep, WaitGroup } from "../../src";

/** Three workers bump a counter; a lock guards the log but not the counter: a race among synchronised steps. */
export async function racyWorkers(): Promise<number> {
  const counter = new Shared(0, "counter");
  const log = new Shared<string[]>([], "log");
  const mu = new Mutex("logMu");
  const wg = new WaitGroup();
  for (const name of ["alpha", "beta", "gamma"]) {
    await wg.add(1);
    go(async () => {
      await mu.lock();
      await log.write([...(await log.read()), name]);
      await mu.unlock();
      await counter.write((await counter.read()) + 1);
      await wg.done();
    }, name);
  }
  await wg.wait();
  return counter.peek();
}

/** Two goroutines take two mutexes in opposite orders after a pause, and hand a result over a channel. */
export async function lockCycle(): Promise<void> {
  const a = new Mutex("a");
  const b = new Mutex("b");
  const results = new Chan<number>(0, "results");
  for (const [name, first, second] of [["ab", a, b], ["ba", b, a]] as const) {
    go(async () => {
      await first.lock();
      await sleep(10);
      await second.lock();
      await results.send(1);
      await second.unlock();
      await first.unlock();
    }, name);
  }
  await results.recv();
  await results.recv();
}

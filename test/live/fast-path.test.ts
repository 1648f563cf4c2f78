import { Chan, WaitGroup } from "../../src";
import { liveExecutor } from "../../src/live/executor";

/**
 * The live hot path, checked by what it does rather than by how long it takes: a send or
 * receive that finds its partner waiting resumes it directly, without a sweep of the
 * channel's waiters (the executor's `pump`), and the values still arrive in order.
 */
async function pingPong(messages: number): Promise<number[]> {
  const ab = new Chan<number>();
  const ba = new Chan<number>();
  const seen: number[] = [];
  const wg = new WaitGroup();
  wg.go(async () => {
    for (let i = 0; i < messages; i += 2) {
      await ab.send(i);
      seen.push((await ba.recv())!);
    }
  });
  wg.go(async () => {
    for (let i = 0; i < messages; i += 2) await ba.send((await ab.recv())! + 1);
  });
  await wg.wait();
  return seen;
}

test("a rendezvous on an unbuffered channel resumes the waiting partner directly, with no sweep of waiters", async () => {
  const sweeps = jest.spyOn(liveExecutor() as unknown as { pump(): void }, "pump");
  try {
    const seen = await pingPong(2_000);
    expect(seen).toEqual(Array.from({ length: 1_000 }, (_, i) => 2 * i + 1));
    // The WaitGroup's done and wait are the only operations that sweep.
    expect(sweeps.mock.calls.length).toBeLessThanOrEqual(2);
  } finally {
    sweeps.mockRestore();
  }
});

test("a buffered channel's waiters are still checked again when the buffer changes", async () => {
  const ch = new Chan<number>(1);
  const got: number[] = [];
  const wg = new WaitGroup();
  wg.go(async () => {
    for (let i = 0; i < 5; i++) await ch.send(i); // parks on a full buffer each time
  });
  for (let i = 0; i < 5; i++) got.push((await ch.recv())!);
  await wg.wait();
  expect(got).toEqual([0, 1, 2, 3, 4]);
});

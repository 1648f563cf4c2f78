/**
 * Pattern 4: appending to a shared slice from many goroutines.
 *
 * In Go:
 *
 *     var results []int
 *     for i := range 3 {
 *         go func() { results = append(results, i*i) }()
 *     }
 *
 * `append` reads the slice header, builds a longer slice and writes the header back. Two
 * goroutines can read the same header, and the second write then drops the first one's
 * element. gosched models the slice as a `Shared<number[]>` updated read-copy-write, and
 * finds both the race and the lost element.
 *
 * The fix sends each result over a channel; only the main goroutine appends, so there is
 * nothing shared left to race on. (A mutex around the append would work too.)
 */
import { Chan, go, Shared, WaitGroup } from "../src";
import "../src/jest";

/** The bug: every goroutine appends to the same slice. */
async function appendShared(): Promise<number[]> {
  const results = new Shared<number[]>([], "results");
  const wg = new WaitGroup();
  for (let i = 0; i < 3; i++) {
    await wg.add(1);
    go(async () => {
      await results.write([...(await results.read()), i * i]);
      await wg.done();
    }, `square ${i}`);
  }
  await wg.wait();
  return results.read();
}

/** The fix: goroutines send, main appends. */
async function sendResults(): Promise<number[]> {
  const squares = new Chan<number>(0, "squares");
  for (let i = 0; i < 3; i++) {
    go(() => squares.send(i * i), `square ${i}`);
  }
  const results: number[] = [];
  for (let i = 0; i < 3; i++) results.push((await squares.recv())!);
  return results;
}

/** Every square is there, in any order. */
const complete = (xs: number[]) => [...xs].sort((a, b) => a - b).join() === "0,1,4";

describe("4. appending to a shared slice", () => {
  test("gosched reports the race on the shared slice", async () => {
    await expect(appendShared).not.toBeRaceFree();
  });

  test("some schedules lose an element", async () => {
    await expect(appendShared).not.toAlwaysSatisfy(complete);
  });

  test("sending results to one collector keeps every element", async () => {
    await expect(sendResults).toBeRaceFree();
    await expect(sendResults).toAlwaysSatisfy(complete);
  });
});

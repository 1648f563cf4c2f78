import { Progress } from "../../src/jest/progress";

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (t: string) => writes.push(t) };
}

const result = (elapsedMs: number) => ({ schedules: 6000, elapsedMs, failure: undefined, strategy: "random", seed: "9" });

test("a short exploration prints nothing, on a terminal or not", () => {
  for (const tty of [true, false]) {
    const out = stream(tty);
    const p = new Progress("toBeRaceFree in \"t\"", out);
    p.update(500, 1000);
    p.finish(result(1999));
    expect(out.writes).toEqual([]);
  }
});

test("off a terminal, a long exploration prints one summary line and no progress", () => {
  const out = stream(false);
  const p = new Progress("toBeRaceFree in \"t\"", out);
  for (let ms = 0; ms <= 3000; ms += 50) p.update(ms * 2, ms);
  p.finish(result(3000));
  expect(out.writes).toEqual([
    'gosched toBeRaceFree in "t": 6000 schedules in 3.0 s (2000/s), no failure · strategy random · seed 9\n',
  ]);
});

test("on a terminal, a long exploration redraws one progress line at most every 250 ms, then replaces it with the summary", () => {
  const out = stream(true);
  const p = new Progress("x", out);
  for (let ms = 0; ms <= 2600; ms += 50) p.update(ms, ms);
  p.finish({ ...result(3000), failure: { kind: "race" } as never });
  expect(out.writes).toEqual([
    "gosched x: 2000 schedules · 1000/s · 2.0 s\n",
    "\u001b[1A\u001b[2Kgosched x: 2250 schedules · 1000/s · 2.3 s\n",
    "\u001b[1A\u001b[2Kgosched x: 2500 schedules · 1000/s · 2.5 s\n",
    "\u001b[1A\u001b[2Kgosched x: 6000 schedules in 3.0 s (2000/s), found a race · strategy random · seed 9\n",
  ]);
});

import { go, Shared, WaitGroup } from "../../src";
import type { Goroutine } from "../../src/runtime/goroutine";
import type { Op } from "../../src/runtime/op";
import { ContendedObjects } from "../../src/scheduler/contended-objects";
import type { Strategy } from "../../src/scheduler/strategy";
import { runAll } from "./run-all";

/** Runs the lowest goroutine first and notes, before each step, whether its order may matter. */
class Probe implements Strategy {
  readonly name = "probe";
  readonly complete = false;
  readonly bound = null;
  readonly contended = new ContendedObjects();
  matters: string[][] = [];

  begin(index: number): boolean {
    this.contended.begin();
    this.matters.push([]);
    return index < 2;
  }
  pick(): number {
    return 0;
  }
  choose(): number {
    return 0;
  }
  fired(g: Goroutine, op: Op): void {
    if (this.contended.matters(op, g)) this.matters.at(-1)!.push(`${g.name} ${op.describe()}`);
    this.contended.record(g, op);
  }
  end(): void {}
}

/** `x` and the WaitGroup are contended; `cfg` is only read; each `own` has one user. */
async function program(): Promise<void> {
  const x = new Shared(0, "x");
  const cfg = new Shared(1, "cfg");
  const wg = new WaitGroup("wg");
  await wg.add(2);
  for (const name of ["a", "b"]) {
    go(async () => {
      const own = new Shared(0, `own ${name}`);
      await own.write(await cfg.read());
      await x.write(await own.read());
      await wg.done();
    }, name);
  }
  await wg.wait();
}

test("only steps on objects that two goroutines use, one writing, are steps whose order may matter", async () => {
  const probe = new Probe();
  await runAll(program, probe);
  const [first, second] = probe.matters;
  // The first execution learns as it goes: x and wg are known once b uses them after a.
  // Main's return from the wait that b's done released is a step on wg: it checks that
  // the WaitGroup was not reused meanwhile.
  expect(first).toEqual(['b done sync.WaitGroup "wg"', 'main wait sync.WaitGroup "wg"']);
  // The second knows from the first: every step on x or wg, none on cfg, on an own cell,
  // or on nothing (a start).
  expect(second).toEqual([
    'main add(2) sync.WaitGroup "wg"',
    'a write Shared "x"',
    'a done sync.WaitGroup "wg"',
    'b write Shared "x"',
    'b done sync.WaitGroup "wg"',
    'main wait sync.WaitGroup "wg"',
  ]);
});

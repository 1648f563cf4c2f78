import { Goroutine } from "../../src/runtime/goroutine";
import { OpCode, START, type Op } from "../../src/runtime/op";
import type { SyncObject } from "../../src/runtime/sync-object";
import { opTraits, Touch, type ExecutionView } from "../../src/runtime/view";
import { FairStrategy } from "../../src/scheduler/fair";
import { RandomStrategy } from "../../src/scheduler/random";

/**
 * The fairness wrapper's bookkeeping per step: a step that makes progress visits only
 * the spinning goroutines it may release (those that read what it wrote, or that only
 * yield), never every goroutine of the execution. Counted, not timed.
 */
function object(id: number): SyncObject {
  return { id, kind: "Shared", label: () => `Shared #${id}` } as unknown as SyncObject;
}

function op(code: OpCode, target: SyncObject, touch: Touch): Op {
  return {
    code, target, flags: code, traits: opTraits(touch), ready: () => true, fire: () => undefined,
    describe: () => "op", waitReason: () => "runnable",
  };
}

const VIEW: ExecutionView = { goroutines: [], objectCount: 0, failure: null, drain: false, moduleState: new Map() };

/** `idle` goroutines that ran and wait, one spinner on object 1, then `writes` writes of object 2 and one of object 1. */
function run(idle: number, writes: number): { examined: number; heldBefore: boolean; heldAfter: boolean } {
  const fair = new FairStrategy(new RandomStrategy({ seed: "s", preemptionBound: undefined, pctDepth: 3, maxSteps: 1000 }));
  fair.begin(0);
  let step = 0;
  const fire = (g: Goroutine, o: Op): void => fair.fired(g, o, ++step, VIEW);
  for (let i = 0; i < idle; i++) {
    const g = new Goroutine(10 + i, "", null);
    fire(g, START);
    fire(g, op(OpCode.Write, object(100 + i), Touch.Write));
  }
  const spinner = new Goroutine(1, "", null);
  const writer = new Goroutine(2, "", null);
  const flag = object(1);
  for (let i = 0; i < 6; i++) fire(spinner, op(OpCode.Read, flag, Touch.Read));
  // Held back: the spinner is never picked while the writer can run.
  const held = (): boolean => (fair as unknown as { held: number }).held === 1;
  const heldBefore = held() && fair.pick([spinner, writer], step, VIEW) === 1;
  for (let i = 0; i < writes; i++) fire(writer, op(OpCode.Write, object(2), Touch.Write));
  fire(writer, op(OpCode.Write, flag, Touch.Write));
  return { examined: fair.examined, heldBefore, heldAfter: held() };
}

describe("FairStrategy.track", () => {
  it("visits only the spinners a step may release, however many goroutines wait", () => {
    const few = run(5, 20);
    const many = run(2000, 20);
    expect(few).toEqual({ examined: 1, heldBefore: true, heldAfter: false });
    expect(many).toEqual(few);
  });
});

import { createHash } from "node:crypto";
import { Chan, explore, go, Mutex, select, Shared, sleep, WaitGroup } from "../../src";
import { Execution } from "../../src/runtime/execution";
import { makeStrategy } from "../../src/scheduler/make";
import type { Strategy, StrategyName } from "../../src/scheduler/strategy";

/**
 * The decisions each strategy makes on fixed programs, pinned: which goroutine it picks
 * at every step and how it resolves every data choice, for a fixed seed. A change to the
 * scheduler's structure must leave these byte for byte as they are (the digests were
 * taken before the strategies were moved behind the execution view and the operations'
 * footprints), and so must the replay tokens of the failures found.
 */
const PROGRAMS: Record<string, () => Promise<unknown>> = {
  lostUpdate: async () => {
    const n = new Shared(0);
    const mu = new Mutex();
    const wg = new WaitGroup();
    for (let i = 0; i < 3; i++) {
      await wg.add(1);
      go(async () => {
        if (i === 0) await mu.lock();
        await n.write((await n.read()) + 1);
        if (i === 0) await mu.unlock();
        await wg.done();
      });
    }
    await wg.wait();
    return n.peek();
  },
  channels: async () => {
    const a = new Chan<number>();
    const b = new Chan<number>(1);
    const done = new Chan<void>();
    go(async () => {
      await a.send(1);
      await b.send(2);
      await done.close();
    });
    go(async () => {
      await b.send(3);
    });
    const got: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await select([a.recvCase(), b.recvCase()]);
      got.push(r.value as number);
    }
    await done.recv();
    return got;
  },
  timers: async () => {
    const c = new Chan<string>(2);
    go(async () => {
      await sleep(5);
      await c.send("slow");
    });
    go(async () => {
      await sleep(1);
      await c.send("fast");
    });
    return [await c.recv(), await c.recv()];
  },
};

const STRATEGIES: StrategyName[] = ["random", "pct", "pos", "dfs", "dpor"];

/** Run `strategy` for up to `max` executions of `program`; every decision, in order. */
async function decisions(strategy: Strategy, program: () => Promise<unknown>, max: number): Promise<string> {
  const log: string[] = [];
  const pick = strategy.pick.bind(strategy);
  strategy.pick = (enabled, step, view) => {
    const i = pick(enabled, step, view);
    log.push(`p${enabled[i]!.id}`);
    return i;
  };
  const choose = strategy.choose.bind(strategy);
  strategy.choose = (n, kind, step) => {
    const i = choose(n, kind, step);
    log.push(`c${i}/${n}`);
    return i;
  };
  for (let x = 0; x < max && strategy.begin(x); x++) {
    const exec = new Execution({ chooser: strategy, maxSteps: 10_000, checks: new Set(["deadlock", "leak", "panic"]), capture: false, memoryModel: "sc" });
    const res = await exec.run(program);
    strategy.end(res);
    log.push(`|${res.steps}:${res.hash}`);
  }
  return log.join(" ");
}

function digest(s: string): string {
  return createHash("sha256").update(s).digest("hex").slice(0, 16);
}

const PINNED: Record<string, string> = {
  "random/lostUpdate": "e2d0579b849fa3dc",
  "pct/lostUpdate": "f0691e2870fa8700",
  "pos/lostUpdate": "93f3aa1817985cf2",
  "dfs/lostUpdate": "89a17973077e8c50",
  "dpor/lostUpdate": "de1b1f05f0a26804",
  "random/channels": "fc7a22dbce91ccd4",
  "pct/channels": "b601a39aeae8a332",
  "pos/channels": "dde29d674be9573d",
  "dfs/channels": "c02f7ca4b957b07f",
  "dpor/channels": "b6dfbb22095a5011",
  "random/timers": "f60b2085daffb4fc",
  "pct/timers": "ba54bc11993432ac",
  "pos/timers": "3e14ccd5f2f23e56",
  "dfs/timers": "f1c4470f56a5182a",
  "dpor/timers": "7ad66bbfbcb64a92",
};

describe("each strategy's decisions are pinned", () => {
  for (const name of Object.keys(PROGRAMS)) {
    for (const strategy of STRATEGIES) {
      it(`${strategy} on ${name}`, async () => {
        const s = makeStrategy({ strategy, seed: "pinned", preemptionBound: undefined, pctDepth: 3, maxSteps: 10_000 });
        const got = digest(await decisions(s, PROGRAMS[name]!, 40));
        expect(`${strategy}/${name} ${got}`).toBe(`${strategy}/${name} ${PINNED[`${strategy}/${name}`]}`);
      });
    }
  }

  it("replay tokens of the failures found are pinned", async () => {
    const tokens: string[] = [];
    for (const strategy of STRATEGIES) {
      const r = await explore(PROGRAMS.lostUpdate!, { strategy, seed: "pinned", schedules: 200, timeBudgetMs: 600_000, checks: ["race"] });
      tokens.push(`${strategy}:${r.failure?.replay ?? "none"}`);
    }
    expect(tokens).toEqual(PINNED_TOKENS);
  });
});

const PINNED_TOKENS: string[] = [
  "random:gs1.s.c.9l9djd.rAAAAAAAAAAAAAA",
  "pct:gs1.s.b.13nstwn.rAAACAgICAAAA",
  "pos:gs1.s.c.9l9djd.rAAAAAAAAAAAAAA",
  "dfs:gs1.s.c.9l9djd.rAAAAAAAAAAAAAA",
  "dpor:gs1.s.c.9l9djd.rAAAAAAAAAAAAAA",
];

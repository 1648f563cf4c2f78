import { jestSeed, jestShard, shardFromArgv, SHARD_ENV, testSite, vitestWorker } from "../../src/jest/context";
import { globalSetup } from "../../src/jest/global-setup";
import setupFromEntry from "../../src/jest";
import vitestSetup, { setup as vitestSetupNamed } from "../../src/vitest";

describe("jestSeed", () => {
  test("is Jest's seed for this run, as a string", () => {
    expect(jestSeed()).toBe(String(jest.getSeed()));
  });
});

describe("jestShard", () => {
  test("reads `--shard=i/n` and `--shard i/n` from a command line", () => {
    expect(shardFromArgv(["node", "jest", "--shard=2/4"])).toBe("2/4");
    expect(shardFromArgv(["node", "jest", "--ci", "--shard", "3/4", "x"])).toBe("3/4");
    expect(shardFromArgv(["node", "jest", "--shard"])).toBeUndefined();
    expect(shardFromArgv(["node", "jest", "--shardless"])).toBeUndefined();
  });

  test("prefers what gosched's globalSetup passed down over the command line", () => {
    expect(jestShard({ [SHARD_ENV]: "1/3" }, ["jest", "--shard=2/3"])).toBe("1/3");
    expect(jestShard({}, ["jest", "--shard=2/3"])).toBe("2/3");
    expect(jestShard({ [SHARD_ENV]: "" }, ["jest"])).toBeUndefined();
  });

  test("globalSetup, also the default export of gosched/jest, passes Jest's shard to workers through the environment", () => {
    const before = process.env[SHARD_ENV];
    try {
      expect(setupFromEntry).toBe(globalSetup);
      globalSetup({ shard: { shardIndex: 2, shardCount: 5 } });
      expect(process.env[SHARD_ENV]).toBe("2/5");
      globalSetup({ shard: undefined });
      expect(process.env[SHARD_ENV]).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env[SHARD_ENV];
      else process.env[SHARD_ENV] = before;
    }
  });
});

describe("under Vitest", () => {
  test("the seed is Vitest's sequence.seed, read from its worker state (the Vitest consumer test sees it in messages)", () => {
    const g = globalThis as { __vitest_worker__?: unknown };
    try {
      expect(vitestWorker()).toBeUndefined();
      g.__vitest_worker__ = { config: { sequence: { seed: 4242 } } };
      expect(vitestWorker()?.getSeed?.()).toBe(4242);
      g.__vitest_worker__ = { config: { sequence: {} } };
      expect(vitestWorker()).toBeUndefined();
    } finally {
      delete g.__vitest_worker__;
    }
  });

  test("gosched/vitest's globalSetup passes Vitest's shard to workers through the environment", () => {
    const before = process.env[SHARD_ENV];
    try {
      expect(vitestSetup).toBe(vitestSetupNamed);
      vitestSetup({ config: { shard: { index: 2, count: 5 } } });
      expect(process.env[SHARD_ENV]).toBe("2/5");
      expect(jestShard(process.env, ["vitest"])).toBe("2/5");
      vitestSetup({ config: { shard: null } });
      expect(process.env[SHARD_ENV]).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env[SHARD_ENV];
      else process.env[SHARD_ENV] = before;
    }
  });
});

describe("testSite", () => {
  const state = (over: object = {}) => ({ testPath: "/t/a.test.ts", currentTestName: "adds", assertionCalls: 0, ...over });

  test("numbers the calls of each matcher within a test, as snapshots are numbered", () => {
    const id = {};
    const s = (assertionCalls: number) => state({ currentTestIdentity: () => id, assertionCalls });
    expect(testSite(s(0), "toBeRaceFree").key).toBe("adds › toBeRaceFree 1");
    expect(testSite(s(1), "not.toBeRaceFree").key).toBe("adds › not.toBeRaceFree 1");
    expect(testSite(s(2), "toBeRaceFree").key).toBe("adds › toBeRaceFree 2");
    expect(testSite(s(3), "toBeRaceFree")).toEqual({ testPath: "/t/a.test.ts", key: "adds › toBeRaceFree 3" });
  });

  test("starts again for another test, and when Jest retries the same test", () => {
    const id = {};
    expect(testSite(state({ currentTestIdentity: () => id, assertionCalls: 0 }), "m").key).toBe("adds › m 1");
    expect(testSite(state({ currentTestIdentity: () => id, assertionCalls: 3 }), "m").key).toBe("adds › m 2");
    expect(testSite(state({ currentTestIdentity: () => id, assertionCalls: 1 }), "m").key).toBe("adds › m 1");
    expect(testSite(state({ currentTestIdentity: () => ({}), assertionCalls: 5 }), "m").key).toBe("adds › m 1");
  });

  test("without Jest 30's test identity, tells tests apart by file and name", () => {
    expect(testSite(state({ currentTestName: "older jest" }), "m").key).toBe("older jest › m 1");
    expect(testSite(state({ currentTestName: "older jest", assertionCalls: 1 }), "m").key).toBe("older jest › m 2");
  });
});

import { explore, go, Shared, SharedMap, WaitGroup, yieldNow, type Access } from "../../src";
import { lineOf } from "./helpers";

const FILE = "report.test.ts";
const at = (marker: string): RegExp => new RegExp(`^${escape(lineOf(FILE, marker))}:\\d+$`);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A worker named "writer" writes x; main reads it without synchronising. */
const mainAndWorker = async (): Promise<void> => {
  const x = new Shared(0, "x");
  go(async () => { // @go-writer
    await x.write(1); // @worker-write
  }, "writer");
  await yieldNow();
  await x.read(); // @main-read
};

/** Two workers, both created by main, increment x with no lock. */
const twoWorkers = async (): Promise<void> => {
  const x = new Shared(0, "x");
  const wg = new WaitGroup();
  for (const name of ["left", "right"]) {
    await wg.add(1);
    go(async () => { // @go-incrementer
      const v = await x.read(); // @inc-read
      await x.write(v + 1); // @inc-write
      await wg.done();
    }, name);
  }
  await wg.wait();
};

function sides(detail: unknown): [Access, Access] {
  const d = detail as { kind: string; previous: Access; current: Access };
  expect(d.kind).toBe("race");
  return [d.previous, d.current];
}

describe("a race report", () => {
  test.each(["1", "2", "3", "4", "5", "6"])(
    "names both accesses, their goroutines, steps, locations and creation sites, main included (seed %s)",
    async (seed) => {
      const r = await explore(mainAndWorker, { seed, schedules: 50 });
      const [prev, cur] = sides(r.failure?.detail);
      const byGoroutine = new Map([prev, cur].map((a) => [a.goroutine.id, a]));
      const main = byGoroutine.get(1)!;
      const writer = byGoroutine.get(2)!;
      expect(main).toMatchObject({ goroutine: { id: 1, name: "main" }, access: "read" });
      expect(writer).toMatchObject({ goroutine: { id: 2, name: "writer" }, access: "write" });
      expect(main.location).toMatch(at("@main-read"));
      expect(writer.location).toMatch(at("@worker-write"));
      expect(main.createdAt).toBeUndefined();
      expect(writer.createdAt).toMatch(at("@go-writer"));
      expect(prev.step).toBeLessThan(cur.step);
      expect(r.failure!.trace[cur.step - 1]).toMatchObject({ goroutine: cur.goroutine.id, location: cur.location });
      expect(r.failure!.trace[prev.step - 1]).toMatchObject({ goroutine: prev.goroutine.id, location: prev.location });
      const first = prev === main ? `read by goroutine 1 "main"` : `write by goroutine 2 "writer"`;
      const second = cur === main ? `read by goroutine 1 "main"` : `write by goroutine 2 "writer"`;
      expect(r.failure!.message).toBe(
        `data race on Shared "x": ${second} at step ${cur.step} and ${first} at step ${prev.step}; ` +
          `neither happens before the other`,
      );
    },
  );

  test("names two workers apart, each with its own location and the line that started it", async () => {
    const r = await explore(twoWorkers, { seed: "7", schedules: 100 });
    const [prev, cur] = sides(r.failure?.detail);
    expect(new Set([prev.goroutine.name, cur.goroutine.name])).toEqual(new Set(["left", "right"]));
    for (const a of [prev, cur]) {
      expect(a.location).toMatch(a.access === "read" ? at("@inc-read") : at("@inc-write"));
      expect(a.createdAt).toMatch(at("@go-incrementer"));
    }
    expect(prev.access === "write" || cur.access === "write").toBe(true);
  });

  test("is the same, word for word, when its replay token is run", async () => {
    const r = await explore(twoWorkers, { seed: "7", schedules: 100 });
    const again = await explore(twoWorkers, { replay: r.failure!.replay });
    expect(again.failure?.message).toBe(r.failure!.message);
    expect(again.failure?.detail).toEqual(r.failure!.detail);
    expect(again.failure?.trace).toEqual(r.failure!.trace);
  });

  test("for a SharedMap names the map, whatever keys the two accesses used", async () => {
    const prog = async (): Promise<void> => {
      const m = new SharedMap<string, number>("scores");
      go(async () => { await m.set("a", 1); }, "setter"); // @map-go
      await m.get("b"); // @map-get
    };
    const r = await explore(prog, { seed: "3", schedules: 50 });
    expect(r.failure?.message).toMatch(/^data race on SharedMap "scores": /);
    const [prev, cur] = sides(r.failure?.detail);
    const get = prev.goroutine.id === 1 ? prev : cur;
    const set = prev.goroutine.id === 1 ? cur : prev;
    expect(get).toMatchObject({ access: "read", location: expect.stringMatching(at("@map-get")) });
    expect(set).toMatchObject({ access: "write", goroutine: { name: "setter" }, createdAt: expect.stringMatching(at("@map-go")) });
  });
});

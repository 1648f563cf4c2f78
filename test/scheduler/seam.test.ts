import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * The strategies see the runtime through one seam: the view handed to them
 * (runtime/view.ts) and what each operation says of itself (its traits, its channel
 * use). None reaches for the running execution, switches on operation codes, or casts
 * an object to a look-alike type to read its fields.
 */
const ROOT = join(__dirname, "../../src/scheduler");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const SOURCES = files(ROOT).map((p) => ({ name: p.slice(ROOT.length + 1), text: readFileSync(p, "utf8") }));

describe("the scheduler's seam", () => {
  it("holds DPOR in its own folder", () => {
    const names = SOURCES.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["dpor/dpor.ts", "dpor/event-log.ts", "dpor/chan-model.ts", "dpor/wakeup-tree.ts"]));
    expect(names.filter((n) => !n.includes("/")).sort()).toEqual([
      "contended-objects.ts", "dependency.ts", "dfs.ts", "fair.ts", "highest-priority.ts", "make.ts", "pct.ts", "pos.ts",
      "random.ts", "replay.ts", "rng.ts", "strategy.ts",
    ]);
  });

  it.each(SOURCES.map((s) => [s.name, s.text]))("%s does not reach around the view", (_name, text) => {
    expect(text).not.toMatch(/activeExecution|runtime\/active"/);
    expect(text).not.toMatch(/import[^;]*\bExecution\b[^;]*runtime\/execution"/);
  });

  it.each(SOURCES.map((s) => [s.name, s.text]))("%s asks operations instead of switching on codes or casting", (_name, text) => {
    expect(text).not.toMatch(/\.code\s*[!=]==\s*OpCode/);
    expect(text).not.toMatch(/OpCode\.(?!Send\b|Woken\b)/);
    expect(text).not.toMatch(/ as (SyncObject|Op) &/);
    expect(text).not.toMatch(/ as \{ *(readonly )?(cap|isNil|hasDefault|taken|cases|chan)\??:/);
  });

  it.each(SOURCES.map((s) => [s.name, s.text]))("%s stays under 300 lines", (_name, text) => {
    expect(text.replace(/\n$/, "").split("\n").length).toBeLessThan(300);
  });

  it("names goroutines goroutines, and the footprint of a step a Footprint", () => {
    for (const s of SOURCES) {
      expect(`${s.name}: ${/\bthreads?\b|\bThread\b/.test(s.text)}`).toBe(`${s.name}: false`);
      expect(`${s.name}: ${/\bAccess\b/.test(s.text)}`).toBe(`${s.name}: false`);
    }
  });

  it("offers every strategy it names (no availability probe)", () => {
    const make = SOURCES.find((s) => s.name === "make.ts")!.text;
    expect(make).not.toMatch(/not available/);
  });
});

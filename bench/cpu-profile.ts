import { site, type Frame } from "./source-site";

/**
 * Where the time goes in a V8 CPU profile (the `.cpuprofile` that `node --cpu-prof` or
 * the inspector writes): self and total time per function, positions mapped back to the
 * TypeScript source when a source map is known.
 */

export interface CpuNode {
  readonly id: number;
  readonly callFrame: Frame;
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly CpuNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
}

export interface FunctionTime {
  readonly fn: string;
  readonly self: number;
  readonly total: number;
}

/**
 * Self and total share of the samples per function, heaviest self first. Total counts a
 * sample once per function even when the function recurses.
 */
export function functionTimes(p: CpuProfile): FunctionTime[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const key = new Map(p.nodes.map((n) => [n.id, site(n.callFrame)]));
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  const walk = (id: number, onPath: ReadonlySet<string>): number => {
    const n = byId.get(id)!;
    const k = key.get(id)!;
    const hits = n.hitCount ?? 0;
    let sum = hits;
    const path = new Set(onPath).add(k);
    for (const c of n.children ?? []) sum += walk(c, path);
    self.set(k, (self.get(k) ?? 0) + hits);
    if (!onPath.has(k)) total.set(k, (total.get(k) ?? 0) + sum);
    all += hits;
    return sum;
  };
  walk(p.nodes[0]!.id, new Set());
  return [...self.keys()]
    .map((fn) => ({ fn, self: self.get(fn)! / all, total: (total.get(fn) ?? 0) / all }))
    .sort((a, b) => b.self - a.self);
}

/** Self time per source file (or V8 pseudo-function such as `(garbage collector)`). */
export function fileTimes(times: readonly FunctionTime[]): { file: string; self: number }[] {
  const out = new Map<string, number>();
  for (const t of times) {
    const file = / (\S+):\d+( \(JS line\))?$/.exec(t.fn)?.[1] ?? t.fn;
    out.set(file, (out.get(file) ?? 0) + t.self);
  }
  return [...out].map(([file, self]) => ({ file, self })).sort((a, b) => b.self - a.self);
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(6);

/** A readable summary: the top functions by self time, then self time by file. */
export function formatCpu(p: CpuProfile, top = 25): string {
  const times = functionTimes(p);
  const lines = ["  self   total  function", ...times.slice(0, top).map((t) => `${pct(t.self)}  ${pct(t.total)}  ${t.fn}`)];
  lines.push("", "  self  file", ...fileTimes(times).slice(0, 12).map((f) => `${pct(f.self)}  ${f.file}`));
  return lines.join("\n");
}

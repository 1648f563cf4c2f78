import { explore, type ExploreOptions, type Program } from "../src";
import { buggyPrograms, lostUpdates } from "./bugs/programs";
import { median } from "./measure";

/**
 * What minimising a failing schedule buys and costs: for each bug program (and the lost
 * update with many goroutines, as an invariant and as a race), over several seeds, the
 * steps and preemptions of the failing schedule as found and as reported, the replays
 * the search used, and the time it took (the exploration with minimising on, less the
 * same exploration with it off). Run: `node -r ts-node/register/transpile-only
 * bench/minimise.ts [--seeds N]`.
 */
export interface MinimiseRow {
  readonly program: string;
  readonly check: string;
  readonly seeds: number;
  /** Seeds whose schedule got smaller (the others were reported as found). */
  readonly smaller: number;
  readonly steps: { readonly before: number; readonly after: number };
  readonly preemptions: { readonly before: number; readonly after: number };
  readonly replays: number;
  readonly ms: number;
}

interface Case {
  readonly program: string;
  readonly check: string;
  readonly run: Program;
  readonly options: ExploreOptions;
}

function cases(): Case[] {
  const bugs = buggyPrograms().map((p) => ({
    program: p.name,
    check: p.invariant === undefined ? "deadlock/panic" : "invariant",
    run: p.program,
    options: { checks: ["deadlock", "panic"], invariant: p.invariant } as ExploreOptions,
  }));
  const many = lostUpdates(10, 8);
  return [
    ...bugs,
    { program: "lost update, 10 goroutines", check: "invariant", run: many, options: { checks: ["deadlock", "panic"], invariant: (n) => n === 10 } },
    { program: "lost update, 10 goroutines", check: "race", run: many, options: {} },
  ];
}

async function timed(c: Case, seed: string, minimize: boolean) {
  const start = performance.now();
  const r = await explore(c.run, { ...c.options, seed, schedules: 5000, timeBudgetMs: 600_000, minimize });
  return { failure: r.failure, ms: performance.now() - start };
}

export async function runMinimiseBenchmarks(seeds = 10): Promise<MinimiseRow[]> {
  const rows: MinimiseRow[] = [];
  for (const c of cases()) {
    const m = { sb: [] as number[], sa: [] as number[], pb: [] as number[], pa: [] as number[], replays: [] as number[], ms: [] as number[] };
    for (let s = 0; s < seeds; s++) {
      const off = await timed(c, `minimise-${s}`, false);
      const on = await timed(c, `minimise-${s}`, true);
      if (off.failure === undefined || on.failure === undefined) continue;
      m.ms.push(Math.max(0, on.ms - off.ms));
      const mm = on.failure.minimised;
      if (mm === undefined) continue;
      m.sb.push(mm.from.steps), m.sa.push(mm.to.steps), m.pb.push(mm.from.preemptions), m.pa.push(mm.to.preemptions);
      m.replays.push(mm.replays);
    }
    rows.push({
      program: c.program, check: c.check, seeds, smaller: m.sb.length,
      steps: { before: median(m.sb), after: median(m.sa) },
      preemptions: { before: median(m.pb), after: median(m.pa) },
      replays: median(m.replays), ms: Math.round(median(m.ms) * 10) / 10,
    });
  }
  return rows;
}

/** The rows as a markdown table (medians over the seeds whose schedule got smaller). */
export function minimiseTable(rows: readonly MinimiseRow[]): string {
  const head = "| program | check | smaller | steps before → after | preemptions before → after | replays | ms |\n|---|---|---|---|---|---|---|";
  const lines = rows.map(
    (r) => `| ${r.program} | ${r.check} | ${r.smaller}/${r.seeds} | ${r.steps.before} → ${r.steps.after} | ${r.preemptions.before} → ${r.preemptions.after} | ${r.replays} | ${r.ms} |`,
  );
  return [head, ...lines].join("\n");
}

if (require.main === module) {
  const i = process.argv.indexOf("--seeds");
  void runMinimiseBenchmarks(i < 0 ? 10 : Number(process.argv[i + 1])).then((rows) => console.log(minimiseTable(rows)));
}

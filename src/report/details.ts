import type { Failure } from "./explored";
import { userLocation } from "../runtime/location";
import type { Access, BlockedGoroutine } from "../runtime/failure";
import { goroutineLabel } from "./names";
import type { Paint } from "./paint";
import type { ScheduleFocus } from "./schedule";
import { plural } from "./schedule";

/**
 * The first two blocks of a report: the headline, then the details — race
 * witnesses, or each blocked goroutine with what it waits on and holds and the wait-for
 * cycle, or the panic and where it was thrown. Built from the failure's data only.
 */
export function formatDetails(f: Failure, paint: Paint): string {
  const d = f.detail;
  switch (d.kind) {
    case "race":
      return [
        paint.bold(`Data race on ${d.object}`),
        ...table([d.previous, d.current].map((a) => accessRow(a, paint))),
        "Neither happens before the other.",
      ].join("\n");
    case "deadlock":
      return [paint.bold("All goroutines are asleep - deadlock!"), ...blockedRows(d.goroutines, paint), ...cycle(d.goroutines)].join("\n");
    case "leak":
      return [
        paint.bold(`${plural(d.goroutines.length, "goroutine")} leaked: still blocked after the main goroutine returned`),
        ...blockedRows(d.goroutines, paint),
        ...cycle(d.goroutines),
      ].join("\n");
    case "panic":
      return [paint.bold(f.message), ...panicWhere(f, d.value, d.goroutine.id, paint)].join("\n");
    case "livelock":
      if (d.spun !== undefined) {
        return [
          paint.bold(`Livelock: every goroutine that could run spun for ${d.spun} steps, changing nothing, and no timer could end it`),
          paint.dim("Spinning: only reads, yields, select defaults, failed tryLock or compareAndSwap, writes of the value already there."),
        ].join("\n");
      }
      return [
        paint.bold(`Possible livelock: an execution took more than ${d.maxSteps} steps`),
        paint.dim("If the program is only long, raise `maxSteps`."),
      ].join("\n");
    case "invariant":
      return paint.bold(capitalise(f.message));
    case "misuse":
      return [paint.bold(capitalise(f.message)), ...(d.where ?? []).map((w) => paint.dim(`  ${w.what}: ${w.location}`))].join("\n");
    case "divergence":
      return paint.bold(capitalise(f.message));
  }
}

/** What the schedule should mark and keep when trimming. */
export function focusOf(f: Failure, value: (v: unknown) => string): ScheduleFocus {
  const d = f.detail;
  const last = f.trace[f.trace.length - 1]?.step;
  const marks = new Map<number, string>();
  if (d.kind === "race") {
    marks.set(d.previous.step, `race (${d.previous.access})`);
    marks.set(d.current.step, `race (${d.current.access})`);
    return { marks, goroutines: [d.current.goroutine.id, d.previous.goroutine.id] };
  }
  if (d.kind === "invariant") {
    const mainLast = lastStepOf(f, 1) ?? last;
    if (mainLast !== undefined) marks.set(mainLast, `then main returns ${value(d.outcome)}`);
    return { marks, goroutines: [1] };
  }
  const involved = involvedGoroutines(f);
  const at = d.kind === "panic" || d.kind === "misuse" ? lastStepOf(f, involved[0]) ?? last : last;
  if (at !== undefined) marks.set(at, f.kind);
  return { marks, goroutines: involved };
}

function involvedGoroutines(f: Failure): number[] {
  const d = f.detail;
  switch (d.kind) {
    case "deadlock":
    case "leak":
      return d.goroutines.map((g) => g.id);
    case "panic":
      return [d.goroutine.id];
    case "misuse":
      return d.goroutine === null ? [] : [d.goroutine.id];
    default:
      return [];
  }
}

function lastStepOf(f: Failure, id: number | undefined): number | undefined {
  if (id === undefined) return undefined;
  for (let i = f.trace.length - 1; i >= 0; i--) if (f.trace[i]!.goroutine === id) return f.trace[i]!.step;
  return undefined;
}

function accessRow(a: Access, paint: Paint): string[] {
  const created = a.createdAt === undefined ? "" : paint.dim(`created at ${a.createdAt}`);
  return [a.access, goroutineLabel(a.goroutine), `step ${a.step}`, a.location ?? "", created];
}

function blockedRows(gs: readonly BlockedGoroutine[], paint: Paint): string[] {
  return table(
    gs.map((g) => [
      goroutineLabel(g),
      `[${g.waitReason}]`,
      g.blockedIn,
      paint.dim(g.location ?? ""),
      g.holds.length === 0 ? "" : `holds ${g.holds.join(", ")}`,
    ]),
  );
}

/**
 * The wait-for cycle among blocked goroutines, when there is one: A waits for an object
 * that B holds, B for one that A holds. Follows the object ids each goroutine waits on
 * and holds.
 */
export function cycle(gs: readonly BlockedGoroutine[]): string[] {
  const holder = new Map<number, [BlockedGoroutine, string]>();
  for (const g of gs) g.heldObjects.forEach((id, i) => holder.set(id, [g, g.holds[i]!.replace(/ \(read\)$/, "")]));
  const edge = (g: BlockedGoroutine): [string, BlockedGoroutine] | null => {
    for (const id of g.waitsOn) {
      const h = holder.get(id);
      if (h !== undefined && h[0] !== g) return [h[1], h[0]];
    }
    return null;
  };
  for (const start of gs) {
    const path: BlockedGoroutine[] = [start];
    const via: string[] = [];
    for (let next = edge(start); next !== null; next = edge(path[path.length - 1]!)) {
      const [label, other] = next;
      via.push(label);
      const seen = path.indexOf(other);
      if (seen >= 0) {
        const loop = path.slice(seen);
        const parts = loop.map((g, i) => `${goroutineLabel(g)} → ${via[seen + i]}`);
        return [`Wait-for cycle: ${parts.join(" → ")} → ${goroutineLabel(other)}`];
      }
      path.push(other);
    }
  }
  return [];
}

function panicWhere(f: Failure, value: unknown, id: number, paint: Paint): string[] {
  const stack = value instanceof Error ? value.stack : undefined;
  const thrownAt = userLocation(stack);
  if (thrownAt !== null) return [paint.dim(`  thrown at ${thrownAt}`)];
  const step = lastStepOf(f, id);
  const loc = step === undefined ? null : f.trace.find((s) => s.step === step)?.location;
  return loc ? [paint.dim(`  after the operation at ${loc}`)] : [];
}

/** Rows of cells as aligned columns, two spaces apart, indented by two. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visible(cell).length)));
  return rows.map((row) => {
    const cells = row.map((cell, i) => cell + " ".repeat(i === row.length - 1 ? 0 : widths[i]! - visible(cell).length));
    return `  ${cells.join("  ")}`.trimEnd();
  });
}

/** The text without ANSI colour codes, for measuring. */
function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Minimising a failing schedule: the fewest preemptions first, then the fewest steps.
 *
 * The idea follows trace simplification for concurrent programs (Jalbert and Sen,
 * "A trace simplification technique for effective debugging of concurrent programs",
 * FSE 2010, and CHESS's preemption bounding, Musuvathi and Qadeer, PLDI 2007): a schedule
 * with fewer context switches is easier to read, and most bugs need very few. The search
 * is greedy, like shrinking in property-based testing: write the schedule as its
 * departures from the non-preemptive default ({@link Plan}), remove one departure,
 * replay, and keep the result when it fails the same way (the same
 * {@link failureIdentity}) and is smaller.
 *
 * Departures from the paper:
 * - No dependence analysis: candidates are checked by replaying them, so the result is
 *   exactly a run of the program, and the search needs nothing but replays.
 * - Two passes: first remove preemptions (kept only if the run has fewer preemptions),
 *   in halving chunks as delta debugging does, then one at a time, each also with the
 *   preemption that switches back; then remove the other departures (which goroutine
 *   runs after one blocks, which select case or timer) when that shortens the run
 *   without adding a preemption.
 * - Bounded by a number of replays, not by time, so the same failure minimises to the
 *   same schedule on any machine.
 * - A race is compared by its object, goroutine names and access kinds here, since runs
 *   without capture have no source locations; the caller confirms the locations once,
 *   on the result (see explore.ts).
 */
import type { Chooser } from "../runtime/chooser";
import type { ExecutionResult } from "../runtime/execution";
import type { ExecutionFailure } from "../runtime/failure";
import { failureMessage } from "../report/messages";
import { ReplayStrategy } from "../scheduler/replay";
import { PlanChooser, type Plan } from "./plan-chooser";

/** One execution under a chooser, with its failure (invariants included). */
export type RunWith = (chooser: Chooser) => Promise<{ res: ExecutionResult; failure: ExecutionFailure | null }>;

import type { Size } from "../report/explored";

export type { Size };

export interface Minimised {
  readonly res: ExecutionResult;
  readonly from: Size;
  readonly to: Size;
  /** Replays the search used, the replay of the original included. */
  readonly replays: number;
}

interface Best {
  plan: Plan;
  size: Size;
  res: ExecutionResult;
}

/**
 * A failure's identity for the search: same kind; a race on the same object between the
 * same goroutines (by name) with the same accesses; a deadlock or leak with the same
 * goroutines blocked in the same operations; otherwise the same message. `locate` adds
 * the source locations (of a captured run). Null for what is not minimised (divergence).
 */
export function failureIdentity(f: ExecutionFailure, locate: (step: number) => string = () => ""): string | null {
  const d = f.detail;
  switch (d.kind) {
    case "race": {
      const sides = [d.previous, d.current].map((a) => `${a.goroutine.name} ${a.access} ${locate(a.step)}`).sort();
      return `race ${d.object} ${sides.join(" | ")}`;
    }
    case "deadlock":
    case "leak":
      return `${d.kind} ${d.goroutines.map((g) => `${g.name} ${g.blockedIn} ${g.location ?? ""}`).sort().join(" | ")}`;
    case "divergence":
      return null;
    default:
      return `${f.kind} ${failureMessage(f)}`;
  }
}

/**
 * Search for a smaller schedule that fails like the one recorded in `decisions`, within
 * `budget` replays. Null when the failure is not one to minimise or nothing smaller fails
 * the same way.
 */
export async function minimize(run: RunWith, decisions: readonly number[], budget: number): Promise<Minimised | null> {
  if (budget < 2) return null;
  const first = new PlanChooser(null, new ReplayStrategy(decisions));
  const { res, failure } = await run(first);
  const target = failure === null ? null : failureIdentity(failure);
  if (target === null) return null;
  const from = { steps: res.steps, preemptions: first.preemptions };
  const search = new Search(run, target, budget - 1, { plan: first.followed, size: from, res });
  await search.pass((p) => p.preempts, (s, b) => s.preemptions < b.preemptions);
  await search.pass((p) => !p.preempts, (s, b) => s.preemptions <= b.preemptions && s.steps < b.steps);
  const to = search.best.size;
  if (to.steps === from.steps && to.preemptions === from.preemptions) return null;
  return { res: search.best.res, from, to, replays: budget - search.left };
}

/** The first chunk size: the largest power of two up to half of `n` (at least 1). */
function chunkStart(n: number): number {
  let size = 1;
  while (size * 4 <= n) size <<= 1;
  return size;
}

/** A departure of a plan, named by its key, and whether it is a preemption. */
interface Departure {
  readonly key: string;
  /** The goroutine switched to (0 for a choice). */
  readonly to: number;
  readonly preempts: boolean;
  readonly choice: boolean;
}

/** Every departure of a plan, in the order the run met them. */
function departures(plan: Plan): Departure[] {
  const out: Departure[] = [];
  for (const [key, s] of plan.switches) out.push({ key, to: s.to, preempts: s.preempts, choice: false });
  for (const key of plan.choices.keys()) out.push({ key, to: 0, preempts: false, choice: true });
  return out;
}

function without(plan: Plan, ds: readonly Departure[]): Plan {
  const switches = new Map(plan.switches);
  const choices = new Map(plan.choices);
  for (const d of ds) {
    if (d.choice) choices.delete(d.key);
    else switches.delete(d.key);
  }
  return { switches, choices };
}

/**
 * What to remove with a preemption: itself alone, then with the preemption that switches
 * back from the goroutine it ran, since a detour to another goroutine and back is often
 * one decision that the bug does not need.
 */
function removals(all: readonly Departure[], d: Departure): Departure[][] {
  const out = [[d]];
  if (!d.preempts) return out;
  const after = all.slice(all.indexOf(d) + 1);
  const back = after.find((x) => x.preempts && x.key.startsWith(`${d.to}:`));
  if (back !== undefined) out.push([d, back]);
  return out;
}

class Search {
  constructor(
    private readonly run: RunWith,
    private readonly target: string,
    public left: number,
    public best: Best,
  ) {}

  /**
   * Remove the departures that `which` selects, as delta debugging does (Zeller and
   * Hildebrandt, TSE 2002): in chunks of half of them, then a quarter, down to one at a
   * time (a single preemption also with the preemption that switches back), keeping any
   * removal whose run is `better`; repeat until a round keeps nothing or the budget is spent.
   */
  async pass(which: (d: Departure) => boolean, better: (s: Size, b: Size) => boolean): Promise<void> {
    for (let changed = true; changed && this.left > 0; ) {
      changed = false;
      for (let size = chunkStart(departures(this.best.plan).filter(which).length); size >= 1 && this.left > 0; size >>= 1) {
        if (await this.round(which, better, size)) changed = true;
      }
    }
  }

  /** One sweep with chunks of `size`; true when something was removed. */
  private async round(which: (d: Departure) => boolean, better: (s: Size, b: Size) => boolean, size: number): Promise<boolean> {
    let changed = false;
    for (let i = 0; this.left > 0; ) {
      const all = departures(this.best.plan);
      const chosen = all.filter(which);
      if (i >= chosen.length) break;
      const candidates = size === 1 ? removals(all, chosen[i]!) : [chosen.slice(i, i + size)];
      let kept = false;
      for (const r of candidates) {
        if (this.left > 0 && (await this.tryPlan(without(this.best.plan, r), better))) {
          kept = true;
          break;
        }
      }
      if (kept) changed = true;
      else i += size;
    }
    return changed;
  }

  private async tryPlan(plan: Plan, better: (s: Size, b: Size) => boolean): Promise<boolean> {
    this.left--;
    const chooser = new PlanChooser(plan);
    const { res, failure } = await this.run(chooser);
    if (failure === null || failureIdentity(failure) !== this.target) return false;
    const size = { steps: res.steps, preemptions: chooser.preemptions };
    if (!better(size, this.best.size)) return false;
    this.best = { plan: chooser.followed, size, res };
    return true;
  }
}

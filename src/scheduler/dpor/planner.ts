import type { Goroutine } from "../../runtime/goroutine";
import type { Op } from "../../runtime/op";
import type { Candidates } from "./candidates";
import type { Node } from "./dpor-node";
import { involves, Kind, same, goroutinesOf, type Ev } from "./event";
import { asleep } from "./sleep-set";
import { leaf, type WNode } from "./wakeup-tree";

/** What to run in the current scheduling step. */
export interface Plan {
  readonly goroutine: number;
  /** The select case to take, when known. */
  readonly caseIdx: number | null;
}

/**
 * How dpor.ts runs a state's branches: which goroutine to pick for a planned event (for a
 * rendezvous, the side whose tail follows it in the branch), what to run when no branch
 * is planned (a goroutine whose next event is not asleep), and the data choices of a
 * step, which become branches of the same state.
 */
export class Planner {
  /** The goroutine that ran last (preferred, to keep preemptions few). */
  last = -1;
  /** True once a state had every goroutine asleep (the execution repeats work). */
  blocked = false;

  constructor(private readonly cands: Candidates) {}

  /** How to run branch `c` here, or null when it cannot run. */
  planFor(c: WNode, gs: readonly Goroutine[], goroutines: number[], op: Op | undefined, trust: boolean): Plan | null {
    const ev = c.ev;
    if (ev === null) return goroutines.includes(c.goroutine) ? { goroutine: c.goroutine, caseIdx: null } : null;
    if (ev.kind !== Kind.Rdv) {
      if (!goroutines.includes(ev.goroutine)) return null;
      return { goroutine: ev.goroutine, caseIdx: ev.cases.length > 0 ? ev.cases[0]! : null };
    }
    const tail = c.children[0]?.ev;
    const sides = tail != null && tail.kind === Kind.Tail ? [tail.goroutine] : [this.last, ev.goroutine, ev.other];
    for (const t of sides) {
      if (!involves(ev, t)) continue;
      const k = goroutines.indexOf(t);
      if (k < 0) continue;
      if (!trust && !this.cands.of(gs[k]!, op).some((e) => same(e, ev))) continue;
      const caseIdx = t === ev.goroutine ? ev.cases[0]! : ev.cases[1]!;
      return { goroutine: t, caseIdx: caseIdx >= 0 ? caseIdx : null };
    }
    return null;
  }

  /** No branch to follow: run a goroutine whose next event is not asleep, and branch on its other select cases. */
  free(node: Node, gs: readonly Goroutine[], goroutines: number[], op: Op | undefined): Plan {
    const order = goroutines.map((_, i) => i).sort((a, b) => Number(goroutines[b] === this.last) - Number(goroutines[a] === this.last));
    for (const i of order) {
      const awake = this.cands.of(gs[i]!, op).filter((e) => !asleep(node.sleep, e));
      if (awake.length === 0) continue;
      const taken = leaf(null, goroutines[i]!);
      node.taken = taken;
      node.tree.children.push(taken);
      const first = awake[0]!;
      this.alternatives(node, gs, goroutines, op, first);
      const caseIdx = first.kind === Kind.Rdv ? first.cases[first.goroutine === goroutines[i] ? 0 : 1]! : first.cases[0] ?? -1;
      return { goroutine: goroutines[i]!, caseIdx: caseIdx >= 0 ? caseIdx : null };
    }
    this.blocked = true;
    node.taken = leaf(null, goroutines[0]!);
    node.tree.children.push(node.taken);
    return { goroutine: goroutines[0]!, caseIdx: null };
  }

  /**
   * Add as branches, right after the one taken, the other events the goroutines of `ev`
   * could run here (a select's other ready cases, a select that a partner completes
   * firing itself), unless asleep or already there: data choices of a step.
   */
  alternatives(node: Node, gs: readonly Goroutine[], goroutines: number[], op: Op | undefined, ev: Ev): void {
    const children = node.tree.children;
    const extra: WNode[] = [];
    const known = (e: Ev): boolean =>
      same(e, ev) || asleep(node.sleep, e) || children.some((c) => c.ev !== null && same(c.ev, e)) ||
      extra.some((w) => same(w.ev!, e));
    for (const t of goroutinesOf(ev)) {
      const k = goroutines.indexOf(t);
      if (k < 0 || (op !== undefined && gs.length > 1)) continue;
      for (const e of this.cands.of(gs[k]!, op)) if (!known(e)) extra.push(leaf(e));
    }
    children.splice(children.indexOf(node.taken!) + 1, 0, ...extra);
  }
}

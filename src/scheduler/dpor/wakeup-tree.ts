import type { Footprint } from "../dependency";
import { dependent, Kind, same, shareGoroutine, type Ev } from "./event";
import { realize, type TailOf } from "./realize";

/**
 * A wakeup tree (Abdulla, Aronis, Jonsson and Sagonas, POPL 2014, section 6): the
 * sequences of events still to run from one state, sharing their common beginnings.
 * The children of a node are ordered; the first one is explored first. Below a
 * rendezvous, the first event is the tail of the side that fires it (see realize.ts).
 */
export interface WNode {
  /** The event, once known (null: a step chosen by goroutine and choices only). */
  ev: Ev | null;
  /** The goroutine to run (for a rendezvous: see its first child). */
  readonly goroutine: number;
  /** The data choices to make inside the step (null or too short: make the rest afresh). */
  choices: number[] | null;
  readonly children: WNode[];
  /** For a branch added to reverse a race: which events absent from it may stand for it (see dpor.ts). */
  stands?: (p: Ev) => boolean;
  /** Events that turned out not to run here as planned (not added again as branches here). */
  dropped?: Ev[];
}

/** Remember at `n` that branch `c` (dropped from it) could not run as planned. */
export function drop(n: WNode, c: WNode): void {
  if (c.ev !== null) (n.dropped ??= []).push(c.ev);
}

export function leaf(ev: Ev | null, goroutine = ev?.goroutine ?? -1, choices: number[] | null = ev?.choices ?? null): WNode {
  return { ev, goroutine, choices, children: [] };
}

/**
 * Where `p` could run first in `v`: the position of the same event when no earlier event
 * of `v` depends on it, -1 when `p` shares no goroutine with `v` and commutes with all
 * of it, -2 when it could not.
 */
export function initialIn(p: Ev, v: readonly Ev[]): number {
  const m = v.findIndex((e) => shareGoroutine(p, e));
  if (m < 0) return v.every((e) => !dependent(p, e)) ? -1 : -2;
  if (!same(p, v[m]!)) return -2;
  // The same event: judge it by the one of the two that has run, if either has.
  const known = v[m]!.guessed ? p : v[m]!;
  for (let l = 0; l < m; l++) if (dependent(v[l]!, known) || (known.guessed && mayMeetTail(v[l]!.acc))) return -2;
  return m;
}

/**
 * True when an access may not commute with what a goroutine does after an operation it
 * has not run yet (joining wait queues or lists, starting goroutines, failing).
 */
function mayMeetTail(a: Footprint): boolean {
  return a.all || a.wg || a.pushes.length > 0 || a.peeks.length > 0 || a.writes.length > 0 || a.reads.length > 0;
}

/**
 * Insert the sequence `v` below `root` unless an existing branch already leads to an
 * execution equivalent to one that runs `v` (the insertion of the paper's Algorithm 2).
 * `after` is the rendezvous `root`'s state directly follows, if any. Departure: a branch
 * is added only where the runtime can run it (realize.ts); where it cannot, the next
 * candidate place is tried. A branch that `v` does not contain does not stand for it
 * when `rival` says it is another choice of the step the end of `v` is to run before (a
 * select's other case: in its place, that goroutine's step would not follow `v`). The
 * branch added keeps `stands`; `current` is the last branch of the run just explored.
 * Returns false when `v` was added nowhere.
 */
export function insert(
  root: WNode,
  v: readonly Ev[],
  after: Ev | null,
  tailOf: TailOf,
  stands: (p: Ev) => boolean,
  rival: (p: Ev, rest: readonly Ev[]) => boolean,
  current: WNode | null,
): boolean {
  const place = (node: WNode, rest: Ev[], rdv: Ev | null): boolean => {
    if (rest.length === 0) return true;
    if (node !== root && node.children.length === 0) {
      // A leaf: any run from there covers `rest`. Unless the leaf ends the run just
      // explored, go on with `rest`, so that the branch says what it stands for
      // (dpor-node.ts prunes branches by what they contain). Not after a predicted
      // leaf whose next steps `rest` may meet: `rest` would then not run as predicted
      // (a select that took its default and waits to receive next makes a later
      // select send); the run from the leaf finds those races itself.
      const unknown = node.ev!.guessed && rest.some((e) => mayMeetTail(e.acc));
      const seq = node === current || unknown ? null : realize(rest, rdv, tailOf);
      if (seq !== null) node.children.push(chain(seq, stands));
      return true;
    }
    for (const child of node.children) {
      if (child.ev === null) continue;
      const m = initialIn(child.ev, rest);
      if (m === -2 || (m === -1 && rival(child.ev, rest))) continue;
      const next = m >= 0 ? rest.filter((_, i) => i !== m) : rest;
      if (place(child, next, child.ev.kind === Kind.Rdv ? child.ev : null)) return true;
    }
    // Branches that could not run here are not added again (the runtime or the fair
    // scheduling wrapper ruled them out: the same prefix always gives the same state).
    if (node.dropped?.some((d) => same(d, rest[0]!))) return true;
    const seq = realize(rest, rdv, tailOf);
    if (seq === null) return false;
    node.children.push(chain(seq, stands));
    return true;
  };
  return place(root, v.slice(), after);
}

/**
 * True when `test` holds for every path from `c` down to a leaf (given the events of the
 * path and what may stand for its leaf's sequence). Stops at the first path that fails.
 */
export function everyPath(c: WNode, test: (v: readonly Ev[], stands: ((p: Ev) => boolean) | undefined) => boolean): boolean {
  const path: Ev[] = [];
  const walk = (n: WNode): boolean => {
    if (n.ev === null) return false;
    path.push(n.ev);
    const ok = n.children.length === 0 ? test(path, n.stands) : n.children.every(walk);
    path.pop();
    return ok;
  };
  return walk(c);
}

function chain(v: readonly Ev[], stands: (p: Ev) => boolean): WNode {
  const head = leaf(v[0]!);
  head.stands = stands;
  let at = head;
  for (const e of v.slice(1)) {
    const n = leaf(e);
    n.stands = stands;
    at.children.push(n);
    at = n;
  }
  return head;
}

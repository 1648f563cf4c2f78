import { dependent, type Ev } from "./event-log";

/**
 * A wakeup tree (Abdulla, Aronis, Jonsson and Sagonas, POPL 2014, section 6): the
 * sequences of steps still to run from one state, sharing their common beginnings.
 * The children of a node are ordered; the first one is explored first. A node names a
 * step by its goroutine and, when they are known, the data choices made inside it.
 */
export interface WNode {
  readonly thread: number;
  /** The choices to make inside the step (null or too short: make the rest afresh). */
  choices: number[] | null;
  /** The step itself once it has run (or as it ran in the execution that found it). */
  ev: Ev | null;
  readonly children: WNode[];
}

export function leaf(thread: number, choices: number[] | null, ev: Ev | null): WNode {
  return { thread, choices, ev, children: [] };
}

function sameChoices(a: number[] | null, b: number[] | null): boolean {
  if (a === null || b === null) return true;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The position of `thread`'s first step in `v` when it starts `v` up to reordering, else -1. */
function initialAt(v: readonly Ev[], thread: number, choices: number[] | null): number {
  const m = v.findIndex((e) => e.thread === thread);
  if (m < 0 || !sameChoices(choices, v[m]!.choices)) return -1;
  for (let l = 0; l < m; l++) if (dependent(v[l]!, v[m]!)) return -1;
  return m;
}

/**
 * True when `p` is a weak initial of `v`: it can run first without changing what `v`
 * does, because it starts `v` up to reordering or commutes with every step of it.
 * Departure from the paper: see `completable` in dependency.ts.
 */
export function weakInitial(p: Ev, v: readonly Ev[]): boolean {
  if (v.some((e) => e.thread === p.thread)) return initialAt(v, p.thread, p.choices) >= 0;
  // An operation a partner may complete need never run as a step of its own, so it
  // cannot be counted on to come after `v`.
  return !p.completable && v.every((e) => !dependent(p, e));
}

/**
 * Insert the sequence `v` below `root` unless an existing branch already leads to an
 * execution equivalent to one that runs `v` (the insertion of the paper's Algorithm 2).
 * Returns true when a branch was added.
 */
export function insert(root: WNode, v: readonly Ev[]): boolean {
  let node = root;
  let rest = v.slice();
  for (;;) {
    if (rest.length === 0 || (node !== root && node.children.length === 0)) return false;
    let next: WNode | null = null;
    for (const child of node.children) {
      const ev = child.ev;
      if (ev === null) continue;
      if (rest.some((e) => e.thread === child.thread)) {
        const m = initialAt(rest, child.thread, ev.choices);
        if (m < 0) continue;
        rest.splice(m, 1);
      } else if (rest.some((e) => dependent(ev, e))) {
        continue;
      }
      next = child;
      break;
    }
    if (next === null) {
      node.children.push(chain(rest));
      return true;
    }
    node = next;
  }
}

function chain(v: readonly Ev[]): WNode {
  const head = leaf(v[0]!.thread, v[0]!.choices, v[0]!);
  let at = head;
  for (const e of v.slice(1)) {
    const n = leaf(e.thread, e.choices, e);
    at.children.push(n);
    at = n;
  }
  return head;
}

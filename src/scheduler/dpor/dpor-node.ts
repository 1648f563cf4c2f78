import { isTailOf, Kind, same, type Ev } from "./event";
import { covers, wake, type Sleeper } from "./sleep-set";
import { drop, everyPath, leaf, type WNode } from "./wakeup-tree";

/**
 * One state of the exploration tree of dpor.ts: the state before the event at its
 * position in the current execution.
 */
export interface Node {
  /** The wakeup tree at this state; its children are the branches still to explore. */
  readonly tree: WNode;
  taken: WNode | null;
  readonly sleep: Sleeper[];
  /** Stable ids of the goroutines that could run here. */
  enabled: number[];
  /** The rendezvous this state directly follows (only its firers' tails can run here). */
  readonly after: Ev | null;
}

/** The node at position `p`: below what node `p - 1` took, asleep what was asleep there and still commutes. */
export function growNode(nodes: Node[], root: WNode, p: number, goroutines: number[]): Node {
  const parent = p === 0 ? null : nodes[p - 1]!;
  const tree = parent === null ? root : parent.taken!;
  const ran = parent?.taken?.ev ?? null;
  const sleep = parent === null || ran === null ? [] : wake(parent.sleep, ran);
  const after = ran !== null && ran.kind === Kind.Rdv ? ran : null;
  const node: Node = { tree, taken: null, sleep, enabled: goroutines, after };
  nodes[p] = node;
  return node;
}

/**
 * Drop the branches of `node` that its sleep set now covers: added while some of their
 * events were only predicted, they have since been explored by another branch.
 */
export function prune(node: Node): void {
  if (node.sleep.length === 0) return;
  const children = node.tree.children;
  const covered = (v: readonly Ev[], stands: ((p: Ev) => boolean) | undefined): boolean =>
    node.sleep.some((s) => covers(s, v, stands));
  for (let k = children.length - 1; k >= 0; k--) if (everyPath(children[k]!, covered)) children.splice(k, 1);
}

/** `ev`, done at node `m`, as it goes to sleep there (a rendezvous with the tails explored after it). */
export function sleeperAt(nodes: readonly Node[], m: number, ev: Ev): Sleeper {
  if (ev.kind !== Kind.Rdv) return { ev, tails: null };
  const mid = nodes[m + 1];
  return { ev, tails: mid === undefined ? [] : mid.sleep.map((s) => s.ev).filter((t) => isTailOf(t, ev)) };
}

/** Record that `ev` ran from `node`; false when its branch had planned another event (the branch is dropped). */
export function settleTaken(node: Node, ev: Ev): boolean {
  const taken = node.taken!;
  if (taken.ev === null || same(taken.ev, ev)) {
    taken.ev = ev;
    return true;
  }
  drop(node.tree, taken);
  const children = node.tree.children;
  const fresh = leaf(ev);
  children.splice(Math.max(children.indexOf(taken), 0), children.includes(taken) ? 1 : 0, fresh);
  node.taken = fresh;
  return false;
}

/**
 * Record that `tail` ran right after rendezvous `rdv` (in the same step) at the node
 * between the two (`fresh`: past the replayed prefix); false when that node's first
 * branch had planned another tail (it is dropped).
 */
export function settleTail(nodes: Node[], root: WNode, rdv: Ev, tail: Ev, fresh: boolean): boolean {
  const p = rdv.pos + 1;
  const mid = nodes[p] ?? growNode(nodes, root, p, rdv.firers.slice());
  if (fresh) mid.enabled = rdv.firers.slice();
  const first = mid.tree.children[0];
  let ok = true;
  mid.taken = first?.ev != null && same(first.ev, tail) ? first : null;
  if (mid.taken === null) {
    if (first?.ev != null) {
      ok = false;
      drop(mid.tree, mid.tree.children.shift()!);
    }
    mid.taken = leaf(tail);
    mid.tree.children.unshift(mid.taken);
  }
  mid.taken.ev = tail;
  return ok;
}

/**
 * Record tick `ev` (an advance of virtual time) at the node of its position: every
 * goroutine is blocked there, so it is the only branch. False when branches had been
 * planned there (they cannot run: they are dropped).
 */
export function settleTick(nodes: Node[], root: WNode, ev: Ev): boolean {
  const node = nodes[ev.pos] ?? growNode(nodes, root, ev.pos, []);
  const children = node.tree.children;
  const mine = children.find((c) => c.ev !== null && same(c.ev, ev));
  const others = children.filter((c) => c !== mine);
  for (const c of others) drop(node.tree, c);
  const taken = mine ?? leaf(ev);
  taken.ev = ev;
  children.length = 0;
  children.push(taken);
  node.taken = taken;
  node.enabled = [];
  return others.length === 0;
}

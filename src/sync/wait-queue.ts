import type { Goroutine } from "../runtime/goroutine";
import type { ChanOp } from "./chan-state";

/**
 * A goroutine waiting in a channel's queue, for case `index` of its operation. A plain
 * send or receive is its own node; a select makes one node per case. The links belong
 * to {@link WaitQueue}.
 */
export interface WaitNode {
  readonly g: Goroutine;
  readonly op: ChanOp;
  readonly index: number;
  readonly value: unknown;
  prev: WaitNode | null;
  next: WaitNode | null;
  /** The queue the node is in, or null. */
  queue: WaitQueue | null;
}

/**
 * A channel's FIFO of waiting senders or receivers, as Go's `sudog` lists are: an
 * intrusive doubly linked list, so joining and leaving allocate nothing and cost O(1)
 * (a rendezvous leaves two queues per step; arrays made that a splice each).
 */
export class WaitQueue {
  private head: WaitNode | null = null;
  private tail: WaitNode | null = null;

  push(n: WaitNode): void {
    n.queue = this;
    n.next = null;
    n.prev = this.tail;
    if (this.tail === null) this.head = n;
    else this.tail.next = n;
    this.tail = n;
  }

  /** Take `n` out, if it is in this queue. */
  remove(n: WaitNode): void {
    if (n.queue !== this) return;
    if (n.prev === null) this.head = n.next;
    else n.prev.next = n.next;
    if (n.next === null) this.tail = n.prev;
    else n.next.prev = n.prev;
    n.prev = n.next = n.queue = null;
  }

  /** The longest-waiting node of a goroutine other than `g` (a select may wait on both sides). */
  firstOther(g: Goroutine): WaitNode | null {
    for (let n = this.head; n !== null; n = n.next) if (n.g !== g) return n;
    return null;
  }
}

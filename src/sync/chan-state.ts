import type { VectorClock } from "../runtime/clock";
import { GoPanic } from "../runtime/errors";
import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { acquire, exchange, release } from "../runtime/happens-before";
import { OpCode, wake, type Op } from "../runtime/op";
import { SyncObject } from "../runtime/sync-object";

/** A channel operation that a partner can complete (the far side of a rendezvous). */
export interface ChanOp extends Op {
  /** The value the goroutine's await resolves to when a partner completes case `index`. */
  deliver(value: unknown, ok: boolean, index: number): unknown;
  /** Leave every queue this operation waits in. */
  withdraw(): void;
}

/** A goroutine waiting in a channel's queue, for case `index` of its operation. */
export interface Waiter {
  readonly g: Goroutine;
  readonly op: ChanOp;
  readonly index: number;
  readonly value: unknown;
}

/**
 * The runtime state of a channel: buffer, wait queues and happens-before clocks.
 *
 * Readiness follows Go: a send is ready when the channel is closed (it will panic), when
 * a buffered channel has room, or when an unbuffered one has a receiver waiting; a receive
 * when the buffer holds a value, the channel is closed, or an unbuffered one has a sender
 * waiting. Only the unbuffered rendezvous completes a partner; every other waiter simply
 * becomes ready and performs its own operation when scheduled.
 *
 * Clocks (DESIGN.md §3, edges 3 to 6): an unbuffered rendezvous exchanges clocks both ways;
 * a buffered channel keeps one clock per slot, which the k-th send and the k-th receive
 * both acquire and release, so the k-th receive happens before the (k+C)-th send
 * completes and no receive happens before an unrelated buffered send; close releases
 * into its own clock, acquired by receives that return because the channel is closed.
 */
export class ChanState extends SyncObject {
  readonly kind = "chan";
  private readonly buf: unknown[] = [];
  closed = false;
  private readonly recvq: Waiter[] = [];
  private readonly sendq: Waiter[] = [];
  private sent = 0;
  private received = 0;
  private readonly slots: VectorClock[];
  private readonly closeClock: VectorClock = [];

  constructor(
    exec: Execution,
    name: string,
    readonly cap: number,
    readonly isNil: boolean,
  ) {
    super(exec, name);
    this.slots = [];
    for (let i = 0; i < cap; i++) this.slots.push([]);
  }

  get len(): number {
    return this.buf.length;
  }

  override label(): string {
    return this.isNil ? "nil chan" : super.label();
  }

  canSend(g: Goroutine): boolean {
    if (this.isNil) return false;
    if (this.closed) return true;
    return this.cap > 0 ? this.buf.length < this.cap : hasOther(this.recvq, g);
  }

  canRecv(g: Goroutine): boolean {
    if (this.isNil) return false;
    return this.buf.length > 0 || this.closed || (this.cap === 0 && hasOther(this.sendq, g));
  }

  enqueue(dir: "send" | "recv", w: Waiter): void {
    if (!this.isNil) (dir === "send" ? this.sendq : this.recvq).push(w);
  }

  dequeue(op: ChanOp, dir?: "send" | "recv"): void {
    if (dir !== "recv") removeOp(this.sendq, op);
    if (dir !== "send") removeOp(this.recvq, op);
  }

  /** Perform a send that {@link canSend} allowed. */
  send(g: Goroutine, value: unknown): void {
    if (this.closed) throw new GoPanic("send on closed channel");
    if (this.cap === 0) {
      const w = firstOther(this.recvq, g)!;
      w.op.withdraw();
      if (this.exec.hb) exchange(g, w.g);
      wake(w.g, w.op, w.op.deliver(value, true, w.index));
      return;
    }
    this.passSlot(g, this.sent++);
    this.buf.push(value);
  }

  /** `ok` of the last {@link recv}: false when it returned because the channel is closed. */
  ok = true;

  /** Perform a receive that {@link canRecv} allowed; returns the value and sets {@link ok}. */
  recv(g: Goroutine): unknown {
    this.ok = true;
    if (this.buf.length > 0) {
      this.passSlot(g, this.received++);
      return this.buf.shift();
    }
    if (this.cap === 0 && !this.closed) {
      const w = firstOther(this.sendq, g)!;
      w.op.withdraw();
      if (this.exec.hb) exchange(g, w.g);
      wake(w.g, w.op, w.op.deliver(undefined, true, w.index));
      return w.value;
    }
    if (this.exec.hb) acquire(g, this.closeClock);
    this.ok = false;
    return undefined;
  }

  close(g: Goroutine): void {
    if (this.isNil) throw new GoPanic("close of nil channel");
    if (this.closed) throw new GoPanic("close of closed channel");
    this.closed = true;
    if (this.exec.hb) release(g, this.closeClock);
  }

  /** The k-th send and the k-th receive meet at slot k mod C (edge 6). */
  private passSlot(g: Goroutine, k: number): void {
    if (!this.exec.hb) return;
    const slot = this.slots[k % this.cap]!;
    acquire(g, slot);
    release(g, slot);
  }
}

function hasOther(q: readonly Waiter[], g: Goroutine): boolean {
  for (const w of q) if (w.g !== g) return true;
  return false;
}

function firstOther(q: readonly Waiter[], g: Goroutine): Waiter | undefined {
  for (const w of q) if (w.g !== g) return w;
  return undefined;
}

function removeOp(q: Waiter[], op: ChanOp): void {
  for (let i = q.length - 1; i >= 0; i--) if (q[i]!.op === op) q.splice(i, 1);
}

/** `ch <- v`. */
export class SendOp implements ChanOp {
  readonly code = OpCode.Send;
  constructor(
    readonly target: ChanState,
    private readonly value: unknown,
  ) {}
  announce(g: Goroutine): void {
    this.target.enqueue("send", { g, op: this, index: 0, value: this.value });
  }
  ready(g: Goroutine): boolean {
    return this.target.canSend(g);
  }
  fire(g: Goroutine): unknown {
    this.target.dequeue(this, "send");
    this.target.send(g, this.value);
    return undefined;
  }
  deliver(): unknown {
    return undefined;
  }
  withdraw(): void {
    this.target.dequeue(this);
  }
  describe(): string {
    return `send on ${this.target.label()}`;
  }
  waitReason(): string {
    return this.target.isNil ? "chan send (nil chan)" : "chan send";
  }
}

/** `<-ch` (and `v, ok := <-ch` when `withOk`). */
export class RecvOp implements ChanOp {
  readonly code = OpCode.Recv;
  constructor(
    readonly target: ChanState,
    private readonly withOk: boolean,
  ) {}
  announce(g: Goroutine): void {
    this.target.enqueue("recv", { g, op: this, index: 0, value: undefined });
  }
  ready(g: Goroutine): boolean {
    return this.target.canRecv(g);
  }
  fire(g: Goroutine): unknown {
    const ch = this.target;
    ch.dequeue(this, "recv");
    const value = ch.recv(g);
    return this.withOk ? [value, ch.ok] : value;
  }
  deliver(value: unknown, ok: boolean): unknown {
    return this.withOk ? [value, ok] : value;
  }
  withdraw(): void {
    this.target.dequeue(this);
  }
  describe(): string {
    return `recv on ${this.target.label()}`;
  }
  waitReason(): string {
    return this.target.isNil ? "chan receive (nil chan)" : "chan receive";
  }
}

/** `close(ch)`. */
export class CloseOp implements Op {
  readonly code = OpCode.Close;
  constructor(readonly target: ChanState) {}
  ready(): boolean {
    return true;
  }
  fire(g: Goroutine): unknown {
    this.target.close(g);
    return undefined;
  }
  describe(): string {
    return `close ${this.target.label()}`;
  }
  waitReason(): string {
    return "runnable";
  }
}

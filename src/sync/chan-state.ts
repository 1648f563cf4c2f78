import { VectorClock } from "../runtime/clock";
import { GoPanic } from "../runtime/errors";
import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { acquire, exchange, release } from "../runtime/happens-before";
import { ALWAYS_READY, ANNOUNCES, OpCode, wake, type Op } from "../runtime/op";
import { SyncObject } from "../runtime/sync-object";
import { opTraits, Touch, type ChannelUse, type ChannelView } from "../runtime/view";
import { closeError, Outcome, Readiness, recvOutcome, recvReadiness, sendOutcome, sendReadiness } from "./chan-rules";
import { WaitQueue, type WaitNode } from "./wait-queue";

/** A channel operation that a partner can complete (the far side of a rendezvous). */
export interface ChanOp extends Op {
  /** The value the goroutine's await resolves to when a partner completes case `index`. */
  deliver(value: unknown, ok: boolean, index: number): unknown;
  /** Leave every queue this operation waits in. */
  withdraw(): void;
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
 * Clocks (the Go memory model's channel edges): an unbuffered rendezvous exchanges clocks both ways;
 * a buffered channel keeps one clock per slot, which the k-th send and the k-th receive
 * both acquire and release, so the k-th receive happens before the (k+C)-th send
 * completes and no receive happens before an unrelated buffered send; close releases
 * into its own clock, acquired by receives that return because the channel is closed.
 */
export class ChanState extends SyncObject {
  readonly kind = "chan";
  private readonly buf: unknown[] = [];
  closed = false;
  /** The partner the last rendezvous completed (read and cleared by the live executor). */
  woke: Goroutine | null = null;
  private readonly recvq = new WaitQueue();
  private readonly sendq = new WaitQueue();
  private sent = 0;
  private received = 0;
  /** One clock per buffer slot, where the k-th send and the k-th receive meet (see {@link passSlot}). */
  private readonly bufferClocks: VectorClock[];
  private readonly closeClock: VectorClock = new VectorClock();

  constructor(
    exec: Execution,
    name: string,
    readonly cap: number,
    readonly isNil: boolean,
  ) {
    super(exec, name);
    // Data passed through a channel is data toBeRaceFree has judged (see ExecutionResult.accesses).
    exec.accesses++;
    this.bufferClocks = [];
    for (let i = 0; i < cap; i++) this.bufferClocks.push(new VectorClock());
  }

  get len(): number {
    return this.buf.length;
  }

  override label(): string {
    return this.isNil ? "nil chan" : super.label();
  }

  override asChannel(): ChannelView {
    return this;
  }

  canSend(g: Goroutine): boolean {
    const r = sendReadiness(this);
    return r === Readiness.IfPartner ? this.recvq.firstOther(g) !== null : r === Readiness.Yes;
  }

  canRecv(g: Goroutine): boolean {
    const r = recvReadiness(this);
    return r === Readiness.IfPartner ? this.sendq.firstOther(g) !== null : r === Readiness.Yes;
  }

  /**
   * What the readiness of a buffered channel's waiters depends on: closed, empty, full.
   * An unbuffered channel's also depends on who waits in its queues: -1, always re-check.
   */
  override readinessKey(): number {
    if (this.cap === 0) return -1;
    return (this.closed ? 4 : 0) | (this.buf.length > 0 ? 2 : 0) | (this.buf.length < this.cap ? 1 : 0);
  }

  /** Join the queue of senders or receivers (a nil channel keeps none: nobody can pair). */
  enqueue(dir: "send" | "recv", n: WaitNode): void {
    if (!this.isNil) (dir === "send" ? this.sendq : this.recvq).push(n);
  }

  /** Perform a send that {@link canSend} allowed. */
  send(g: Goroutine, value: unknown): void {
    const outcome = sendOutcome(this);
    if (outcome === Outcome.Panic) throw new GoPanic("send on closed channel");
    if (outcome === Outcome.Partner) {
      const w = this.recvq.firstOther(g)!;
      w.op.withdraw();
      if (this.exec.hb) exchange(g, w.g);
      wake(w.g, w.op, w.op.deliver(value, true, w.index));
      this.woke = w.g;
      return;
    }
    this.passSlot(g, this.sent++);
    this.buf.push(value);
    this.exec.touch(this); // also sent by a timer, outside any operation on the channel
  }

  /** `ok` of the last {@link recv}: false when it returned because the channel is closed. */
  ok = true;

  /** Perform a receive that {@link canRecv} allowed; returns the value and sets {@link ok}. */
  recv(g: Goroutine): unknown {
    this.ok = true;
    const outcome = recvOutcome(this);
    if (outcome === Outcome.Buffer) {
      this.exec.touch(this); // also drained by a timer's stop or reset
      this.passSlot(g, this.received++);
      return this.buf.shift();
    }
    if (outcome === Outcome.Partner) {
      const w = this.sendq.firstOther(g)!;
      w.op.withdraw();
      if (this.exec.hb) exchange(g, w.g);
      wake(w.g, w.op, w.op.deliver(undefined, true, w.index));
      this.woke = w.g;
      return w.value;
    }
    if (this.exec.hb) acquire(g, this.closeClock);
    this.ok = false;
    return undefined;
  }

  close(g: Goroutine): void {
    const error = closeError(this);
    if (error !== null) throw new GoPanic(error);
    this.closed = true;
    this.exec.touch(this); // also closed by a context's cancel
    if (this.exec.hb) release(g, this.closeClock);
  }

  /** The k-th send and the k-th receive meet at slot k mod C (edge 6). */
  private passSlot(g: Goroutine, k: number): void {
    if (!this.exec.hb) return;
    const slot = this.bufferClocks[k % this.cap]!;
    acquire(g, slot);
    release(g, slot);
  }
}

/** A send or receive may wait; a close writes the channel and never waits. */
const WAITS = opTraits(Touch.Write, true);
const WRITES = opTraits(Touch.Write);

/** What a {@link ChanIoOp} does. */
export const enum Io {
  Send,
  Recv,
  /** `v, ok := <-ch`. */
  RecvOk,
}

/**
 * `ch <- v`, `<-ch` or `v, ok := <-ch`: one operation on one channel, and its own node in
 * the channel's wait queue, so announcing it allocates nothing more. One class for all
 * three keeps the scheduler's calls to `ready` and `fire` monomorphic on channel code.
 */
export class ChanIoOp implements ChanOp, WaitNode {
  readonly code: OpCode;
  readonly flags: number;
  readonly traits = WAITS;
  /** Set when announced; an operation is announced once, by the goroutine that made it. */
  g!: Goroutine;
  prev: WaitNode | null = null;
  next: WaitNode | null = null;
  queue: WaitQueue | null = null;
  constructor(
    private readonly io: Io,
    readonly target: ChanState,
    readonly value: unknown,
  ) {
    this.code = io === Io.Send ? OpCode.Send : OpCode.Recv;
    this.flags = this.code | ANNOUNCES;
  }
  get op(): ChanOp {
    return this;
  }
  get index(): number {
    return 0;
  }
  announce(g: Goroutine): void {
    this.g = g;
    this.target.enqueue(this.io === Io.Send ? "send" : "recv", this);
  }
  ready(g: Goroutine): boolean {
    return this.io === Io.Send ? this.target.canSend(g) : this.target.canRecv(g);
  }
  fire(g: Goroutine): unknown {
    this.withdraw();
    const ch = this.target;
    if (this.io === Io.Send) {
      ch.send(g, this.value);
      return undefined;
    }
    const value = ch.recv(g);
    return this.io === Io.RecvOk ? [value, ch.ok] : value;
  }
  deliver(value: unknown, ok: boolean): unknown {
    if (this.io === Io.Send) return undefined;
    return this.io === Io.RecvOk ? [value, ok] : value;
  }
  withdraw(): void {
    this.queue?.remove(this);
  }
  channel(): ChannelUse {
    const send = this.io === Io.Send;
    return { kind: send ? "send" : "recv", cases: [{ chan: this.target, send }], hasDefault: false, taken: 0 };
  }
  describe(): string {
    return `${this.io === Io.Send ? "send on" : "recv on"} ${this.target.label()}`;
  }
  waitReason(): string {
    const what = this.io === Io.Send ? "chan send" : "chan receive";
    return this.target.isNil ? `${what} (nil chan)` : what;
  }
}

/** `close(ch)`. */
export class CloseOp implements Op {
  readonly code = OpCode.Close;
  readonly flags = OpCode.Close | ALWAYS_READY;
  readonly traits = WRITES;
  constructor(readonly target: ChanState) {}
  channel(): ChannelUse {
    return { kind: "close", cases: [{ chan: this.target, send: false }], hasDefault: false, taken: 0 };
  }
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

import { bindExecution, checkName } from "./bind";
import { ChanIoOp, ChanState, CloseOp, Io } from "./chan-state";
import { SelectCase } from "./select";

/**
 * Go's `chan T`. `new Chan<T>()` is unbuffered, `new Chan<T>(n)` has a buffer of n.
 * Every operation is a scheduling point and must be awaited.
 */
export class Chan<T> implements AsyncIterable<T> {
  readonly #s: ChanState;

  static #makingNil = false;

  constructor(cap = 0, name?: string) {
    if (Chan.#makingNil) {
      this.#s = new ChanState(bindExecution("Chan.nil()"), "", 0, true);
      return;
    }
    if (!Number.isSafeInteger(cap) || cap < 0) {
      throw new TypeError(`Expected \`cap\` to be an integer from 0 and up, got \`${String(cap)}\` (${typeof cap})`);
    }
    this.#s = new ChanState(bindExecution("new Chan()"), checkName(name), cap, false);
  }

  /** A nil channel (`var ch chan T`): send and receive block forever, close panics. */
  static nil<T>(): Chan<T> {
    Chan.#makingNil = true;
    try {
      return new Chan<T>();
    } finally {
      Chan.#makingNil = false;
    }
  }

  send(value: T): Promise<void> {
    return this.#io(Io.Send, value);
  }

  /** Receive a value; `undefined` once the channel is closed and drained. */
  recv(): Promise<T | undefined> {
    return this.#io(Io.Recv, undefined);
  }

  /** `v, ok := <-ch`: ok is false once the channel is closed and drained. */
  recvOk(): Promise<[T | undefined, boolean]> {
    return this.#io(Io.RecvOk, undefined);
  }

  close(): Promise<void> {
    const op = new CloseOp(this.#s);
    return this.#s.exec.perform(op, op.flags);
  }

  #io<R>(io: Io, value: unknown): Promise<R> {
    const op = new ChanIoOp(io, this.#s, value);
    return this.#s.exec.perform(op, op.flags);
  }

  /** Values in the buffer (a plain read, not a scheduling point, as in Go). */
  get len(): number {
    return this.#s.len;
  }

  get cap(): number {
    return this.#s.cap;
  }

  recvCase(): SelectCase<T> {
    return new SelectCase<T>("recv", this.#s, undefined);
  }

  sendCase(value: T): SelectCase<T> {
    return new SelectCase<T>("send", this.#s, value);
  }

  /**
   * `for v := range ch`: receives until the channel is closed and drained. Not an async
   * generator: its `yield` would await each value, an await that no gosched operation settles.
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.recvOk().then(([value, ok]): IteratorResult<T> => (ok ? { value: value as T, done: false } : { value: undefined, done: true })),
    };
  }
}

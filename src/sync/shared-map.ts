import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { OpCode } from "../runtime/op";
import { SyncObject } from "../runtime/sync-object";
import { onRead, onWrite, Shadow } from "../race/fasttrack";
import { reportRace } from "../race/report-race";
import { bindExecution, checkName } from "./bind";
import { ObjOp } from "./obj-op";

/**
 * Runtime state of a Go map. As in Go's race detector, the map is one location: every
 * lookup reads it and every assignment or delete writes it, so a write concurrent with
 * any access, whatever the keys, is a race.
 */
class SharedMapState<K, V> extends SyncObject {
  readonly kind = "SharedMap";
  readonly map = new Map<K, V>();
  private readonly shadow = new Shadow();

  constructor(exec: Execution, name: string) {
    super(exec, name);
  }

  access(g: Goroutine, write: boolean): void {
    if (!this.exec.hb) return;
    const c = write ? onWrite(this.shadow, g, this.exec.steps) : onRead(this.shadow, g, this.exec.steps);
    if (c !== null) reportRace(this.exec, this, c, g, write ? "write" : "read");
  }

  op<R>(verb: string, write: boolean, f: () => R): ObjOp {
    return new ObjOp(write ? OpCode.MapWrite : OpCode.MapRead, this, verb, (g) => {
      this.access(g, write);
      return f();
    });
  }
}

/** Go's `map[K]V`, shared between goroutines. Every method is a scheduling point. */
export class SharedMap<K, V> {
  readonly #s: SharedMapState<K, V>;

  constructor(name?: string) {
    this.#s = new SharedMapState(bindExecution("new SharedMap()"), checkName(name));
  }

  get(key: K): Promise<V | undefined> {
    const m = this.#s.map;
    return this.#perform(this.#s.op("get", false, () => m.get(key)));
  }

  set(key: K, value: V): Promise<void> {
    const m = this.#s.map;
    return this.#perform(this.#s.op("set", true, () => void m.set(key, value)));
  }

  delete(key: K): Promise<boolean> {
    const m = this.#s.map;
    return this.#perform(this.#s.op("delete", true, () => m.delete(key)));
  }

  has(key: K): Promise<boolean> {
    const m = this.#s.map;
    return this.#perform(this.#s.op("has", false, () => m.has(key)));
  }

  size(): Promise<number> {
    const m = this.#s.map;
    return this.#perform(this.#s.op("size", false, () => m.size));
  }

  /** A snapshot of every entry: one read of the whole map. */
  entries(): Promise<[K, V][]> {
    const m = this.#s.map;
    return this.#perform(this.#s.op("entries", false, () => [...m.entries()]));
  }

  /** The entries outside the model (no step, no race check), like `Shared.peek()`. */
  peek(): Map<K, V> {
    return new Map(this.#s.map);
  }

  #perform<R>(op: ObjOp): Promise<R> {
    return this.#s.exec.perform<R>(op);
  }
}

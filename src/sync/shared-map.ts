import { FatalError } from "../runtime/errors";
import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { enableClocks } from "../runtime/happens-before";
import { OpCode } from "../runtime/op";
import { SyncObject } from "../runtime/sync-object";
import { onRead, onWrite, Shadow, type Conflict } from "../race/fasttrack";
import { reportRace } from "../race/report-race";
import { bindExecution, checkName } from "./bind";
import { ObjOp } from "./obj-op";
import { isLive } from "../live/executor";

/** How an operation uses the map: Go's runtime checks each kind differently. */
type MapAccess = "read" | "len" | "iterate" | "write";

/**
 * Runtime state of a Go map. As in Go's race detector, the map is one location: every
 * lookup reads it and every assignment or delete writes it, so a write concurrent with
 * any access, whatever the keys, is a race.
 *
 * Without race checks, Go's runtime still throws when it catches a map being written
 * while another goroutine uses it: `concurrent map writes`, `concurrent map read and map
 * write`, `concurrent map iteration and map write` (fatal, no `recover`). Go catches
 * them only when the two happen to overlap in time; gosched throws whenever the two
 * accesses are not ordered by happens-before, which is exactly when some timing makes
 * them overlap. So a map keeps its shadow in both modes, and a program that makes one
 * turns clocks on ({@link enableClocks}). `len(m)` never throws in Go (only the race
 * detector sees it), so without race checks `size()` is not recorded.
 *
 * Under `memoryModel: "go"` a map read always returns the latest entry. A read that the
 * Go memory model would let see an older write is, by that rule, unordered with a newer
 * write to the map, and Go's runtime throws on exactly that pair (above); so no stale
 * entry could ever be observed, and a history per key would only cost.
 */
class SharedMapState<K, V> extends SyncObject {
  readonly kind = "SharedMap";
  readonly map = new Map<K, V>();
  private readonly shadow = new Shadow();
  private readonly race: boolean;
  /** Steps of `entries()` calls, to name Go's iteration error (only without race checks). */
  private readonly iterations = new Set<number>();

  constructor(exec: Execution, name: string) {
    super(exec, name);
    this.race = exec.config.checks.has("race");
    this.live = isLive(exec);
    if (!this.race && !this.live) enableClocks(exec);
  }

  /** Live, each access is atomic: no two ever overlap, so Go's runtime never sees one. */
  private readonly live: boolean;

  access(g: Goroutine, kind: MapAccess): void {
    if (this.live) return;
    const write = kind === "write";
    this.exec.accesses++;
    if (!this.race) {
      if (kind === "len") return;
      if (kind === "iterate") this.iterations.add(this.exec.steps);
    }
    const c = write ? onWrite(this.shadow, g, this.exec.steps) : onRead(this.shadow, g, this.exec.steps);
    if (c === null) return;
    if (this.race) return reportRace(this.exec, this, c, g, write ? "write" : "read");
    throw new FatalError(this.goWords(kind, c));
  }

  /** What Go's runtime says when it catches this pair. */
  private goWords(kind: MapAccess, c: Conflict): string {
    if (kind === "write" && c.access === "write") return "concurrent map writes";
    const iterating = kind === "iterate" || (c.access === "read" && this.iterations.has(c.step));
    return iterating ? "concurrent map iteration and map write" : "concurrent map read and map write";
  }

  op<R>(verb: string, kind: MapAccess, f: (g: Goroutine) => R): ObjOp {
    return new ObjOp(kind === "write" ? OpCode.MapWrite : OpCode.MapRead, this, verb, (g) => {
      this.access(g, kind);
      return f(g);
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
    return this.#perform(this.#s.op("get", "read", () => m.get(key)));
  }

  set(key: K, value: V): Promise<void> {
    const m = this.#s.map;
    return this.#perform(this.#s.op("set", "write", () => void m.set(key, value)));
  }

  delete(key: K): Promise<boolean> {
    const m = this.#s.map;
    return this.#perform(this.#s.op("delete", "write", () => m.delete(key)));
  }

  has(key: K): Promise<boolean> {
    const m = this.#s.map;
    return this.#perform(this.#s.op("has", "read", () => m.has(key)));
  }

  size(): Promise<number> {
    const m = this.#s.map;
    return this.#perform(this.#s.op("size", "len", () => m.size));
  }

  /** A snapshot of every entry: one read of the whole map. */
  entries(): Promise<[K, V][]> {
    const m = this.#s.map;
    return this.#perform(this.#s.op("entries", "iterate", () => [...m.entries()]));
  }

  /** The entries outside the model (no step, no race check), like `Shared.peek()`. */
  peek(): Map<K, V> {
    return new Map(this.#s.map);
  }

  #perform<R>(op: ObjOp): Promise<R> {
    return this.#s.exec.perform<R>(op, op.flags);
  }
}

import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { OpCode } from "../runtime/op";
import { SyncObject } from "../runtime/sync-object";
import { onRead, onWrite, Shadow } from "../race/fasttrack";
import { reportRace } from "../race/report-race";
import { WriteHistory } from "../race/write-history";
import { bindExecution, checkName } from "./bind";
import { ObjOp, performObj } from "./obj-op";

/** Runtime state of one plain variable: its value and its race-detection shadow. */
class SharedState<T> extends SyncObject {
  readonly kind = "Shared";
  private readonly shadow = new Shadow();
  /** Races are checked (not `exec.hb`: a SharedMap may turn clocks on without race checks). */
  private readonly race: boolean;
  /** Under `memoryModel: "go"`, the recent writes a racy read may still see. */
  private readonly history: WriteHistory<T> | null;
  readonly readOp = new ObjOp(OpCode.Read, this, "read", (g) => this.read(g));

  constructor(
    exec: Execution,
    name: string,
    public value: T,
  ) {
    super(exec, name);
    this.race = exec.config.checks.has("race");
    this.history = exec.config.memoryModel === "go" ? new WriteHistory(value) : null;
  }

  read(g: Goroutine): T {
    this.exec.accesses++;
    if (this.race) {
      const c = onRead(this.shadow, g, this.exec.steps);
      if (c !== null) reportRace(this.exec, this, c, g, "read");
    }
    return this.history === null ? this.value : this.history.read(this.exec, g);
  }

  write(g: Goroutine, v: T): void {
    this.exec.accesses++;
    if (this.race) {
      const c = onWrite(this.shadow, g, this.exec.steps);
      if (c !== null) reportRace(this.exec, this, c, g, "write");
    }
    this.value = v;
    this.history?.record(g, v, this.exec.steps);
  }
}

/**
 * A plain shared variable. Reads and writes are scheduling points checked for data
 * races; `peek()` reads the value outside the model (no step, no race check), for the
 * program's result once every goroutine is known to be done.
 */
export class Shared<T> {
  readonly #s: SharedState<T>;

  constructor(value: T, name?: string) {
    this.#s = new SharedState(bindExecution("new Shared()"), checkName(name), value);
  }

  read(): Promise<T> {
    return this.#s.exec.perform(this.#s.readOp, this.#s.readOp.flags);
  }

  write(value: T): Promise<void> {
    const s = this.#s;
    return performObj(s.exec, new ObjOp(OpCode.Write, s, "write", (g) => s.write(g, value)));
  }

  peek(): T {
    return this.#s.value;
  }
}

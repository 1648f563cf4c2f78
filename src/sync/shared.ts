import type { Execution } from "../runtime/execution";
import type { Goroutine } from "../runtime/goroutine";
import { OpCode } from "../runtime/op";
import { SyncObject } from "../runtime/sync-object";
import { onRead, onWrite, Shadow } from "../race/fasttrack";
import { reportRace } from "../race/report-race";
import { bindExecution, checkName } from "./bind";
import { ObjOp } from "./obj-op";

/** Runtime state of one plain variable: its value and its race-detection shadow. */
class SharedState<T> extends SyncObject {
  readonly kind = "Shared";
  private readonly shadow = new Shadow();
  readonly readOp = new ObjOp(OpCode.Read, this, "read", (g) => this.read(g));

  constructor(
    exec: Execution,
    name: string,
    public value: T,
  ) {
    super(exec, name);
  }

  read(g: Goroutine): T {
    if (this.exec.hb) {
      const c = onRead(this.shadow, g, this.exec.steps);
      if (c !== null) reportRace(this.exec, this, c, g, "read");
    }
    return this.value;
  }

  write(g: Goroutine, v: T): void {
    if (this.exec.hb) {
      const c = onWrite(this.shadow, g, this.exec.steps);
      if (c !== null) reportRace(this.exec, this, c, g, "write");
    }
    this.value = v;
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
    return this.#s.exec.perform(this.#s.readOp);
  }

  write(value: T): Promise<void> {
    const s = this.#s;
    return s.exec.perform(new ObjOp(OpCode.Write, s, "write", (g) => s.write(g, value)));
  }

  peek(): T {
    return this.#s.value;
  }
}

import { format as prettyFormat } from "pretty-format";

/** Distinct outcomes, compared by their pretty-format rendering (so objects compare by value). */
export class OutcomeSet {
  private readonly keys = new Set<string>();
  readonly values: unknown[] = [];

  add(v: unknown): void {
    const key = v === null || typeof v !== "object" ? `${typeof v}:${String(v)}` : prettyFormat(v, { min: true });
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.values.push(v);
  }
}

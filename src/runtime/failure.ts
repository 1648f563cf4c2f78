import type { GoroutineInfo } from "./goroutine";

/** Every way an execution can fail. */
export type FailureKind =
  | "race"
  | "deadlock"
  | "leak"
  | "panic"
  | "livelock"
  | "invariant"
  | "misuse"
  | "divergence";

/** The failure kinds that `checks` can turn on and off. */
export type CheckKind = "race" | "deadlock" | "leak" | "panic";
export const CHECK_KINDS: readonly CheckKind[] = ["race", "deadlock", "leak", "panic"];

/** One side of a data race: which goroutine accessed what, at which step. */
export interface Access {
  readonly goroutine: GoroutineInfo;
  readonly access: "read" | "write";
  readonly step: number;
  /** Where in the user's code (file:line:col); filled when the failing schedule is replayed. */
  location?: string;
  /** Where the goroutine was created; filled on replay. */
  createdAt?: string;
}

/** A goroutine that cannot proceed, as Go's goroutine dump shows it. */
export interface BlockedGoroutine extends GoroutineInfo {
  /** Go's wait reason: `chan receive`, `sync.Mutex.Lock`, `select`… */
  readonly waitReason: string;
  /** The operation it is blocked in: `recv on chan "results"`. */
  readonly blockedIn: string;
  /** What it holds: `sync.Mutex "a"`. */
  readonly holds: readonly string[];
  location?: string;
}

/** Where a misuse happened in user code (known when the failing schedule is replayed with capture on). */
export interface MisuseSite {
  /** `send on chan "c", not awaited` */
  readonly what: string;
  readonly location: string;
}

export type FailureDetail =
  | { readonly kind: "race"; readonly object: string; readonly previous: Access; readonly current: Access }
  | { readonly kind: "deadlock"; readonly goroutines: readonly BlockedGoroutine[] }
  | { readonly kind: "leak"; readonly goroutines: readonly BlockedGoroutine[] }
  | { readonly kind: "panic"; readonly goroutine: GoroutineInfo; readonly value: unknown; readonly fatal: boolean }
  | { readonly kind: "livelock"; readonly maxSteps: number; readonly spun?: number }
  | { readonly kind: "invariant"; readonly outcome: unknown }
  | { readonly kind: "misuse"; readonly goroutine: GoroutineInfo | null; readonly where?: readonly MisuseSite[] }
  | { readonly kind: "divergence" };

/** A failure as the runtime produces it: data first, text second. */
export interface ExecutionFailure {
  readonly kind: FailureKind;
  /** One line in Go's words where Go has them. */
  readonly message: string;
  /** The step at which it was detected. */
  readonly step: number;
  readonly detail: FailureDetail;
}

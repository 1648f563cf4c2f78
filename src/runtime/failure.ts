import type { ChoiceKind } from "./chooser";
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
  /** The id of each object the operation waits on (its target): the wait-for cycle follows these. */
  readonly waitsOn: readonly number[];
  /** What it holds: `sync.Mutex "a"`, `sync.RWMutex "m" (read)`. */
  readonly holds: readonly string[];
  /** The ids of the objects it holds, in the order of {@link holds}. */
  readonly heldObjects: readonly number[];
  location?: string;
}

/** Where a misuse happened in user code (known when the failing schedule is replayed with capture on). */
export interface MisuseSite {
  /** `send on chan "c", not awaited` */
  readonly what: string;
  readonly location: string;
}

/**
 * Why a program broke a rule of the model, as data: the operations are named by their
 * own descriptions (`send on chan "c"`), the goroutine by the detail's `goroutine`.
 */
export type MisuseCause =
  /** An operation called when no goroutine of the execution runs. */
  | { readonly reason: "no-goroutine"; readonly op: string }
  /** A second operation started while the goroutine's `pending` one was not awaited. */
  | { readonly reason: "not-awaited"; readonly op: string; readonly pending: string }
  /** The goroutine returned while its `pending` operation was not awaited. */
  | { readonly reason: "returned"; readonly pending: string }
  /** The microtask queue drained: the goroutine awaited something gosched does not control, after its operation `after` (null: its start). */
  | { readonly reason: "stalled"; readonly after: string | null }
  /** `op` used an object made by another execution. */
  | { readonly reason: "foreign"; readonly op: string }
  /** A rule stated by the primitive or the live executor that found it, in its own words. */
  | { readonly reason: "stated"; readonly text: string };

/** One ready goroutine at a step that diverged, with the operation it was ready to do. */
export interface ReadyGoroutine extends GoroutineInfo {
  /** `send on chan "c"`, or `start`. */
  readonly op: string;
}

/** Why a run did not follow its recorded schedule. */
export type DivergenceCause =
  /**
   * The chooser's `answer` does not fit a choice among `options` at `step`: -1 when its
   * schedule had ended, `-(d + 2)` when its decision `d` names an option not there.
   */
  | {
      readonly reason: "choice";
      readonly answer: number;
      readonly options: number;
      readonly step: number;
      readonly choice: ChoiceKind | "pick";
      /** For a pick: the goroutines that were ready. */
      readonly ready: readonly ReadyGoroutine[];
    }
  /** A replay ran `took` steps (or other operations) where the token recorded `recorded`. */
  | { readonly reason: "token"; readonly recorded: number; readonly took: number }
  /** Replaying a failing schedule gave `second` (or no failure) instead of `first`. */
  | { readonly reason: "nondeterminism"; readonly first: ExecutionFailure; readonly second: ExecutionFailure | null };

export type FailureDetail =
  | { readonly kind: "race"; readonly object: string; readonly previous: Access; readonly current: Access }
  | { readonly kind: "deadlock"; readonly goroutines: readonly BlockedGoroutine[] }
  | { readonly kind: "leak"; readonly goroutines: readonly BlockedGoroutine[] }
  /** `unhandled`: a rejection no handler took (transformed code), judged as Node judges it. */
  | { readonly kind: "panic"; readonly goroutine: GoroutineInfo; readonly value: unknown; readonly fatal: boolean; readonly unhandled?: boolean }
  | { readonly kind: "livelock"; readonly maxSteps: number; readonly spun?: number }
  /** `why`: the message of what the invariant threw, if it threw. */
  | { readonly kind: "invariant"; readonly outcome: unknown; readonly why?: string }
  | {
      readonly kind: "misuse";
      readonly goroutine: GoroutineInfo | null;
      readonly cause: MisuseCause;
      readonly where?: readonly MisuseSite[];
    }
  | { readonly kind: "divergence"; readonly cause: DivergenceCause };

/**
 * A failure as the runtime produces it: data only. Its words (`message`) are the
 * report's (src/report/messages.ts), made from the detail.
 */
export interface ExecutionFailure {
  readonly kind: FailureKind;
  /** The step at which it was detected. */
  readonly step: number;
  readonly detail: FailureDetail;
}

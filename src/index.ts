/**
 * gosched: Go-style concurrency primitives under a deterministic scheduler.
 * This barrel is the whole public API.
 */
export { go, yieldNow } from "./sync/go";
export { Chan } from "./sync/chan";
export { select, SelectCase, type SelectResult, type SelectOptions } from "./sync/select";
export { Mutex } from "./sync/mutex";
export { RWMutex } from "./sync/rwmutex";
export { WaitGroup } from "./sync/waitgroup";
export { Once } from "./sync/once";
export { Cond } from "./sync/cond";
export { AtomicInt, AtomicBool, AtomicValue } from "./sync/atomic";
export { Shared } from "./sync/shared";
export { SharedMap } from "./sync/shared-map";
export { sleep, after, now, Timer, Ticker, afterFunc } from "./sync/time";
export { Context, type CancelFunc } from "./sync/context";
export { dumpGoroutines, goroutineDump } from "./live/dump";
export { explore, type ExploreResult, type Failure } from "./explore/explore";
export type { ExploreOptions } from "./explore/options";
export type { Incomplete } from "./explore/incomplete";
export { encodeToken, decodeToken, type ReplayToken } from "./explore/token";
export { timelineHtml } from "./report/timeline-html";
export { GoPanic } from "./runtime/errors";
export type { FailureKind, CheckKind, FailureDetail, Access, BlockedGoroutine, MisuseCause, DivergenceCause } from "./runtime/failure";
export type { TraceStep, MemoryModel } from "./runtime/execution";
export type { StrategyName } from "./scheduler/strategy";

/** A program: an async function run as the main goroutine; its return value is the outcome. */
export type Program<T = unknown> = () => Promise<T>;

import { panicText } from "../runtime/errors";
import { Goroutine } from "../runtime/goroutine";
import { userLocation } from "../runtime/location";
import { LiveGoroutine, type LiveGoroutineInfo } from "./waiter";

/**
 * Live goroutines: `go(fn)` outside an execution runs `fn` at once on the event loop.
 *
 * Who is running is only known for sure while a goroutine's function runs synchronously
 * (its first segment, up to its first `await`): Node 20 has no cheap notion of "the
 * current async task" (AsyncLocalStorage installs promise hooks that made every promise
 * of the process, not only gosched's, 2.4x slower on the floor benchmark). So an
 * operation parked in that segment is named after its goroutine for free. Anything more
 * needs a stack: a parked operation keeps a raw stack (formatted only if a dump shows
 * it), whose async frames name the goroutine (each one runs inside a function named after
 * it) and whose first user frame is where it waits. A capture costs microseconds, many
 * times a step, so only the first {@link SITES_PER_TURN} parks of each turn of the event
 * loop take one; a turn that parks more (a ping-pong of a million messages runs in one
 * turn) leaves the rest without. A program that ends blocked has usually parked its last
 * operations in a fresh turn (after I/O or a timer); `GOSCHED_LIVE_LOCATIONS=1` takes a
 * stack at every park, for a program that blocks at the end of one long burst.
 */

let ids = 0;
let running: LiveGoroutine | null = null;
let locations = process.env["GOSCHED_LIVE_LOCATIONS"] === "1";
const started = new Map<number, LiveGoroutine>();

/** Record parked operations' stacks from now on (what `GOSCHED_LIVE_LOCATIONS=1` does). */
export function recordLiveLocations(on: boolean): void {
  locations = on;
}

/** The prefix of the function each live goroutine runs in, as async stack frames show it. */
export const FRAME_PREFIX = "gosched_goroutine_";

/** Start `fn` now as live goroutine; it is named `name` in dumps and in its uncaught panic. */
export function liveSpawn(fn: () => unknown, name: string): Goroutine {
  const info = new LiveGoroutine(++ids, name);
  started.set(info.id, info);
  const body = named(info.id, fn);
  const outer = running;
  running = info;
  let result: unknown;
  try {
    result = body();
  } catch (error) {
    result = Promise.reject(error);
  } finally {
    running = outer;
    info.pending = null;
  }
  void Promise.resolve(result).then(
    () => started.delete(info.id),
    (error: unknown) => {
      started.delete(info.id);
      surface(goroutinePanic(info, error));
    },
  );
  return new Goroutine(info.id, name, null);
}

/** `fn` run inside an async function named after goroutine `id`, so that async stack frames name it. */
function named(id: number, fn: () => unknown): () => Promise<unknown> {
  const key = `${FRAME_PREFIX}${id}`;
  return { [key]: async () => await fn() }[key]!;
}

/** `panic: boom [goroutine 3 "worker"]`, keeping the thrown value as its cause. */
function goroutinePanic(info: LiveGoroutineInfo, error: unknown): Error {
  const who = info.name === "" ? `goroutine ${info.id}` : `goroutine ${info.id} "${info.name}"`;
  const e = new Error(`panic: ${panicText(error)} [recovered: no] in ${who}`, { cause: error });
  e.name = "GoroutinePanic";
  return e;
}

/** Throw `error` as an uncaught exception, as Node surfaces one (and Go's runtime dies). */
export function surface(error: Error): void {
  queueMicrotask(() => {
    throw error;
  });
}

/** The live goroutine whose function is running synchronously now, if any. */
export function runningGoroutine(): LiveGoroutine | null {
  return running;
}

/** Parks per turn of the event loop that keep a stack (see the top of this file). */
export const SITES_PER_TURN = 8;
let sites = SITES_PER_TURN;
const refill = (): void => {
  sites = SITES_PER_TURN;
};
/** Frames a site keeps: enough to reach the goroutine's own async frame below the user's calls. */
const SITE_FRAMES = 32;

/** A raw stack of the parking operation, within the turn's budget (always with `GOSCHED_LIVE_LOCATIONS=1`), else null. */
export function siteNow(): { stack?: string } | null {
  if (!locations) {
    if (sites === 0) return null;
    if (sites-- === SITES_PER_TURN) setImmediate(refill).unref();
  }
  const site: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = SITE_FRAMES;
  Error.captureStackTrace(site, siteNow);
  Error.stackTraceLimit = limit;
  return site;
}

/** Code outside any live goroutine (Go's main goroutine). */
export const MAIN: LiveGoroutineInfo = { id: 0, name: "main" };

/**
 * The goroutine a captured stack runs in, from its async frames; {@link MAIN} when the
 * whole stack is there and shows none; null when unknown.
 */
export function ownerOf(stack: string | undefined): LiveGoroutineInfo | null {
  if (stack === undefined) return null;
  const m = new RegExp(`${FRAME_PREFIX}(\\d+)`).exec(stack);
  if (m !== null) return started.get(Number(m[1])) ?? { id: Number(m[1]), name: "" };
  return stack.split("\n").length - 1 < SITE_FRAMES ? MAIN : null;
}

/** Where a captured stack waits: its first frame in user code. */
export function siteOf(site: { stack?: string } | null): string | null {
  return site === null ? null : userLocation(site.stack);
}

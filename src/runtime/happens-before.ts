import { MinHeap } from "@datastructures-js/heap";
import { activeExecution } from "./active";
import { joinBoth, ownClock, type VectorClock } from "./clock";
import type { Execution } from "./execution";
import type { Goroutine } from "./goroutine";
import { noteAcquire, noteExchange, noteFork, noteRelease } from "./sync-edges";

/**
 * The happens-before edges of the Go memory model as vector-clock operations, in the style of
 * FastTrack (Flanagan and Freund, PLDI 2009) and of ThreadSanitizer's slot reuse
 * (Serebryany and Iskhodzhanov, WBIA 2009). Callers guard each call with `exec.hb`, so a
 * run without race detection (and without a `SharedMap`, see {@link enableClocks}) does
 * no clock work at all.
 *
 * A release ticks the releasing goroutine's own component afterwards, so its later
 * accesses are not covered by what it released (FastTrack's rule). `go` is a release
 * into the new goroutine ({@link fork}); a goroutine's exit releases nothing.
 *
 * Slots. A goroutine's component lives in a slot, not at its id. The slot of a goroutine
 * that has ended goes to a new goroutine only when the new one's starting clock already
 * covers the newest epoch that any access of the old one left in a shadow (its
 * `touched` mark): then the old one's accesses all happen before the new one starts, so
 * a clock that has heard of the new occupant is rightly ordered after them too, and a
 * clock that has not sees only older epochs, since the new occupant starts above every
 * epoch the old one had. Departure from TSan, which recycles a finished thread's slot
 * after a quarantine and accepts the missed races that can follow: we recycle only when
 * no check can change its answer, as when a parent has joined a child and starts
 * another. A goroutine whose last accesses nobody has ordered keeps its slot.
 */

/** `g` learns everything `sync` has been told: the receiving end of an edge. */
export function acquire(g: Goroutine, sync: VectorClock): void {
  g.clock.join(sync);
  const exec = capturing();
  if (exec !== null) noteAcquire(exec, exec.trace!, g, sync);
}

/** `sync` learns everything `g` knows: the sending end of an edge. */
export function release(g: Goroutine, sync: VectorClock): void {
  const s = slotOf(g);
  sync.join(g.clock);
  g.clock.tick(s);
  const exec = capturing();
  if (exec !== null) noteRelease(exec, exec.trace!, g, sync, false);
}

/** As {@link release}, but `sync` forgets earlier releases (an atomic store). */
export function releaseStore(g: Goroutine, sync: VectorClock): void {
  const s = slotOf(g);
  sync.assign(g.clock);
  g.clock.tick(s);
  const exec = capturing();
  if (exec !== null) noteRelease(exec, exec.trace!, g, sync, true);
}

/** Both directions at once: the two sides of an unbuffered channel's rendezvous. */
export function exchange(a: Goroutine, b: Goroutine): void {
  const sa = slotOf(a);
  const sb = slotOf(b);
  joinBoth(a.clock, b.clock);
  a.clock.tick(sa);
  b.clock.tick(sb);
  const exec = capturing();
  if (exec !== null) noteExchange(exec, exec.trace!, a, b);
}

/** The active execution when it captures a trace (the timeline's edges are recorded then only). */
function capturing(): Execution | null {
  const exec = activeExecution();
  return exec !== null && exec.trace !== null ? exec : null;
}

/**
 * Edge 2: `go fn()` happens before `fn` starts. `child` gets a copy of what `parent`
 * knows; `parent` then ticks, so its later accesses are not before the child. Every way
 * of starting a goroutine must call this when `exec.hb` is on.
 *
 * The child's slot is placed lazily, at its first release or recorded access
 * ({@link slotOf}): until then no epoch of its own exists anywhere, so nothing can be
 * ordered by it. A program that starts 10,000 goroutines at once thus gives slots only
 * to those that synchronise, by then reusing the slots of those that ended, and its
 * clocks stay short; placed at once, every clock was 10,000 entries long.
 */
export function fork(exec: Execution, parent: Goroutine, child: Goroutine): void {
  slotsOf(exec);
  const ps = slotOf(parent);
  // `child` is not in the execution's goroutines yet (spawn forks first), so no slot table
  // has placed it: it takes a slot at its first release or recorded access.
  child.clock = parent.clock.copy();
  parent.clock.tick(ps);
  if (exec.trace !== null) noteFork(exec, exec.trace, parent, child);
}

/**
 * Turn clocks on in an execution that was started without race detection, because a
 * `SharedMap` needs them to tell when Go would throw `concurrent map writes`. Only
 * accesses made from now on are judged, so every live goroutine starts from a fresh
 * clock: what happened before cannot order later accesses, and nothing is lost.
 */
export function enableClocks(exec: Execution): void {
  if (exec.hb) return;
  exec.hb = true;
  slotsOf(exec);
}

/** The slot `g` owns (its own component in every clock). */
export function slotOf(g: Goroutine): number {
  return g.slot !== 0 ? g.slot : adopt(g);
}

/**
 * `g`'s slot, noting that its current epoch is being stored where a later check will
 * compare it (a shadow, a write history). Anything that keeps epochs must call this, or
 * `g`'s slot could be reused while the epoch is still compared.
 */
export function touch(g: Goroutine): number {
  const s = slotOf(g);
  g.touched = g.clock.get(s);
  return s;
}

/** The goroutine whose epoch `epoch` was in `slot`: for naming the earlier side of a race. */
export function goroutineAt(exec: Execution, slot: number, epoch: number): Goroutine | null {
  for (let g = slotsOf(exec).occupant[slot] ?? null; g !== null; g = g.slotPrev) if (g.slotStart <= epoch) return g;
  return null;
}

/** How many slots the execution's clocks have needed so far (the widest clock). */
export function clockWidth(exec: Execution): number {
  return slotsOf(exec).width();
}

/** A goroutine not placed yet: forked and now synchronising, the main goroutine, or clocks turned on late. */
function adopt(g: Goroutine): number {
  const exec = activeExecution();
  if (exec === null) throw new Error(`${g.label()} used a clock outside its execution`);
  const slots = slotsOf(exec);
  return g.slot !== 0 ? g.slot : slots.place(g, g.clock.isEmpty() ? null : g.clock);
}

const KEY = Symbol("gosched.happens-before");

function slotsOf(exec: Execution): Slots {
  let s = exec.moduleState.get(KEY) as Slots | undefined;
  if (s === undefined) {
    s = new Slots();
    exec.moduleState.set(KEY, s);
    // Goroutines that ran before clocks existed start from nothing (see enableClocks).
    for (const g of exec.goroutines) if (!g.done) s.place(g, null);
  }
  return s;
}

/**
 * One execution's slot table. Slot 0 is never handed out. A goroutine that started
 * without {@link fork} is placed with an empty clock at its first clock operation, which
 * errs towards reporting races, never towards hiding them.
 *
 * A goroutine tells the table when it ends, so finding a slot to reuse never scans the
 * live ones: ended goroutines that recorded no access wait in a min-heap (any new
 * goroutine may take their slot), those that did in a set (a new goroutine whose clock
 * covers their `touched` mark may). The lowest reusable slot is taken, as a scan would.
 */
class Slots {
  /** slot → its goroutine, the latest to hold it (slot 0: nobody); earlier ones via `slotPrev`. */
  readonly occupant: (Goroutine | null)[] = [null];
  /** Slots whose goroutine ended without recording an access. */
  private readonly free = new MinHeap<number>();
  /** Slots whose goroutine ended after recording accesses. */
  private readonly held = new Set<number>();

  /** Give `g` a slot and a clock that knows what `from` knows; returns the slot. */
  place(g: Goroutine, from: VectorClock | null): number {
    let s = this.reusable(from);
    let start = 1;
    if (s < 0) {
      s = this.occupant.length;
      this.occupant.push(null);
    } else {
      this.take(s);
      start = this.occupant[s]!.clock.get(s) + 1;
    }
    g.slotPrev = this.occupant[s]!;
    this.occupant[s] = g;
    g.slot = s;
    g.slotStart = start;
    g.clock = ownClock(from, s, start);
    g.slotTable = this;
    if (g.done) this.ended(g);
    return s;
  }

  /** `g`, which holds a slot, has ended. */
  ended(g: Goroutine): void {
    if (g.touched === 0) this.free.push(g.slot);
    else this.held.add(g.slot);
  }

  width(): number {
    return this.occupant.length;
  }

  /** The lowest slot whose ended goroutine's shadowed accesses all happen before `from`; or -1. */
  private reusable(from: VectorClock | null): number {
    const best = this.free.top() ?? -1;
    if (from === null || this.held.size === 0) return best;
    const held = this.lowestCovered(from);
    return best < 0 || (held >= 0 && held < best) ? held : best;
  }

  /** The lowest held slot whose goroutine's `touched` mark `from` covers; or -1. */
  private lowestCovered(from: VectorClock): number {
    let low = -1;
    const covers = (s: number): boolean => from.get(s) >= this.occupant[s]!.touched;
    const fewer = this.held.size <= from.sizeBound();
    for (const s of fewer ? this.held : keys(from)) {
      if ((low < 0 || s < low) && (fewer || this.held.has(s)) && covers(s)) low = s;
    }
    return low;
  }

  private take(s: number): void {
    if (this.free.top() === s) this.free.pop();
    else this.held.delete(s);
  }
}

function* keys(c: VectorClock): IterableIterator<number> {
  for (const [k] of c.entries()) yield k;
}

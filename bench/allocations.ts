import { Session } from "node:inspector";
import { site, type Frame } from "./source-site";

/**
 * What a workload allocates, from V8's sampling heap profiler (through the inspector, as
 * DevTools does). Objects that the young and old generation collectors freed are kept in
 * the samples, so the total estimates every byte allocated, not only what survived.
 */

/** One node of V8's sampling heap profile. */
export interface HeapNode {
  readonly callFrame: Frame;
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

/** Run `work` under the sampling heap profiler; the profile's root, or null if unavailable. */
export async function heapProfile(work: () => Promise<unknown>, samplingInterval = 4096): Promise<HeapNode | null> {
  const session = new Session();
  session.connect();
  try {
    await post(session, "HeapProfiler.enable");
    await post(session, "HeapProfiler.startSampling", {
      samplingInterval,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    await work();
    const { profile } = await post<{ profile: { head: HeapNode } }>(session, "HeapProfiler.stopSampling");
    return profile.head;
  } catch {
    return null;
  } finally {
    session.disconnect();
  }
}

/** Bytes allocated by `work`, estimated by sampling; null when the profiler is unavailable. */
export async function sampleAllocations(work: () => Promise<unknown>): Promise<number | null> {
  const head = await heapProfile(work);
  return head === null ? null : totalBytes(head);
}

export function totalBytes(node: HeapNode): number {
  let sum = node.selfSize;
  for (const c of node.children) sum += totalBytes(c);
  return sum;
}

/** Allocation sites by bytes allocated, heaviest first: `function file:line`. */
export function allocationSites(head: HeapNode): { site: string; bytes: number }[] {
  const bySite = new Map<string, number>();
  const walk = (n: HeapNode): void => {
    if (n.selfSize > 0) {
      const at = site(n.callFrame);
      bySite.set(at, (bySite.get(at) ?? 0) + n.selfSize);
    }
    for (const c of n.children) walk(c);
  };
  walk(head);
  return [...bySite].map(([site, bytes]) => ({ site, bytes })).sort((a, b) => b.bytes - a.bytes);
}

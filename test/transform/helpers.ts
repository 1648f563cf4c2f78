/**
 * Hand instrumentation, exactly as the transformer instruments: `async (…) => body`
 * becomes `task(name, async (t) => { try { body } finally { fin(t) } })`, and `await x`
 * becomes `r(t, await aw(t, x))`.
 */
import * as gs from "../../src/transform/runtime";
import type { Task } from "../../src/transform/task";

export type Body<T> = (t: Task | null) => Promise<T>;

export const fn =
  <T>(name: string, body: Body<T>) =>
  (): Promise<T> =>
    gs.task(name, async (t) => {
      try {
        return await body(t);
      } finally {
        gs.fin(t);
      }
    });

export const A = async <T>(t: Task | null, x: T | Promise<T>): Promise<T> => gs.r(t, (await gs.aw(t, x)) as T);

export const FULL = { schedules: 100000, timeBudgetMs: 600000 };

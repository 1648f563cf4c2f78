import { SHARD_ENV } from "./context";

/** The part of Jest's global config that gosched reads. */
export interface ShardedGlobalConfig {
  readonly shard?: { readonly shardIndex: number; readonly shardCount: number } | null;
}

/**
 * Jest `globalSetup`: pass `jest --shard i/n` on to the workers. Jest runs this in its own
 * process before it starts workers, and workers inherit its environment; they never see
 * Jest's command line, so without this each worker would explore the whole seed space.
 * GOSCHED_SHARD, when set, still wins.
 */
export function globalSetup(globalConfig?: ShardedGlobalConfig): void {
  const shard = globalConfig?.shard;
  if (shard === undefined || shard === null) {
    delete process.env[SHARD_ENV];
    return;
  }
  process.env[SHARD_ENV] = `${shard.shardIndex}/${shard.shardCount}`;
}

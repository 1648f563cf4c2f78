/**
 * Operation codes of controlled awaits. They feed the replay hash, and partial-order
 * reduction does not know them, so it treats their steps as dependent on every other.
 */
export const LEAF_CODE = 40;
export const WAIT_CODE = 41;

import { deflateRawSync, inflateRawSync } from "zlib";
import type { MemoryModel } from "../runtime/execution";

/**
 * The replay token: one printable line holding every decision of one execution.
 *
 *   gs1.<memory model s|g>.<steps base36>.<hash base36>.<payload>
 *
 * The payload is the decisions as unsigned LEB128 bytes, in base64url; when that is long,
 * the bytes are deflated first and the payload starts with `z` (else `r`). The step count
 * and the hash of every step's goroutine and operation kind let a replay detect that the
 * program changed, and report a divergence rather than replay into a wrong run.
 */
export interface ReplayToken {
  readonly memoryModel: MemoryModel;
  readonly steps: number;
  readonly hash: number;
  readonly decisions: readonly number[];
}

const VERSION = "gs1";
const DEFLATE_ABOVE = 48;
/**
 * Deflate's best level on a long schedule (a million steps, half a megabyte of small
 * decisions) takes seconds for 4% less than level 6, which takes a tenth of a second.
 */
const BEST_LEVEL_UP_TO = 64 * 1024;
/**
 * A step makes at most two decisions (which goroutine runs, then one choice inside its
 * operation: a select case or a racy read's value), each at most 5 LEB128 bytes. The
 * step count itself is capped so that no token can ask for an array V8 cannot hold.
 */
const DECISIONS_PER_STEP = 2;
const MAX_BYTES_PER_DECISION = 5;
const MAX_STEPS = 2 ** 25;
/** How much of a malformed token an error message shows. */
const SHOWN = 40;

export function encodeToken(t: ReplayToken): string {
  const bytes: number[] = [];
  for (let d of t.decisions) {
    while (d >= 0x80) {
      bytes.push((d & 0x7f) | 0x80);
      d = Math.floor(d / 128);
    }
    bytes.push(d);
  }
  let raw = Buffer.from(bytes);
  let kind = "r";
  if (raw.length > DEFLATE_ABOVE) {
    const packed = deflateRawSync(raw, { level: raw.length <= BEST_LEVEL_UP_TO ? 9 : 6 });
    if (packed.length < raw.length) {
      raw = packed;
      kind = "z";
    }
  }
  const mm = t.memoryModel === "go" ? "g" : "s";
  return [VERSION, mm, t.steps.toString(36), (t.hash >>> 0).toString(36), kind + raw.toString("base64url")].join(".");
}

export function decodeToken(token: string): ReplayToken {
  const bad = (why: string): TypeError =>
    new TypeError(`Expected \`replay\` to be a replay token printed by gosched (gs1.…), got ${shown(token)}: ${why}`);
  if (typeof token !== "string") throw bad("not a string");
  const parts = token.trim().split(".");
  if (parts[0] !== VERSION) {
    throw bad(parts[0]?.startsWith("gs") ? `format ${parts[0]} is not supported by this version (${VERSION})` : "it does not start with gs1");
  }
  if (parts.length !== 5) throw bad("it should have five parts separated by dots");
  const [, mm, steps, hash, payload] = parts as [string, string, string, string, string];
  if (mm !== "s" && mm !== "g") throw bad("unknown memory model");
  if (!/^[0-9a-z]+$/.test(steps) || !/^[0-9a-z]+$/.test(hash)) throw bad("malformed step count or hash");
  if (!/^[rz][A-Za-z0-9_-]*$/.test(payload)) throw bad("malformed payload");
  const stepCount = parseInt(steps, 36);
  if (!(stepCount <= MAX_STEPS)) throw bad(`it claims ${steps.length > 12 ? "too many" : stepCount} steps, more than ${MAX_STEPS}`);
  const maxDecisions = DECISIONS_PER_STEP * stepCount;
  let bytes = Buffer.from(payload.slice(1), "base64url");
  if (payload[0] === "z") {
    try {
      bytes = inflateRawSync(bytes, { maxOutputLength: Math.max(1, maxDecisions * MAX_BYTES_PER_DECISION) });
    } catch (error) {
      const tooBig = (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
      throw bad(tooBig ? `its payload inflates to more decisions than its ${stepCount} steps can make` : "the compressed payload is damaged");
    }
  }
  if (bytes.length > maxDecisions * MAX_BYTES_PER_DECISION) throw bad(`its payload holds more decisions than its ${stepCount} steps can make`);
  const decisions: number[] = [];
  let value = 0;
  let scale = 1;
  for (const b of bytes) {
    value += (b & 0x7f) * scale;
    scale *= 128;
    if (b < 0x80) {
      decisions.push(value);
      value = 0;
      scale = 1;
    }
  }
  if (scale !== 1) throw bad("the payload is truncated");
  if (decisions.length > maxDecisions) throw bad(`it holds more decisions than its ${stepCount} steps can make`);
  return { memoryModel: mm === "g" ? "go" : "sc", steps: stepCount, hash: parseInt(hash, 36), decisions };
}

/** A token as an error message quotes it: whole when short, else its start and its length. */
function shown(token: unknown): string {
  if (typeof token !== "string") return `\`${String(token)}\` (${typeof token})`;
  if (token.length <= SHOWN) return `\`${token}\``;
  return `\`${token.slice(0, SHOWN)}…\` (${token.length} characters)`;
}

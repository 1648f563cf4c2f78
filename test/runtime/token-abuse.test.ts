/** Hostile replay tokens: bounded work, a TypeError, and a message that does not echo them. */
import { deflateRawSync } from "zlib";
import { decodeToken, encodeToken, explore, go, Shared } from "../../src";

/** A token claiming `steps` steps whose deflated payload inflates to `bytes` zero bytes. */
function bomb(steps: number, bytes: number): string {
  const packed = deflateRawSync(Buffer.alloc(bytes), { level: 9 });
  return `gs1.s.${steps.toString(36)}.0.z${packed.toString("base64url")}`;
}

const prog = async () => {
  const x = new Shared(0, "x");
  go(async () => x.write(1));
  await x.write(2);
};

describe("a replay token cannot make gosched do unbounded work", () => {
  test("inflation is bounded by what the token's step count allows", () => {
    expect(() => decodeToken(bomb(10, 1 << 20))).toThrow(TypeError);
    expect(() => decodeToken(bomb(10, 1 << 20))).toThrow(/inflates to more decisions than its 10 steps can make/);
  });

  test("an uncompressed payload with more decisions than steps is refused", () => {
    const t = encodeToken({ memoryModel: "sc", steps: 3, hash: 0, decisions: new Array(50).fill(1) });
    expect(() => decodeToken(t)).toThrow(/more decisions than its 3 steps can make/);
  });

  test("a token claiming an absurd step count is refused before anything is inflated", () => {
    expect(() => decodeToken(bomb(2 ** 40, 100))).toThrow(/more than 33554432/);
  });

  test("a token printed by gosched still decodes", () => {
    const decisions = Array.from({ length: 400 }, (_, i) => i % 3);
    const t = { memoryModel: "go" as const, steps: 300, hash: 12345, decisions };
    expect(decodeToken(encodeToken(t))).toEqual(t);
  });

  test("the error about a malformed token quotes only its start", () => {
    const huge = `gs1.s.1.0.r${"!".repeat(1 << 20)}`;
    let message = "";
    try {
      decodeToken(huge);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/malformed payload/);
    expect(message).toContain(`(${huge.length} characters)`);
    expect(message.length).toBeLessThan(300);
  });

  test("through the replay option and GOSCHED_REPLAY, a bomb is a TypeError", async () => {
    await expect(explore(prog, { replay: bomb(4, 1 << 20) })).rejects.toThrow(TypeError);
    process.env.GOSCHED_REPLAY = bomb(4, 1 << 20);
    try {
      await expect(explore(prog)).rejects.toThrow(/inflates to more decisions/);
    } finally {
      delete process.env.GOSCHED_REPLAY;
    }
  });
});

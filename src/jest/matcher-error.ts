import * as path from "path";
import type { MatcherContext } from "expect";

/** gosched's own folder (src/ or dist/): its frames are left out of a misuse error's stack. */
const OWN_ROOT = path.resolve(__dirname, "..");
const EXPECT_FRAME = /[\\/]node_modules[\\/]expect[\\/]/;

/**
 * Throw Jest's matcher-error form: the hint, `Matcher error: …`, and the specifics. The
 * stack keeps only frames outside gosched and `expect`, so Jest points at the user's call.
 */
export function misuse(ctx: MatcherContext, hint: string, generic: string, specific?: string): never {
  const error = new Error(ctx.utils.matcherErrorMessage(hint, generic, specific));
  const lines = (error.stack ?? "").split("\n");
  const first = lines.findIndex((l) => /^\s+at /.test(l));
  if (first >= 0) {
    const frames = lines.slice(first).filter((l) => !l.includes(OWN_ROOT + path.sep) && !EXPECT_FRAME.test(l));
    error.stack = [...lines.slice(0, first), ...frames].join("\n");
  }
  throw error;
}

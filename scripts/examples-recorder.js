/**
 * A Jest setup file used only by `npm run examples` (scripts/run-examples.js).
 *
 * It re-registers gosched's four matchers wrapped, so that every call also records what
 * gosched found (the matcher's message, which is built for either polarity) as one JSON
 * line in the file named by GOSCHED_EXAMPLES_FINDINGS. The examples reporter prints those
 * lines under each test. The verdicts themselves are untouched: each wrapper returns the
 * matcher's own result. Without the variable this file does nothing.
 */
"use strict";
const fs = require("fs");

const out = process.env.GOSCHED_EXAMPLES_FINDINGS;
const ANSI = /\u001b\[[0-9;]*m/g;

function record(ctx, name, result) {
  let text = "";
  try {
    text = result.message().replace(ANSI, "");
  } catch (error) {
    text = `(the message could not be built: ${error && error.message})`;
  }
  const line = {
    testPath: ctx.testPath,
    test: ctx.currentTestName,
    call: `${ctx.isNot ? "not." : ""}${name}`,
    pass: result.pass,
    text,
  };
  fs.appendFileSync(out, `${JSON.stringify(line)}\n`);
}

function wrap(name, matcher) {
  return async function recorded(...args) {
    const result = await matcher.apply(this, args);
    try {
      record(this, name, result);
    } catch {
      // The summary is a convenience: never let it change a verdict.
    }
    return result;
  };
}

/** gosched's matchers, or null when they do not load (the examples then report why). */
function loadMatchers() {
  try {
    // The examples import "../src/jest" too; the module registry makes that the same
    // module, so the wrapped matchers below are the ones their `expect` calls reach.
    require("../src/jest");
    return require("../src/jest/matchers").matchers;
  } catch {
    return null;
  }
}

const matchers = out ? loadMatchers() : null;
if (matchers) {
  const wrapped = {};
  for (const [name, matcher] of Object.entries(matchers)) wrapped[name] = wrap(name, matcher);
  expect.extend(wrapped);
}

/**
 * The Jest reporter of `npm run examples` (scripts/run-examples.js): for each example, its
 * tests and, under each, what gosched found in every matcher call (recorded by
 * scripts/examples-recorder.js): the failure it found, with where and under which seed,
 * or how many schedules it explored without finding one. Failing tests are then printed
 * in full, as Jest prints them. Plain CommonJS: it runs on a fresh clone after `npm ci`.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint = (code) => (text) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
const green = paint(32);
const red = paint(31);
const yellow = paint(33);
const dim = paint(2);
const bold = paint(1);

const MARKS = { passed: green("✓"), failed: red("✕"), pending: yellow("○"), skipped: yellow("○"), todo: yellow("✎") };
const PROPERTY = { toBeRaceFree: "no data race", toBeDeadlockFree: "no deadlock or leak" };

/** The lines of a matcher message after its hint (`expect(program)…`) and the blank line. */
function body(text) {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.trim() === "");
  return lines.slice(start + 1).map((l) => l.trimEnd());
}

/** Drop what only repeats the footer: the default strategy and the run's seed. */
function shorten(text, seed) {
  return text.replace(` · seed ${seed}`, "").replace(" · strategy random", "");
}

/**
 * What an exploration covered, from its message: " (every schedule)" only for a proof
 * ("That is every schedule."); a preemption-bounded search says its bound instead.
 */
function coverage(find) {
  if (find(/^That is every schedule\.$/) !== undefined) return " (every schedule)";
  const bounded = find(/^That is every schedule with at most (\d+) preemptions?/);
  if (bounded !== undefined) return ` (only schedules with at most ${/at most (\d+)/.exec(bounded)[1]} preemptions)`;
  return find(/^Not every interleaving: /) === undefined ? "" : " (not a proof: a goroutine awaited a promise gosched did not settle)";
}

/** One line saying what a matcher call found, from its message. */
function summarise(finding, seed) {
  const lines = body(finding.text);
  const find = (re) => lines.find((l) => re.test(l));
  const name = finding.call.replace(/^not\./, "");
  const where = find(/^Found (in|by) /);
  const explored = find(/^Explored /);
  const stopped = find(/^No verdict on /);
  if (where !== undefined) {
    const first = lines.find((l) => l.trim() !== "" && l !== stopped) ?? "";
    const next = (lines[lines.indexOf(first) + 1] ?? "").replace(/^Received:\s*/, "");
    const headline = /^The predicate (returned false|threw) for an outcome:$/.test(first)
      ? `the predicate ${first.includes("threw") ? "threw" : "is false"} for outcome ${next}`
      : first;
    const label = stopped !== undefined ? red("stopped") : "found  ";
    return `${label} ${headline} ${dim(`· ${shorten(where.replace(/^Found /, ""), seed)}`)}`;
  }
  const every = coverage(find);
  const tail = explored === undefined ? "" : ` ${dim(`· ${shorten(explored.replace(/^Explored /, ""), seed)}${every}`)}`;
  const missing = find(/^Missing: /);
  if (missing !== undefined) return `found   ${missing.replace(/^Missing: /, "missing outcomes ")}${tail}`;
  if (name === "toHaveOutcomes") {
    const received = (find(/^Received: /) ?? "").replace(/^Received:\s*/, "");
    return `clean   outcomes ${received}${tail}`;
  }
  if (name === "toAlwaysSatisfy") return `clean   held for every outcome${tail}`;
  return `clean   ${PROPERTY[name] ?? name}${tail}`;
}

function readFindings(file) {
  const byTest = new Map();
  let text = "";
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return byTest;
  }
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const f = JSON.parse(line);
    const key = `${f.testPath}\u0000${f.test}`;
    if (!byTest.has(key)) byTest.set(key, []);
    byTest.get(key).push(f);
  }
  return byTest;
}

/** Examples sort by the number their describe titles start with ("7. …"). */
function orderOf(result) {
  const title = result.testResults[0]?.ancestorTitles[0] ?? "";
  const n = /^(\d+)\./.exec(title);
  return n ? Number(n[1]) : Infinity;
}

class ExamplesReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    /** Jest's seed: every matcher that is not given one explores with it. */
    this.seed = globalConfig.seed;
    this.results = [];
  }

  onRunStart() {
    process.stdout.write(`${bold("gosched examples")}: each bug found, each fix passing\n`);
  }

  onTestResult(_test, result) {
    this.results.push(result);
    const failed = result.numFailingTests > 0 || result.testExecError !== undefined;
    process.stdout.write(failed ? red("✕") : dim("·"));
  }

  onRunComplete(_contexts, aggregate) {
    process.stdout.write("\n");
    const findings = readFindings(process.env.GOSCHED_EXAMPLES_FINDINGS ?? "");
    const sorted = [...this.results].sort(
      (a, b) => orderOf(a) - orderOf(b) || a.testFilePath.localeCompare(b.testFilePath),
    );
    for (const result of sorted) this.printFile(result, findings);
    this.printFailures(sorted);
    const { numPassedTests: passed, numFailedTests: failed, numTotalTests: total } = aggregate;
    const suites = aggregate.numTotalTestSuites;
    const verdict = failed > 0 || aggregate.numRuntimeErrorTestSuites > 0 ? red("FAILED") : green("all passed");
    process.stdout.write(`\n${suites} file${suites === 1 ? "" : "s"}, ${total} tests: ${passed} passed, ${failed} failed · ${verdict}\n`);
    process.stdout.write(
      dim(`Schedules chosen by strategy random with Jest's seed ${this.seed} unless a line says otherwise; ` +
        `\`npm run examples -- --seed=${this.seed}\` runs the same schedules again.\n`),
    );
  }

  printFile(result, findings) {
    const file = path.relative(this.rootDir, result.testFilePath);
    let group = null;
    if (result.testExecError !== undefined) {
      process.stdout.write(`\n${red("✕")} ${bold(file)}: ${red("the file did not run")}\n`);
    }
    for (const t of result.testResults) {
      const heading = t.ancestorTitles.join(" › ");
      if (heading !== group) {
        group = heading;
        process.stdout.write(heading === "" ? `\n${bold(file)}\n` : `\n${bold(heading)}  ${dim(file)}\n`);
      }
      process.stdout.write(`  ${MARKS[t.status] ?? t.status} ${t.title}\n`);
      for (const f of findings.get(`${result.testFilePath}\u0000${t.fullName}`) ?? []) {
        process.stdout.write(`      ${dim(f.call.padEnd(20))} ${summarise(f, this.seed)}\n`);
      }
    }
  }

  printFailures(sorted) {
    const failing = sorted.filter((r) => r.failureMessage);
    if (failing.length === 0) return;
    process.stdout.write(`\n${red(bold("Failures"))}\n`);
    for (const r of failing) process.stdout.write(`\n${r.failureMessage}\n`);
  }

  getLastError() {
    return undefined;
  }
}

module.exports = ExamplesReporter;
module.exports.summarise = summarise;

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FULL, SMOKE } from "./config";
import { markdownReport, textReport, timingReport } from "./report";
import { runBenchmarks, timeCases } from "./run-benchmarks";

/**
 * `npm run bench [-- --json] [-- --write] [-- --smoke] [-- --timing]`
 *
 * --json   print the results as one JSON object on the last line of stdout (no table)
 * --write  also write the table to bench/RESULTS.md
 * --smoke  tiny sizes: checks the harness works, measures nothing worth quoting
 * --timing only the timed cases (a minute, not ten): for checking a change to the hot path
 *
 * Progress goes to stderr. GOSCHED_* variables are cleared first: they raise budgets
 * and pick strategies, which would change what is measured.
 */
async function main(argv: readonly string[]): Promise<void> {
  const known = new Set(["--json", "--write", "--smoke", "--timing"]);
  const unknown = argv.filter((a) => !known.has(a));
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(" ")}: use --json, --write, --smoke, --timing`);
  for (const key of Object.keys(process.env)) if (key.startsWith("GOSCHED_")) delete process.env[key];
  const config = argv.includes("--smoke") ? SMOKE : FULL;
  if (argv.includes("--timing")) {
    if (argv.includes("--write")) throw new Error("--timing measures too little for bench/RESULTS.md: drop --write");
    const t = await timeCases(config, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(argv.includes("--json") ? `${JSON.stringify(t)}\n` : `${timingReport(t, config.rounds)}\n`);
    return;
  }
  const results = await runBenchmarks(config, (line) => process.stderr.write(`${line}\n`));
  if (argv.includes("--write")) {
    const command = `npm run bench -- ${argv.join(" ")}`;
    writeFileSync(join(__dirname, "RESULTS.md"), markdownReport(results, command));
    process.stderr.write("wrote bench/RESULTS.md\n");
  }
  if (argv.includes("--json")) process.stdout.write(`${JSON.stringify(results)}\n`);
  else process.stdout.write(`${textReport(results)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

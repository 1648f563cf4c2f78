import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FULL, SMOKE } from "./config";
import { markdownReport, textReport } from "./report";
import { runBenchmarks } from "./run-benchmarks";

/**
 * `npm run bench [-- --json] [-- --write] [-- --smoke]`
 *
 * --json   print the results as one JSON object on the last line of stdout (no table)
 * --write  also write the table to bench/RESULTS.md
 * --smoke  tiny sizes: checks the harness works, measures nothing worth quoting
 *
 * Progress goes to stderr. GOSCHED_* variables are cleared first: they raise budgets
 * and pick strategies, which would change what is measured.
 */
async function main(argv: readonly string[]): Promise<void> {
  const known = new Set(["--json", "--write", "--smoke"]);
  const unknown = argv.filter((a) => !known.has(a));
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(" ")}: use --json, --write, --smoke`);
  for (const key of Object.keys(process.env)) if (key.startsWith("GOSCHED_")) delete process.env[key];
  const config = argv.includes("--smoke") ? SMOKE : FULL;
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

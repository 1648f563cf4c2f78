/**
 * Small random plain-async programs, as source text: tasks that read and write a shared
 * variable across leaves (`await LEAF(v)`), log, call a helper, await an earlier task's
 * promise, joined by `Promise.all`. `LEAF` is a parameter of `main`: the identity under
 * gosched (an await of a value is a leaf), a real delay in the oracle.
 */
import seedrandom from "seedrandom";

export function generate(seed: number): string {
  const rng = seedrandom(`async-${seed}`);
  const pick = (n: number): number => Math.floor(rng() * n);
  const tasks = 2 + pick(2);
  const lines: string[] = ["async function main(LEAF) {", "  let x = 0; const log = [];"];
  lines.push('  async function sub(tag) { await LEAF(0); log.push(tag); }');
  for (let i = 0; i < tasks; i++) {
    lines.push(`  async function t${i}() {`);
    const n = (tasks === 3 ? 1 : 2) + pick(2);
    for (let j = 0; j < n; j++) lines.push(`    ${statement(i, j, pick)}`);
    lines.push("  }");
  }
  for (let i = 0; i < tasks; i++) {
    lines.push(`  const p${i} = t${i}();`);
    if (pick(3) === 0) lines.push("  await LEAF(0);");
  }
  lines.push(`  await Promise.all([${Array.from({ length: tasks }, (_, i) => `p${i}`).join(", ")}]);`);
  lines.push('  return log.join(",") + "|" + x;', "}");
  return lines.join("\n");
}

function statement(i: number, j: number, pick: (n: number) => number): string {
  switch (pick(i > 0 ? 6 : 5)) {
    case 0:
      return "await LEAF(0);";
    case 1:
      return `{ const v = x; await LEAF(0); x = v + ${i + 1}; }`;
    case 2:
      return `x = x * 2 + ${i + 1}; log.push("t${i}.${j}:" + x);`;
    case 3:
      return `log.push("t${i}.${j}");`;
    case 4:
      return `await sub("s${i}");`;
    default:
      return `await p${pick(i)}; log.push("t${i} after p");`;
  }
}

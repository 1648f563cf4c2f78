/**
 * Small random plain-async programs, as source text: tasks that read and write a shared
 * variable across leaves (`await LEAF(v)`), log, call a helper, await an earlier task's
 * promise, joined by `Promise.all`; and promises derived from leaves and from tasks
 * (`.then`, `.catch`, `.finally`, `Promise.all`, `Promise.race`, a promise-chain lock).
 * `LEAF` is a parameter of `main`: the identity under gosched (an await of a value, or
 * of `Promise.resolve(LEAF(v))`, a settled promise, is a leaf), a real delay in the oracle.
 */
import seedrandom from "seedrandom";

export function generate(seed: number): string {
  const rng = seedrandom(`async-${seed}`);
  const pick = (n: number): number => Math.floor(rng() * n);
  const tasks = 2 + pick(2);
  const lines: string[] = ["async function main(LEAF) {", "  let x = 0; const log = []; let lock = Promise.resolve(LEAF(0));"];
  lines.push('  async function sub(tag) { await LEAF(0); log.push(tag); }');
  for (let i = 0; i < tasks; i++) {
    lines.push(`  async function t${i}() {`);
    const n = (tasks === 3 ? 1 : 2) + pick(2);
    for (let j = 0; j < n; j++) lines.push(`    ${statement(i, j, tasks, pick)}`);
    lines.push("  }");
  }
  for (let i = 0; i < tasks; i++) {
    lines.push(`  const p${i} = t${i}();`);
    if (pick(3) === 0) lines.push("  await LEAF(0);");
  }
  lines.push(`  await Promise.all([${Array.from({ length: tasks }, (_, i) => `p${i}`).join(", ")}]);`);
  lines.push("  await lock.catch(() => {});");
  lines.push('  return log.join(",") + "|" + x;', "}");
  return lines.join("\n");
}

function statement(i: number, j: number, tasks: number, pick: (n: number) => number): string {
  const tag = `t${i}.${j}`;
  switch (pick(i > 0 ? 12 : 11)) {
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
    case 5:
      return `await Promise.resolve(LEAF(0)).then(() => { log.push("${tag}:then"); });`;
    case 6:
      return `{ const v = x; await Promise.resolve(LEAF(0)).finally(() => log.push("${tag}:fin")); x = v + ${i + 1}; }`;
    case 7:
      return `await Promise.resolve(LEAF(0)).then(() => { throw new Error("${tag}"); }).catch((e) => log.push(e.message + ":caught"));`;
    case 8:
      return `{ const prev = lock; lock = prev.then(() => sub("L${i}")); await prev.catch(() => {}); log.push("${tag}:locked"); }`;
    case 9:
      if (tasks > 2) return `await LEAF(0); log.push("${tag}");`;
      return `log.push(await Promise.race([Promise.resolve(LEAF("${tag}a")), Promise.resolve(LEAF("${tag}b"))]));`;
    case 10:
      return `await Promise.all([Promise.resolve(LEAF(0)).then(() => log.push("${tag}:all")), sub("a${i}")]);`;
    default:
      return pick(2) === 0 ? `await p${pick(i)}; log.push("t${i} after p");` : `await p${pick(i)}.then(() => log.push("${tag}:after p"));`;
  }
}

import { readFileSync } from "node:fs";
import ts from "typescript";

/**
 * Finds explorations in a test file whose verdict depends on the machine's speed: an
 * exhaustive search (strategy dfs or dpor, or `toHaveOutcomes`, which proves a set of
 * outcomes) or an `explore` whose `complete` flag or schedule count the test reads, with
 * no explicit `timeBudgetMs`. The default budgets are wall-clock (10 s, 3 s in a matcher),
 * so such a test passes on an idle machine and fails on a loaded one.
 *
 * Syntactic, so deliberately strict: an options argument it cannot read (a parameter, a
 * call, an import) counts as having no budget; a test that needs one says so with
 * `timeBudgetMs` where the call is, or in a `const` of the same file that it spreads.
 */
export interface Finding {
  readonly line: number;
  readonly call: string;
  readonly why: string;
}

const MATCHERS = new Set(["toHaveOutcomes", "toBeRaceFree", "toBeDeadlockFree", "toAlwaysSatisfy", "toPanic"]);

export function findUnbudgeted(file: string): Finding[] {
  const src = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const consts = constObjects(src);
  const out: Finding[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const why = needsBudget(n, consts);
      if (why !== null && !hasBudget(optionsOf(n), consts)) out.push(finding(src, n, why));
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

function finding(src: ts.SourceFile, n: ts.CallExpression, why: string): Finding {
  return { line: src.getLineAndCharacterOfPosition(n.getStart()).line + 1, call: nameOf(n), why };
}

/** Why this call's exploration must not be cut by the clock, or null when it may be. */
function needsBudget(n: ts.CallExpression, consts: Consts): string | null {
  const name = nameOf(n);
  if (name === "toHaveOutcomes") return "toHaveOutcomes proves a set of outcomes";
  const strategy = strategyOf(optionsOf(n), consts);
  const explores = name === "explore" || MATCHERS.has(name);
  if (explores && (strategy === "dfs" || strategy === "dpor")) return `an exhaustive search (${strategy})`;
  if (explores && strategy === "") return "a strategy chosen at run time (dfs or dpor among them, perhaps)";
  if (name === "explore" && readsCompletenessOrCount(n)) return "the test reads its `complete` flag or schedule count";
  return null;
}

function nameOf(n: ts.CallExpression): string {
  const e = n.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return "";
}

/** The options argument: the second of `explore(program, options)`, the last of a matcher. */
function optionsOf(n: ts.CallExpression): ts.Expression | undefined {
  const args = n.arguments;
  if (nameOf(n) === "explore") return args[1];
  const last = args[args.length - 1];
  return last !== undefined && (ts.isObjectLiteralExpression(last) || ts.isIdentifier(last)) ? last : undefined;
}

/** `const r = await explore(…)` followed, in the same function, by `r.complete` or `r.schedules`; or `(await explore(…)).complete`. */
function readsCompletenessOrCount(n: ts.CallExpression): boolean {
  let p: ts.Node = n.parent;
  while (ts.isAwaitExpression(p) || ts.isParenthesizedExpression(p)) p = p.parent;
  if (ts.isPropertyAccessExpression(p)) return /^(complete|schedules)$/.test(p.name.text);
  if (!ts.isVariableDeclaration(p) || !ts.isIdentifier(p.name)) return false;
  const v = p.name.text;
  const scope = enclosingBody(p);
  const text = scope === undefined ? "" : scope.getText();
  return new RegExp(`\\b${v}\\.(complete|schedules)\\b|expect\\(${v}\\)\\.toMatchObject\\(\\{[^}]*\\b(complete|schedules)\\b`).test(text);
}

function enclosingBody(n: ts.Node): ts.Node | undefined {
  for (let p: ts.Node | undefined = n.parent; p !== undefined; p = p.parent) if (ts.isBlock(p) || ts.isSourceFile(p)) return p;
  return undefined;
}

type Consts = ReadonlyMap<string, ts.ObjectLiteralExpression>;

/** Every `const NAME = { … }` of the file (at any depth), for options built from constants. */
function constObjects(src: ts.SourceFile): Consts {
  const out = new Map<string, ts.ObjectLiteralExpression>();
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer !== undefined) {
      const init = stripAs(n.initializer);
      if (ts.isObjectLiteralExpression(init)) out.set(n.name.text, init);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

function stripAs(e: ts.Expression): ts.Expression {
  while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

/** The object literal behind an options expression, when the file says. */
function literal(e: ts.Expression | undefined, consts: Consts): ts.ObjectLiteralExpression | undefined {
  if (e === undefined) return undefined;
  const x = stripAs(e);
  if (ts.isObjectLiteralExpression(x)) return x;
  return ts.isIdentifier(x) ? consts.get(x.text) : undefined;
}

/** The value of property `key` in the options (looking into spread constants), or undefined. */
function property(e: ts.Expression | undefined, key: string, consts: Consts, depth = 0): ts.Expression | undefined {
  const o = literal(e, consts);
  if (o === undefined || depth > 4) return undefined;
  let found: ts.Expression | undefined;
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText() === key) found = p.initializer;
    else if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) found = p.name;
    else if (ts.isSpreadAssignment(p)) found = property(p.expression, key, consts, depth + 1) ?? found;
  }
  return found;
}

/** The strategy the options name; "" when they set one the file does not spell out; undefined when none. */
function strategyOf(e: ts.Expression | undefined, consts: Consts): string | undefined {
  const s = property(e, "strategy", consts);
  if (s === undefined) return undefined;
  return ts.isStringLiteral(s) || ts.isNoSubstitutionTemplateLiteral(s) ? s.text : "";
}

function hasBudget(e: ts.Expression | undefined, consts: Consts): boolean {
  return property(e, "timeBudgetMs", consts) !== undefined;
}

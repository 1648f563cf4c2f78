import type { NodePath, PluginObj, types as T } from "@babel/core";

/**
 * The Babel plugin that instruments JavaScript for controlled awaits (see task.ts for the
 * model). It runs on the output of the user's own transformer, so it only sees plain
 * JavaScript, and rewrites:
 * - `async function f(a) { body }` (and async methods and arrows) into
 *   `function f(a) { return R.task("f", async (t) => { try { body } finally { R.fin(t) } }) }`,
 *   so that each call is a task. Parameters with defaults or patterns move into the inner
 *   arrow (they may throw, and the promise must then reject, as before);
 * - `await x` into `R.r(t, await R.aw(t, x))`; a `catch` or `finally` block of such a
 *   function starts with `R.c(t)`; `for await (… of y)` iterates `R.fa(t, y)`;
 * - `p.then(…)`, `.catch`, `.finally` into `R.d(R.s(p).then(…))` and `Promise.all(xs)` (and
 *   the other combinators) into `R.d(Promise.all(R.sa(xs)))`: `R.s` gates a source that is
 *   a leaf (await.ts), `R.d` notes the result as derived (downstream, never a leaf);
 * - free references to `setTimeout`, `setInterval`, `setImmediate`, their `clear…`,
 *   `Date.now()`, `performance.now()`, `AbortSignal.timeout` and
 *   `require("timers/promises")` into the runtime's versions.
 * `R` is the runtime module, required once at the top of the file. In an async generator
 * `await x` becomes `R.r(g, await R.aw(g = R.cur(), x))`: its awaits are scheduling points
 * of the task that runs its body, the one whose `next()` resumed it.
 */

export const RUNTIME = "__gosched";
const TASK = "__gosched_t";
const ARGS = "__gosched_a";
const GEN = "__gosched_g";

const TIMERS = new Set(["setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval", "clearImmediate"]);
const NOW: Record<string, string> = { Date: "dateNow", performance: "performanceNow" };
const GLOBALS = new Set(["globalThis", "global", "window"]);

type Fn = T.Function;

export function instrumentPlugin({ types: t }: { types: typeof T }): PluginObj {
  const made = new WeakSet<T.Node>();
  const rt = (name: string): T.MemberExpression => t.memberExpression(t.identifier(RUNTIME), t.identifier(name));
  const call = (name: string, args: T.Expression[]): T.CallExpression => t.callExpression(rt(name), args);

  /**
   * Rewrite the awaits of `fn`'s own body. In a task `t` is the task's parameter; in an
   * async generator it is the task that runs the body at that await (`R.cur()`, the
   * consumer that called `next()`), kept in a variable of the generator.
   */
  function rewriteBody(fn: NodePath<Fn>, task: string, gen: boolean): void {
    const id = (): T.Identifier => t.identifier(task);
    const at = (): T.Expression => (gen ? t.assignmentExpression("=", id(), call("cur", [])) : id());
    fn.traverse({
      Function(inner) {
        inner.skip();
      },
      AwaitExpression(p) {
        if (made.has(p.node)) return;
        const waited = t.awaitExpression(call("aw", [at(), p.node.argument]));
        made.add(waited);
        p.replaceWith(call("r", [id(), waited]));
      },
      CatchClause(p) {
        p.node.body.body.unshift(resume(task));
      },
      TryStatement(p) {
        if (p.node.finalizer && !made.has(p.node)) p.node.finalizer.body.unshift(resume(task));
      },
      ForOfStatement(p) {
        if (!p.node.await || made.has(p.node)) return;
        made.add(p.node);
        p.node.right = call("fa", [at(), p.node.right]);
        const body = t.isBlockStatement(p.node.body) ? p.node.body : t.blockStatement([p.node.body]);
        body.body.unshift(resume(task));
        p.node.body = body;
        const stmt = t.isLabeledStatement(p.parent) ? p.parentPath : p;
        stmt.insertAfter(resume(task));
      },
    });
  }

  /** An async generator: its awaits are scheduling points of the task that consumes it. */
  function convertGenerator(fn: NodePath<Fn>): void {
    rewriteBody(fn, GEN, true);
    const body = fn.node.body as T.BlockStatement;
    body.body.unshift(t.variableDeclaration("let", [t.variableDeclarator(t.identifier(GEN), t.nullLiteral())]));
  }

  const resume = (task: string): T.ExpressionStatement => t.expressionStatement(call("c", [t.identifier(task)]));

  function simpleParams(fn: Fn): boolean {
    return fn.params.every((p) => t.isIdentifier(p) || (t.isRestElement(p) && t.isIdentifier(p.argument)));
  }

  function convert(fn: NodePath<Fn>, name: string): void {
    const node = fn.node;
    rewriteBody(fn, TASK, false);
    const body = t.isBlockStatement(node.body) ? node.body : t.blockStatement([t.returnStatement(node.body)]);
    const guarded = t.tryStatement(
      t.blockStatement(body.body),
      null,
      t.blockStatement([t.expressionStatement(call("fin", [t.identifier(TASK)]))]),
    );
    made.add(guarded);
    const simple = simpleParams(node);
    const innerParams = simple ? [t.identifier(TASK)] : [t.identifier(TASK), ...(node.params as T.ArrowFunctionExpression["params"])];
    const inner = t.arrowFunctionExpression(innerParams, t.blockStatement([guarded]), true);
    made.add(inner);
    const args: T.Expression[] = [t.stringLiteral(name), inner];
    if (!simple) {
      args.push(t.identifier(ARGS));
      node.params = [t.restElement(t.identifier(ARGS))];
    }
    const ret = t.returnStatement(call("task", args));
    node.async = false;
    node.body = t.blockStatement([ret], t.isBlockStatement(node.body) ? node.body.directives : []);
    body.directives = [];
  }

  return {
    name: "gosched-controlled-awaits",
    visitor: {
      Program: {
        exit(p) {
          p.traverse(
            {
              Function: {
                exit(fn) {
                  const node = fn.node;
                  if (!node.async || made.has(node)) return;
                  made.add(node);
                  if (node.generator) convertGenerator(fn);
                  else convert(fn, nameOf(t, fn));
                },
              },
              Identifier(id) {
                if (!TIMERS.has(id.node.name) || !id.isReferencedIdentifier()) return;
                if (id.scope.hasBinding(id.node.name, true)) return;
                if (t.isMemberExpression(id.parent) && id.parent.property === id.node && !id.parent.computed) return;
                id.replaceWith(rt(id.node.name));
              },
              MemberExpression(m) {
                rewriteMember(t, m, rt);
              },
              CallExpression(c) {
                if (requiresTimersPromises(t, c)) return void c.replaceWith(rt("timersPromises"));
                if (made.has(c.node)) return;
                const kind = derives(t, c);
                if (kind === null) return;
                made.add(c.node);
                gateSources(t, c.node, kind, call);
                c.replaceWith(call("d", [c.node]));
              },
            },
            undefined,
          );
          p.unshiftContainer("body", runtimeImport(t, p.node.sourceType === "module"));
        },
      },
    },
  };
}

/** `Date.now`, `performance.now`, `globalThis.setTimeout`…: the runtime's, when the object is the global one. */
function rewriteMember(t: typeof T, m: NodePath<T.MemberExpression>, rt: (name: string) => T.MemberExpression): void {
  const { object, property, computed } = m.node;
  if (computed || !t.isIdentifier(object) || !t.isIdentifier(property)) return;
  if (m.scope.hasBinding(object.name, true)) return;
  if (object.name === "AbortSignal" && property.name === "timeout") {
    if (t.isAssignmentExpression(m.parent) && m.parent.left === m.node) return;
    m.replaceWith(rt("abortTimeout"));
    return;
  }
  if (NOW[object.name] !== undefined && property.name === "now") {
    if (t.isAssignmentExpression(m.parent) && m.parent.left === m.node) return;
    m.replaceWith(rt(NOW[object.name]!));
    return;
  }
  if (GLOBALS.has(object.name) && TIMERS.has(property.name)) {
    if (t.isAssignmentExpression(m.parent) && m.parent.left === m.node) return;
    m.replaceWith(rt(property.name));
  }
}

/** `require("timers/promises")` (what TypeScript and Babel make of its import). */
function requiresTimersPromises(t: typeof T, c: NodePath<T.CallExpression>): boolean {
  const [arg] = c.node.arguments;
  return (
    t.isIdentifier(c.node.callee, { name: "require" }) &&
    !c.scope.hasBinding("require", true) &&
    t.isStringLiteral(arg) &&
    (arg.value === "timers/promises" || arg.value === "node:timers/promises")
  );
}

const CHAIN = new Set(["then", "catch", "finally"]);
const COMBINE = new Set(["all", "allSettled", "race", "any"]);

/** `p.then(…)`, `p.catch(…)`, `p.finally(…)` ("chain"), `Promise.all(…)` and the other combinators ("combine"). */
function derives(t: typeof T, c: NodePath<T.CallExpression>): "chain" | "combine" | null {
  const callee = c.node.callee;
  if (!t.isMemberExpression(callee) || callee.computed || !t.isIdentifier(callee.property)) return null;
  if (CHAIN.has(callee.property.name)) return t.isSuper(callee.object) ? null : "chain";
  const combine = t.isIdentifier(callee.object, { name: "Promise" }) && COMBINE.has(callee.property.name) && !c.scope.hasBinding("Promise", true);
  return combine ? "combine" : null;
}

/** The promise a derived one comes from goes through `R.s` (`R.sa` for a combinator's list): a leaf is gated. */
function gateSources(t: typeof T, node: T.CallExpression, kind: "chain" | "combine", call: (name: string, args: T.Expression[]) => T.CallExpression): void {
  const callee = node.callee as T.MemberExpression;
  if (kind === "chain") {
    callee.object = call("s", [callee.object as T.Expression]);
    return;
  }
  const [first] = node.arguments;
  if (first !== undefined && t.isExpression(first)) node.arguments[0] = call("sa", [first]);
}

function runtimeImport(t: typeof T, esm: boolean): T.Statement {
  const source = t.stringLiteral("gosched/_runtime");
  if (esm) return t.importDeclaration([t.importNamespaceSpecifier(t.identifier(RUNTIME))], source);
  const req = t.callExpression(t.identifier("require"), [source]);
  return t.variableDeclaration("const", [t.variableDeclarator(t.identifier(RUNTIME), req)]);
}

/** The name reports give the task: the function's, the method's (with its class), or the variable's it is assigned to. */
function nameOf(t: typeof T, fn: NodePath<Fn>): string {
  const node = fn.node;
  if ((t.isFunctionDeclaration(node) || t.isFunctionExpression(node)) && node.id) return node.id.name;
  if (t.isObjectMethod(node) || t.isClassMethod(node) || t.isClassPrivateMethod(node)) {
    const key = keyName(t, node.key);
    const cls = fn.parentPath.parentPath;
    const owner = cls !== null && t.isClass(cls.node) && cls.node.id ? cls.node.id.name : null;
    return owner === null ? key : `${owner}.${key}`;
  }
  const parent = fn.parent;
  if (t.isVariableDeclarator(parent) && t.isIdentifier(parent.id)) return parent.id.name;
  if (t.isAssignmentExpression(parent)) {
    if (t.isIdentifier(parent.left)) return parent.left.name;
    if (t.isMemberExpression(parent.left) && !parent.left.computed) return keyName(t, parent.left.property);
  }
  if ((t.isObjectProperty(parent) || t.isClassProperty(parent)) && !parent.computed) return keyName(t, parent.key);
  return "async function";
}

function keyName(t: typeof T, key: T.Node): string {
  if (t.isIdentifier(key)) return key.name;
  if (t.isStringLiteral(key)) return key.value;
  if (t.isPrivateName(key)) return `#${key.id.name}`;
  return "async method";
}

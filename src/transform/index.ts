import { transformSync } from "@babel/core";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { instrumentPlugin } from "./instrument";

/**
 * `gosched/transform`: a Jest transformer that runs the user's transformer (ts-jest,
 * babel-jest, @swc/jest…; babel-jest by default), then instruments the JavaScript it
 * returns for controlled awaits (instrument.ts), chaining the source maps so that stack
 * traces and gosched's locations point at the user's source.
 *
 *     transform: { "^.+\\.tsx?$": ["gosched/transform", { transformer: "ts-jest", tsconfig: "tsconfig.json" }] }
 *
 * Every option but `transformer` goes to the inner transformer. gosched's own files are
 * never instrumented, wherever they are (node_modules, `npm link`, a workspace): they are
 * recognised by the real path of the gosched package itself.
 */

interface TransformOptions {
  readonly transformerConfig?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

interface Inner {
  process?(src: string, file: string, options: TransformOptions): TransformResult | string;
  processAsync?(src: string, file: string, options: TransformOptions): Promise<TransformResult | string>;
  getCacheKey?(src: string, file: string, options: TransformOptions): string;
  getCacheKeyAsync?(src: string, file: string, options: TransformOptions): Promise<string>;
}

interface TransformResult {
  code: string;
  map?: unknown;
}

interface Factory {
  createTransformer?(config?: Record<string, unknown>): Inner;
}

/** The gosched package's own source and build, by real path. */
const OWN = ((): string[] => {
  const root = fs.realpathSync(path.resolve(__dirname, "..", ".."));
  return [path.join(root, "src") + path.sep, path.join(root, "dist") + path.sep];
})();

const SELF = createHash("sha1")
  .update(fs.readFileSync(path.join(__dirname, `instrument${path.extname(__filename)}`)))
  .update(fs.readFileSync(__filename))
  .digest("hex");

/** True when `file` is part of gosched itself (never instrumented). */
export function isOwnFile(file: string): boolean {
  const real = realPath(path.resolve(file));
  return OWN.some((dir) => real.startsWith(dir));
}

/** The real path of `file`, resolving links in its nearest existing ancestor when it does not exist. */
function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    const parent = path.dirname(file);
    return parent === file ? file : path.join(realPath(parent), path.basename(file));
  }
}

function split(config: Record<string, unknown> | undefined): { name: string; rest: Record<string, unknown> } {
  const { transformer, ...rest } = config ?? {};
  if (transformer !== undefined && typeof transformer !== "string") {
    throw new TypeError(`Expected \`transformer\` to be a module name such as "ts-jest", got \`${String(transformer)}\` (${typeof transformer})`);
  }
  return { name: transformer ?? "babel-jest", rest };
}

function load(name: string, rest: Record<string, unknown>, rootDir: string): Inner {
  let mod: unknown;
  try {
    mod = require(require.resolve(name, { paths: [rootDir, process.cwd(), __dirname] }));
  } catch (error) {
    throw new Error(`gosched/transform could not load the transformer "${name}": install it, or name another with the \`transformer\` option (${String(error)})`);
  }
  const factory = ((mod as { default?: unknown }).default ?? mod) as Factory & Inner;
  return typeof factory.createTransformer === "function" ? factory.createTransformer(rest) : factory;
}

function rootOf(options: TransformOptions): string {
  const config = options.config as { rootDir?: string } | undefined;
  return config?.rootDir ?? process.cwd();
}

/** The options the inner transformer sees: its own config in place of ours. */
function forInner(options: TransformOptions, rest: Record<string, unknown>): TransformOptions {
  return { ...options, transformerConfig: rest };
}

function normalise(out: TransformResult | string): TransformResult {
  return typeof out === "string" ? { code: out } : out;
}

function inputMap(map: unknown): object | boolean {
  if (map === undefined || map === null) return true;
  if (typeof map === "string") return map === "" ? true : (JSON.parse(map) as object);
  return map as object;
}

/** The helpers TypeScript, Babel, regenerator, swc and esbuild lower async functions to. */
const DOWNLEVELLED = /\b(__awaiter|_asyncToGenerator|_async_to_generator|regeneratorRuntime|__asyncGenerator|__async)\b/;

/** Refuse async code that the inner transformer turned into generators: nothing would be controlled. */
export function checkNotDownlevelled(src: string, code: string, file: string, name: string): void {
  if (!/\b(async|await)\b/.test(src) || !DOWNLEVELLED.test(code) || DOWNLEVELLED.test(src)) return;
  const fix =
    name === "ts-jest"
      ? 'set "target" to "ES2017" or later in the tsconfig that ts-jest uses'
      : name === "vite"
        ? 'set the "oxc" (or "esbuild") target in the Vite config to "es2017" or later, and remove any plugin that lowers async functions'
      : name === "@swc/jest"
        ? 'set "jsc.target" to "es2017" or later in the @swc/jest options (or .swcrc)'
      : name === "babel-jest"
        ? 'target a runtime with native async functions (for example @babel/preset-env with targets: { node: "current" }), or exclude "transform-async-to-generator"'
        : "configure it to keep native async/await (an ES2017 or later target)";
  throw new Error(
    `gosched/transform: ${name} turned the async functions of ${path.relative(process.cwd(), file)} into generator ` +
      `helpers, so gosched cannot control their awaits. To fix it, ${fix}.`,
  );
}

/** Instrument `code` (the inner transformer's output for `file`). */
export function instrument(code: string, file: string, map?: unknown): TransformResult {
  const out = transformSync(code, {
    filename: file,
    babelrc: false,
    configFile: false,
    compact: false,
    sourceType: "unambiguous",
    inputSourceMap: inputMap(map) as never,
    sourceMaps: "both",
    plugins: [instrumentPlugin],
  });
  if (out === null || out.code === null || out.code === undefined) return { code, map };
  return { code: out.code, map: out.map ?? undefined };
}

function finish(src: string, file: string, name: string, result: TransformResult): TransformResult {
  // node_modules runs atomically between scheduling points (as under gosched/vite), also
  // a package that transformIgnorePatterns lets Jest transform (an ESM-only one).
  if (isOwnFile(file) || file.split(path.sep).includes("node_modules")) return result;
  checkNotDownlevelled(src, result.code, file, name);
  return instrument(result.code, file, result.map);
}

function create(config?: Record<string, unknown>) {
  const { name, rest } = split(config);
  let inner: Inner | null = null;
  const get = (options: TransformOptions): Inner => (inner ??= load(name, rest, rootOf(options)));
  return {
    canInstrument: false,
    getCacheKey(src: string, file: string, options: TransformOptions): string {
      const i = get(options);
      const base = i.getCacheKey ? i.getCacheKey(src, file, forInner(options, rest)) : createHash("sha1").update(src).update(file).digest("hex");
      return createHash("sha1").update(base).update(SELF).update(name).digest("hex");
    },
    process(src: string, file: string, options: TransformOptions): TransformResult {
      const i = get(options);
      if (i.process === undefined) throw new Error(`gosched/transform: the transformer "${name}" has no synchronous process()`);
      return finish(src, file, name, normalise(i.process(src, file, forInner(options, rest))));
    },
    async processAsync(src: string, file: string, options: TransformOptions): Promise<TransformResult> {
      const i = get(options);
      const out = i.processAsync ? await i.processAsync(src, file, forInner(options, rest)) : i.process!(src, file, forInner(options, rest));
      return finish(src, file, name, normalise(out));
    },
  };
}

const transformer = { createTransformer: create };
export default transformer;
export { create as createTransformer };

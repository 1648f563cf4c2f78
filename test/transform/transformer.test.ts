/** gosched/transform as Jest calls it: the inner transformer, refusals, and what is never instrumented. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkNotDownlevelled, createTransformer, isOwnFile } from "../../src/transform/index";
import { timersPromises } from "../../src/transform/timers";

const root = path.resolve(__dirname, "../..");
const options = (key: string) =>
  ({
    config: { rootDir: root, cwd: root, globals: { key }, testMatch: [], testRegex: [], moduleFileExtensions: ["ts", "js"], transform: [] },
    cacheFS: new Map(),
    configString: key,
  }) as never;
const ASYNC_TS = "export async function f(): Promise<number> { await null; return 1 }\n";

test("ts-jest with a target below ES2017 is refused, naming the setting to change", () => {
  const t = createTransformer({ transformer: "ts-jest", isolatedModules: true, tsconfig: { target: "ES2015", module: "commonjs" } });
  expect(() => t.process(ASYNC_TS, path.join(root, "test/x.ts"), options("es2015"))).toThrow(
    /ts-jest turned the async functions of test\/x\.ts into generator helpers.*set "target" to "ES2017" or later/,
  );
});

test("ts-jest with an ES2017+ target is instrumented", () => {
  const t = createTransformer({ transformer: "ts-jest", isolatedModules: true, tsconfig: { target: "ES2022", module: "commonjs" } });
  const { code } = t.process(ASYNC_TS, path.join(root, "test/x.ts"), options("es2022"));
  expect(code).toContain('require("gosched/_runtime")');
  expect(code).toContain('__gosched.task("f"');
  expect(code).toContain("sourceMappingURL=data:application/json");
});

test("babel-jest (the default) downlevelling async functions is refused, naming the plugin", () => {
  const t = createTransformer({ babelrc: false, configFile: false, plugins: ["@babel/plugin-transform-async-to-generator"] });
  expect(() => t.process("async function f() { await null }", path.join(root, "test/y.js"), options("b1"))).toThrow(
    /babel-jest turned the async functions.*"transform-async-to-generator"/,
  );
});

test("babel-jest keeping native async is instrumented; every other option reaches it", () => {
  const t = createTransformer({ babelrc: false, configFile: false, plugins: [] });
  const { code } = t.process("async function f() { await null }", path.join(root, "test/y.js"), options("b2"));
  expect(code).toContain("__gosched.aw(__gosched_t, null)");
});

test("a transformer that cannot be loaded gets a clear error", () => {
  const t = createTransformer({ transformer: "no-such-transformer" });
  expect(() => t.process("x", path.join(root, "test/y.js"), options("b3"))).toThrow(/could not load the transformer "no-such-transformer"/);
  expect(() => createTransformer({ transformer: 3 })).toThrow(TypeError);
});

test("gosched itself is never instrumented, also when linked outside node_modules", () => {
  expect(isOwnFile(path.join(root, "src/index.ts"))).toBe(true);
  expect(isOwnFile(path.join(root, "test/transform/transformer.test.ts"))).toBe(false);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gosched-link-"));
  fs.symlinkSync(root, path.join(dir, "linked"));
  expect(isOwnFile(path.join(dir, "linked/src/runtime/execution.ts"))).toBe(true);
  const t = createTransformer({ babelrc: false, configFile: false });
  const src = "async function f() { await null }";
  expect(t.process(src, path.join(dir, "linked/src/x.js"), options("b4")).code).not.toContain("__gosched");
});

test("@swc/jest and esbuild helpers count as downlevelled too (swc names jsc.target)", () => {
  const swcOut = "function f() { return _f.apply(this, arguments) } function _f() { _f = _async_to_generator(function*() { yield null }); }";
  expect(() => checkNotDownlevelled("async function f() { await null }", swcOut, path.join(root, "test/s.js"), "@swc/jest")).toThrow(
    /@swc\/jest turned the async functions of test\/s\.js into generator helpers.*"jsc\.target"/,
  );
  const esbuildOut = "var f = () => __async(this, null, function* () { yield null; });";
  expect(() => checkNotDownlevelled("const f = async () => { await null }", esbuildOut, path.join(root, "test/e.js"), "vite")).toThrow(/generator helpers/);
});

test("a package in node_modules that Jest is told to transform is not instrumented", () => {
  const t = createTransformer({ babelrc: false, configFile: false });
  const src = "async function f() { await null }";
  expect(t.process(src, path.join(root, "node_modules/p-limit/index.js"), options("b5")).code).not.toContain("__gosched");
});

test("node:timers/promises in transformed code keeps the rest of Node's module", () => {
  expect(typeof timersPromises.setInterval).toBe("function");
  expect(typeof timersPromises.scheduler.wait).toBe("function");
});

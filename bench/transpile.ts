import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import * as ts from "typescript";

/**
 * Plain JavaScript copies of `src/` and `bench/`, for a child process that must not
 * load the TypeScript compiler (it would add some 100 MB to the resident memory being
 * measured). Each file is transpiled with the project's compiler options, as ts-node's
 * transpile-only mode does, so the code is the same. The copies go under
 * `node_modules/.cache/`, from where the project's dependencies still resolve.
 */

const ROOT = join(__dirname, "..");
export const JS_OUT = join(ROOT, "node_modules", ".cache", "gosched-bench");

function options(): ts.CompilerOptions {
  const file = join(ROOT, "tsconfig.json");
  const read = ts.readConfigFile(file, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT);
  return { ...parsed.options, sourceMap: false, inlineSourceMap: false, declaration: false, noEmit: false };
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Transpile `src/` and `bench/` into {@link JS_OUT}; the output path of `file` (a .ts path). */
export function transpileProject(): (file: string) => string {
  const compilerOptions = options();
  const outPath = (file: string): string => join(JS_OUT, relative(ROOT, file)).replace(/\.ts$/, ".js");
  for (const file of [...tsFiles(join(ROOT, "src")), ...tsFiles(join(ROOT, "bench"))]) {
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), { compilerOptions, fileName: file });
    mkdirSync(dirname(outPath(file)), { recursive: true });
    writeFileSync(outPath(file), outputText);
  }
  return outPath;
}

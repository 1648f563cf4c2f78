import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FailureStore, savingEnabled, storePathFor } from "../../src/jest/saved-failures";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gosched-store-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const failure = (n: number) => ({ replay: `gs1.s.1.${n}.r`, kind: "race", message: `race ${n}` });

test("a test file's failures live in __gosched__/<file name>.json next to it", () => {
  expect(storePathFor("/p/test/bank.test.ts")).toBe(path.join("/p/test/__gosched__", "bank.test.ts.json"));
});

test("saved failures read back by key, newest first, each saved once", () => {
  const store = new FailureStore(storePathFor(path.join(dir, "a.test.ts")));
  expect(store.get("t › toBeRaceFree 1")).toEqual([]);
  expect(store.add("t › toBeRaceFree 1", failure(1))).toBe(true);
  expect(store.add("t › toBeRaceFree 1", failure(2))).toBe(true);
  expect(store.add("t › toBeRaceFree 1", failure(1))).toBe(false);
  expect(store.get("t › toBeRaceFree 1")).toEqual([failure(2), failure(1)]);
  expect(new FailureStore(store.file).get("t › toBeRaceFree 1")).toEqual([failure(2), failure(1)]);
});

test("at most ten failures are kept per key, the newest", () => {
  const store = new FailureStore(path.join(dir, "__gosched__/a.json"));
  for (let i = 0; i < 12; i++) store.add("k", failure(i));
  expect(store.get("k").map((f) => f.message)).toEqual(Array.from({ length: 10 }, (_, i) => `race ${11 - i}`));
});

test("the file is sorted by key and every write replaces it whole, leaving no temporary file", () => {
  const store = new FailureStore(path.join(dir, "__gosched__/a.json"));
  store.add("b", failure(1));
  store.add("a", failure(2));
  expect(Object.keys(JSON.parse(fs.readFileSync(store.file, "utf8")).failures)).toEqual(["a", "b"]);
  expect(fs.readdirSync(path.dirname(store.file))).toEqual(["a.json"]);
});

test("dropping the last failure removes the file and the empty __gosched__ folder", () => {
  const store = new FailureStore(path.join(dir, "__gosched__/a.json"));
  store.add("a", failure(1));
  store.add("b", failure(2));
  store.drop("a", failure(1).replay);
  expect(Object.keys(store.read())).toEqual(["b"]);
  store.drop("b", "not saved");
  expect(store.get("b")).toHaveLength(1);
  store.drop("b", failure(2).replay);
  expect(fs.existsSync(path.join(dir, "__gosched__"))).toBe(false);
});

test("a damaged file reads as empty and is replaced by the next save", () => {
  const file = path.join(dir, "__gosched__/a.json");
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, '{"version": 1, "failures": {"k": [{"replay": "gs1');
  const store = new FailureStore(file);
  expect(store.read()).toEqual({});
  store.add("k", failure(1));
  expect(store.get("k")).toEqual([failure(1)]);
});

test("GOSCHED_SAVE_FAILURES=0, false or off turns saving off", () => {
  expect(savingEnabled({})).toBe(true);
  expect(savingEnabled({ GOSCHED_SAVE_FAILURES: "1" })).toBe(true);
  for (const v of ["0", "false", "OFF"]) expect(savingEnabled({ GOSCHED_SAVE_FAILURES: v })).toBe(false);
});

describe("the store under concurrent writers and hostile files", () => {
  test("three processes writing one store at once lose no entry", async () => {
    const file = path.join(dir, "__gosched__/shared.test.ts.json");
    const src = path.resolve(__dirname, "../../src/jest/saved-failures.ts");
    const script =
      `const { FailureStore } = require(${JSON.stringify(src)});` +
      `const s = new FailureStore(${JSON.stringify(file)});` +
      `for (let i = 0; i < 150; i++) s.add("p" + process.argv[1] + " k" + i, { replay: "gs1.s.1.0.r", kind: "race", message: "m" });`;
    const { execFile } = await import("child_process");
    const run = (n: number) =>
      new Promise<void>((resolve, reject) =>
        execFile(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script, String(n)], { cwd: path.resolve(__dirname, "../..") }, (e) =>
          e === null ? resolve() : reject(e),
        ),
      );
    await Promise.all([run(1), run(2), run(3)]);
    expect(Object.keys(new FailureStore(file).read())).toHaveLength(450);
    expect(fs.readdirSync(path.dirname(file))).toEqual(["shared.test.ts.json"]);
  }, 120_000);

  test("a symbolic link planted where a temporary file would go is not followed", () => {
    const file = path.join(dir, "__gosched__/a.test.ts.json");
    fs.mkdirSync(path.dirname(file));
    const target = path.join(dir, "victim.txt");
    fs.writeFileSync(target, "precious");
    for (let n = 1; n <= 50; n++) fs.symlinkSync(target, `${file}.${process.pid}.${n}.tmp`);
    const store = new FailureStore(file);
    for (let i = 0; i < 5; i++) store.add("k", failure(i));
    expect(fs.readFileSync(target, "utf8")).toBe("precious");
    expect(store.get("k")).toHaveLength(5);
  });

  test("a __gosched__ folder that is a symbolic link is never written through", () => {
    const outside = path.join(dir, "outside");
    fs.mkdirSync(outside);
    fs.mkdirSync(path.join(dir, "project"));
    fs.symlinkSync(outside, path.join(dir, "project/__gosched__"));
    const store = new FailureStore(storePathFor(path.join(dir, "project/a.test.ts")));
    expect(() => store.add("k", failure(1))).toThrow(/is a symbolic link: gosched does not write saved failures through it/);
    expect(fs.readdirSync(outside)).toEqual([]);
  });
});

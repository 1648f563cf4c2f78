import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/jest/failures-cli";
import { FailureStore, storePathFor } from "../../src/jest/saved-failures";

let dir: string;
let out: string[];
let err: string[];
const io = () => ({ out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd: dir });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gosched-cli-"));
  out = [];
  err = [];
  new FailureStore(storePathFor(path.join(dir, "test/bank.test.ts"))).add("withdraws › toBeRaceFree 1", {
    replay: "gs1.s.9.abc.rAA",
    kind: "race",
    message: 'data race on Shared "balance"',
  });
  new FailureStore(storePathFor(path.join(dir, "test/deep/queue.test.ts"))).add("drains › toBeDeadlockFree 1", {
    replay: "gs1.s.4.def.r",
    kind: "deadlock",
    message: "all goroutines are asleep - deadlock!",
  });
  const hidden = storePathFor(path.join(dir, "node_modules/lib/x.test.ts"));
  new FailureStore(hidden).add("k", { replay: "gs1.s.1.1.r", kind: "leak", message: "leak" });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("`list` shows every saved failure under the current folder, by file and test, skipping node_modules", () => {
  expect(main(["list"], io())).toBe(0);
  expect(out).toEqual([
    path.join("test/__gosched__/bank.test.ts.json"),
    "  withdraws › toBeRaceFree 1",
    '    data race on Shared "balance"',
    '      replay: "gs1.s.9.abc.rAA"',
    path.join("test/deep/__gosched__/queue.test.ts.json"),
    "  drains › toBeDeadlockFree 1",
    "    all goroutines are asleep - deadlock!",
    '      replay: "gs1.s.4.def.r"',
    "2 saved failures. Delete them with: npx gosched-failures clear",
  ]);
});

test("`list` and `clear` take folders or test files", () => {
  main(["list", "test/deep/queue.test.ts"], io());
  expect(out[0]).toBe(path.join("test/deep/__gosched__/queue.test.ts.json"));
  expect(out[out.length - 1]).toBe("1 saved failure. Delete them with: npx gosched-failures clear");
  out = [];
  expect(main(["clear", "test/deep"], io())).toBe(0);
  expect(out).toEqual(["Deleted 1 saved failure in 1 file."]);
  expect(fs.existsSync(path.join(dir, "test/deep/__gosched__"))).toBe(false);
  expect(fs.existsSync(path.join(dir, "test/__gosched__/bank.test.ts.json"))).toBe(true);
});

test("`clear` deletes every saved failure and its folder; `list` then finds none", () => {
  main(["clear"], io());
  expect(out).toEqual(["Deleted 2 saved failures in 2 files."]);
  expect(fs.existsSync(path.join(dir, "test/__gosched__"))).toBe(false);
  out = [];
  main(["list"], io());
  expect(out).toEqual(["No saved failures."]);
});

test("an unknown or missing command prints the usage and exits with 2", () => {
  expect(main(["purge"], io())).toBe(2);
  expect(err[0]).toMatch(/^Unknown command `purge`\.\n\nUsage: gosched-failures <command> \[path…\]/);
  expect(main([], io())).toBe(2);
  expect(main(["--help"], io())).toBe(0);
  expect(out[0]).toMatch(/^Usage: gosched-failures/);
});

test("`clear` also deletes the timeline pages, of a folder or of one test file", () => {
  const pages = path.join(dir, "test/__gosched__");
  fs.writeFileSync(path.join(pages, "bank.test.ts.withdraws-toBeRaceFree-1-0123abcd.html"), "<!doctype html>");
  fs.writeFileSync(path.join(pages, "other.test.ts.k-0123abcd.html"), "<!doctype html>");
  main(["clear", "test/bank.test.ts"], io());
  expect(out).toEqual(["Deleted 1 saved failure in 1 file and 1 timeline page."]);
  expect(fs.readdirSync(pages)).toEqual(["other.test.ts.k-0123abcd.html"]);
  out = [];
  main(["clear", "test"], io());
  expect(out).toEqual(["Deleted 1 saved failure in 1 file and 1 timeline page."]);
  expect(fs.existsSync(pages)).toBe(false);
});

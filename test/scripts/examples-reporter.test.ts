// eslint-disable-next-line @typescript-eslint/no-require-imports
const { summarise } = require("../../scripts/examples-reporter.js") as {
  summarise(finding: { call: string; text: string }, seed: string): string;
};

const hint = "expect(program).not.toBeRaceFree()\n\n";

test("the examples reporter says (every schedule) only for a search that covered every schedule", () => {
  const proof = `${hint}Expected a data race, but no execution had one.\n\nExplored 20 of 1000 schedules · strategy dfs · seed 1\nThat is every schedule.`;
  expect(summarise({ call: "toBeRaceFree", text: proof }, "1")).toContain("(every schedule)");
  const bounded =
    `${hint}Expected a data race, but no execution had one.\n\nExplored 2 of 1000 schedules · strategy dfs · seed 1\n` +
    "That is every schedule with at most 0 preemptions (preemptionBound 0), not every schedule: what needs more preemptions was not explored.";
  const line = summarise({ call: "toBeRaceFree", text: bounded }, "1");
  expect(line).not.toContain("(every schedule)");
  expect(line).toContain("(only schedules with at most 0 preemptions)");
});

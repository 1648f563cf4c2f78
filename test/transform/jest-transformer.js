// The repository's own tests load gosched/transform from its TypeScript source.
require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
module.exports = require("../../src/transform/index.ts");

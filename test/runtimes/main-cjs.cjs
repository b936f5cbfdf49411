// Node through `require`: the CommonJS build, chosen by the `require` condition.
const lib = require('huaweicloud-signer');
const { reportLines, runAll } = require('./entry.ts');

runAll(lib).then(
  (result) => {
    for (const line of reportLines(result)) console.log(line);
    if (result.failed > 0 || result.passed !== result.total) process.exitCode = 1;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);

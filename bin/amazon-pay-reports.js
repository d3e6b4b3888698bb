#!/usr/bin/env node
'use strict';
// CommonJS (see bin/package.json): Node starts a CommonJS entry sooner than an ES module, and
// `--version` costs little more than that start (bench/cli.bench.js). Everything else is ESM.
const args = process.argv.slice(2);

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // The version alone needs neither commander nor the CLI.
  process.stdout.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  void import('../dist/cli/main.js').then(async ({ main }) => {
    process.exitCode = await main(args);
  });
}

#!/usr/bin/env node
'use strict';
// CommonJS (see bin/package.json): Node starts a CommonJS entry sooner than an ES module, and
// `--version` and the top-level help cost little more than that start (bench/cli.bench.js).
// Everything else is ESM.
const args = process.argv.slice(2);

/** Writes an answer that needs no CLI; a reader that has gone (`| head`) is no error, as in the CLI. */
function answer(stream, text) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
  stream.write(text);
}

/** The top-level help without the CLI where it can; false when the CLI must run. */
function printedTopLevelHelp() {
  // What src/cli/main.ts answers with the top-level help: these on stdout (exit 0), the bare
  // command on stderr as a usage error (exit 2).
  const bare = args.length === 0;
  if (!bare && !(args.length === 1 && ['--help', '-h', 'help'].includes(args[0]))) return false;
  const stream = bare ? process.stderr : process.stdout;
  const text = require('./recorded-help.js').recordedHelp(stream);
  if (text === undefined) return false;
  answer(stream, text);
  if (bare) process.exitCode = 2;
  return true;
}

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // The version alone needs neither commander nor the CLI.
  answer(process.stdout, `${require('../package.json').version}\n`);
} else if (!printedTopLevelHelp()) {
  void import('../dist/cli/main.js').then(async ({ main }) => {
    process.exitCode = await main(args);
  });
}

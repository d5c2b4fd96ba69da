#!/usr/bin/env node
// cg-responder: the CLI's entry point. Everything but the process wiring is in run-cli.ts, so
// tests can run the CLI in-process.
import { describeFailure } from './describe-failure.js';
import { runCli } from './run-cli.js';

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cg-responder: unexpected failure: ${describeFailure(error)}\n`);
    process.exitCode = 1;
  },
);

#!/usr/bin/env node
// cg-responder: the CLI's composition root. Dispatches to one command per file.
import type { Command, CommandIo } from './command.js';
import { doctorCommand } from './commands/doctor.js';
import { emulatorCommand } from './commands/emulator.js';
import { policyCommand } from './commands/policy.js';
import { replayCommand } from './commands/replay.js';
import { UsageError } from './usage-error.js';

const COMMANDS: readonly Command[] = [replayCommand, emulatorCommand, policyCommand, doctorCommand];

const USAGE = [
  'Usage: cg-responder <command> [options]',
  '',
  'Commands:',
  ...COMMANDS.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`),
  '',
  'Run cg-responder <command> --help for the options of one command.',
].join('\n');

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    io.stderr.write(`cg-responder: missing command\n\n${USAGE}\n`);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`cg-responder: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`cg-responder ${command.name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cg-responder: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

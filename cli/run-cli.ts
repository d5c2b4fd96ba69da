import packageJson from '../package.json' with { type: 'json' };
import type { CommandEntry, CommandIo } from './command.js';
import { closestMatch } from './did-you-mean.js';
import { CommandFailedError } from './errors/command-failed-error.js';
import { UsageError } from './usage-error.js';

/**
 * The commands, each loaded when it runs: `--version`, `--help`, a usage error or `policy` do not
 * pay for loading the OCI SDK, the emulator and the responder (docs/performance.md has the times).
 */
const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'replay',
    summary: 'replay captured events against the emulator (default), a tenancy read-only, or live',
    load: async () => (await import('./commands/replay.js')).replayCommand,
  },
  {
    name: 'emulator',
    summary: 'run the local OCI emulator and write an OCI config for it',
    load: async () => (await import('./commands/emulator.js')).emulatorCommand,
  },
  {
    name: 'rotate-secret',
    summary: "run OCI Vault's scheduled rotation of secrets through the Function (embedded emulator by default)",
    load: async () => (await import('./commands/rotate-secret.js')).rotateSecretCommand,
  },
  {
    name: 'policy',
    summary: 'print the dynamic group, least-privilege policy and Events rule for the Function',
    load: async () => (await import('./commands/policy.js')).policyCommand,
  },
  {
    name: 'doctor',
    summary: 'read-only preflight: is the tenancy ready for the Function (policy, topic, vaults)?',
    load: async () => (await import('./commands/doctor.js')).doctorCommand,
  },
];

const USAGE = [
  'Usage: cg-responder <command> [options]',
  '',
  'Commands:',
  ...COMMANDS.map((command) => `  ${command.name.padEnd(13)} ${command.summary}`),
  '',
  'Options: --help, --version',
  'Run cg-responder <command> --help for the options of one command.',
].join('\n');

export const CLI_VERSION: string = packageJson.version;

/**
 * The whole CLI as a function of its arguments: resolves to the exit code. A usage error is one
 * line naming the mistake and one hint line (never the whole help again), exit code 2.
 */
export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name)
    return usageError(
      io,
      'cg-responder',
      'missing command',
      `commands: ${COMMANDS.map((command) => command.name).join(', ')}; see cg-responder --help`,
    );
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout.write(`cg-responder ${CLI_VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS.find((candidate) => candidate.name === name);
  if (!entry) {
    const known = [...COMMANDS.map((candidate) => candidate.name), 'help', 'version'];
    const suggestion = closestMatch(name.replace(/^-+/, ''), known);
    const hint = suggestion
      ? `did you mean "${suggestion}"?`
      : `commands: ${COMMANDS.map((candidate) => candidate.name).join(', ')}; see cg-responder --help`;
    return usageError(io, 'cg-responder', name.startsWith('-') ? `unknown option ${name}` : `unknown command "${name}"`, hint);
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError)
      return usageError(
        io,
        `cg-responder ${command.name}`,
        error.message,
        error.hint ?? flagHelp(command.usage, error.flag) ?? `see cg-responder ${command.name} --help`,
      );
    if (error instanceof CommandFailedError) {
      io.stderr.write(`cg-responder ${command.name}: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`);
      return 1;
    }
    throw error;
  }
}

/** The help line of one option (`--timeout <seconds> …`, with its continuation lines), so a flag's error and its help say the same. */
function flagHelp(usage: string, flag: string | null): string | null {
  if (flag === null) return null;
  const lines = usage.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^\\s+--${flag}(\\s|$)`).test(line));
  if (start < 0) return null;
  const indent = /^\s*/.exec(lines[start] ?? '')?.[0].length ?? 0;
  const block = [lines[start] ?? ''];
  for (const line of lines.slice(start + 1)) {
    if (!/^\s+\S/.test(line) || /^\s*--/.test(line) || (/^\s*/.exec(line)?.[0].length ?? 0) <= indent) break;
    block.push(line);
  }
  return `usage: ${block.map((line) => line.trim().replace(/\s{2,}/g, '  ')).join(' ')}`;
}

function usageError(io: CommandIo, who: string, message: string, hint: string): number {
  io.stderr.write(`${who}: ${message}\n  ${hint}\n`);
  return 2;
}

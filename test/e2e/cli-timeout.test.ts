import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSampleTenancy } from '../../emulator/index.js';
import { runCliInProcess } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const authTokenEvent = join(ROOT, 'events', 'cloudguard', 'problem-remediated.auth-token-too-old.json');

describe('CLI: every event has a deadline, like the Function', () => {
  let workDir: string;

  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'cgr-cli-timeout-'));
  });
  afterEach(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('stops a rotation that outlasts --timeout, says where, and still reports', async () => {
    // Prepare: new tokens take two minutes to turn ACTIVE in this tenancy.
    const state = createSampleTenancy();
    state.settings.credentialActivationDelayMs = 120_000;
    const stateFile = join(workDir, 'slow.json');
    await writeFile(stateFile, JSON.stringify(state));

    // Act
    const result = await runCliInProcess(['replay', authTokenEvent, '--state', stateFile, '--timeout', '20', '--json']);

    // Assess
    expect(result.code).toBe(1);
    const outcome = JSON.parse(result.stdout.trim()) as {
      status: string;
      step: string;
      reason: string;
      notification: { published: boolean };
    };
    expect(outcome.status).toBe('failed');
    expect(outcome.step).toBe('wait-active');
    expect(outcome.reason).toBe("The invocation's deadline was reached during step wait-active.");
    expect(outcome.notification.published).toBe(true);
  });

  it('refuses a --timeout it cannot honour in two lines: the mistake, then the help line that states the same range', async () => {
    // Act
    const result = await runCliInProcess(['replay', authTokenEvent, '--timeout', '900']);
    const help = await runCliInProcess(['replay', '--help']);

    // Assess
    expect(result.code).toBe(2);
    const [error, hint, rest] = result.stderr.split('\n');
    expect(error).toBe('cg-responder replay: --timeout must be whole seconds from 5 to 300 (got "900")');
    expect(hint).toMatch(/^ {2}usage: --timeout <seconds> .*whole seconds from 5 to 300 \(default 120\)/);
    expect(rest).toBe('');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('whole seconds from 5 to 300 (default 120)');
  });
});

import { describe, expect, it } from 'vitest';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { runCliInProcess } from '../../support/cli.js';

describe('cg-responder rotate-secret: what a person at the terminal sees', () => {
  it('a secret OCID that does not exist is said not to exist (exit 1), not sent to set up a rotation config', async () => {
    // Prepare
    const unknown = 'ocid1.vaultsecret.oc1.iad.aaaaaaaanosuchsecretqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq';

    // Act
    const result = await runCliInProcess(['rotate-secret', unknown, '--json']);

    // Assess
    expect(result.code).toBe(1);
    const outcome = JSON.parse(result.stdout.trim()) as { status: string; reason: string; nextAction: string };
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toContain(`Secret ${unknown} does not exist`);
    expect(outcome.nextAction).toContain('Check the secret OCID');
    expect(outcome.nextAction).not.toContain('rotation config');
  });

  it('shows each step as it runs on stderr when stderr is a terminal, and nothing there when it is not', async () => {
    // Act
    const onTerminal = await runCliInProcess(['rotate-secret', sampleIds.secretSchedAuth, '--json'], { stderrIsTTY: true });
    const piped = await runCliInProcess(['rotate-secret', sampleIds.secretSchedAuth, '--json']);

    // Assess
    expect(onTerminal.code).toBe(0);
    for (const step of ['VERIFY_CONNECTION', 'CREATE_PENDING_VERSION', 'UPDATE_TARGET_SYSTEM', 'PROMOTE_PENDING_VERSION']) {
      expect(onTerminal.stderr).toContain(`rotating ${sampleIds.secretSchedAuth}: ${step}…`);
    }
    // The line is cleared at the end, so the report that follows starts on a clean line.
    expect(onTerminal.stderr.endsWith('\r\u001b[2K')).toBe(true);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    expect(JSON.parse(onTerminal.stdout.trim())).toMatchObject({ status: 'rotated' });
  });
});

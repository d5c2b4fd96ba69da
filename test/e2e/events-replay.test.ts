import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.js';

const EVENTS = join(import.meta.dirname, '..', '..', 'events');

interface ManifestEntry {
  result: 'accepted' | 'ignored' | 'refused';
  field?: string | null;
  replay: 'rotated' | 'already-rotated' | 'ignored' | 'refused' | 'failed';
  reason: string;
}

const manifest = JSON.parse(readFileSync(join(EVENTS, 'manifest.json'), 'utf8')) as { files: Record<string, ManifestEntry> };

describe('every sample event replays to the outcome events/manifest.json promises', () => {
  // One CLI run per file: each promise is about the sample tenancy as seeded (two password
  // samples against one state would make the second "already-rotated").
  it.each(Object.entries(manifest.files))('%s', async (file, entry) => {
    // Act
    const result = await runCliInProcess(['replay', join(EVENTS, file), '--json']);

    // Assess
    const outcome = JSON.parse(result.stdout.trim()) as { status: string; reason: string | null };
    expect(outcome.status, outcome.reason ?? '').toBe(entry.replay);
    expect(result.code).toBe(['rotated', 'already-rotated', 'ignored'].includes(entry.replay) ? 0 : 1);
    expect(result.stderr).toBe('');
  });

  // The README promises that a bad-input refusal names the field: the JSON Pointer's last
  // segment (e.g. "User OCID") must appear in the reason the CLI prints; the closure comment
  // (`…/comments`) is named as SecOps knows it, "Closure comment", followed by the bad token.
  it.each(Object.entries(manifest.files).filter(([, entry]) => typeof entry.field === 'string' && entry.field !== '/'))(
    '%s: the refusal names its field',
    async (file, entry) => {
      // Act
      const result = await runCliInProcess(['replay', join(EVENTS, file), '--json']);

      // Assess
      const outcome = JSON.parse(result.stdout.trim()) as { status: string; reason: string | null };
      const segment = entry.field!.split('/').pop()!;
      const field = segment === 'comments' ? 'Closure comment: ' : segment;
      expect(outcome.status).toBe('refused');
      expect(outcome.reason).toContain(field);
    },
  );

  it('shows the documented no-secret password path: reset, stored nowhere, and the email says so', async () => {
    // Prepare
    const path = join(EVENTS, 'cloudguard', 'problem-remediated.password-too-old.no-secret.json');

    // Act
    const result = await runCliInProcess(['replay', path]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Outcome     ROTATED');
    expect(result.stdout).toMatch(/~ console password of alice@example\.com reset at /);
    expect(result.stdout).not.toMatch(/\+ secret /);
    expect(result.stdout).toMatch(/Forgot password/i);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctorCommand } from '../../cli/commands/doctor.js';
import { createOciEmulator, createSampleTenancy, type EmulatorState } from '../../emulator/index.js';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import { runCliInProcess } from '../support/cli.js';
import { pooledKeyPair } from '../support/key-pool.js';
import { OPERATOR_POLICY_NAME, withPolicyStatements } from '../support/policy.js';

/**
 * The sample outputs in the docs are copies of real runs. These tests run the same commands and
 * hold each copy to what the command prints now, so a change in the output cannot leave a stale
 * sample behind. The docs shorten OCIDs (`ocid1.vault.oc1.iad.aaaaaaaaz3fs…`) and show the
 * emulator's port as PORT; the tests apply the same shortening to the real output.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const doc = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

const shortened = (text: string): string =>
  text
    .replace(/(ocid1\.[a-z]+\.[a-z0-9]+\.[a-z0-9-]*\.aaaaaaaa[a-z0-9]{4})[a-z0-9]+/g, '$1…')
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:PORT');

/** The text of the fenced block that starts with `firstLine`. */
function sampleBlock(markdown: string, firstLine: string): string {
  const start = markdown.indexOf(`\`\`\`text\n${firstLine}`);
  if (start < 0) throw new Error(`no sample starting with "${firstLine}"`);
  const body = start + '```text\n'.length;
  return markdown.slice(body, markdown.indexOf('```', body));
}

async function doctorOutput(state: EmulatorState): Promise<string> {
  const emulator = await createOciEmulator({ state, keyPairs: pooledKeyPair });
  const dir = await mkdtemp(join(tmpdir(), 'cgr-doc-samples-'));
  try {
    const files = await emulator.writeOciConfig(dir);
    let out = '';
    await doctorCommand.run(
      ['--config-file', files.configFile, '--endpoint', emulator.url, '--topic', sampleIds.topic, '--allowed-vaults', sampleIds.vault],
      { stdout: { write: (text: string) => (out += text) }, stderr: { write: () => undefined } },
    );
    return out;
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('sample outputs in the docs', () => {
  it('docs/deploy.md shows the policy the policy command prints for the sample tenancy', async () => {
    // Act
    const result = await runCliInProcess([
      'policy',
      '--function-id',
      sampleIds.function,
      '--topic',
      sampleIds.topic,
      '--allowed-vaults',
      sampleIds.vault,
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(sampleBlock(doc('docs/deploy.md'), '1. Dynamic group')).toBe(shortened(result.stdout));
  });

  it("docs/deploy.md shows the doctor's report on the sample tenancy", async () => {
    // Act
    const output = await doctorOutput(createSampleTenancy());

    // Assess
    expect(sampleBlock(doc('docs/deploy.md'), 'cg-responder doctor ·')).toBe(shortened(output));
  });

  it("docs/deploy.md shows the doctor's failure when the operator's group lacks `read users`", async () => {
    // Prepare
    const operator = createSampleTenancy().iam?.policies.find((policy) => policy.name === OPERATOR_POLICY_NAME);
    const statements = (operator?.statements ?? []).filter((statement) => !/ to read users in tenancy$/.test(statement));
    expect(statements.length).toBe((operator?.statements.length ?? 0) - 1);

    // Act
    const output = await doctorOutput(withPolicyStatements(OPERATOR_POLICY_NAME, statements));

    // Assess
    const failure = output
      .split('\n')
      .filter((line, index, lines) => line.startsWith('FAIL user-credentials') || lines[index - 1]?.startsWith('FAIL user-credentials'));
    expect(sampleBlock(doc('docs/deploy.md'), 'FAIL user-credentials')).toBe(shortened(`${failure.join('\n')}\n`));
  });

  it("the README's npm start excerpt shows lines the replay really prints", async () => {
    // Act
    const result = await runCliInProcess(['replay', join(ROOT, 'events/cloudguard/problem-remediated.api-key-too-old.json')]);

    // Assess: every excerpt line that is not elided (…) is a line of the real report.
    const excerpt = sampleBlock(doc('README.md'), 'cg-responder replay ·').split('\n');
    const printed = new Set(shortened(result.stdout.replaceAll(`${ROOT}/`, '')).split('\n'));
    const kept = excerpt.filter((line) => line.trim() !== '' && !line.includes('…'));
    expect(kept.length).toBeGreaterThan(5);
    expect(kept.filter((line) => !printed.has(line))).toEqual([]);
  });

  it('docs/replay.md shows lines the replay of the shipped oc3 event and of --problem really print', async () => {
    // Act
    const foreign = await runCliInProcess([
      'replay',
      join(ROOT, 'events/cloudguard/other-tenancy/problem-remediated.auth-token-too-old.oc3.json'),
    ]);
    const rebuilt = await runCliInProcess(['replay', '--problem', sampleIds.probSecret]);

    // Assess: every sample line that is not elided (…) is a line of the real report.
    const markdown = doc('docs/replay.md');
    const cases = [
      { sample: sampleBlock(markdown, 'cg-responder replay ·'), printed: foreign.stdout },
      { sample: sampleBlock(markdown, '▶ problem'), printed: rebuilt.stdout },
    ];
    for (const { sample, printed } of cases) {
      const lines = new Set(shortened(printed.replaceAll(`${ROOT}/`, '')).split('\n'));
      const kept = sample.split('\n').filter((line) => line.trim() !== '' && !line.includes('…'));
      expect(kept.length).toBeGreaterThan(1);
      expect(kept.filter((line) => !lines.has(line))).toEqual([]);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import { builtBundles } from '../support/built-bundles.js';
import { startFunction, type RunningFunction } from '../support/fn-agent.js';

// The bundled func.cjs started with no configuration at all, over the Fn socket: it stays up
// and answers Vault's rotation request in Vault's format, so Vault records why the step failed.

describe('Function without configuration, driven over the Fn unix-socket protocol', () => {
  let fn: RunningFunction;

  beforeAll(async () => {
    fn = await startFunction(builtBundles().functionOut, {});
  });

  afterAll(async () => {
    await fn?.stop();
  });

  it('answers a Vault rotation step with responseCode 400 and the missing setting, never its value', async () => {
    // Act
    const response = await fn.call(JSON.stringify({ step: 'VERIFY_CONNECTION', secretId: sampleIds.secretSchedApi, versionNo: 3 }));

    // Assess
    expect(response.status).toBe(200);
    const answer = JSON.parse(response.body) as { responseCode: number; returnMessage: string; versionNo: number | null };
    expect(answer).toMatchObject({ responseCode: 400, versionNo: 3 });
    expect(answer.returnMessage).toContain('CGR_TOPIC_OCID');
  });
});

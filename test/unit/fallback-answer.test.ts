import { describe, expect, it } from 'vitest';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import { unconfiguredAnswer, unexpectedFailureAnswer } from '../../functions/cloudguard-responder/src/fallback-answer.js';
import { SAMPLE_EVENTS, eventText } from '../support/events.js';

// A Function whose configuration cannot be read still answers each call in the caller's format:
// Vault gets {responseCode, returnMessage, versionNo}, a Cloud Guard event a failed outcome.

const REASON = 'CGR_TOPIC_OCID is required.';

describe('the answer of a Function whose configuration is broken', () => {
  it('answers a Vault rotation request in Vault’s format: 400, the setting named, the version echoed', () => {
    // Prepare
    const request = Buffer.from(JSON.stringify({ step: 'CREATE_PENDING_VERSION', secretId: sampleIds.secretSchedApi, versionNo: 4 }));

    // Act
    const answer = unconfiguredAnswer(request, 'call-1', REASON);

    // Assess
    expect(answer).toMatchObject({
      responseCode: 400,
      returnMessage: `The function is not configured: ${REASON}`,
      versionNo: 4,
      outcome: { status: 'failed', correlationId: 'call-1' },
    });
  });

  it('echoes no version for a Vault-shaped request whose version is not a number, and still answers 400', () => {
    // Prepare
    const request = Buffer.from(JSON.stringify({ step: 'VERIFY_CONNECTION', secretId: sampleIds.secretSchedApi, versionNo: 'two' }));

    // Act
    const answer = unconfiguredAnswer(request, 'call-2', REASON);

    // Assess
    expect(answer).toMatchObject({ responseCode: 400, versionNo: null });
  });

  it('answers a Cloud Guard event with a failed outcome naming the setting, and no responseCode', () => {
    // Act
    const answer = unconfiguredAnswer(Buffer.from(eventText(SAMPLE_EVENTS.apiKey)), 'call-3', REASON);

    // Assess
    expect(answer).toMatchObject({
      status: 'failed',
      reason: REASON,
      nextAction: expect.stringContaining('Fix the function configuration'),
    });
    expect(answer).not.toHaveProperty('responseCode');
  });

  it('answers a Vault request 500 when the responder failed unexpectedly, since a retry may succeed', () => {
    // Prepare
    const request = Buffer.from(JSON.stringify({ step: 'PROMOTE_PENDING_VERSION', secretId: sampleIds.secretSchedApi, versionNo: 5 }));

    // Act
    const vault = unexpectedFailureAnswer(request, 'call-4');
    const event = unexpectedFailureAnswer(Buffer.from(eventText(SAMPLE_EVENTS.apiKey)), 'call-5');

    // Assess
    expect(vault).toMatchObject({ responseCode: 500, versionNo: 5, returnMessage: expect.stringContaining('call-4') });
    expect(event).toMatchObject({ status: 'failed', correlationId: 'call-5' });
  });
});

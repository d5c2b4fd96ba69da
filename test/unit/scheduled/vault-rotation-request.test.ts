import { describe, expect, it } from 'vitest';
import { looksLikeVaultRotationRequest, parseVaultRotationRequest } from '../../../functions/cloudguard-responder/src/scheduled/vault-rotation-request.js';
import { isScheduledMarkerOf, scheduledRotationMarker } from '../../../functions/cloudguard-responder/src/rotation/rotation-marker.js';
import { eventText, SAMPLE_EVENTS } from '../../support/events.js';

const SECRET = 'ocid1.vaultsecret.oc1.iad.aaaaaaaamqqkralryqjtf3zwiqw7l63rehbr4hbmgn2mtydeqzqzp2hohkzu';
const OTHER = 'ocid1.vaultsecret.oc1.iad.aaaaaaaahluzxy72z6yogvordvrjt65gqcj4fbhvd5njv52qwvpy3rghkqnb';

describe('Vault rotation request: told from a Cloud Guard event by shape', () => {
  it('recognises {step, secretId, versionNo} as text, bytes or object, and not a Cloud Guard event', () => {
    // Prepare
    const body = { step: 'CREATE_PENDING_VERSION', secretId: SECRET, versionNo: 4 };

    // Act
    const seen = [JSON.stringify(body), Buffer.from(JSON.stringify(body)), body].map(looksLikeVaultRotationRequest);
    const event = looksLikeVaultRotationRequest(eventText(SAMPLE_EVENTS.apiKey));
    const withEventType = looksLikeVaultRotationRequest({ ...body, eventType: 'x' });

    // Assess
    expect(seen).toEqual([true, true, true]);
    expect(event).toBe(false);
    expect(withEventType).toBe(false);
  });

  it('parses a valid request, and refuses a bad step, secret, version number or an extra field, echoing the versionNo it could read', () => {
    // Act
    const valid = parseVaultRotationRequest({ step: 'PROMOTE_PENDING_VERSION', secretId: SECRET, versionNo: 3 });
    const badStep = parseVaultRotationRequest({ step: 'DELETE', secretId: SECRET, versionNo: 3 });
    const badSecret = parseVaultRotationRequest({ step: 'VERIFY_CONNECTION', secretId: 'ocid1.user.oc1..aaaa', versionNo: 3 });
    const badVersion = parseVaultRotationRequest({ step: 'VERIFY_CONNECTION', secretId: SECRET, versionNo: 0 });
    const extra = parseVaultRotationRequest({ step: 'VERIFY_CONNECTION', secretId: SECRET, versionNo: 3, secretValue: 'x' });

    // Assess
    expect(valid).toEqual({ ok: true, request: { step: 'PROMOTE_PENDING_VERSION', secretId: SECRET, versionNo: 3 } });
    expect(badStep).toMatchObject({ ok: false, versionNo: 3, reason: expect.stringContaining('/step must be one of') });
    expect(badSecret).toMatchObject({ ok: false, reason: expect.stringContaining('/secretId must be a secret OCID') });
    expect(badVersion).toMatchObject({ ok: false, reason: expect.stringContaining('/versionNo') });
    expect(extra).toMatchObject({ ok: false, reason: expect.stringContaining('secretValue') });
  });
});

describe('Scheduled rotation marker: from the secret and versionNo', () => {
  it('is the same for every step of one rotation, new for the next, shares a prefix per secret, and is a valid version name', () => {
    // Act
    const first = scheduledRotationMarker(SECRET, 2);
    const again = scheduledRotationMarker(SECRET, 2);
    const next = scheduledRotationMarker(SECRET, 3);
    const other = scheduledRotationMarker(OTHER, 2);

    // Assess
    expect(again.versionName).toBe(first.versionName);
    expect(next.versionName).not.toBe(first.versionName);
    expect(next.problemPrefix).toBe(first.problemPrefix);
    expect(other.problemPrefix).not.toBe(first.problemPrefix);
    expect(first.versionName).toMatch(/^cgr-[0-9a-f]{10}-[0-9a-f]{12}$/);
    expect(isScheduledMarkerOf(next.versionName, SECRET)).toBe(true);
    expect(isScheduledMarkerOf(next.versionName, OTHER)).toBe(false);
    expect(first.retryToken('upload-api-key-3').length).toBeLessThanOrEqual(64);
  });
});

import { describe, expect, it } from 'vitest';
import {
  looksLikeVaultRotationRequest,
  parseVaultRotationRequest,
} from '../../../functions/cloudguard-responder/src/scheduled/vault-rotation-request.js';
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

  it('reads versionNo as a number, null or absent, and ignores fields it does not know', () => {
    // Act
    const numbered = parseVaultRotationRequest({ step: 'PROMOTE_PENDING_VERSION', secretId: SECRET, versionNo: 3 });
    const nulled = parseVaultRotationRequest({ step: 'CREATE_PENDING_VERSION', secretId: SECRET, versionNo: null });
    const absent = parseVaultRotationRequest({ step: 'VERIFY_CONNECTION', secretId: SECRET });
    const extra = parseVaultRotationRequest({ step: 'VERIFY_CONNECTION', secretId: SECRET, versionNo: null, rotationId: 'x' });

    // Assess
    expect(numbered).toEqual({ ok: true, request: { step: 'PROMOTE_PENDING_VERSION', secretId: SECRET, versionNo: 3 } });
    expect(nulled).toEqual({ ok: true, request: { step: 'CREATE_PENDING_VERSION', secretId: SECRET, versionNo: null } });
    expect(absent).toEqual({ ok: true, request: { step: 'VERIFY_CONNECTION', secretId: SECRET, versionNo: null } });
    expect(extra).toEqual(absent);
  });

  it('refuses a bad step, secret or version number, naming the field and echoing no value', () => {
    // Act
    const badStep = parseVaultRotationRequest({ step: 'DELETE', secretId: SECRET, versionNo: 3 });
    const badSecret = parseVaultRotationRequest({ step: 'VERIFY_CONNECTION', secretId: 'ocid1.user.oc1..aaaa', versionNo: 3 });
    const zero = parseVaultRotationRequest({ step: 'VERIFY_CONNECTION', secretId: SECRET, versionNo: 0 });
    const text = parseVaultRotationRequest({ step: 'VERIFY_CONNECTION', secretId: SECRET, versionNo: 'hunter2' });

    // Assess
    expect(badStep).toMatchObject({ ok: false, versionNo: null, reason: expect.stringContaining('/step must be one of') });
    expect(badSecret).toMatchObject({ ok: false, reason: expect.stringContaining('/secretId must be a secret OCID') });
    expect(zero).toMatchObject({ ok: false, reason: expect.stringContaining('/versionNo') });
    expect(text).toMatchObject({ ok: false, reason: expect.stringContaining('/versionNo') });
    expect(JSON.stringify(text)).not.toContain('hunter2');
  });

  it('tells a Vault-shaped body over the intake limit from an event, so it is answered in Vault format', () => {
    // Prepare
    const body = JSON.stringify({ step: 'VERIFY_CONNECTION', secretId: SECRET, padding: 'x'.repeat(1_100_000) });

    // Act
    const asText = looksLikeVaultRotationRequest(body);
    const asBytes = looksLikeVaultRotationRequest(Buffer.from(body));
    const parsed = parseVaultRotationRequest(Buffer.from(body));

    // Assess
    expect([asText, asBytes]).toEqual([true, true]);
    expect(parsed).toMatchObject({ ok: false, versionNo: null });
  });
});

describe('Scheduled rotation marker: from the secret and the CURRENT version it replaces', () => {
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

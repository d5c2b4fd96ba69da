import { describe, expect, it } from 'vitest';
import { assertValidRetryToken, RetryTokenCache } from '../../../emulator/control/retry-token-cache.js';
import { OciApiError } from '../../../emulator/http/oci-api-error.js';
import type { RouteResponse } from '../../../emulator/http/route.js';

const created: RouteResponse = { status: 200, body: { id: 'ocid1.credential.oc1..a', token: 'once-only' }, headers: { etag: 'e1' } };
const path = '/20160918/users/ocid1.user.oc1..u/authTokens';
const start = new Date('2026-11-20T10:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;

describe('RetryTokenCache', () => {
  it('returns the first answer for the same operation, path and token, once-only value included', () => {
    // Prepare
    const cache = new RetryTokenCache();
    cache.put('CreateAuthToken', path, 'token-1', created, start);

    // Act
    const replay = cache.replay('CreateAuthToken', path, 'token-1', new Date(start.getTime() + 60_000));

    // Assess
    expect(replay).toEqual(created);
  });

  it.each([
    ['another token', 'CreateAuthToken', path, 'token-2'],
    ['another path', 'CreateAuthToken', '/20160918/users/ocid1.user.oc1..v/authTokens', 'token-1'],
    ['another operation', 'UploadApiKey', path, 'token-1'],
  ])('has nothing for %s', (_name, operation, otherPath, token) => {
    // Prepare
    const cache = new RetryTokenCache();
    cache.put('CreateAuthToken', path, 'token-1', created, start);

    // Act
    const replay = cache.replay(operation, otherPath, token, start);

    // Assess
    expect(replay).toBeUndefined();
  });

  it('forgets a token 24 hours after its first use (oci-facts §0.5), by the emulator clock', () => {
    // Prepare
    const cache = new RetryTokenCache();
    cache.put('CreateAuthToken', path, 'token-1', created, start);

    // Act
    const justBefore = cache.replay('CreateAuthToken', path, 'token-1', new Date(start.getTime() + DAY_MS - 1));
    const atExpiry = cache.replay('CreateAuthToken', path, 'token-1', new Date(start.getTime() + DAY_MS));

    // Assess
    expect(justBefore).toEqual(created);
    expect(atExpiry).toBeUndefined();
  });

  it('keeps its own copy: changing the original response later does not change the replay', () => {
    // Prepare
    const cache = new RetryTokenCache();
    const response = structuredClone(created);
    cache.put('CreateAuthToken', path, 'token-1', response, start);
    (response.body as { token: string }).token = 'changed';

    // Act
    const replay = cache.replay('CreateAuthToken', path, 'token-1', start);

    // Assess
    expect(replay?.body).toEqual({ id: 'ocid1.credential.oc1..a', token: 'once-only' });
  });

  it('forgets everything when cleared (a replaced state)', () => {
    // Prepare
    const cache = new RetryTokenCache();
    cache.put('CreateAuthToken', path, 'token-1', created, start);

    // Act
    cache.clear();

    // Assess
    expect(cache.replay('CreateAuthToken', path, 'token-1', start)).toBeUndefined();
  });

  it('answers 409 InvalidatedRetryToken once the created resource is gone, and keeps answering it', () => {
    // Prepare
    const cache = new RetryTokenCache();
    cache.put('CreateAuthToken', path, 'token-1', created, start);
    let exists = true;
    const stillExists = (): boolean => exists;

    // Act
    const whilePresent = cache.replay('CreateAuthToken', path, 'token-1', start, stillExists);
    exists = false;
    const afterDelete = failureOf(() => cache.replay('CreateAuthToken', path, 'token-1', start, stillExists));
    exists = true;
    const afterReappearing = failureOf(() => cache.replay('CreateAuthToken', path, 'token-1', start, stillExists));

    // Assess
    expect(whilePresent).toEqual(created);
    expect(afterDelete).toMatchObject({ status: 409, code: 'InvalidatedRetryToken' });
    expect(afterReappearing).toMatchObject({ status: 409, code: 'InvalidatedRetryToken' });
  });

  it('forgets an invalidated token after 24 hours like any other', () => {
    // Prepare
    const cache = new RetryTokenCache();
    cache.put('CreateAuthToken', path, 'token-1', created, start);
    failureOf(() => cache.replay('CreateAuthToken', path, 'token-1', start, () => false));

    // Act
    const nextDay = cache.replay('CreateAuthToken', path, 'token-1', new Date(start.getTime() + DAY_MS), () => false);

    // Assess
    expect(nextDay).toBeUndefined();
  });

  it.each([
    ['empty', '', 0],
    ['65 characters', 'x'.repeat(65), 65],
    ['72 characters', 'x'.repeat(72), 72],
  ])('refuses a token that is %s with 400 InvalidParameter', (_name, token, length) => {
    // Act
    const error = failureOf(() => assertValidRetryToken(token));

    // Assess
    expect(error).toMatchObject({ status: 400, code: 'InvalidParameter' });
    expect(error.message).toContain(`got ${length}`);
  });

  it.each([
    ['1 character', 'x'],
    ['64 characters', 'x'.repeat(64)],
  ])('accepts a token of %s', (_name, token) => {
    // Act
    const check = (): void => assertValidRetryToken(token);

    // Assess
    expect(check).not.toThrow();
  });
});

function failureOf(action: () => unknown): OciApiError {
  try {
    action();
  } catch (error) {
    if (error instanceof OciApiError) return error;
    throw error;
  }
  throw new Error('expected an OciApiError');
}

import { describe, expect, it } from 'vitest';
import { OciApiError } from '../../../emulator/http/oci-api-error.js';
import type { Route, ServiceModule } from '../../../emulator/http/route.js';
import { RouteTable } from '../../../emulator/http/route-table.js';

const answer = (): { status: number } => ({ status: 200 });
const routes: Route[] = [
  { service: 'identity', operation: 'DeleteApiKey', method: 'DELETE', path: '/users/{userId}/apiKeys/{fingerprint}', handle: answer },
  { service: 'identity', operation: 'ListApiKeys', method: 'GET', path: '/users/{userId}/apiKeys', handle: answer },
  { service: 'vault', operation: 'GetSecret', method: 'GET', path: '/secrets/{secretId}', handle: answer },
  { service: 'secrets', operation: 'GetSecretBundle', method: 'GET', path: '/secretbundles/{secretId}', handle: answer },
];
const table = new RouteTable([{ routes } satisfies ServiceModule]);

describe('RouteTable', () => {
  it('decodes percent-encoded path parameters (fingerprints arrive as 12%3A34…, oci-behaviour §0.3)', () => {
    // Act
    const matched = table.match('DELETE', '/20160918/users/ocid1.user.oc1..u/apiKeys/cd%3A25%3A2e');

    // Assess
    expect(matched?.route.operation).toBe('DeleteApiKey');
    expect(matched?.params).toEqual({ userId: 'ocid1.user.oc1..u', fingerprint: 'cd:25:2e' });
  });

  it('routes on the API-version prefix of each service', () => {
    // Act
    const vault = table.match('GET', '/20180608/secrets/ocid1.vaultsecret.oc1.iad.s');
    const wrongPrefix = table.match('GET', '/20190301/secrets/ocid1.vaultsecret.oc1.iad.s');

    // Assess
    expect(vault?.route.operation).toBe('GetSecret');
    expect(wrongPrefix).toBeNull();
  });

  it.each([
    ['another method', 'POST', '/20160918/users/ocid1.user.oc1..u/apiKeys'],
    ['an extra segment', 'GET', '/20160918/users/ocid1.user.oc1..u/apiKeys/extra'],
    ['an empty parameter', 'GET', '/20180608/secrets/'],
    ['no version prefix', 'GET', '/secrets/ocid1.vaultsecret.oc1.iad.s'],
  ])('matches nothing for %s', (_name, method, path) => {
    // Act
    const matched = table.match(method, path);

    // Assess
    expect(matched).toBeNull();
  });

  it('answers 400 InvalidParameter for broken percent-encoding', () => {
    // Act
    const match = (): unknown => table.match('DELETE', '/20160918/users/ocid1.user.oc1..u/apiKeys/cd%3');

    // Assess
    expect(match).toThrow(OciApiError);
    expect(match).toThrow(/malformed percent-encoded/);
  });
});

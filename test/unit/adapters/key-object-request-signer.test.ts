import { describe, expect, it } from 'vitest';
import common from 'oci-common';
import { requestSignerFor } from '../../../functions/cloudguard-responder/src/adapters/oci/key-object-request-signer.js';
import { nextPooledKeyPair } from '../../support/key-pool.js';

/**
 * Our signer must be the SDK's, byte for byte: RSA PKCS#1 v1.5 signatures are deterministic, so
 * with the same x-date both must write the same headers. The emulator checks signatures as OCI
 * does; this checks that what OCI would receive is exactly what the SDK would have sent.
 */
function providers(): { plain: common.SimpleAuthenticationDetailsProvider; sessionLike: common.AuthenticationDetailsProvider } {
  const privateKeyPem = nextPooledKeyPair().privateKeyPem;
  const plain = new common.SimpleAuthenticationDetailsProvider(
    'ocid1.tenancy.oc1..t',
    'ocid1.user.oc1..u',
    'aa:bb:cc',
    privateKeyPem,
    null,
    common.Region.US_ASHBURN_1,
  );
  // What a resource principal looks like to a signer: an async "ST$<token>" key id, its session key.
  const sessionLike: common.AuthenticationDetailsProvider = {
    getKeyId: () => Promise.resolve('ST$eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmbiJ9.c2ln'),
    getPrivateKey: () => privateKeyPem,
    getPassphrase: () => null,
  };
  return { plain, sessionLike };
}

const REQUESTS: Array<{ name: string; method: common.Method; uri: string; body?: string }> = [
  {
    name: 'a GET with a query',
    method: 'GET',
    uri: 'https://identity.us-ashburn-1.oci.oraclecloud.com/20160918/users/ocid1.user.oc1..u/apiKeys?limit=10&page=a%2Bb',
  },
  {
    name: 'a GET of a path with encoded characters',
    method: 'GET',
    uri: 'https://secrets.vaults.us-ashburn-1.oci.oraclecloud.com/20190301/secretbundles/ocid1.vaultsecret.oc1.iad.x?secretVersionName=cgr-1%3Aa&stage=CURRENT',
  },
  {
    name: 'a POST with a JSON body',
    method: 'POST',
    uri: 'https://identity.us-ashburn-1.oci.oraclecloud.com/20160918/users/ocid1.user.oc1..u/authTokens/',
    body: '{"description":"cgr-é 1"}',
  },
  {
    name: 'a PUT with a JSON body',
    method: 'PUT',
    uri: 'https://vaults.us-ashburn-1.oci.oraclecloud.com/20180608/secrets/ocid1.vaultsecret.oc1.iad.x',
    body: '{"currentVersionNumber":2}',
  },
  {
    name: 'a POST without a body',
    method: 'POST',
    uri: 'http://127.0.0.1:4000/us-ashburn-1/20181201/problems/ocid1.cloudguardproblem.oc1.iad.p/actions/updateStatus',
  },
  {
    name: 'a DELETE',
    method: 'DELETE',
    uri: 'https://identity.us-ashburn-1.oci.oraclecloud.com/20160918/users/ocid1.user.oc1..u/apiKeys/aa%3Abb%3Acc',
  },
];

async function headersAfter(signer: common.RequestSigner, template: (typeof REQUESTS)[number]): Promise<Record<string, string>> {
  const headers = new Headers({ 'x-date': 'Wed, 02 Dec 2026 12:00:00 GMT', 'opc-request-id': 'fixed' });
  await signer.signHttpRequest({
    method: template.method,
    uri: template.uri,
    headers,
    ...(template.body !== undefined ? { body: template.body } : {}),
  });
  // `date` is unsigned and set from the clock by both: compared apart, as present and well formed.
  const { date, ...rest } = Object.fromEntries(headers.entries());
  expect(date).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  return rest;
}

describe('requestSignerFor: the SDK request signature from a key parsed once', () => {
  for (const template of REQUESTS) {
    it(`writes exactly the SDK's headers for ${template.name}, for an API key and a session token`, async () => {
      // Prepare
      const { plain, sessionLike } = providers();

      // Act
      const ours = [await headersAfter(requestSignerFor(plain), template), await headersAfter(requestSignerFor(sessionLike), template)];
      const sdk = [
        await headersAfter(new common.DefaultRequestSigner(plain), template),
        await headersAfter(new common.DefaultRequestSigner(sessionLike), template),
      ];

      // Assess
      expect(ours).toEqual(sdk);
      expect(ours[0]?.['authorization']).toMatch(
        /^Signature version="1",keyId="ocid1\.tenancy\.oc1\.\.t\/ocid1\.user\.oc1\.\.u\/aa:bb:cc",algorithm="rsa-sha256",headers="x-date \(request-target\) host/,
      );
    });
  }

  it("leaves a delegating provider (a config profile's session or instance principal) to the SDK's signer", async () => {
    // Prepare
    const { plain } = providers();
    const delegate = new common.SimpleAuthenticationDetailsProvider(
      'ocid1.tenancy.oc1..d',
      'ocid1.user.oc1..d',
      'dd:dd',
      nextPooledKeyPair().privateKeyPem,
      null,
      common.Region.US_ASHBURN_1,
    );
    plain.setProvider(delegate);
    const template = REQUESTS[0] as (typeof REQUESTS)[number];

    // Act
    const ours = await headersAfter(requestSignerFor(plain), template);

    // Assess
    expect(ours['authorization']).toContain('keyId="ocid1.tenancy.oc1..d/ocid1.user.oc1..d/dd:dd"');
    expect(ours).toEqual(await headersAfter(new common.DefaultRequestSigner(plain), template));
  });

  it('re-parses the key when the provider hands out a new one (a refreshed session)', async () => {
    // Prepare
    let pem = nextPooledKeyPair().privateKeyPem;
    const refreshing: common.AuthenticationDetailsProvider = {
      getKeyId: () => Promise.resolve('ST$token'),
      getPrivateKey: () => pem,
      getPassphrase: () => null,
    };
    const signer = requestSignerFor(refreshing);
    const template = REQUESTS[0] as (typeof REQUESTS)[number];
    await headersAfter(signer, template);

    // Act
    pem = nextPooledKeyPair().privateKeyPem;
    const ours = await headersAfter(signer, template);

    // Assess
    expect(ours).toEqual(await headersAfter(new common.DefaultRequestSigner(refreshing), template));
  });
});

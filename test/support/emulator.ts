import { request as httpRequest } from 'node:http';
import common from 'oci-common';
import { CloudGuardClient } from 'oci-cloudguard';
import { IdentityClient } from 'oci-identity';
import { NotificationDataPlaneClient } from 'oci-ons';
import { SecretsClient } from 'oci-secrets';
import { VaultsClient } from 'oci-vault';
import { createOciEmulator, type ApiKeyIdentity, type OciEmulator, type OciEmulatorOptions } from '../../emulator/index.js';
import type { EmulatorState } from '../../emulator/state/types.js';
import { signedClientParams } from '../../functions/cloudguard-responder/src/index.js';
import { pooledKeyPair } from './key-pool.js';

export interface EmulatorClients {
  identity: IdentityClient;
  vaults: VaultsClient;
  secrets: SecretsClient;
  notifications: NotificationDataPlaneClient;
  cloudGuard: CloudGuardClient;
}

export interface EmulatorHarness {
  emulator: OciEmulator;
  identity: ApiKeyIdentity;
  provider: common.SimpleAuthenticationDetailsProvider;
  clients: EmulatorClients;
  clientsFor(identity: ApiKeyIdentity): EmulatorClients;
  close(): Promise<void>;
}

const OPERATOR_NAME = 'cg-responder-operator';

export function providerFor(identity: ApiKeyIdentity, region = common.Region.US_ASHBURN_1): common.SimpleAuthenticationDetailsProvider {
  return new common.SimpleAuthenticationDetailsProvider(
    identity.tenancyId,
    identity.userId,
    identity.fingerprint,
    identity.privateKeyPem,
    null,
    region,
  );
}

/**
 * The state without its IAM policies, so the emulator lets any signed caller do anything. For
 * tests of one service's wire behaviour; every test of the responder keeps the sample tenancy's
 * least-privilege policy (test/integration/iam/ covers the enforcement itself).
 */
export function withoutPolicies(state: EmulatorState): EmulatorState {
  const { iam: _iam, ...rest } = structuredClone(state);
  return rest;
}

/**
 * The five real SDK clients, pointed at the emulator, with no retries and no circuit breaker,
 * signing as the Function does (a key parsed once): the SDK's own signer costs about 1.7 ms more
 * CPU a call, and set-up and assessment make thousands. The SDK's signer itself is covered by
 * test/integration/emulator/auth.test.ts, the emulator CLI's e2e test and a byte-for-byte test.
 */
export function clientsAt(url: string, provider: common.AuthenticationDetailsProvider): EmulatorClients {
  const params = signedClientParams(provider);
  const configuration = {
    retryConfiguration: common.NoRetryConfigurationDetails,
    circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
  };
  const clients: EmulatorClients = {
    identity: new IdentityClient(params, configuration),
    vaults: new VaultsClient(params, configuration),
    secrets: new SecretsClient(params, configuration),
    notifications: new NotificationDataPlaneClient(params, configuration),
    cloudGuard: new CloudGuardClient(params, configuration),
  };
  for (const client of Object.values(clients) as Array<{ endpoint: string }>) client.endpoint = url;
  return clients;
}

/** A fresh emulator plus SDK clients signed with an API key of the operator user (from the test key pool). */
export async function startEmulatorHarness(options: OciEmulatorOptions = {}): Promise<EmulatorHarness> {
  const emulator = await createOciEmulator({ keyPairs: pooledKeyPair, ...options });
  const operator = emulator.getState().users.find((user) => user.name === OPERATOR_NAME);
  if (!operator) throw new Error(`test state needs a user named ${OPERATOR_NAME}`);
  const identity = emulator.createApiKeyIdentity(operator.id);
  const provider = providerFor(identity);
  return {
    emulator,
    identity,
    provider,
    clients: clientsAt(emulator.url, provider),
    clientsFor: (other) => clientsAt(emulator.url, providerFor(other)),
    close: () => emulator.close(),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
}

/**
 * Sends one request signed by the OCI SDK's own signer, for what an SDK client will not do:
 * `sentBody` replaces the body after signing, `xDate` fixes the signed date, `body` may be any text.
 */
export async function sendSigned(
  url: string,
  identity: ApiKeyIdentity,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: { body?: string; sentBody?: string; xDate?: string } = {},
): Promise<RawResponse> {
  const target = new URL(path, url);
  const headers = new Headers({ 'content-type': 'application/json' });
  if (options.xDate) headers.set('x-date', options.xDate);
  const signable = {
    method,
    uri: target.toString(),
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
  } as common.HttpRequest;
  await new common.DefaultRequestSigner(providerFor(identity)).signHttpRequest(signable);
  const body = options.sentBody ?? options.body ?? '';
  return sendRaw(target.toString(), {
    method,
    headers: { ...Object.fromEntries(headers.entries()), 'content-length': String(Buffer.byteLength(body)) },
    body,
  });
}

/** A plain HTTP request with full control of the headers (fetch would not let a test set Host). */
export function sendRaw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined }),
      );
    });
    req.on('error', reject);
    req.end(options.body ?? '');
  });
}

/** Awaits a call that must fail with an OCI error and returns that error, so a test can assert on it. */
export async function ociFailure(call: Promise<unknown>): Promise<common.OciError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof common.OciError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

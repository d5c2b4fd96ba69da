import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleTenancy } from '../../emulator/index.js';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import { sendSigned, startEmulatorHarness, withoutPolicies, type EmulatorHarness } from '../support/emulator.js';
import { pooledPublicKeyPem } from '../support/key-pool.js';

// OCI's own recorded exchanges (oracle/oci-cli keeps them as test recordings under
// services/*/tests/cassettes/) for every Identity and Notifications operation the Function, the
// CLI or `doctor` calls, and Object Storage's GetNamespace. Each fixture keeps the recorded request and the recorded answer's status,
// header names and body shape, values replaced, and names the recording it comes from. The
// emulator, sent the recorded request, must answer with the same status, every recorded field with
// the recorded JSON type, the recorded lifecycleState and the recorded headers. Fields the emulator
// adds (newer API versions added some) are allowed; none may be missing.

interface Recording {
  recording: string;
  operation: string;
  request: { method: 'GET' | 'POST' | 'DELETE'; path: string; body?: Record<string, unknown> };
  response: {
    status: number;
    headers: string[];
    body?: unknown;
    /** Recorded with a value, but optional in the model: null is accepted too (the fixture's note says why). */
    nullable?: string[];
    /** An empty recorded list: the shape of its items, from another recording of the same model. */
    itemShape?: { from: string; omit: string[] };
  };
}

const DIR = join(import.meta.dirname, '..', 'fixtures', 'oci-recordings');
const RECORDINGS = new Map(
  readdirSync(DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Recording] as const),
);

/** The sample tenancy's own values for the recording's placeholders (alice has one credential of each kind). */
const PLACEHOLDERS: Record<string, () => string> = {
  userId: () => sampleIds.alice,
  tenancyId: () => sampleIds.tenancy,
  compartmentId: () => sampleIds.tenancy,
  topicId: () => sampleIds.topic,
  fingerprint: () => encodeURIComponent(sampleIds.apiFingerprint),
  authTokenId: () => sampleIds.authToken,
  customerSecretKeyId: () => sampleIds.customerSecretKeyId,
  publicKeyPem: () => pooledPublicKeyPem(),
};

/** The text with each `{name}` replaced; `encode` JSON-escapes the value, for a placeholder inside a JSON string. */
function fill(text: string, encode: (value: string) => string = (value) => value): string {
  return text.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = PLACEHOLDERS[name];
    if (!value) throw new Error(`no value for the placeholder {${name}}`);
    return encode(value());
  });
}

function jsonType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Every recorded field with its JSON type, nested objects field by field (free-form tag maps by type only: their keys are the tenant's). */
function shapeOf(value: Record<string, unknown>, prefix = ''): Array<[string, string]> {
  return Object.entries(value).flatMap(([key, child]): Array<[string, string]> => {
    const path = `${prefix}${key}`;
    const nested = jsonType(child) === 'object' && !key.endsWith('Tags') ? shapeOf(child as Record<string, unknown>, `${path}.`) : [];
    return [[path, jsonType(child)], ...nested];
  });
}

function field(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (current, key) => (current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined),
      value,
    );
}

/** The recorded item shape of a list, from its own items or, for an empty recorded list, from the named recording. */
function recordedItem(recording: Recording): Record<string, unknown> | null {
  const body = recording.response.body;
  if (Array.isArray(body) && body.length > 0) return body[0] as Record<string, unknown>;
  const from = recording.response.itemShape;
  if (!from) return null;
  const model = { ...(RECORDINGS.get(from.from)?.response.body as Record<string, unknown>) };
  for (const key of from.omit) delete model[key];
  return model;
}

let harness: EmulatorHarness;
beforeAll(async () => {
  // The sample tenancy's defaults: credentials are ACTIVE when created, as OCI's recordings show.
  harness = await startEmulatorHarness({ state: withoutPolicies(createSampleTenancy()) });
});
afterAll(async () => {
  await harness.close();
});

describe("the emulator against OCI's recorded traffic (oracle/oci-cli test recordings)", () => {
  it('has a recording for every Identity and Notifications operation the Function, the CLI and doctor call, and GetNamespace', () => {
    // Assess
    expect([...new Set([...RECORDINGS.values()].map((recording) => recording.operation))].sort()).toEqual(
      [
        'CreateAuthToken',
        'CreateCustomerSecretKey',
        'CreateOrResetUIPassword',
        'DeleteApiKey',
        'DeleteAuthToken',
        'DeleteCustomerSecretKey',
        'GetNamespace',
        'GetTopic',
        'GetUser',
        'GetUserUIPasswordInformation',
        'ListApiKeys',
        'ListAuthTokens',
        'ListCustomerSecretKeys',
        'ListRegionSubscriptions',
        'ListSubscriptions',
        'PublishMessage',
        'UploadApiKey',
      ].sort(),
    );
    for (const recording of RECORDINGS.values())
      expect(recording.recording).toMatch(
        /^oracle\/oci-cli services\/(identity|ons|object_storage)\/tests\/(objectstorage_)?cassettes\/.+\.yml$/,
      );
  });

  // Reads first, then writes, then deletes: each runs against the sample tenancy as the recording did against its own.
  const ORDER = ['GET', 'POST', 'DELETE'];
  const cases = [...RECORDINGS.entries()]
    .sort(([, a], [, b]) => ORDER.indexOf(a.request.method) - ORDER.indexOf(b.request.method))
    .map(([name, recording]) => [recording.operation, name, recording] as const);

  it.each(cases)('%s answers as recorded (%s)', async (_operation, _name, recording) => {
    // Prepare
    const body =
      recording.request.body === undefined
        ? undefined
        : fill(JSON.stringify(recording.request.body), (value) => JSON.stringify(value).slice(1, -1));

    // Act
    const answer = await sendSigned(
      harness.emulator.url,
      harness.identity,
      recording.request.method,
      fill(recording.request.path),
      body === undefined ? {} : { body },
    );

    // Assess
    expect(answer.status, JSON.stringify(answer.body)).toBe(recording.response.status);
    for (const header of recording.response.headers) expect(answer.headers[header], `header ${header}`).toEqual(expect.any(String));
    expect(answer.headers['opc-request-id']).not.toBe('');
    const recorded = recording.response.body;
    if (recorded === undefined) {
      expect(answer.body).toBeUndefined();
      return;
    }
    expect(jsonType(answer.body)).toBe(jsonType(recorded));
    const pairs: Array<[recordedModel: Record<string, unknown>, answered: unknown]> = [];
    if (Array.isArray(recorded)) {
      const item = recordedItem(recording);
      if (item) {
        expect((answer.body as unknown[]).length, 'the sample tenancy has an item to compare').toBeGreaterThan(0);
        pairs.push([item, (answer.body as unknown[])[0]]);
      }
    } else if (jsonType(recorded) === 'object') {
      pairs.push([recorded as Record<string, unknown>, answer.body]);
    }
    for (const [model, answered] of pairs) {
      for (const [path, type] of shapeOf(model)) {
        const value = field(answered, path);
        // A field recorded as null is optional in the model: absent or null both match, a value of any type too.
        if (type === 'null') continue;
        const accepted = recording.response.nullable?.includes(path) ? [type, 'null'] : [type];
        expect(accepted, `${recording.operation} ${path}`).toContain(jsonType(value));
      }
      if ('lifecycleState' in model)
        expect(field(answered, 'lifecycleState'), `${recording.operation} lifecycleState`).toBe(model['lifecycleState']);
    }
  });

  it('keeps a CREATING window only as an opt-in fault (settings.credentialActivationDelayMs), where OCI answers ACTIVE', async () => {
    // Prepare: the emulator deliberately differs from the recording here, to test waiting code.
    const state = withoutPolicies(createSampleTenancy());
    state.settings.credentialActivationDelayMs = 30_000;
    const slow = await startEmulatorHarness({ state });

    // Act
    const answer = await sendSigned(slow.emulator.url, slow.identity, 'POST', `/20160918/users/${sampleIds.bob}/authTokens`, {
      body: JSON.stringify({ description: 'opt-in CREATING window' }),
    });
    await slow.close();

    // Assess
    expect(createSampleTenancy().settings.credentialActivationDelayMs).toBe(0);
    expect([answer.status, (answer.body as { lifecycleState?: string }).lifecycleState]).toEqual([200, 'CREATING']);
  });
});

import { describe, expect, it } from 'vitest';
import { createSampleTenancy } from '../../../emulator/state/create-sample-tenancy.js';
import type { EmulatorState } from '../../../emulator/state/types.js';
import { assertValidState, InvalidStateError } from '../../../emulator/state/validate-state.js';

// schemas/emulator-state.schema.json must describe emulator/state/types.ts exactly. The fixture
// below is a typed literal with one record of every kind: the compiler rejects a key the types
// lack and demands every key they declare; the tests then show the schema requires each of those
// keys and refuses any other.
const T = '2026-11-20T10:00:00.000Z';
const fullyPopulated: EmulatorState = {
  version: 1,
  tenancy: { id: 'ocid1.tenancy.oc1..t', name: 't', homeRegion: 'us-ashburn-1' },
  settings: {
    credentialActivationDelayMs: 0,
    secretUpdatingMs: 0,
    limits: { apiKeysPerUser: 3, authTokensPerUser: 2, customerSecretKeysPerUser: 2, secretVersionsPerSecret: 30 },
    maxClockSkewMs: 300000,
  },
  users: [
    {
      id: 'ocid1.user.oc1..u',
      compartmentId: 'ocid1.tenancy.oc1..t',
      name: 'u',
      description: 'u',
      email: null,
      lifecycleState: 'ACTIVE',
      timeCreated: T,
      identityProviderId: null,
      capabilities: { canUseConsolePassword: true, canUseApiKeys: true, canUseAuthTokens: true, canUseCustomerSecretKeys: true },
      apiKeys: [
        {
          fingerprint: 'cd:25:2e:88:6b:8c:71:74:a3:91:85:8a:73:c8:62:fd',
          keyValue: 'PEM',
          timeCreated: T,
          lifecycleState: 'CREATING',
          activatesAt: T,
        },
      ],
      authTokens: [
        {
          id: 'ocid1.credential.oc1..a',
          description: 'd',
          timeCreated: T,
          timeExpires: null,
          lifecycleState: 'ACTIVE',
          activatesAt: null,
          tokenSha256: 'a'.repeat(64),
        },
      ],
      customerSecretKeys: [
        {
          id: 'c'.repeat(40),
          displayName: 'd',
          timeCreated: T,
          timeExpires: T,
          lifecycleState: 'ACTIVE',
          activatesAt: null,
          keySha256: 'b'.repeat(64),
        },
      ],
      uiPassword: { timeCreated: T, lifecycleState: 'ACTIVE', passwordSha256: 'c'.repeat(64) },
    },
  ],
  vaults: [{ id: 'ocid1.vault.oc1.iad.v', compartmentId: 'ocid1.tenancy.oc1..t', displayName: 'v', keyId: 'ocid1.key.oc1.iad.k' }],
  secrets: [
    {
      id: 'ocid1.vaultsecret.oc1.iad.s',
      compartmentId: 'ocid1.tenancy.oc1..t',
      vaultId: 'ocid1.vault.oc1.iad.v',
      keyId: 'ocid1.key.oc1.iad.k',
      secretName: 's',
      description: null,
      lifecycleState: 'UPDATING',
      updatingUntil: T,
      timeCreated: T,
      metadata: { owner: 'secops' },
      freeformTags: { team: 'secops' },
      isReplica: false,
      rotationStatus: 'NOT_ENABLED',
      versions: [
        {
          versionNumber: 1,
          name: 'v1',
          stages: ['CURRENT', 'LATEST'],
          contentType: 'BASE64',
          content: 'eA==',
          contentSha256: 'd'.repeat(64),
          timeCreated: T,
          timeOfDeletion: null,
        },
      ],
    },
  ],
  topics: [
    {
      id: 'ocid1.onstopic.oc1.iad.t',
      compartmentId: 'ocid1.tenancy.oc1..t',
      name: 't',
      messages: [{ messageId: 'm', title: null, body: 'b', timeStamp: T, publishedBy: 'ocid1.user.oc1..u' }],
    },
  ],
  problems: [
    {
      id: 'ocid1.cloudguardproblem.oc1.iad.p',
      compartmentId: 'ocid1.tenancy.oc1..t',
      detectorRuleId: 'API_KEY_TOO_OLD',
      detectorId: 'IAAS_CONFIGURATION_DETECTOR',
      riskLevel: 'MEDIUM',
      resourceId: 'r',
      resourceName: 'r',
      resourceType: 'User',
      labels: ['IAM'],
      timeFirstDetected: T,
      timeLastDetected: T,
      lifecycleState: 'ACTIVE',
      lifecycleDetail: 'RESOLVED',
      targetId: 'ocid1.cloudguardtarget.oc1.iad.t',
      region: 'us-ashburn-1',
      additionalDetails: { 'User OCID': 'ocid1.user.oc1..u' },
      description: 'd',
      recommendation: 'r',
      comment: null,
      histories: [
        {
          id: 'h',
          actorType: 'USER',
          actorName: 'a',
          explanation: 'e',
          lifecycleDetail: 'RESOLVED',
          eventStatus: 'RESOLVE',
          timeCreated: T,
          delta: '',
          comment: 'c',
        },
      ],
    },
  ],
  resourcePrincipalSessions: [
    {
      sessionId: 's',
      publicKeyPem: 'PEM',
      tenancyId: 'ocid1.tenancy.oc1..t',
      compartmentId: 'ocid1.tenancy.oc1..t',
      resourceId: 'ocid1.fnfunc.oc1.iad.f',
      expiresAt: T,
    },
  ],
};

/** Free-form maps: their keys are data, not fields of the types. */
const MAP_KEYS = new Set(['metadata', 'freeformTags', 'additionalDetails']);

/** JSON Pointer of every field of every record in the value. */
function fieldPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => fieldPaths(item, `${path}/${index}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    `${path}/${key}`,
    ...(MAP_KEYS.has(key) ? [] : fieldPaths(child, `${path}/${key}`)),
  ]);
}

function withoutField(state: EmulatorState, pointer: string): unknown {
  const copy = structuredClone(state) as unknown as Record<string, unknown>;
  const parts = pointer.split('/').slice(1);
  const last = parts.pop() ?? '';
  const parent = parts.reduce<Record<string, unknown>>((node, part) => node[part] as Record<string, unknown>, copy);
  delete parent[last];
  return copy;
}

function rejectionOf(value: unknown): InvalidStateError {
  try {
    assertValidState(value);
  } catch (error) {
    if (error instanceof InvalidStateError) return error;
    throw error;
  }
  throw new Error('expected the state to be rejected');
}

describe('emulator state schema', () => {
  it('accepts a state with one record of every kind the types declare', () => {
    // Act
    const check = (): void => assertValidState(structuredClone(fullyPopulated));

    // Assess
    expect(check).not.toThrow();
  });

  it('requires every field the types declare, naming the missing one', () => {
    // Prepare
    const paths = fieldPaths(fullyPopulated);

    // Act
    const reported = paths.map((path) => rejectionOf(withoutField(fullyPopulated, path)).path);

    // Assess
    expect(paths.length).toBeGreaterThan(100);
    expect(reported).toEqual(paths);
  });

  it.each([
    ['the root', (state: Record<string, any>) => (state['extra'] = 1), '/extra'],
    ['a user', (state: Record<string, any>) => (state['users'][0].nickname = 'x'), '/users/0/nickname'],
    [
      'a secret version',
      (state: Record<string, any>) => (state['secrets'][0].versions[0].plaintext = 'x'),
      '/secrets/0/versions/0/plaintext',
    ],
    ['the UI password', (state: Record<string, any>) => (state['users'][0].uiPassword.password = 'x'), '/users/0/uiPassword/password'],
  ])('refuses an unknown field on %s, naming it', (_name, change, path) => {
    // Prepare
    const state = structuredClone(fullyPopulated) as unknown as Record<string, any>;
    change(state);

    // Act
    const error = rejectionOf(state);

    // Assess
    expect(error.path).toBe(path);
    expect(error.message).toContain(`Invalid emulator state at ${path}`);
  });

  it.each([
    [
      'a fingerprint not in OCI form',
      (state: EmulatorState) => (state.users[0]!.apiKeys[0]!.fingerprint = 'CD-25'),
      '/users/0/apiKeys/0/fingerprint',
    ],
    [
      'an unknown lifecycle state',
      (state: EmulatorState) => ((state.secrets[0] as { lifecycleState: string }).lifecycleState = 'BROKEN'),
      '/secrets/0/lifecycleState',
    ],
    [
      'a time that is not RFC 3339',
      (state: EmulatorState) => (state.problems[0]!.timeLastDetected = 'yesterday'),
      '/problems/0/timeLastDetected',
    ],
    [
      'a stage that does not exist',
      (state: EmulatorState) => (state.secrets[0]!.versions[0]!.stages as string[]).push('OLD'),
      '/secrets/0/versions/0/stages/2',
    ],
    ['a negative limit', (state: EmulatorState) => (state.settings.limits.apiKeysPerUser = -1), '/settings/limits/apiKeysPerUser'],
    ['a version other than 1', (state: EmulatorState) => ((state as { version: number }).version = 2), '/version'],
    ['a duplicate user id', (state: EmulatorState) => state.users.push(structuredClone(state.users[0]!)), '/users/1/id'],
    [
      'a duplicate secret version number',
      (state: EmulatorState) => state.secrets[0]!.versions.push({ ...state.secrets[0]!.versions[0]!, stages: [] }),
      '/secrets/0/versions/1/versionNumber',
    ],
  ])('refuses %s, naming its path', (_name, change, path) => {
    // Prepare
    const state = structuredClone(fullyPopulated);
    change(state);

    // Act
    const error = rejectionOf(state);

    // Assess
    expect(error.path).toBe(path);
  });

  it('accepts a user without a UI password (null)', () => {
    // Prepare
    const state = structuredClone(fullyPopulated);
    state.users[0]!.uiPassword = null;

    // Act
    const check = (): void => assertValidState(state);

    // Assess
    expect(check).not.toThrow();
  });

  it('accepts each optional field (regions, identity domains, Cloud Guard configuration) and accepts it left out', () => {
    // Prepare
    const withOptional = structuredClone(fullyPopulated);
    withOptional.tenancy.regionSubscriptions = [
      { regionName: 'us-ashburn-1', regionKey: 'IAD', status: 'READY' },
      { regionName: 'us-phoenix-1', regionKey: 'PHX', status: 'IN_PROGRESS' },
    ];
    withOptional.tenancy.identityDomains = true;
    withOptional.settings.defaultRegion = 'us-ashburn-1';
    withOptional.cloudGuard = { reportingRegion: 'us-ashburn-1' };
    withOptional.users[0]!.domain = 'engineering';
    withOptional.users[0]!.uiPassword = { timeCreated: T, lifecycleState: 'ACTIVE', passwordSha256: null };
    const optionalPaths = [
      '/tenancy/regionSubscriptions',
      '/tenancy/identityDomains',
      '/settings/defaultRegion',
      '/cloudGuard',
      '/users/0/domain',
    ];

    // Act
    const checks = [withOptional, ...optionalPaths.map((path) => withoutField(withOptional, path))].map(
      (state) => () => assertValidState(state),
    );

    // Assess
    for (const check of checks) expect(check).not.toThrow();
  });

  it.each([
    [
      'a region subscription',
      (state: Record<string, any>) =>
        (state['tenancy'].regionSubscriptions = [{ regionName: 'us-ashburn-1', regionKey: 'IAD', status: 'READY', isHomeRegion: true }]),
      '/tenancy/regionSubscriptions/0/isHomeRegion',
    ],
    [
      'the Cloud Guard configuration',
      (state: Record<string, any>) => (state['cloudGuard'] = { reportingRegion: 'us-ashburn-1', status: 'ENABLED' }),
      '/cloudGuard/status',
    ],
  ])('refuses an unknown field on %s too', (_name, change, path) => {
    // Prepare
    const state = structuredClone(fullyPopulated) as unknown as Record<string, any>;
    change(state);

    // Act
    const error = rejectionOf(state);

    // Assess
    expect(error.path).toBe(path);
  });

  it('accepts the sample tenancy', () => {
    // Act
    const check = (): void => assertValidState(createSampleTenancy());

    // Assess
    expect(check).not.toThrow();
  });
});

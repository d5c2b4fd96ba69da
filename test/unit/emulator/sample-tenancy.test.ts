import { createHash, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiKeyFingerprintOfPem } from '../../../emulator/services/api-key-fingerprint.js';
import { createSampleTenancy } from '../../../emulator/state/create-sample-tenancy.js';
import ids from '../../../emulator/state/sample-ids.json' with { type: 'json' };

// The sample tenancy the replay CLI and the tests start from: its ids must line up with the
// bundled events (sample-ids.json), and its old credential values must be labelled fakes.

const sha256Hex = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

describe('createSampleTenancy', () => {
  it('returns an independent deep copy on every call', () => {
    // Prepare
    const first = createSampleTenancy();

    // Act
    first.users[0]!.apiKeys.length = 0;
    first.settings.limits.apiKeysPerUser = 99;
    const second = createSampleTenancy();

    // Assess
    expect(second.users[0]!.apiKeys).toHaveLength(1);
    expect(second.settings.limits.apiKeysPerUser).toBe(3);
  });

  it('is the acme-sample tenancy in us-ashburn-1 with the agreed settings', () => {
    // Act
    const state = createSampleTenancy();

    // Assess
    expect(state.tenancy).toEqual({
      id: ids.tenancy,
      name: 'acme-sample',
      homeRegion: 'us-ashburn-1',
      regionSubscriptions: [
        { regionName: 'us-ashburn-1', regionKey: 'IAD', status: 'READY' },
        { regionName: 'us-phoenix-1', regionKey: 'PHX', status: 'READY' },
        { regionName: 'eu-frankfurt-1', regionKey: 'FRA', status: 'READY' },
      ],
      identityDomains: false,
    });
    expect(state.cloudGuard).toEqual({ reportingRegion: 'us-ashburn-1' });
    expect(state.settings).toEqual({
      // New credentials are ACTIVE at once, as OCI's recorded responses show; a CREATING window is
      // an opt-in fault. Vault's UPDATING lasts seconds (no documented bound); tests move a VirtualClock instead of waiting.
      credentialActivationDelayMs: 0,
      secretUpdatingMs: 5000,
      defaultRegion: 'us-ashburn-1',
      limits: { apiKeysPerUser: 3, authTokensPerUser: 2, customerSecretKeysPerUser: 2, secretVersionsPerSecret: 30 },
      maxClockSkewMs: 300000,
    });
    expect(state.resourcePrincipalSessions).toEqual([]);
  });

  it('gives alice one ACTIVE credential of each kind and bob and the operator none', () => {
    // Act
    const state = createSampleTenancy();

    // Assess
    const [alice, bob, operator] = state.users;
    expect([alice?.id, bob?.id, operator?.id]).toEqual([ids.alice, ids.bob, ids.operator]);
    expect([alice?.name, bob?.name, operator?.name]).toEqual(['alice@example.com', 'bob@example.com', 'cg-responder-operator']);
    expect(alice?.identityProviderId).toBeNull();
    expect(Object.values(alice?.capabilities ?? {})).toEqual([true, true, true, true]);
    expect(alice?.apiKeys).toEqual([
      {
        fingerprint: ids.apiFingerprint,
        keyValue: ids.apiPublicPem,
        timeCreated: '2026-05-01T09:00:00.000Z',
        lifecycleState: 'ACTIVE',
        activatesAt: null,
      },
    ]);
    expect(alice?.authTokens.map((token) => [token.id, token.description, token.lifecycleState])).toEqual([
      [ids.authToken, 'ci-pipeline token', 'ACTIVE'],
    ]);
    expect(alice?.customerSecretKeys.map((key) => [key.id, key.displayName, key.lifecycleState])).toEqual([
      [ids.customerSecretKeyId, 'backup-s3', 'ACTIVE'],
    ]);
    expect(alice?.uiPassword?.timeCreated.startsWith('2026-04-01')).toBe(true);
    for (const user of [bob, operator]) {
      expect([user?.apiKeys, user?.authTokens, user?.customerSecretKeys, user?.uiPassword]).toEqual([[], [], [], null]);
    }
  });

  it('registers a real public key whose OCI fingerprint is the one the events name', () => {
    // Act
    const key = createSampleTenancy().users[0]!.apiKeys[0]!;

    // Assess
    expect(createPublicKey(key.keyValue).asymmetricKeyType).toBe('rsa');
    expect(apiKeyFingerprintOfPem(key.keyValue)).toBe(ids.apiFingerprint);
  });

  it('holds the five secrets in the vault, each with one CURRENT version of labelled placeholder content', () => {
    // Act
    const state = createSampleTenancy();

    // Assess
    expect(state.vaults).toEqual([expect.objectContaining({ id: ids.vault, keyId: ids.key, compartmentId: ids.tenancy })]);
    const alices = state.secrets.filter((secret) => secret.secretName.startsWith('alice-'));
    expect(alices.map((secret) => [secret.secretName, secret.id])).toEqual([
      ['alice-api-key', ids.secretApi],
      ['alice-auth-token', ids.secretAuth],
      ['alice-s3-access-key-id', ids.secretAccess],
      ['alice-s3-secret-key', ids.secretSecretKey],
      ['alice-console-password', ids.secretPassword],
    ]);
    for (const secret of alices) {
      expect([secret.lifecycleState, secret.vaultId, secret.keyId, secret.compartmentId]).toEqual([
        'ACTIVE',
        ids.vault,
        ids.key,
        ids.tenancy,
      ]);
      expect(secret.versions).toHaveLength(1);
      const version = secret.versions[0]!;
      const decoded = Buffer.from(version.content ?? '', 'base64');
      expect([version.versionNumber, version.stages]).toEqual([1, ['CURRENT', 'LATEST']]);
      expect(decoded.toString('base64')).toBe(version.content);
      expect(version.contentSha256).toBe(sha256Hex(decoded));
    }
    const text = (index: number): string => Buffer.from(state.secrets[index]!.versions[0]!.content ?? '', 'base64').toString('utf8');
    expect(text(0)).toMatch(/not part of the seed/);
    expect(text(0)).not.toMatch(/MII/);
    expect(text(2)).toBe(ids.customerSecretKeyId);
    expect([text(1), text(3), text(4)].every((value) => value.startsWith('sample-old-'))).toBe(true);
  });

  it("puts carol's secrets on a Vault rotation schedule, one per credential type, tagged for her, each CURRENT version holding her credential", () => {
    // Act
    const state = createSampleTenancy();

    // Assess
    const carol = state.users.find((user) => user.id === ids.carol)!;
    const secret = (id: string) => state.secrets.find((candidate) => candidate.id === id)!;
    const text = (id: string): string => Buffer.from(secret(id).versions[0]!.content ?? '', 'base64').toString('utf8');
    for (const id of [ids.secretSchedApi, ids.secretSchedAuth, ids.secretSchedSecretKey]) {
      expect(secret(id).rotationConfig).toEqual({
        targetSystemDetails: { targetSystemType: 'FUNCTION', functionId: ids.function },
        rotationInterval: 'P1M',
        isScheduledRotationEnabled: true,
      });
      expect(secret(id).freeformTags['cg-responder-user']).toBe(ids.carol);
    }
    expect(secret(ids.secretSchedAccess).rotationConfig).toBeNull();
    expect(secret(ids.secretSchedSecretKey).freeformTags['cg-responder-partner']).toBe(ids.secretSchedAccess);
    expect(apiKeyFingerprintOfPem(createPublicKey(text(ids.secretSchedApi)).export({ type: 'spki', format: 'pem' }).toString())).toBe(
      ids.carolApiFingerprint,
    );
    expect(carol.apiKeys.map((key) => key.fingerprint)).toEqual([ids.carolApiFingerprint]);
    expect(carol.authTokens[0]?.tokenSha256).toBe(secret(ids.secretSchedAuth).versions[0]!.contentSha256);
    expect(text(ids.secretSchedAccess)).toBe(ids.carolCustomerSecretKeyId);
    expect(carol.customerSecretKeys[0]?.keySha256).toBe(secret(ids.secretSchedSecretKey).versions[0]!.contentSha256);
  });

  it('stores for each old credential the hash of the placeholder kept in its secret', () => {
    // Act
    const state = createSampleTenancy();

    // Assess
    const alice = state.users[0]!;
    const contentHash = (index: number): string => state.secrets[index]!.versions[0]!.contentSha256;
    expect(alice.authTokens[0]?.tokenSha256).toBe(contentHash(1));
    expect(alice.customerSecretKeys[0]?.keySha256).toBe(contentHash(3));
    expect(alice.uiPassword?.passwordSha256).toBe(contentHash(4));
  });

  it('has the SecOps topic with no messages and one confirmed email subscription', () => {
    // Act
    const { topics } = createSampleTenancy();

    // Assess
    expect(topics).toEqual([
      {
        id: ids.topic,
        compartmentId: ids.tenancy,
        name: 'secops-email',
        messages: [],
        subscriptions: [expect.objectContaining({ protocol: 'EMAIL', endpoint: 'secops@example.com', lifecycleState: 'ACTIVE' })],
      },
    ]);
  });

  it('has the five resolved problems (two for the password: with and without a secret), each naming its credential and carrying the SecOps comment', () => {
    // Act
    const { problems } = createSampleTenancy();

    // Assess
    expect(problems.map((problem) => [problem.id, problem.detectorRuleId, problem.resourceId])).toEqual([
      [ids.probApi, 'API_KEY_TOO_OLD', `${ids.tenancy}/${ids.alice}/${ids.apiFingerprint}`],
      [ids.probAuth, 'AUTH_TOKEN_TOO_OLD', ids.authToken],
      [ids.probSecret, 'SECRET_KEY_TOO_OLD', ids.customerSecretKeyId],
      [ids.probPassword, 'PASSWORD_TOO_OLD', ids.alice],
      [ids.probPasswordNoSecret, 'PASSWORD_TOO_OLD', ids.alice],
    ]);
    for (const problem of problems) {
      const comment =
        problem.id === ids.probPasswordNoSecret
          ? ids.comments.PASSWORD_TOO_OLD_NO_SECRET
          : ids.comments[problem.detectorRuleId as keyof typeof ids.comments];
      expect(problem).toMatchObject({
        compartmentId: ids.tenancy,
        detectorId: 'IAAS_CONFIGURATION_DETECTOR',
        riskLevel: 'MEDIUM',
        labels: ['CIS_OCI_V1.1_IAM', 'IAM'],
        resourceName: 'alice@example.com',
        lifecycleState: 'ACTIVE',
        lifecycleDetail: 'RESOLVED',
        region: 'us-ashburn-1',
        targetId: ids.target,
        additionalDetails: { 'User OCID': ids.alice },
        comment,
      });
      const [resolve, open] = problem.histories;
      expect(open).toMatchObject({ actorType: 'CLOUD_GUARD_SERVICE', eventStatus: 'OPEN', lifecycleDetail: 'OPEN' });
      expect(open?.timeCreated.startsWith('2026-11-19')).toBe(true);
      expect(resolve).toMatchObject({
        actorType: 'USER',
        actorName: 'secops.analyst@example.com',
        eventStatus: 'RESOLVE',
        lifecycleDetail: 'RESOLVED',
        timeCreated: '2026-11-20T10:14:00.000Z',
        comment,
      });
    }
  });
});

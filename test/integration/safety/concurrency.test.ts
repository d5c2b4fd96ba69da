import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import { attachResponder, startResponderHarness, type ResponderHarness } from '../../support/responder.js';
import { fingerprintOfPrivateKey } from '../../support/oci-reads.js';
import { invariantViolations, realisticState, resolveAgain } from '../../support/safety-harness.js';
import { nextPooledKeyPair } from '../../support/key-pool.js';

describe('Concurrency: simultaneous deliveries through independent responders (separate clients and keys)', () => {
  let first: ResponderHarness;
  let second: ResponderHarness['respond'];
  let apiKeyEvent: string;

  beforeEach(async () => {
    first = await startResponderHarness();
    const realistic = realisticState(first.harness.emulator.getState({ includeSecretContent: true }));
    first.harness.emulator.setState(realistic.state);
    apiKeyEvent = realistic.apiKeyEvent;
    // A second responder with its own SDK clients and its own API key, as a second Function instance.
    second = attachResponder(first.harness, first.clock, { ownKey: true }).respond;
  });
  afterEach(async () => {
    await first.close();
  });

  it('rotates an auth token once when the same event arrives twice at the same moment', async () => {
    // Prepare
    const event = eventText(SAMPLE_EVENTS.authToken);

    // Act
    const outcomes = await Promise.all([first.respond(event), second(event)]);

    // Assess
    const state = first.harness.emulator.getState({ includeSecretContent: true });
    const alice = state.users.find((user) => user.id === sampleIds.alice);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(rotated|already-rotated)$/)]),
    );
    expect(outcomes.every((outcome) => outcome.status === 'rotated' || outcome.status === 'already-rotated')).toBe(true);
    expect(alice?.authTokens).toHaveLength(1);
    expect(new Set(outcomes.map((outcome) => outcome.credential.newId))).toEqual(new Set([alice?.authTokens[0]?.id]));
    const named = state.secrets
      .find((secret) => secret.id === sampleIds.secretAuth)
      ?.versions.filter((version) => version.name?.startsWith('cgr-'));
    expect(named).toHaveLength(1);
    for (const outcome of outcomes) expect(await invariantViolations('AUTH_TOKEN', state, outcome, first.harness.emulator.url)).toEqual([]);
  });

  it('rotates an API key once when the same event arrives twice at the same moment, keeping the key Vault holds', async () => {
    // Prepare
    const realistic = realisticState(first.harness.emulator.getState({ includeSecretContent: true }));
    first.harness.emulator.setState(realistic.state);

    // Act
    const outcomes = await Promise.all([first.respond(realistic.apiKeyEvent), second(realistic.apiKeyEvent)]);

    // Assess
    const state = first.harness.emulator.getState({ includeSecretContent: true });
    const alice = state.users.find((user) => user.id === sampleIds.alice);
    expect(alice?.apiKeys).toHaveLength(1);
    const current = state.secrets
      .find((secret) => secret.id === sampleIds.secretApi)
      ?.versions.find((version) => version.stages.includes('CURRENT'));
    expect(fingerprintOfPrivateKey(Buffer.from(current?.content ?? '', 'base64').toString('utf8'))).toBe(alice?.apiKeys[0]?.fingerprint);
    for (const outcome of outcomes) {
      expect(['rotated', 'already-rotated']).toContain(outcome.status);
      expect(outcome.credential.newId).toBe(alice?.apiKeys[0]?.fingerprint);
    }
  });

  it('lets two problems of one user share the last free API-key slot without either deleting the other new key', async () => {
    // Prepare: alice holds two old keys, each named by its own resolved problem, and one free slot.
    const state = first.harness.emulator.getState({ includeSecretContent: true });
    const alice = state.users.find((user) => user.id === sampleIds.alice);
    const secretApi = state.secrets.find((secret) => secret.id === sampleIds.secretApi);
    const problemApi = state.problems.find((problem) => problem.id === sampleIds.probApi);
    if (!alice || !secretApi || !problemApi) throw new Error('sample tenancy changed');
    const { publicKeyPem, privateKeyPem: privatePem } = nextPooledKeyPair();
    const secondFingerprint = fingerprintOfPrivateKey(privatePem) ?? '';
    alice.apiKeys.push({
      fingerprint: secondFingerprint,
      keyValue: publicKeyPem,
      timeCreated: '2026-05-02T00:00:00.000Z',
      lifecycleState: 'ACTIVE',
      activatesAt: null,
    });
    const secondSecretId = 'ocid1.vaultsecret.oc1.iad.aaaaaaaasecondapikeysecretforconcurrency';
    const secondProblemId = 'ocid1.cloudguardproblem.oc1.iad.aaaaaaaasecondapikeyproblemforconcurrency';
    const comment = `api_secret_ocid:${secondSecretId}`;
    const resourceId = `${sampleIds.tenancy}/${sampleIds.alice}/${secondFingerprint}`;
    state.secrets.push({
      ...structuredClone(secretApi),
      id: secondSecretId,
      secretName: 'alice-api-key-2',
      versions: [
        {
          ...structuredClone(secretApi.versions[0] as (typeof secretApi.versions)[number]),
          content: Buffer.from(privatePem).toString('base64'),
          contentSha256: createHash('sha256').update(privatePem).digest('hex'),
        },
      ],
    });
    state.problems.push({
      ...structuredClone(problemApi),
      id: secondProblemId,
      resourceId,
      comment,
      histories: problemApi.histories.map((entry) => ({
        ...entry,
        id: `${secondProblemId}.${entry.id.slice(-2)}`,
        comment: entry.comment ? comment : null,
      })),
    });
    first.harness.emulator.setState(state);
    const firstEvent = apiKeyEvent;
    const secondEvent = JSON.parse(apiKeyEvent) as {
      eventID: string;
      data: { resourceId: string; additionalDetails: { resourceId: string; problemAdditionalDetails: { comments: string } } };
    };
    secondEvent.eventID = 'second-problem-event';
    secondEvent.data.resourceId = secondProblemId;
    secondEvent.data.additionalDetails.resourceId = resourceId;
    secondEvent.data.additionalDetails.problemAdditionalDetails.comments = comment;

    // Act
    const together = await Promise.all([first.respond(firstEvent), second(JSON.stringify(secondEvent))]);
    // The loser of the slot is refused or failed, which reopens its problem; SecOps resolves it again.
    const events = [firstEvent, JSON.stringify(secondEvent)];
    for (const [index, outcome] of together.entries())
      if (outcome.problemReopened) await resolveAgain(first.harness, outcome.problemId as string, events[index] as string);
    const retried = await Promise.all([first.respond(firstEvent), second(JSON.stringify(secondEvent))]);

    // Assess
    const after = first.harness.emulator.getState({ includeSecretContent: true });
    const keys = after.users.find((user) => user.id === sampleIds.alice)?.apiKeys.map((key) => key.fingerprint) ?? [];
    const newIds = retried.map((outcome) => outcome.credential.newId);
    expect(retried.map((outcome) => `${outcome.status}: ${outcome.reason ?? ''}`)).toEqual(
      retried.map((outcome) =>
        outcome.status === 'rotated' || outcome.status === 'already-rotated'
          ? `${outcome.status}: ${outcome.reason ?? ''}`
          : 'rotated or already-rotated',
      ),
    );
    expect(keys.sort()).toEqual([...newIds].sort());
    expect(keys).not.toContain(JSON.parse(apiKeyEvent).data.additionalDetails.resourceId.split('/')[2]);
    expect(keys).not.toContain(secondFingerprint);
    for (const outcome of together) expect(['rotated', 'failed', 'refused']).toContain(outcome.status);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorState } from '../../../emulator/index.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import type { Outcome } from '../../../functions/cloudguard-responder/src/index.js';
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import { startResponderHarness, type ResponderHarness } from '../../support/responder.js';
import { invariantViolations, realisticState, resolveAgainWith } from '../../support/safety-harness.js';

/**
 * Proof by use inside the rotation: a new auth token or customer secret key is promoted only once
 * Object Storage accepts it (Swift, S3). The emulator accepts a new credential only
 * `credentialPropagationMs` after it turns ACTIVE, on the shared simulated clock.
 */
const PROOF_TIMEOUT_MS = 10_000;

const KINDS = [
  {
    type: 'auth token',
    kind: 'AUTH_TOKEN',
    event: SAMPLE_EVENTS.authToken,
    problemId: sampleIds.probAuth,
    comment: sampleIds.comments.AUTH_TOKEN_TOO_OLD,
    oldId: sampleIds.authToken,
    secrets: [sampleIds.secretAuth],
    verified: 'authenticated with Swift (GET /auth/v1.0)',
    proofCall: 'SwiftAuth',
    proofAction: 'Swift auth (proof)',
  },
  {
    type: 'customer secret key',
    kind: 'CUSTOMER_SECRET_KEY',
    event: SAMPLE_EVENTS.secretKey,
    problemId: sampleIds.probSecret,
    comment: sampleIds.comments.SECRET_KEY_TOO_OLD,
    oldId: sampleIds.customerSecretKeyId,
    secrets: [sampleIds.secretAccess, sampleIds.secretSecretKey],
    verified: 'authenticated with the S3 Compatibility API (AWS Signature V4, ListBuckets)',
    proofCall: 'S3ListBuckets',
    proofAction: 'S3 ListBuckets (proof)',
  },
] as const;

type Kind = (typeof KINDS)[number];

function credentialsOf(state: EmulatorState, kind: Kind): Array<{ id: string; lifecycleState: string }> {
  const alice = state.users.find((user) => user.id === sampleIds.alice);
  return (kind.kind === 'AUTH_TOKEN' ? alice?.authTokens : alice?.customerSecretKeys) ?? [];
}

function stagesByName(state: EmulatorState, secretId: string): Record<string, string[]> {
  const versions = state.secrets.find((secret) => secret.id === secretId)?.versions ?? [];
  return Object.fromEntries(
    versions.map((version) => [
      version.name ?? `v${version.versionNumber}`,
      version.stages.filter((stage) => stage === 'CURRENT' || stage === 'PENDING'),
    ]),
  );
}

describe('Proof by use inside the rotation', () => {
  let responder: ResponderHarness;

  const withPropagation = (ms: number): void => {
    const state = realisticState(responder.harness.emulator.getState({ includeSecretContent: true })).state;
    state.settings.credentialPropagationMs = ms;
    responder.harness.emulator.setState(state);
  };

  beforeEach(async () => {
    responder = await startResponderHarness({ settings: { proofTimeoutMs: PROOF_TIMEOUT_MS } });
  });
  afterEach(async () => {
    await responder.close();
  });

  for (const kind of KINDS) {
    it(`${kind.type === 'auth token' ? 'an' : 'a'} ${kind.type} accepted 6 s after it turns ACTIVE (within the ${PROOF_TIMEOUT_MS / 1000} s bound) is rotated, verified naming the protocol`, async () => {
      // Prepare
      withPropagation(6_000);

      // Act
      const outcome = await responder.respond(eventText(kind.event));

      // Assess
      expect(outcome.status).toBe('rotated');
      const newId = outcome.credential.newId as string;
      expect(outcome.verified.filter((line) => line.includes('authenticated with'))).toEqual([
        `new ${kind.type} ${newId} ${kind.verified}: ${proofEvidence(outcome)}`,
      ]);
      const state = responder.harness.emulator.getState({ includeSecretContent: true });
      expect(credentialsOf(state, kind).map((credential) => credential.id)).toEqual([newId]);
      expect(await invariantViolations(kind.kind, state, outcome, responder.harness.emulator.url)).toEqual([]);
    });

    it(`${kind.type === 'auth token' ? 'an' : 'a'} ${kind.type} whose proof is throttled (429) three times is asked again and rotated: a throttled answer says nothing about the credential`, async () => {
      // Prepare
      withPropagation(0);
      responder.harness.emulator.addFault({ operation: kind.proofCall, status: 429, code: 'TooManyRequests', count: 3 });
      responder.harness.emulator.addFault({ operation: 'GetNamespace', status: 429, code: 'TooManyRequests', count: 1 });

      // Act
      const outcome = await responder.respond(eventText(kind.event));

      // Assess
      expect(outcome.status).toBe('rotated');
      expect(
        responder.harness.emulator
          .calls()
          .filter((call) => call.operation === kind.proofCall)
          .map((call) => call.status),
      ).toEqual([429, 429, 429, 200]);
      expect(outcome.verified.some((line) => line.includes(kind.verified))).toBe(true);
    });

    it(`${kind.type === 'auth token' ? 'an' : 'a'} ${kind.type} not accepted within the bound fails at prove-credential, stays PENDING with the old one CURRENT, and a later delivery finishes`, async () => {
      // Prepare
      withPropagation(60_000);
      const event = eventText(kind.event);

      // Act
      const first = await responder.respond(event);
      const afterFirst = responder.harness.emulator.getState({ includeSecretContent: true });
      responder.clock.advance(60_000);
      if (first.problemReopened) await resolveAgainWith(responder.harness, kind.problemId, kind.comment);
      const later = await responder.respond(event);

      // Assess
      expect(first.status).toBe('failed');
      expect(first.step).toBe('prove-credential');
      const newId = first.credential.newId as string;
      expect(
        credentialsOf(afterFirst, kind)
          .map((credential) => `${credential.id} ${credential.lifecycleState}`)
          .sort(),
      ).toEqual([`${kind.oldId} ACTIVE`, `${newId} ACTIVE`].sort());
      for (const ref of first.secrets) {
        expect(ref.stage).toBe('PENDING');
        expect(stagesByName(afterFirst, ref.secretId)[ref.versionName as string]).toEqual(['PENDING']);
        expect(stagesByName(afterFirst, ref.secretId)['v1']).toEqual(['CURRENT']);
      }
      expect(first.secrets.map((ref) => ref.secretId).sort()).toEqual([...kind.secrets].sort());
      // The old one still works: Vault's CURRENT is an ACTIVE credential of alice.
      expect(await invariantViolations(kind.kind, afterFirst, first, responder.harness.emulator.url)).toEqual([]);

      expect(later.status).toBe('rotated');
      expect(later.credential.newId).toBe(newId);
      const state = responder.harness.emulator.getState({ includeSecretContent: true });
      expect(credentialsOf(state, kind).map((credential) => credential.id)).toEqual([newId]);
      expect(await invariantViolations(kind.kind, state, later, responder.harness.emulator.url)).toEqual([]);
    });

    it(`${kind.type === 'auth token' ? 'an' : 'a'} ${kind.type} rotation's actions are the emulator's logged writes and proofs: same operations, same request ids, same order`, async () => {
      // Prepare
      withPropagation(6_000);
      responder.harness.emulator.clearCalls();

      // Act
      const outcome = await responder.respond(eventText(kind.event));

      // Assess
      expect(outcome.status).toBe('rotated');
      const logged = responder.harness.emulator
        .calls()
        .filter((call) => call.method !== 'GET' || call.operation === kind.proofCall)
        .map((call) => `${call.operation === kind.proofCall ? kind.proofAction : call.operation} ${call.opcRequestId}`);
      expect(outcome.actions.map((action) => `${action.operation} ${action.opcRequestId}`)).toEqual(logged);
      expect(outcome.actions.filter((action) => action.operation === kind.proofAction).at(-1)?.result).toMatch(/^proven \(/);
      expect(outcome.actions.at(-1)?.operation).toBe('PublishMessage');
    });
  }
});

/** The evidence the proof reported, as the outcome's audit trail recorded it for the accepted attempt. */
function proofEvidence(outcome: Outcome): string {
  const accepted = outcome.actions.filter((action) => action.result.startsWith('proven (')).at(-1);
  return accepted?.result.slice('proven ('.length, -1) ?? '';
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorState } from '../../../emulator/index.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { fingerprintOfPrivateKey } from '../../support/oci-reads.js';
import { attachResponder, startResponderHarness, type ResponderHarness } from '../../support/responder.js';
import { realisticState } from '../../support/safety-harness.js';

/** A secret the Function may write (same vault, same compartment) that is not alice's: where a forger would like her new key. */
const OTHER_SECRET_ID = 'ocid1.vaultsecret.oc1.iad.aaaaaaaaforgedredirecttargetsecretreadablebyanattacker';

/**
 * Cloud Guard's record of the problem carries no closure comment, so
 * only the event names the secret. Unless something other than the event binds that secret to
 * the user (the `cg-responder-user` tag, an allow-list), the new private key must not go there.
 */
describe('A forged event redirecting a new private key', () => {
  let responder: ResponderHarness;
  let event: string;
  let genuineEvent: string;

  beforeEach(async () => {
    responder = await startResponderHarness();
    const realistic = realisticState(responder.harness.emulator.getState({ includeSecretContent: true }));
    const { state } = realistic;
    // Cloud Guard recorded the resolve without a comment: nothing to compare the event's with.
    const problem = state.problems.find((candidate) => candidate.id === sampleIds.probApi);
    const aliceSecret = state.secrets.find((secret) => secret.id === sampleIds.secretApi);
    if (!problem || !aliceSecret) throw new Error('sample tenancy changed');
    problem.comment = null;
    for (const record of problem.histories) record.comment = null;
    state.secrets.push({ ...structuredClone(aliceSecret), id: OTHER_SECRET_ID, secretName: 'ci-shared-config', freeformTags: {} });
    responder.harness.emulator.setState(state);
    genuineEvent = realistic.apiKeyEvent;
    const forged = JSON.parse(realistic.apiKeyEvent) as { data: { additionalDetails: { problemAdditionalDetails: { comments: string } } } };
    forged.data.additionalDetails.problemAdditionalDetails.comments = `api_secret_ocid:${OTHER_SECRET_ID}`;
    event = JSON.stringify(forged);
  });
  afterEach(async () => {
    await responder.close();
  });

  const identityAndVault = (state: EmulatorState): string => JSON.stringify({ users: state.users, secrets: state.secrets });
  const writes = (): string[] =>
    responder.harness.emulator
      .calls()
      .filter((call) => call.method !== 'GET' && call.operation !== 'PublishMessage')
      .map((call) => call.operation);

  it('refuses a secret with no tag and no allow-list before anything changes, naming both fixes', async () => {
    // Prepare
    const before = identityAndVault(responder.harness.emulator.getState({ includeSecretContent: true }));

    // Act
    const outcome = await responder.respond(event);

    // Assess
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toBe(
      `Secret ${OTHER_SECRET_ID} is not bound to user ${sampleIds.alice}: Cloud Guard's record of the resolve names no secrets, the secret has no cg-responder-user tag and no allow-list is set. ` +
        `Tag the secret cg-responder-user=${sampleIds.alice} (or set CGR_ALLOWED_VAULT_OCIDS / CGR_ALLOWED_COMPARTMENT_OCIDS), then replay; nothing was changed.`,
    );
    expect(writes()).toEqual([]);
    expect(identityAndVault(responder.harness.emulator.getState({ includeSecretContent: true }))).toBe(before);
    expect(outcome.credential.newId).toBeNull();
    expect(outcome.notification.published).toBe(true);
  });

  it('never writes to Cloud Guard for a forged event, and the genuine delivery after it still rotates', async () => {
    // Prepare: alice's own secret is bound to her by its tag, so the genuine event is trusted.
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    const aliceSecret = state.secrets.find((secret) => secret.id === sampleIds.secretApi);
    if (!aliceSecret) throw new Error('sample tenancy changed');
    aliceSecret.freeformTags = { 'cg-responder-user': sampleIds.alice };
    responder.harness.emulator.setState(state);

    // Act
    const forged = await responder.respond(event);
    const problemAfterForged = responder.harness.emulator.getState().problems.find((problem) => problem.id === sampleIds.probApi);
    const genuine = await responder.respond(genuineEvent);

    // Assess
    expect(forged.status).toBe('refused');
    expect(forged.problemReopened).toBe(false);
    expect(forged.reopenSkipped).toMatch(/bound to the user by neither Cloud Guard's record, a cg-responder-user tag nor an allow-list/);
    expect(problemAfterForged?.lifecycleDetail).toBe('RESOLVED');
    expect(responder.harness.emulator.calls().filter((call) => call.operation === 'UpdateProblemStatus')).toEqual([]);
    expect(genuine.status).toBe('rotated');
    expectNewKeyIn(responder.harness.emulator.getState({ includeSecretContent: true }), genuine.credential.newId, sampleIds.secretApi);
  });

  it(`rotates into the secret once it is tagged cg-responder-user=<alice>`, async () => {
    // Prepare
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    const target = state.secrets.find((secret) => secret.id === OTHER_SECRET_ID);
    if (!target) throw new Error('test state changed');
    target.freeformTags = { 'cg-responder-user': sampleIds.alice };
    responder.harness.emulator.setState(state);

    // Act
    const outcome = await responder.respond(event);

    // Assess
    expect(outcome.status).toBe('rotated');
    expectNewKeyIn(responder.harness.emulator.getState({ includeSecretContent: true }), outcome.credential.newId);
  });

  it('rotates into the secret when an allow-list covers its vault', async () => {
    // Prepare
    const allowListed = attachResponder(responder.harness, responder.clock, {
      ownKey: true,
      settings: { allowedVaultIds: [sampleIds.vault] },
    });

    // Act
    const outcome = await allowListed.respond(event);

    // Assess
    expect(outcome.status).toBe('rotated');
    expectNewKeyIn(responder.harness.emulator.getState({ includeSecretContent: true }), outcome.credential.newId);
  });
});

/** The named secret's CURRENT version is the private half of alice's only API key, the new one. */
function expectNewKeyIn(state: EmulatorState, newId: string | null, secretId = OTHER_SECRET_ID): void {
  const current = state.secrets.find((secret) => secret.id === secretId)?.versions.find((version) => version.stages.includes('CURRENT'));
  const alice = state.users.find((user) => user.id === sampleIds.alice);
  expect(alice?.apiKeys.map((key) => key.fingerprint)).toEqual([newId]);
  expect(fingerprintOfPrivateKey(Buffer.from(current?.content ?? '', 'base64').toString('utf8'))).toBe(newId);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorState } from '../../../emulator/index.js';
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import { startResponderHarness, type ResponderHarness } from '../../support/responder.js';
import { realisticState } from '../../support/safety-harness.js';

/** Every secret value the responder generated or stored, read back from the emulator's Vault. */
function generatedSecrets(state: EmulatorState): string[] {
  // An access key id is stored in Vault too, but it is the credential's public id, reported on purpose.
  const publicIds = new Set(state.users.flatMap((user) => user.customerSecretKeys.map((key) => key.id)));
  const values: string[] = [];
  for (const secret of state.secrets) {
    for (const version of secret.versions) {
      if (!version.name?.startsWith('cgr-') || !version.content) continue;
      const text = Buffer.from(version.content, 'base64').toString('utf8');
      if (publicIds.has(text)) continue;
      values.push(text, version.content);
      // A PEM leaks just as well one line at a time.
      for (const line of text.split('\n')) if (line.length >= 40 && !line.startsWith('-----')) values.push(line);
    }
  }
  return values;
}

describe('Canary: no generated secret value reaches a log, an outcome, an email or an error', () => {
  let responder: ResponderHarness;
  const published: string[] = [];

  beforeAll(async () => {
    responder = await startResponderHarness();
    const realistic = realisticState(responder.harness.emulator.getState({ includeSecretContent: true }));
    responder.harness.emulator.setState(realistic.state);
    const { emulator } = responder.harness;
    const run = async (event: string): Promise<void> => {
      published.push(JSON.stringify(await responder.respond(event)));
    };
    // Success paths, a duplicate, and failure paths that carry values through error handling.
    await run(realistic.apiKeyEvent);
    await run(realistic.apiKeyEvent);
    emulator.addFault({ operation: 'UpdateSecret', status: 500, code: 'InternalServerError' });
    await run(eventText(SAMPLE_EVENTS.authToken));
    emulator.clearFaults();
    await run(eventText(SAMPLE_EVENTS.authToken));
    emulator.addFault({ operation: 'PublishMessage', status: 500, code: 'InternalServerError', count: 1 });
    await run(eventText(SAMPLE_EVENTS.secretKey));
    emulator.addFault({ operation: 'UpdateSecret', status: 500, code: 'InternalServerError', count: 10 });
    await run(eventText(SAMPLE_EVENTS.password));
    emulator.clearFaults();
    await run(eventText(SAMPLE_EVENTS.password));
  });

  afterAll(async () => {
    await responder.close();
  });

  it('finds every generated value in Vault and none anywhere else', () => {
    // Prepare
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    const canaries = generatedSecrets(state);
    const emails = state.topics.flatMap((topic) => topic.messages.map((message) => `${message.title ?? ''}\n${message.body}`));
    const haystacks = [...responder.logLines, ...published, ...emails, JSON.stringify(responder.harness.emulator.calls())];

    // Act
    const leaks = canaries.filter((canary) => haystacks.some((text) => text.includes(canary)));

    // Assess
    expect(canaries.length).toBeGreaterThanOrEqual(8);
    expect(responder.logLines.length).toBeGreaterThan(10);
    expect(emails.length).toBeGreaterThanOrEqual(5);
    expect(leaks).toEqual([]);
  });
});

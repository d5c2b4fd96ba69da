import type { models } from 'oci-ons';
import { describe, expect } from 'vitest';
import { createSampleTenancy } from '../../../emulator/index.js';
import { newOcid } from '../../../emulator/ids.js';
import type { PublishedMessageRecord } from '../../../emulator/state/types.js';
import { ociFailure, withoutPolicies } from '../../support/emulator.js';
import { emulatorTest, type EmulatorFixture } from '../../support/emulator-fixture.js';

// ONS PublishMessage (oci-behaviour §5) through the real NotificationDataPlaneClient over HTTP.
// Published messages are kept on their topic in the emulator state, which is how the tests see them.

// Service behaviour, not authorisation: the sample's IAM policies are left out (tested in test/integration/iam).
const it = emulatorTest(() => ({ state: withoutPolicies(createSampleTenancy()) }));
const topicId = newOcid('onstopic', 'iad');

function resetState(harness: EmulatorFixture): void {
  const state = structuredClone(harness.baseline);
  state.topics.push({ id: topicId, compartmentId: state.tenancy.id, name: 'notifications-test', messages: [] });
  harness.emulator.setState(state);
}

function storedMessages(harness: EmulatorFixture): PublishedMessageRecord[] {
  const topic = harness.emulator.getState().topics.find((candidate) => candidate.id === topicId);
  if (topic === undefined) throw new Error(`topic ${topicId} missing from the emulator state`);
  return topic.messages;
}

describe('PublishMessage', () => {
  it('stores the message on the topic with the publishing user and answers messageId and timeStamp', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);
    const messageDetails = { title: 'Credential rotated', body: 'API key of alice rotated.\r\nProblem: p-1' };

    // Act
    const response = await harness.clients.notifications.publishMessage({ topicId, messageDetails });

    // Assess
    const stored = storedMessages(harness);
    expect(stored).toEqual([
      {
        messageId: response.publishResult.messageId,
        title: 'Credential rotated',
        body: 'API key of alice rotated.\r\nProblem: p-1',
        timeStamp: String(response.publishResult.timeStamp),
        publishedBy: harness.identity.userId,
      },
    ]);
    expect(response.publishResult.messageId).toMatch(/\S/);
    expect(Number.isNaN(Date.parse(String(response.publishResult.timeStamp)))).toBe(false);
  });

  it('stores a message without a title with title null, each publish getting its own id', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);

    // Act
    const first = await harness.clients.notifications.publishMessage({ topicId, messageDetails: { body: 'first' } });
    const second = await harness.clients.notifications.publishMessage({ topicId, messageDetails: { body: 'second' } });

    // Assess
    expect(storedMessages(harness).map((message) => [message.title, message.body])).toEqual([
      [null, 'first'],
      [null, 'second'],
    ]);
    expect(first.publishResult.messageId).not.toBe(second.publishResult.messageId);
  });

  it('answers 404 NotAuthorizedOrNotFound for an unknown topic', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);

    // Act
    const failure = await ociFailure(
      harness.clients.notifications.publishMessage({ topicId: newOcid('onstopic', 'iad'), messageDetails: { body: 'lost' } }),
    );

    // Assess
    expect(failure).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
    expect(storedMessages(harness)).toEqual([]);
  });

  it('refuses a message without a body with 400 MissingParameter', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);
    const withoutBody = { title: 'no body' } as unknown as models.MessageDetails;

    // Act
    const failure = await ociFailure(harness.clients.notifications.publishMessage({ topicId, messageDetails: withoutBody }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 400, serviceCode: 'MissingParameter' });
    expect(storedMessages(harness)).toEqual([]);
  });

  it('refuses a message over 64 KB with 400 InvalidParameter and accepts one at the limit', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);
    const title = 'size check';
    const atLimit = 'x'.repeat(64 * 1024 - title.length);

    // Act
    const failure = await ociFailure(
      harness.clients.notifications.publishMessage({ topicId, messageDetails: { title, body: `${atLimit}x` } }),
    );
    await harness.clients.notifications.publishMessage({ topicId, messageDetails: { title, body: atLimit } });

    // Assess
    expect(failure).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(storedMessages(harness).map((message) => message.body.length)).toEqual([atLimit.length]);
  });

  it('surfaces an injected fault as OciError and stores nothing', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);
    harness.emulator.addFault({ operation: 'PublishMessage', status: 429, code: 'TooManyRequests', count: 1 });

    // Act
    const failure = await ociFailure(harness.clients.notifications.publishMessage({ topicId, messageDetails: { body: 'throttled' } }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 429, serviceCode: 'TooManyRequests' });
    expect(storedMessages(harness)).toEqual([]);
  });
});

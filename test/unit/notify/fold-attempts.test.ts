import { describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../../functions/cloudguard-responder/src/invocation/invocation-context.js';
import { foldRepeatedAttempts } from '../../../functions/cloudguard-responder/src/notify/fold-attempts.js';
import { renderNotification } from '../../../functions/cloudguard-responder/src/notify/render-notification.js';
import type { Outcome } from '../../../functions/cloudguard-responder/src/outcome.js';

const at = (second: number): string => new Date(Date.UTC(2026, 10, 20, 10, 15, second)).toISOString();

function proofAttempts(count: number): ActionRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    operation: 'Swift auth (proof)',
    resourceId: 'acme/alice@example.com',
    result: index === count - 1 ? 'proven (200 from Swift)' : 'not-yet (401 from Swift)',
    opcRequestId: `req-${index}`,
    time: at(index),
  }));
}

describe('The audit trail in the email', () => {
  it('folds a run of proof attempts into one line: how many, over how long, the final answer', () => {
    // Prepare
    const actions: ActionRecord[] = [
      { operation: 'CreateAuthToken', resourceId: 'ocid1.user.oc1..alice', result: 'ok', opcRequestId: 'w-1', time: at(0) },
      ...proofAttempts(30),
      { operation: 'UpdateSecret', resourceId: 'ocid1.vaultsecret.oc1..token', result: 'ok', opcRequestId: 'w-2', time: at(31) },
    ];

    // Act
    const lines = foldRepeatedAttempts(actions);

    // Assess
    expect(lines).toEqual([
      `${at(0)} CreateAuthToken ocid1.user.oc1..alice: ok [w-1]`,
      `${at(0)} Swift auth (proof) acme/alice@example.com: 30 attempts over 29.0 s, final answer proven (200 from Swift) [req-29]`,
      `${at(31)} UpdateSecret ocid1.vaultsecret.oc1..token: ok [w-2]`,
    ]);
  });

  it('never folds writes, even the same write repeated', () => {
    // Prepare
    const write: ActionRecord = {
      operation: 'UpdateSecret',
      resourceId: 'ocid1.vaultsecret.oc1..token',
      result: '503 ServiceUnavailable',
      opcRequestId: null,
      time: at(1),
    };

    // Act
    const lines = foldRepeatedAttempts([write, { ...write, result: 'ok', time: at(2) }]);

    // Assess
    expect(lines).toHaveLength(2);
  });

  it('keeps every attempt in the outcome while the email shows one line for them', () => {
    // Prepare
    const actions = proofAttempts(30);
    const outcome: Outcome = {
      eventId: 'evt-1',
      problemId: 'ocid1.cloudguardproblem.oc1.iad.aaaaaaaaexample',
      problemName: 'AUTH_TOKEN_TOO_OLD',
      status: 'rotated',
      step: null,
      credential: { type: 'AUTH_TOKEN', userId: 'ocid1.user.oc1..alice', oldId: 'old', newId: 'new' },
      secrets: [],
      verified: [],
      stillWorking: null,
      nextAction: null,
      notification: { published: false, title: null, messageId: null, error: null },
      correlationId: 'corr-1',
      problemReopened: false,
      actions,
    };

    // Act
    const { body } = renderNotification({ outcome, problemDisplayName: null, eventTime: null, userName: 'alice@example.com' });

    // Assess
    expect(body.split('\n').filter((line) => line.includes('Swift auth (proof)'))).toEqual([
      `  - ${at(0)} Swift auth (proof) acme/alice@example.com: 30 attempts over 29.0 s, final answer proven (200 from Swift) [req-29]`,
    ]);
    expect(outcome.actions).toHaveLength(30);
  });
});

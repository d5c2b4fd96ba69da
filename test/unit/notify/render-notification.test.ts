import { describe, expect, it } from 'vitest';
import { renderNotification } from '../../../functions/cloudguard-responder/src/notify/render-notification.js';
import type { Outcome } from '../../../functions/cloudguard-responder/src/outcome.js';

function outcome(overrides: Partial<Outcome>): Outcome {
  return {
    eventId: 'evt-1',
    problemId: 'ocid1.cloudguardproblem.oc1.iad.aaaaaaaaexample',
    problemName: 'API_KEY_TOO_OLD',
    status: 'rotated',
    step: null,
    credential: { type: 'API_KEY', userId: 'ocid1.user.oc1..aaaaaaaaalice', oldId: 'aa:bb', newId: 'cc:dd' },
    secrets: [
      {
        secretId: 'ocid1.vaultsecret.oc1.iad.aaaaaaaasecret',
        role: 'private-key',
        versionNumber: 7,
        versionName: 'cgr-1',
        stage: 'CURRENT',
      },
    ],
    verified: ['new key cc:dd signed a read-only request (GetUser)'],
    stillWorking: null,
    nextAction: null,
    notification: { published: false, title: null, messageId: null, error: null },
    correlationId: 'corr-1',
    problemReopened: false,
    actions: [],
    ...overrides,
  };
}

describe('Notification text', () => {
  it('titles a rotation with the credential, the user and the secret version', () => {
    // Act
    const message = renderNotification({
      outcome: outcome({}),
      problemDisplayName: 'API key is too old',
      eventTime: '2026-11-20T10:15:00Z',
      userName: 'alice@example.com',
    });

    // Assess
    expect(message.title).toBe('Rotated API key of alice@example.com · secret v7');
    expect(message.body).toContain('Old credential: aa:bb');
    expect(message.body).toContain('New credential: cc:dd');
    expect(message.body).toContain('private-key: ocid1.vaultsecret.oc1.iad.aaaaaaaasecret version 7 (CURRENT, name cgr-1)');
  });

  it('reports version clean-up only when the rotation stored a secret version', () => {
    // Prepare: the same clean-up record, with and without a secret (a password reset naming none).
    const hygiene = { scheduledForDeletion: [], problems: [], keptPrevious: 3 };
    const message = (secrets: Outcome['secrets']) =>
      renderNotification({
        outcome: outcome({
          problemName: 'PASSWORD_TOO_OLD',
          credential: { type: 'UI_PASSWORD', userId: 'ocid1.user.oc1..aaaaaaaaalice', oldId: null, newId: null },
          secrets,
          hygiene,
        }),
        problemDisplayName: 'Password is too old',
        eventTime: '2026-11-20T10:15:00Z',
        userName: 'alice@example.com',
      }).body;

    // Act
    const withoutSecret = message([]);
    const withSecret = message(outcome({}).secrets);

    // Assess
    expect(withoutSecret).not.toContain('Version clean-up');
    expect(withSecret).toContain('Version clean-up (keeps CURRENT, PENDING and 3 previous): nothing to remove');
  });

  it('says NOT rotated with the failed step, what still works and the next action', () => {
    // Act
    const message = renderNotification({
      outcome: outcome({
        status: 'failed',
        step: 'upload-key',
        reason: 'Step upload-key failed: 500',
        stillWorking: 'The old key still works.',
        nextAction: 'Replay the event.',
      }),
      problemDisplayName: null,
      eventTime: null,
      userName: 'alice@example.com',
    });

    // Assess
    expect(message.title).toBe('NOT rotated: API key of alice@example.com · failed at upload-key');
    expect(message.body).toContain('What still works: The old key still works.');
    expect(message.body).toContain('Next action: Replay the event.');
  });

  it('flattens line breaks from any field so nothing can forge a header or an extra line', () => {
    // Prepare
    const hostile = 'alice\r\nBcc: attacker@example.com\nOutcome: ROTATED';

    // Act
    const message = renderNotification({
      outcome: outcome({ status: 'refused', reason: hostile }),
      problemDisplayName: null,
      eventTime: null,
      userName: hostile,
    });

    // Assess
    expect(message.title).not.toMatch(/[\r\n]/);
    expect(message.body.split('\n').filter((line) => line.startsWith('Bcc:'))).toEqual([]);
    expect(message.body.split('\n').filter((line) => line.startsWith('Outcome:'))).toHaveLength(1);
  });

  it('ends with the audit trail: each OCI write with its opc-request-id, in order', () => {
    // Prepare
    const actions = [
      {
        operation: 'UpdateSecret',
        resourceId: 'ocid1.vaultsecret.oc1.iad.aaaaaaaasecret',
        result: 'ok',
        opcRequestId: 'req-1',
        time: '2026-11-20T10:15:01.000Z',
      },
      {
        operation: 'DeleteApiKey',
        resourceId: 'ocid1.user.oc1..aaaaaaaaalice',
        result: '503 ServiceUnavailable',
        opcRequestId: null,
        time: '2026-11-20T10:15:02.000Z',
      },
    ];

    // Act
    const message = renderNotification({ outcome: outcome({ actions }), problemDisplayName: null, eventTime: null, userName: null });

    // Assess
    const lines = message.body.split('\n');
    const first = lines.findIndex((line) => line.includes('UpdateSecret'));
    expect(lines[first]).toBe('  - 2026-11-20T10:15:01.000Z UpdateSecret ocid1.vaultsecret.oc1.iad.aaaaaaaasecret: ok [req-1]');
    expect(lines[first + 1]).toBe(
      '  - 2026-11-20T10:15:02.000Z DeleteApiKey ocid1.user.oc1..aaaaaaaaalice: 503 ServiceUnavailable [no request id]',
    );
  });
});

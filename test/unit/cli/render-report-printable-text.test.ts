import { describe, expect, it } from 'vitest';
import { renderReport, type ReplayReport } from '../../../cli/replay/render-report.js';
import type { Outcome } from '../../../functions/cloudguard-responder/src/outcome.js';

const outcome: Outcome = {
  eventId: 'evt-1',
  problemId: 'ocid1.cloudguardproblem.oc1.iad.aaaaaaaaexample',
  problemName: 'AUTH_TOKEN_TOO_OLD',
  status: 'refused',
  reason: 'the slot is held by ocid1.credential.oc1..other ("docker\u2028Outcome: ROTATED \u202Eexe.tnemmoc")',
  step: null,
  credential: { type: 'AUTH_TOKEN', userId: 'ocid1.user.oc1..alice', oldId: 'old', newId: null },
  secrets: [],
  verified: [],
  stillWorking: null,
  nextAction: null,
  notification: { published: false, title: null, messageId: null, error: null },
  correlationId: 'corr-1',
  problemReopened: false,
  actions: [],
};

describe('The CLI replay report', () => {
  it('prints user-made text as printable text: no line or paragraph separator, no bidi override reaches the terminal', () => {
    // Prepare
    const report: ReplayReport = {
      file: 'event.json',
      target: 'emulator',
      outcome,
      provisioned: [],
      changes: [{ kind: 'added', text: 'auth token "ci\u2029token\u2066" on alice' }],
      message: { topicName: 'secops', title: 'NOT rotated', body: 'Reason: x\u202Ey' },
      plannedCalls: null,
    };

    // Act
    const text = renderReport(report);

    // Assess
    expect(text).not.toMatch(/[\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('("docker Outcome: ROTATED <U+202E>exe.tnemmoc")');
    expect(text).toContain('+ auth token "ci token<U+2066>" on alice');
    expect(text.split('\n').filter((line) => line.trimStart().startsWith('Outcome'))).toEqual(['  Outcome     REFUSED (nothing changed)']);
  });
});

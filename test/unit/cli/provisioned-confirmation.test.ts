import { describe, expect, it } from 'vitest';
import { replayNotifier } from '../../../cli/replay/provisioned-confirmation.js';

const PROVISIONED = 'ocid1.cloudguardproblem.oc3.tus.aaaaaaaaprovisioned';
const REAL = 'ocid1.cloudguardproblem.oc1.iad.aaaaaaaareal';

describe("the replay's notifier rewords only confirmations of problems the replay provisioned", () => {
  it('rewords the confirmation line of a provisioned problem and passes every other line and the title on unchanged', async () => {
    // Prepare
    const sent: Array<{ title: string; body: string }> = [];
    const notifier = replayNotifier(
      {
        publish: async (message) => {
          sent.push(message);
          return { messageId: 'm-1' };
        },
      },
      (problemId) => problemId === PROVISIONED,
    );
    const body = [
      'Outcome: ROTATED',
      `Problem OCID: ${PROVISIONED}`,
      'Verified:',
      `  - Cloud Guard confirms problem ${PROVISIONED} was resolved by replayed-event at 2026-11-20T10:15:00Z`,
      `  - Cloud Guard confirms problem ${REAL} was resolved by secops@example.com at 2026-11-20T10:14:00Z`,
      '  - new auth token ocid1.credential.oc3..new is listed ACTIVE',
      'Note: Cloud Guard confirms problem text outside the Verified list stays as written',
    ];

    // Act
    const answer = await notifier.publish({ title: 'Rotated auth token', body: body.join('\n') });

    // Assess
    expect(answer).toEqual({ messageId: 'm-1' });
    expect(sent).toEqual([
      {
        title: 'Rotated auth token',
        body: [
          body[0],
          body[1],
          body[2],
          `  - the emulator's Cloud Guard holds problem ${PROVISIONED} was resolved by replayed-event at 2026-11-20T10:15:00Z [PROVISIONED by this replay from the event itself: not Cloud Guard's confirmation]`,
          body[4],
          body[5],
          body[6],
        ].join('\n'),
      },
    ]);
  });

  it('passes a publish failure on to the responder, which reports that SecOps was not told', async () => {
    // Prepare
    const notifier = replayNotifier(
      {
        publish: async () => {
          throw new Error('ONS unavailable');
        },
      },
      () => true,
    );

    // Act
    const publishing = notifier.publish({ title: 't', body: 'b' });

    // Assess
    await expect(publishing).rejects.toThrow('ONS unavailable');
  });
});

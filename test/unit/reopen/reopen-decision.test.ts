import { describe, expect, it } from 'vitest';
import {
  decideReopen,
  nextActionAfterReopen,
  type ReopenFacts,
} from '../../../functions/cloudguard-responder/src/reopen/reopen-decision.js';

const known: ReopenFacts = {
  status: 'failed',
  failedStep: 'stage-secret',
  reopenEnabled: true,
  problemVerified: true,
  secretsBound: true,
  truth: { staleExists: true, completed: false, traces: [] },
  wroteAnything: true,
};

describe('When a failed or refused rotation reopens its problem', () => {
  it('reopens when the event is confirmed, the stale credential is there, nothing completed and nobody else is at work', () => {
    // Act
    const decision = decideReopen(known);

    // Assess
    expect(decision).toEqual({ kind: 'reopen' });
  });

  it('leaves Cloud Guard alone, saying why, whenever one fact is missing or in doubt', () => {
    // Prepare
    const cases: Array<[Partial<ReopenFacts>, RegExp]> = [
      [{ problemVerified: false }, /does not confirm this event/],
      [{ secretsBound: false }, /may be forged/],
      [{ secretsBound: null }, /in doubt/],
      [{ truth: null }, /in doubt/],
      [{ truth: { staleExists: false, completed: false, traces: [] } }, /no longer on the user/],
      [
        {
          status: 'refused',
          truth: { staleExists: true, completed: false, traces: ['credential x was created for this resolve'] },
          wroteAnything: false,
        },
        /another delivery/,
      ],
      [{ reopenEnabled: false }, /CGR_REOPEN_PROBLEMS=false/],
    ];

    // Act
    const decisions = cases.map(([change]) => decideReopen({ ...known, ...change }));

    // Assess
    decisions.forEach((decision, index) => {
      expect(decision.kind).toBe('leave');
      expect(decision.kind === 'leave' ? decision.why : '').toMatch(cases[index]?.[1] ?? /never/);
    });
  });

  it('hands a failure over to the delivery that completed the rotation or is making it', () => {
    // Act
    const completed = decideReopen({ ...known, truth: { staleExists: false, completed: true, traces: [] } });
    const atWork = decideReopen({
      ...known,
      wroteAnything: false,
      truth: { staleExists: true, completed: false, traces: ['credential x was created for this resolve'] },
    });
    const ownRetirement = decideReopen({ ...known, failedStep: 'retire-old', truth: { staleExists: false, completed: true, traces: [] } });

    // Assess
    expect(completed).toEqual({ kind: 'completed-by-other' });
    // Only a delivery at retire-old deletes the stale credential: a complete rotation then is most likely its own.
    expect(ownRetirement.kind).toBe('leave');
    expect(atWork).toEqual({ kind: 'other-at-work', traces: ['credential x was created for this resolve'] });
  });

  it('turns "replay the event" into resolving the problem again: one action, the one that works once it is OPEN', () => {
    // Act
    const rewritten = nextActionAfterReopen('Replay the event: it promotes the remaining version and then removes the old key.');
    const generic = nextActionAfterReopen(null);

    // Assess
    expect(rewritten).toBe(
      'Resolve the problem again in Cloud Guard (it is OPEN again, so a replay of this event would be refused): it promotes the remaining version and then removes the old key.',
    );
    expect(generic).toMatch(/^Fix the cause above, then resolve the problem again in Cloud Guard/);
    expect(`${rewritten} ${generic}`).not.toMatch(/Replay the event/);
  });
});

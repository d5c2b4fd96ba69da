import { describe, expect, it } from 'vitest';
import { renderReport, type ReplayReport } from '../../../cli/replay/render-report.js';
import type { Outcome } from '../../../functions/cloudguard-responder/src/index.js';

const PROBLEM = 'ocid1.cloudguardproblem.oc3.tus.aaaaaaaaexample';

function failedProof(): Outcome {
  return {
    eventId: 'e-1',
    problemId: PROBLEM,
    problemName: 'AUTH_TOKEN_TOO_OLD',
    status: 'failed',
    reason: 'Step prove-credential failed: Swift did not accept it after 60 s of propagation (Unauthorized); it stays PENDING',
    step: 'prove-credential',
    credential: {
      type: 'AUTH_TOKEN',
      userId: 'ocid1.user.oc3..aaaa',
      oldId: 'ocid1.credential.oc3..old',
      newId: 'ocid1.credential.oc3..new',
    },
    secrets: [],
    verified: [`Cloud Guard confirms problem ${PROBLEM} was resolved by replayed-event at 2026-11-20T10:15:00Z`],
    stillWorking: null,
    nextAction: null,
    notification: { published: false, title: null, messageId: null, error: null, skipped: 'test' },
    correlationId: 'c-1',
    problemReopened: false,
    actions: [],
  };
}

function report(target: ReplayReport['target'], extra: Partial<ReplayReport> = {}): ReplayReport {
  return {
    file: 'event.json',
    target,
    outcome: failedProof(),
    provisioned: [],
    changes: [],
    message: null,
    plannedCalls: target === 'dry-run' ? [] : null,
    ...extra,
  };
}

describe('the replay report says what the replay invented', () => {
  it('marks a Cloud Guard confirmation the replay provisioned itself, and leaves a real one as it is', () => {
    // Act
    const provisioned = renderReport(report('emulator', { problemProvisioned: true }));
    const real = renderReport(report('emulator', { problemProvisioned: false }));

    // Assess
    expect(provisioned).toContain(
      `Verified    the emulator's Cloud Guard holds problem ${PROBLEM} was resolved by replayed-event at 2026-11-20T10:15:00Z [PROVISIONED by this replay from the event itself: not Cloud Guard's confirmation]`,
    );
    expect(provisioned).not.toContain('Cloud Guard confirms');
    expect(real).toContain(`Verified    Cloud Guard confirms problem ${PROBLEM}`);
  });

  it("says a wait in the reason ran on the emulator's simulated clock, only when the emulator ran it", () => {
    // Act
    const emulated = renderReport(report('emulator'));
    const live = renderReport(report('live'));

    // Assess
    expect(emulated).toContain(
      "Note        that wait ran on the emulator's simulated clock in the stand-in tenancy; it says nothing about OCI's propagation in a real tenancy",
    );
    expect(live).not.toContain('simulated clock');
  });

  it('says a deadline that ran out on the emulator ran out on its simulated clock, and says nothing of it elsewhere', () => {
    // Prepare
    const deadline = { ...failedProof(), reason: "The invocation's deadline was reached during step stage-secret." };

    // Act
    const emulated = renderReport(report('emulator', { outcome: deadline }));
    const live = renderReport(report('live', { outcome: deadline }));

    // Assess
    expect(emulated).toContain("  Note        the deadline (--timeout) ran out on the emulator's simulated clock");
    expect(live).not.toContain('simulated clock');
  });

  it("places a dry run's outcome in its private copy, not in OCI, and leaves the other targets' outcome as it is", () => {
    // Act
    const dryRun = renderReport(report('dry-run'));
    const live = renderReport(report('live'));

    // Assess
    expect(dryRun).toContain("  Outcome     FAILED · in the dry run's private copy (nothing was written to OCI)\n");
    expect(live).toContain('  Outcome     FAILED\n');
  });

  it('lists what the responder logged as not done, and where a rebuilt event came from', () => {
    // Act
    const text = renderReport(
      report('live', {
        loggedErrors: ['problem could not be set OPEN again; Cloud Guard still shows it RESOLVED (OciCallError: …)'],
        rebuiltFrom: ['GetProblem …', 'ListProblemHistories: …'],
      }),
    );

    // Assess
    expect(text).toContain('  Not done    problem could not be set OPEN again; Cloud Guard still shows it RESOLVED (OciCallError: …)');
    expect(text).toContain(
      "  Event       rebuilt (no captured event was given) from Cloud Guard's own record:\n    * GetProblem …\n    * ListProblemHistories: …",
    );
  });
});

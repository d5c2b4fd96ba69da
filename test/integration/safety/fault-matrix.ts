import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorState, FaultSpec } from '../../../emulator/index.js';
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import { recycledResponderKeyPairs } from '../../support/key-pool.js';
import { startResponderHarness, type ResponderHarness } from '../../support/responder.js';
import { invariantViolations, realisticState, resolveAgain, type RotationKind } from '../../support/safety-harness.js';

/** The OCI operations each rotation sends, and which of them change state. */
const OPERATIONS: Readonly<Record<RotationKind, { reads: string[]; writes: string[] }>> = {
  API_KEY: {
    reads: ['GetProblem', 'ListProblemHistories', 'GetUser', 'GetSecret', 'ListSecretVersions', 'ListApiKeys'],
    writes: ['UpdateSecret', 'UploadApiKey', 'DeleteApiKey', 'PublishMessage'],
  },
  AUTH_TOKEN: {
    reads: ['GetProblem', 'ListProblemHistories', 'GetUser', 'GetSecret', 'ListSecretVersions', 'ListAuthTokens'],
    writes: ['CreateAuthToken', 'UpdateSecret', 'DeleteAuthToken', 'PublishMessage'],
  },
  CUSTOMER_SECRET_KEY: {
    reads: ['GetProblem', 'ListProblemHistories', 'GetUser', 'GetSecret', 'ListSecretVersions', 'ListCustomerSecretKeys'],
    writes: ['CreateCustomerSecretKey', 'UpdateSecret', 'DeleteCustomerSecretKey', 'PublishMessage'],
  },
  UI_PASSWORD: {
    reads: ['GetProblem', 'ListProblemHistories', 'GetUser', 'GetSecret', 'ListSecretVersions'],
    writes: ['CreateOrResetUIPassword', 'UpdateSecret', 'PublishMessage'],
  },
};

/** Transient faults clear (the SDK's bounded retry or the next delivery absorbs them); the permanent one never does. */
const FAULTS: ReadonlyArray<{ name: string; spec: Omit<FaultSpec, 'operation'>; writesOnly?: boolean; transient: boolean }> = [
  { name: '503 once', spec: { status: 503, code: 'ServiceUnavailable', count: 1 }, transient: true },
  { name: '429 once', spec: { status: 429, code: 'TooManyRequests', count: 1 }, transient: true },
  { name: 'slow (300 ms) once', spec: { delayMs: 300, count: 1 }, transient: true },
  {
    name: 'lost response once',
    spec: { status: 500, code: 'InternalServerError', count: 1, phase: 'after' },
    writesOnly: true,
    transient: true,
  },
  { name: '500 always', spec: { status: 500, code: 'InternalServerError' }, transient: false },
];

const EVENTS: Readonly<Record<RotationKind, string>> = {
  API_KEY: SAMPLE_EVENTS.apiKey,
  AUTH_TOKEN: SAMPLE_EVENTS.authToken,
  CUSTOMER_SECRET_KEY: SAMPLE_EVENTS.secretKey,
  UI_PASSWORD: SAMPLE_EVENTS.password,
};

export interface MatrixRow {
  kind: RotationKind;
  operation: string;
  fault: string;
  firstOutcome: string;
  afterReplay: string;
  invariant: 'held' | 'VIOLATED';
}

/**
 * One rotation type × every OCI operation it uses × each fault: run the event with the fault
 * injected, check the invariants, clear the fault, deliver the same event again (as OCI Events
 * would), and check that it completes with the invariants still holding. Prints the matrix.
 */
export function faultMatrix(kind: RotationKind): void {
  describe(`Fault matrix: ${kind}`, () => {
    let responder: ResponderHarness;
    let seed: EmulatorState;
    let event: string;
    const rows: MatrixRow[] = [];

    beforeAll(async () => {
      // Every case starts from `seed` again, so the API keys the responder generates can be recycled.
      responder = await startResponderHarness({ responderKeyPairs: recycledResponderKeyPairs() });
      const realistic = realisticState(responder.harness.emulator.getState({ includeSecretContent: true }));
      seed = realistic.state;
      event = kind === 'API_KEY' ? realistic.apiKeyEvent : eventText(EVENTS[kind]);
    });

    afterAll(async () => {
      await responder.close();
      const table = rows.map(
        (row) => `| ${row.kind} | ${row.operation} | ${row.fault} | ${row.firstOutcome} | ${row.afterReplay} | ${row.invariant} |`,
      );
      console.log(
        [
          `Fault matrix, ${kind}: ${rows.length} cases`,
          '| type | operation | fault | outcome | after replay | invariant |',
          '| --- | --- | --- | --- | --- | --- |',
          ...table,
        ].join('\n'),
      );
    });

    const { reads, writes } = OPERATIONS[kind];
    for (const operation of [...reads, ...writes]) {
      for (const fault of FAULTS) {
        if (fault.writesOnly && !writes.includes(operation)) continue;
        it(`${operation} · ${fault.name}: old or new credential works and is recorded; a replay completes`, async () => {
          // Prepare
          const { emulator } = responder.harness;
          emulator.setState(seed);
          emulator.clearFaults();
          emulator.clearCalls();
          emulator.addFault({ operation, ...fault.spec });

          // Act
          const first = await responder.respond(event);
          const faultMet = emulator.calls().some((call) => call.operation === operation);
          emulator.clearFaults();
          // Checked before the replay: proving a credential works means signing with it now.
          const afterFirst = await invariantViolations(kind, emulator.getState({ includeSecretContent: true }), first, emulator.url);
          // A failed rotation sets the problem OPEN again; SecOps then resolves it again.
          if (first.problemReopened) await resolveAgain(responder.harness, first.problemId as string, event);
          const replay = await responder.respond(event);
          const afterReplay = await invariantViolations(kind, emulator.getState({ includeSecretContent: true }), replay, emulator.url);

          // Assess
          const violations = [...afterFirst, ...afterReplay.map((violation) => `after replay: ${violation}`)];
          rows.push({
            kind,
            operation,
            fault: fault.name,
            firstOutcome: first.step ? `${first.status} at ${first.step}` : first.status,
            afterReplay: replay.status,
            invariant: violations.length === 0 ? 'held' : 'VIOLATED',
          });
          expect(faultMet, `${operation} was never called, so this case tests nothing`).toBe(true);
          expect(violations).toEqual([]);
          expect(['rotated', 'already-rotated']).toContain(replay.status);
          // A failure of a genuine problem reopens it in Cloud Guard once a definite read shows the stale
          // credential still there; when the read after the failure fails too (the fault is on one of its
          // operations), that is doubt, and Cloud Guard is left alone with the reason in the outcome.
          // A password already reset is no stale credential any more. Successes never write the problem's status.
          const truthReads = ['ListSecretVersions', 'ListApiKeys', 'ListAuthTokens', 'ListCustomerSecretKeys'];
          const passwordReset = (first.stillWorking ?? '').includes('WAS reset');
          if (first.status === 'failed' && first.step !== 'verify-problem') {
            expect(first.problemReopened).toBe(!truthReads.includes(operation) && !passwordReset);
            if (truthReads.includes(operation)) expect(first.reopenSkipped).toMatch(/in doubt/);
            if (passwordReset) expect(first.reopenSkipped).toMatch(/no longer on the user/);
          }
          if (first.status === 'rotated') expect(emulator.calls().some((call) => call.operation === 'UpdateProblemStatus')).toBe(false);
          if (fault.transient && operation !== 'PublishMessage') expect(first.status).toBe('rotated');
          if (!fault.transient && operation !== 'PublishMessage') expect(['failed', 'refused']).toContain(first.status);
          if (operation === 'PublishMessage' && !fault.transient) expect(first.notification.published).toBe(false);
        });
      }
    }
  });
}

import type { CredentialType } from './domain/credential-type.js';
import type { ActionRecord } from './invocation/invocation-context.js';
import type { HygieneReport, SecretVersionRef } from './rotation/rotation-types.js';

/** What the Function returns for one event; validated by `schemas/outcome.schema.json`. */
export type OutcomeStatus = 'rotated' | 'already-rotated' | 'in-progress' | 'nothing-to-rotate' | 'ignored' | 'refused' | 'failed';

export interface Outcome {
  eventId: string | null;
  problemId: string | null;
  problemName: string | null;
  status: OutcomeStatus;
  reason?: string;
  step: string | null;
  credential: {
    type: CredentialType | null;
    userId: string | null;
    oldId: string | null;
    newId: string | null;
  };
  secrets: SecretVersionRef[];
  verified: string[];
  stillWorking: string | null;
  nextAction: string | null;
  notification: {
    published: boolean;
    title: string | null;
    messageId: string | null;
    error: string | null;
    /** Why no email was sent on purpose; null when one was attempted. */
    skipped?: string | null;
  };
  correlationId: string;
  /** A failed or refused rotation set the Cloud Guard problem OPEN again. */
  problemReopened: boolean;
  /** Why a failed or refused rotation did NOT set the problem OPEN again: in doubt, no Cloud Guard write. */
  reopenSkipped?: string;
  /** Every OCI write this delivery sent, in order, with its opc-request-id: the audit trail. */
  actions: ActionRecord[];
  /** What started the rotation; absent for input that started none. */
  /** For Vault's schedule, `versionNo` is the CURRENT version the rotation replaces (its key), when known. */
  trigger?: { kind: 'cloud-guard' } | { kind: 'vault-schedule'; secretId: string; versionNo?: number };
  /** The clean-up of old secret versions after a successful rotation; its failures never fail the rotation. */
  hygiene?: HygieneReport;
}

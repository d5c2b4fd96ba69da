import type { CredentialType } from '../domain/credential-type.js';
import type { RotationPhase, RotationReport, RotationStatus, RotationStep, SecretVersionRef } from './rotation-types.js';

/**
 * The explicit record of one rotation's progress, the single place its state lives (the way an
 * idempotency record holds a request's): the step running now, the new credential's id, the
 * secret versions written, what was verified, and the facts a credential family notes for its
 * failure explanation (`facts`). Only the phase driver moves `step` on. When a phase throws, the
 * rotation turns the record into a `failed` report that says exactly how far it got, and the
 * explanation (what still works, the next action) is derived from the record alone.
 */
export class RotationRecord<Facts = unknown> {
  /** Set by the phase driver as each phase starts; a failed report names it. */
  step: RotationStep = 'preflight';
  newId: string | null = null;
  userName: string | null = null;
  /** Set when the run stopped on purpose at the phase it was asked to reach (a Vault step). */
  reached: RotationPhase | null = null;
  readonly verified: string[] = [];
  readonly #secrets = new Map<string, SecretVersionRef>();

  constructor(
    readonly type: CredentialType,
    readonly userId: string,
    readonly oldId: string | null,
    /** What a credential family notes as it runs (a compensating delete, a reset done). */
    readonly facts: Facts,
  ) {}

  recordSecret(ref: SecretVersionRef): void {
    this.#secrets.set(`${ref.secretId}|${ref.role}`, ref);
  }

  secret(secretId: string): SecretVersionRef | undefined {
    for (const ref of this.#secrets.values()) if (ref.secretId === secretId) return ref;
    return undefined;
  }

  /** The version names this run recorded (its own marker's, or an adopted earlier one's). */
  versionNames(): string[] {
    return [...this.#secrets.values()].map((ref) => ref.versionName).filter((name): name is string => name !== null);
  }

  markPromoted(secretId: string): void {
    const ref = this.secret(secretId);
    if (ref) this.recordSecret({ ...ref, stage: 'CURRENT' });
  }

  verify(what: string): void {
    this.verified.push(what);
  }

  report(status: RotationStatus, details: { reason?: string; stillWorking?: string; nextAction?: string } = {}): RotationReport {
    return {
      status,
      reason: details.reason ?? null,
      step: status === 'failed' ? this.step : null,
      credential: { type: this.type, userId: this.userId, oldId: this.oldId, newId: this.newId },
      userName: this.userName,
      secrets: [...this.#secrets.values()],
      verified: [...this.verified],
      stillWorking: details.stillWorking ?? null,
      nextAction: details.nextAction ?? null,
      reached: this.reached,
      hygiene: null,
    };
  }
}

import type { CredentialType } from '../domain/credential-type.js';

/**
 * The types a rotation, its report and the Function's outcome share. They live in one module
 * that imports nothing of the rotation, so the modules that use them never import each other
 * in a circle (the architecture test holds that).
 */

export type SecretRole = 'private-key' | 'auth-token' | 'access-key-id' | 'secret-key' | 'password';

/** One Vault secret version a rotation wrote or adopted; a reference, never the value. */
export interface SecretVersionRef {
  secretId: string;
  role: SecretRole;
  versionNumber: number;
  versionName: string | null;
  stage: 'CURRENT' | 'PENDING';
}

/**
 * How far one invocation takes a rotation. A Cloud Guard event runs every phase at once; Vault's
 * rotation runs one phase per step, each a separate invocation that reads its progress back from
 * OCI (the version named after the marker, the credential tagged with it) and resumes there.
 *
 * | Phase      | Done when                                                   | What still works if it stops here                  | Next action if it fails          |
 * | ---------- | ----------------------------------------------------------- | -------------------------------------------------- | -------------------------------- |
 * | `stage`    | the new credential (or key pair) is a PENDING version in    | the old credential, CURRENT in Vault; a generated  | the same step again: it reuses   |
 * |            | every secret; tokens and secret keys already exist on the   | credential exists beside it, unused                | what is staged                   |
 * |            | user (OCI makes them there)                                 |                                                    |                                  |
 * | `apply`    | the new credential is on the user and ACTIVE (an API key is | both credentials; the old one is CURRENT           | the same step again              |
 * |            | uploaded here, a separate act)                              |                                                    |                                  |
 * | `complete` | the new one is proven by use, CURRENT, and the old one gone | the new credential, CURRENT in Vault               | the same step again: it promotes |
 * |            |                                                             |                                                    | and retires what is left         |
 */
export type RotationPhase = 'stage' | 'apply' | 'complete';

/**
 * The steps of a rotation, in the order they run. A failed outcome names the step, and the
 * report of what still works is written per step: that is why they are an explicit list.
 */
export type RotationStep =
  | 'verify-problem'
  | 'preflight'
  | 'resume'
  | 'generate-key'
  | 'create-credential'
  | 'stage-secret'
  | 'upload-key'
  | 'wait-active'
  | 'prove-key'
  | 'prove-credential'
  | 'promote-secret'
  | 'retire-old'
  | 'compensate'
  | 'reset-password'
  | 'store-password';

export type RotationStatus = 'rotated' | 'already-rotated' | 'in-progress' | 'nothing-to-rotate' | 'refused' | 'failed';

/** What the clean-up after a rotation did; reported in the outcome and the email, never fatal. */
export interface HygieneReport {
  /** How many previous versions per secret were kept (CGR_KEEP_PREVIOUS_VERSIONS). */
  keptPrevious: number;
  scheduledForDeletion: { secretId: string; versionNumber: number; versionName: string }[];
  /** Clean-ups that failed, each in one line; the rotation itself still succeeded. */
  problems: string[];
}

/** What one rotation did, for the outcome and the notification. No secret values. */
export interface RotationReport {
  status: RotationStatus;
  reason: string | null;
  step: RotationStep | null;
  credential: { type: CredentialType; userId: string; oldId: string | null; newId: string | null };
  userName: string | null;
  secrets: SecretVersionRef[];
  verified: string[];
  stillWorking: string | null;
  nextAction: string | null;
  /** The phase a run limited to it reached (its status is then `in-progress`); null otherwise. */
  reached: RotationPhase | null;
  /** The version clean-up after a successful rotation; null when none ran. */
  hygiene: HygieneReport | null;
}

import type { RotationRun } from './rotation-context.js';
import type { RotationReport } from './rotation-types.js';
import { rotateApiKey } from './api-key-rotation.js';
import { authTokenKind, customerSecretKeyKind } from './credential-kinds.js';
import { rotateGeneratedCredential } from './generated-credential-rotation.js';
import { rotateUiPassword } from './ui-password-rotation.js';

import { cleanUpVersions } from './version-hygiene.js';

/**
 * Picks the rotation protocol for the request's credential type; after a rotation that
 * completed, cleans up old versions of the secrets it wrote (never failing the rotation).
 */
export async function rotateCredential(run: RotationRun): Promise<RotationReport> {
  const report = await rotateWithProtocol(run);
  if (report.status === 'rotated') report.hygiene = await cleanUpVersions(run, report.secrets);
  return report;
}

function rotateWithProtocol(run: RotationRun): Promise<RotationReport> {
  const targets = run.request.secrets;
  switch (targets.type) {
    case 'API_KEY':
      return rotateApiKey(run, targets.privateKeySecretId);
    case 'AUTH_TOKEN':
      return rotateGeneratedCredential(run, authTokenKind(run.deps.identity, targets.tokenSecretId));
    case 'CUSTOMER_SECRET_KEY':
      return rotateGeneratedCredential(run, customerSecretKeyKind(run.deps.identity, targets));
    case 'UI_PASSWORD':
      return rotateUiPassword(run, targets.passwordSecretId);
  }
}

/** Tunables of the rotation; defaults match OCI's documented limits (oci-facts §3.6, §4.5). */
export interface RotationSettings {
  /** Empty: any vault. Otherwise a named secret must live in one of these vaults. */
  allowedVaultIds: readonly string[];
  /** Empty: any compartment. Otherwise a named secret must live in one of these compartments. */
  allowedCompartmentIds: readonly string[];
  /** How long to wait for a new credential to turn ACTIVE and (API keys) to sign a request. */
  activationTimeoutMs: number;
  /**
   * A credential this rotation created but never stored, younger than this, may belong to a
   * delivery still running (a Function runs at most 300 s); older ones are abandoned.
   */
  inFlightWindowMs: number;
  /** How long a new auth token or customer secret key may take to be accepted by Object Storage (propagation). */
  proofTimeoutMs: number;
  /** How long a secret still UPDATING after a write is waited for (Vault gives no bound, oci-facts §4.4). */
  secretSettleTimeoutMs: number;
  /** How long a delivery that finds another delivery of the same event mid-rotation waits for it. */
  joinWaitMs: number;
  limits: {
    apiKeysPerUser: number;
    authTokensPerUser: number;
    customerSecretKeysPerUser: number;
    secretVersionsPerSecret: number;
  };
}

export const DEFAULT_ROTATION_SETTINGS: RotationSettings = Object.freeze({
  allowedVaultIds: [],
  allowedCompartmentIds: [],
  activationTimeoutMs: 60_000,
  inFlightWindowMs: 330_000,
  secretSettleTimeoutMs: 30_000,
  proofTimeoutMs: 60_000,
  joinWaitMs: 15_000,
  limits: Object.freeze({ apiKeysPerUser: 3, authTokensPerUser: 2, customerSecretKeysPerUser: 2, secretVersionsPerSecret: 30 }),
});

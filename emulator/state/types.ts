/**
 * The emulator's whole state: what `GET /_emulator/state` returns and `PUT /_emulator/state`
 * accepts (JSON Schema: `schemas/emulator-state.schema.json`). Plain JSON data only, so a
 * seed file, a `--state-out` dump and a test's `structuredClone` are the same thing.
 *
 * Times are RFC 3339 strings, as OCI sends them. Lifecycle states that change over time
 * (CREATING → ACTIVE, UPDATING → ACTIVE) are stored with the instant they end
 * (`activatesAt`, `updatingUntil`) and settled lazily against the emulator's clock.
 *
 * Once-only credential values (auth tokens, UI passwords) are never stored: only their
 * SHA-256 (hex), so tests can check what reached Vault without the emulator holding a second
 * copy of a secret. The one exception is a customer secret key's value, which S3 signature
 * verification needs (`CustomerSecretKeyRecord.secretKey`, exported only on request).
 */

export type CredentialLifecycleState = 'CREATING' | 'ACTIVE' | 'INACTIVE' | 'DELETING' | 'DELETED';

export interface EmulatorState {
  readonly version: 1;
  tenancy: TenancyRecord;
  settings: EmulatorSettings;
  users: UserRecord[];
  vaults: VaultRecord[];
  secrets: SecretRecord[];
  topics: TopicRecord[];
  problems: ProblemRecord[];
  /**
   * Sessions the emulator issued for resource-principal style callers: the RPST's `jti`
   * and the public key it is bound to. Callers sign with `keyId="ST$<rpst>"`.
   */
  resourcePrincipalSessions: ResourcePrincipalSessionRecord[];
  /** Cloud Guard's tenancy configuration. Absent: the reporting region is the home region. */
  cloudGuard?: CloudGuardConfigurationRecord;
  /**
   * IAM: compartments, groups, dynamic groups and policies. While any policy holds a statement
   * the emulator enforces them on every call (`emulator/iam/`); absent or empty, any
   * authenticated caller may do anything.
   */
  iam?: IamState;
}

export interface IamState {
  /** Compartments below the tenancy (the tenancy itself is the root). */
  compartments: CompartmentRecord[];
  groups: GroupRecord[];
  dynamicGroups: DynamicGroupRecord[];
  policies: PolicyRecord[];
}

export interface CompartmentRecord {
  id: string;
  name: string;
  /** The tenancy OCID or another compartment's. */
  parentId: string;
}

export interface GroupRecord {
  id: string;
  name: string;
  /** OCIDs of the users in the group. */
  memberIds: string[];
}

export interface DynamicGroupRecord {
  id: string;
  name: string;
  /** OCI's matching-rule grammar, e.g. `ALL {resource.id = 'ocid1.fnfunc…'}`. */
  matchingRule: string;
}

export interface PolicyRecord {
  id: string;
  name: string;
  /** Where the policy is attached; compartment names in its statements resolve from here. */
  compartmentId: string;
  /** OCI's policy grammar, one `Allow …` statement each; refused at load when unparsable. */
  statements: string[];
}

export interface TenancyRecord {
  id: string;
  name: string;
  /** Region identifier, e.g. `us-ashburn-1`. Identity writes are only accepted here. */
  homeRegion: string;
  /** Regions the tenancy is subscribed to; must include the home region. Absent: the home region only, READY. */
  regionSubscriptions?: RegionSubscriptionRecord[];
  /**
   * The tenancy uses identity domains: CreateOrResetUIPassword then emails the user a reset link
   * and returns no password. Absent: false.
   */
  identityDomains?: boolean;
  /**
   * The Object Storage namespace (GetNamespace, Swift `X-Storage-User`, the S3 compatibility
   * host). Absent: the tenancy name in lower case, letters and digits only, which is what older
   * OCI tenancies have (ObjectStorageClient#getNamespace doc comment, oci-objectstorage).
   */
  objectStorageNamespace?: string;
}

export interface RegionSubscriptionRecord {
  /** Region identifier, e.g. `us-phoenix-1`. */
  regionName: string;
  /** Three-letter region key, upper case as OCI returns it, e.g. `PHX`. */
  regionKey: string;
  status: 'READY' | 'IN_PROGRESS';
}

export interface CloudGuardConfigurationRecord {
  /** Cloud Guard accepts writes (UpdateProblemStatus) only in this region; must be a subscribed region. */
  reportingRegion: string;
}

export interface EmulatorSettings {
  /** How long a new API key, auth token or customer secret key stays CREATING. */
  credentialActivationDelayMs: number;
  /** How long a secret stays UPDATING after UpdateSecret. */
  secretUpdatingMs: number;
  limits: {
    apiKeysPerUser: number;
    authTokensPerUser: number;
    customerSecretKeysPerUser: number;
    /** Versions not pending deletion, per secret (OCI: 30). */
    secretVersionsPerSecret: number;
  };
  /** Allowed difference between the request's `x-date`/`date` and the emulator clock. */
  maxClockSkewMs: number;
  /** The region a request without a `/<region-id>` path prefix is served as. Absent: the home region. */
  defaultRegion?: string;
  /**
   * How long after a new auth token or customer secret key turns ACTIVE Object Storage (Swift,
   * S3 compatibility) still refuses it: Identity lists it, but it does not yet authenticate.
   * Absent or 0: accepted as soon as it is ACTIVE.
   */
  credentialPropagationMs?: number;
}

export interface UserRecord {
  id: string;
  compartmentId: string;
  name: string;
  description: string;
  email: string | null;
  lifecycleState: 'CREATING' | 'ACTIVE' | 'INACTIVE' | 'DELETING' | 'DELETED';
  timeCreated: string;
  /** Non-null for federated users. */
  identityProviderId: string | null;
  capabilities: {
    canUseConsolePassword: boolean;
    canUseApiKeys: boolean;
    canUseAuthTokens: boolean;
    canUseCustomerSecretKeys: boolean;
  };
  apiKeys: ApiKeyRecord[];
  authTokens: AuthTokenRecord[];
  customerSecretKeys: CustomerSecretKeyRecord[];
  uiPassword: UiPasswordRecord | null;
  /**
   * Name of the user's identity domain. Absent or `Default`: the Default domain. Users of any other
   * domain answer 404 on the classic credential calls.
   */
  domain?: string;
  /**
   * Stands in for an IAM policy letting the user list buckets in the S3 compatibility
   * compartment (policies are not emulated). Absent: true. False: ListBuckets answers
   * `AccessDenied` after the signature has been verified.
   */
  mayListBuckets?: boolean;
}

export interface ApiKeyRecord {
  /** MD5 of the SubjectPublicKeyInfo DER, lowercase hex pairs joined by `:`. */
  fingerprint: string;
  /** The public key, PEM (SubjectPublicKeyInfo). */
  keyValue: string;
  timeCreated: string;
  lifecycleState: CredentialLifecycleState;
  /** While CREATING: when the key turns ACTIVE. */
  activatesAt: string | null;
}

export interface AuthTokenRecord {
  id: string;
  description: string;
  timeCreated: string;
  timeExpires: string | null;
  lifecycleState: CredentialLifecycleState;
  activatesAt: string | null;
  /** SHA-256 (hex) of the token value returned once by CreateAuthToken. */
  tokenSha256: string;
  /**
   * From when Swift accepts the token (created + activation delay + propagation delay).
   * Absent or null: as soon as it is ACTIVE.
   */
  objectStorageAcceptsAt?: string | null;
}

export interface CustomerSecretKeyRecord {
  /** The access key id. */
  id: string;
  displayName: string;
  timeCreated: string;
  timeExpires: string | null;
  lifecycleState: CredentialLifecycleState;
  activatesAt: string | null;
  /** SHA-256 (hex) of the secret key returned once by CreateCustomerSecretKey. */
  keySha256: string;
  /**
   * The secret key itself: verifying an AWS Signature V4 needs it (an HMAC key, not a hash).
   * `GET /_emulator/state` replaces it with null unless asked for `?secrets=include`. Absent or
   * null (a seeded key, or a state restored from a dump): S3 cannot verify the key's signatures
   * and answers `SignatureDoesNotMatch`.
   */
  secretKey?: string | null;
  /** From when the S3 compatibility API accepts the key; absent or null: as soon as it is ACTIVE. */
  objectStorageAcceptsAt?: string | null;
}

export interface UiPasswordRecord {
  timeCreated: string;
  lifecycleState: CredentialLifecycleState;
  /**
   * SHA-256 (hex) of the one-time password returned by CreateOrResetUIPassword; null when the
   * reset emailed a link instead (identity-domain tenancy) and no password was issued.
   */
  passwordSha256: string | null;
}

export interface VaultRecord {
  id: string;
  compartmentId: string;
  displayName: string;
  /** The master encryption key secrets in this vault are said to use. */
  keyId: string;
}

export type SecretLifecycleState =
  | 'CREATING'
  | 'ACTIVE'
  | 'UPDATING'
  | 'DELETING'
  | 'DELETED'
  | 'SCHEDULING_DELETION'
  | 'PENDING_DELETION'
  | 'CANCELLING_DELETION'
  | 'FAILED';

export type SecretVersionStage = 'CURRENT' | 'PENDING' | 'LATEST' | 'PREVIOUS' | 'DEPRECATED';

export interface SecretRecord {
  id: string;
  compartmentId: string;
  vaultId: string;
  keyId: string;
  secretName: string;
  description: string | null;
  lifecycleState: SecretLifecycleState;
  /** While UPDATING: when the secret turns ACTIVE again. */
  updatingUntil: string | null;
  timeCreated: string;
  metadata: Record<string, unknown> | null;
  freeformTags: Record<string, string>;
  isReplica: boolean;
  rotationStatus: 'IN_PROGRESS' | 'SCHEDULED' | 'NOT_ENABLED' | 'CANCELLING';
  versions: SecretVersionRecord[];
  /**
   * Vault's own rotation of this secret (`RotationConfig`, oci-vault `model/rotation-config.d.ts`):
   * a FUNCTION target Vault invokes in four steps, and the interval (ISO 8601, `P1M`–`P12M`).
   * Absent or null: the secret has none and RotateSecret is refused.
   */
  rotationConfig?: SecretRotationConfigRecord | null;
  /** When Vault's rotation last succeeded / is next due (RFC 3339); absent or null: never / not scheduled. */
  lastRotationTime?: string | null;
  nextRotationTime?: string | null;
}

export interface SecretRotationConfigRecord {
  targetSystemDetails: { targetSystemType: 'FUNCTION'; functionId: string };
  rotationInterval: string | null;
  isScheduledRotationEnabled: boolean;
}

export interface SecretVersionRecord {
  versionNumber: number;
  name: string | null;
  stages: SecretVersionStage[];
  contentType: 'BASE64';
  /**
   * The Base64 content. `GET /_emulator/state` replaces it with `null` unless asked for
   * `?secrets=include`; `contentSha256` (hex, of the decoded bytes) is always there.
   */
  content: string | null;
  contentSha256: string;
  timeCreated: string;
  timeOfDeletion: string | null;
}

export interface TopicRecord {
  id: string;
  compartmentId: string;
  name: string;
  messages: PublishedMessageRecord[];
  /** Who receives what is published (GetTopic/ListSubscriptions); absent: none. */
  subscriptions?: SubscriptionRecord[];
}

export interface SubscriptionRecord {
  id: string;
  /** `EMAIL`, `HTTPS`, … */
  protocol: string;
  endpoint: string;
  /** PENDING until the recipient confirms, then ACTIVE (oci-ons `Subscription.LifecycleState`). */
  lifecycleState: 'PENDING' | 'ACTIVE' | 'DELETED';
  createdTime: string;
}

export interface PublishedMessageRecord {
  messageId: string;
  title: string | null;
  body: string;
  timeStamp: string;
  /** OCID of the caller that published it. */
  publishedBy: string;
}

export type ProblemLifecycleDetail = 'OPEN' | 'RESOLVED' | 'DISMISSED' | 'DELETED';

export interface ProblemRecord {
  id: string;
  compartmentId: string;
  detectorRuleId: string;
  detectorId: string;
  riskLevel: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'MINOR';
  resourceId: string;
  resourceName: string;
  resourceType: string;
  labels: string[];
  timeFirstDetected: string;
  timeLastDetected: string;
  lifecycleState: 'ACTIVE' | 'INACTIVE';
  lifecycleDetail: ProblemLifecycleDetail;
  targetId: string;
  region: string;
  additionalDetails: Record<string, string>;
  description: string;
  recommendation: string;
  comment: string | null;
  histories: ProblemHistoryRecord[];
}

export interface ProblemHistoryRecord {
  id: string;
  actorType: 'CLOUD_GUARD_SERVICE' | 'CORRELATION' | 'RESPONDER' | 'USER';
  actorName: string;
  explanation: string;
  lifecycleDetail: ProblemLifecycleDetail;
  eventStatus: 'REOPEN' | 'OPEN' | 'UPDATE' | 'RESOLVE' | 'DISMISS' | 'DELETE';
  timeCreated: string;
  delta: string;
  comment: string | null;
}

export interface ResourcePrincipalSessionRecord {
  /** The RPST's `jti` claim. */
  sessionId: string;
  /** The public key (PEM) the caller's requests must be signed with. */
  publicKeyPem: string;
  tenancyId: string;
  compartmentId: string;
  /** Resource OCID the session stands for (a function OCID in OCI). */
  resourceId: string;
  expiresAt: string;
}

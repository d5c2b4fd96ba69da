import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import {
  VirtualClock,
  type EmulatorState,
  type OciEmulatorOptions,
  type RotationStepCall,
  type SecretRotationRecord,
} from '../../emulator/index.js';
import {
  isVaultRotationAnswer,
  type Outcome,
  type RotationSettings,
  type VaultRotationAnswer,
} from '../../functions/cloudguard-responder/src/index.js';
import { startEmulatorHarness, type EmulatorHarness } from './emulator.js';
import { attachResponder, type ResponderHarness } from './responder.js';

/** The sample tenancy's secrets on a Vault rotation schedule (carol's), by credential type. */
export const SCHEDULED = {
  apiKey: { secretId: sampleIds.secretSchedApi, userId: sampleIds.carol, oldId: sampleIds.carolApiFingerprint },
  authToken: { secretId: sampleIds.secretSchedAuth, userId: sampleIds.carol, oldId: sampleIds.carolAuthToken },
  customerSecretKey: {
    secretId: sampleIds.secretSchedSecretKey,
    partnerId: sampleIds.secretSchedAccess,
    userId: sampleIds.carol,
    oldId: sampleIds.carolCustomerSecretKeyId,
  },
} as const;

export interface ScheduledHarness extends Pick<ResponderHarness, 'respond' | 'handle' | 'logLines' | 'deps'> {
  harness: EmulatorHarness;
  clock: VirtualClock;
  /** Every step Vault invoked the Function with, in order. */
  invocations: RotationStepCall[];
  /** Vault's RotateSecret, run to its end; returns Vault's record and the final step's outcome. */
  rotate(secretId: string): Promise<{ record: SecretRotationRecord; outcome: Outcome }>;
  /** One request as Vault would send it (any JSON body), answered by the Function deployed as the sample rotation target. */
  step(body: unknown, options?: { functionId?: string | null }): Promise<VaultRotationAnswer>;
  close(): Promise<void>;
}

/**
 * An emulator whose Vault invokes the real Function handler (the same one func.ts serves) for a
 * secret's rotation, in process, on one simulated clock. `beforeStep` runs before each
 * invocation, so a test can race a Cloud Guard event against a step or inject a fault.
 */
export async function startScheduledHarness(
  options: OciEmulatorOptions & {
    settings?: Partial<RotationSettings>;
    beforeStep?: (call: RotationStepCall) => Promise<void> | void;
  } = {},
): Promise<ScheduledHarness> {
  const { settings, beforeStep, ...emulatorOptions } = options;
  const clock = new VirtualClock();
  const invocations: RotationStepCall[] = [];
  let attached: ReturnType<typeof attachResponder> | null = null;
  const harness = await startEmulatorHarness({
    ...emulatorOptions,
    clock,
    rotationInvoker: async (call) => {
      invocations.push(call);
      await beforeStep?.(call);
      if (!attached) throw new Error('the responder is not attached yet');
      return attached.handle(call.body, { functionId: call.functionId });
    },
  });
  attached = attachResponder(harness, clock, settings ? { settings } : {});
  const responder = attached;
  return {
    harness,
    clock,
    invocations,
    respond: responder.respond,
    handle: responder.handle,
    logLines: responder.logLines,
    deps: responder.deps,
    rotate: async (secretId) => {
      // Vault refuses RotateSecret while the secret is UPDATING from the last rotation's writes;
      // scheduled rotations are weeks apart, so the window has passed by the next one.
      clock.advance(harness.emulator.getState().settings.secretUpdatingMs);
      const record = await harness.emulator.rotateSecret(secretId);
      const last = record.answers.at(-1);
      if (!isVaultRotationAnswer(last)) throw new Error(`the last step of the rotation of ${secretId} gave no Vault answer`);
      return { record, outcome: last.outcome };
    },
    step: async (body, stepOptions = {}) => {
      const answer = await responder.handle(body, {
        functionId: stepOptions.functionId === undefined ? sampleIds.function : stepOptions.functionId,
      });
      if (!isVaultRotationAnswer(answer)) throw new Error('a Vault rotation request was not answered in Vault format');
      return answer;
    },
    close: () => harness.close(),
  };
}

/** Alice's sample ids for each credential kind, and carol's scheduled ones that stand in for them. */
const CAROLS: Readonly<Record<'apiKey' | 'authToken' | 'secretKey', ReadonlyArray<[string, string]>>> = {
  apiKey: [
    [sampleIds.apiFingerprint, sampleIds.carolApiFingerprint],
    [sampleIds.secretApi, sampleIds.secretSchedApi],
  ],
  authToken: [
    [sampleIds.authToken, sampleIds.carolAuthToken],
    [sampleIds.secretAuth, sampleIds.secretSchedAuth],
  ],
  secretKey: [
    [sampleIds.customerSecretKeyId, sampleIds.carolCustomerSecretKeyId],
    [sampleIds.secretAccess, sampleIds.secretSchedAccess],
    [sampleIds.secretSecretKey, sampleIds.secretSchedSecretKey],
  ],
};

/** A sample Cloud Guard text (event or problems) about alice's credential, made about carol's scheduled one of that kind. */
export function asCarols(kind: keyof typeof CAROLS, text: string): string {
  return CAROLS[kind].reduce(
    (result, [alices, carols]) => result.replaceAll(alices, carols),
    text.replaceAll(sampleIds.alice, sampleIds.carol),
  );
}

/** The sample problem of that kind in the emulator, made about carol's scheduled credential (so its event verifies). */
export function withCarolsProblem(harness: ScheduledHarness, kind: keyof typeof CAROLS): void {
  const state = harness.harness.emulator.getState({ includeSecretContent: true });
  const problems = JSON.parse(asCarols(kind, JSON.stringify(state.problems))) as typeof state.problems;
  harness.harness.emulator.setState({ ...state, problems });
}

/** Every OCI call that changes a credential, a secret or a problem. */
export const WRITE_OPERATIONS = [
  'UpdateSecret',
  'UploadApiKey',
  'DeleteApiKey',
  'CreateAuthToken',
  'DeleteAuthToken',
  'CreateCustomerSecretKey',
  'DeleteCustomerSecretKey',
  'ScheduleSecretVersionDeletion',
  'UpdateProblemStatus',
] as const;

/** The writes the emulator accepted since call number `mark` (and emails, when asked). */
export function writesSince(harness: ScheduledHarness, mark: number, options: { emails?: boolean } = {}): string[] {
  const counted: readonly string[] = options.emails ? [...WRITE_OPERATIONS, 'PublishMessage'] : WRITE_OPERATIONS;
  return harness.harness.emulator
    .calls()
    .slice(mark)
    .filter((call) => counted.includes(call.operation) && call.status < 300)
    .map((call) => call.operation);
}

type SecretRecord = EmulatorState['secrets'][number];
type UserRecord = EmulatorState['users'][number];

export function secretOf(harness: ScheduledHarness, secretId: string): SecretRecord {
  const secret = harness.harness.emulator.getState().secrets.find((candidate) => candidate.id === secretId);
  if (!secret) throw new Error(`no secret ${secretId}`);
  return secret;
}

export function userOf(harness: ScheduledHarness, userId: string): UserRecord {
  const user = harness.harness.emulator.getState().users.find((candidate) => candidate.id === userId);
  if (!user) throw new Error(`no user ${userId}`);
  return user;
}

/**
 * What Vault's RotateSecret does to the secret before its first step, without driving the steps:
 * the secret's rotation is IN_PROGRESS, so a test can send the steps itself, as Vault would.
 */
export function beginVaultRotation(harness: ScheduledHarness, secretId: string): void {
  const state = harness.harness.emulator.getState({ includeSecretContent: true });
  const secret = state.secrets.find((candidate) => candidate.id === secretId);
  if (!secret) throw new Error(`no secret ${secretId}`);
  secret.rotationStatus = 'IN_PROGRESS';
  harness.harness.emulator.setState(state);
}

export function currentOf(secret: SecretRecord): SecretRecord['versions'][number] | undefined {
  return secret.versions.find((version) => version.stages.includes('CURRENT'));
}

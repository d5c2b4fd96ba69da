import type { EmulatorRuntime } from '../emulator-runtime.js';
import {
  beginRotation,
  begunFor,
  driveRotation,
  type BegunRotation,
  type RotationInvoker,
  type SecretRotationRecord,
} from './secret-rotation.js';

/**
 * The rotations Vault runs after accepting RotateSecret (over HTTP or `emulator.rotateSecret`):
 * each is driven to its end in the background, like the work request OCI answers with, and
 * recorded once finished.
 */
export class SecretRotationRuns {
  readonly #records: SecretRotationRecord[] = [];
  readonly #running = new Set<Promise<SecretRotationRecord>>();

  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly invoker: RotationInvoker | null,
    private readonly stepAttempts: number,
  ) {}

  /** Vault's RotateSecret, run to its end. Throws OciApiError when RotateSecret would be refused. */
  async rotate(secretId: string): Promise<SecretRotationRecord> {
    const begun = await this.runtime.serialize(() => {
      this.runtime.settle();
      return beginRotation(this.runtime.state, secretId);
    });
    return this.launch(begun);
  }

  /** After a RotateSecret call answered 202: runs the rotation it accepted, if the secret still names a function. */
  async launchAccepted(secretId: string): Promise<void> {
    const begun = await this.runtime.serialize(() => {
      const secret = this.runtime.state.secrets.find((candidate) => candidate.id === secretId);
      const functionId = secret?.rotationConfig?.targetSystemDetails.functionId;
      return secret && functionId ? begunFor(secret, functionId) : null;
    });
    if (begun) void this.launch(begun);
  }

  /** Every rotation that has finished, oldest first. */
  records(): SecretRotationRecord[] {
    return structuredClone(this.#records);
  }

  /** Resolves once every rotation started so far has finished. */
  async settle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  private launch(begun: BegunRotation): Promise<SecretRotationRecord> {
    const runtime = this.runtime;
    const run = driveRotation({
      begun,
      invoker: this.invoker,
      stepAttempts: this.stepAttempts,
      clock: runtime.clock,
      update: (change) =>
        runtime.serialize(() => {
          runtime.settle();
          change(runtime.state, runtime.clock.now());
        }),
    });
    this.#running.add(run);
    return run.then(
      (record) => {
        this.#records.push(record);
        this.#running.delete(run);
        return record;
      },
      (error: unknown) => {
        this.#running.delete(run);
        throw error;
      },
    );
  }
}

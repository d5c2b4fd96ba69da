/** A policy statement or matching rule the emulator cannot parse; OCI refuses such a policy at creation. */
export class PolicySyntaxError extends Error {
  override name = 'PolicySyntaxError';

  constructor(
    /** The statement or rule, verbatim. */
    readonly text: string,
    reason: string,
  ) {
    super(`${reason} in "${text}"`);
  }
}

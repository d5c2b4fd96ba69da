export type CredentialType = 'API_KEY' | 'AUTH_TOKEN' | 'CUSTOMER_SECRET_KEY' | 'UI_PASSWORD';

/** Cloud Guard detector rule id (the event's `problemName`) → the credential it is about (oci-behaviour §1.6). */
export const PROBLEM_CREDENTIAL_TYPES = Object.freeze({
  API_KEY_TOO_OLD: 'API_KEY',
  AUTH_TOKEN_TOO_OLD: 'AUTH_TOKEN',
  SECRET_KEY_TOO_OLD: 'CUSTOMER_SECRET_KEY',
  PASSWORD_TOO_OLD: 'UI_PASSWORD',
} as const satisfies Record<string, CredentialType>);

export type ProblemName = keyof typeof PROBLEM_CREDENTIAL_TYPES;

export function isProblemName(value: unknown): value is ProblemName {
  return typeof value === 'string' && Object.hasOwn(PROBLEM_CREDENTIAL_TYPES, value);
}

import type { RotationDependencies } from '../rotation/rotation-context.js';
import { isRotationMarker, markerInLabel } from '../rotation/rotation-marker.js';
import { findVersion, isCurrent } from '../rotation/secret-versions.js';
import type { SecretVersionInfo } from '../ports/secret-store-port.js';
import type { SecretDeclaration } from './secret-declaration.js';

/**
 * An access key id as OCI answers it: 40 lowercase hexadecimal characters, its `id` equal to its
 * `name`, while the secret key (`key`) is 44 base64 characters (oracle/oci-cli,
 * services/identity/tests/cassettes/for_generated/identity_test_create_customer_secret_key.yml).
 * A secret key never matches, so a pair whose tags are on the wrong secrets is caught before its
 * secret key is used (and quoted) as an id.
 */
const ACCESS_KEY_ID_PATTERN = /^[0-9a-f]{40}$/;

/** `gone`: the version names its credential only by a rotation label, and no credential carries it any more. */
export type HeldCredential = { ok: true; id: string } | { ok: false; reason: string; gone?: true };

/**
 * Which credential a version of a scheduled secret holds: an API key's fingerprint (from the
 * private key), a customer secret key's access key id (from the partner secret's version of the
 * same rotation), an auth token's OCID (from the token labelled with the version's rotation, or
 * the tag for a hand-made first version). Never quotes what the secret holds.
 */
export async function credentialHeldBy(
  deps: Pick<RotationDependencies, 'secrets' | 'keyPairs' | 'identity'>,
  declaration: SecretDeclaration,
  secretId: string,
  version: SecretVersionInfo,
  partnerVersions: readonly SecretVersionInfo[],
): Promise<HeldCredential> {
  const { secrets, keyPairs, identity } = deps;
  switch (declaration.credential) {
    case 'api-key': {
      const held = await secrets.readVersionByNumber(secretId, version.versionNumber);
      if (!held) return { ok: false, reason: `Version ${version.versionNumber} of ${secretId} cannot be read.` };
      try {
        return { ok: true, id: keyPairs.fromPrivateKey(held.value).fingerprint };
      } catch {
        return {
          ok: false,
          reason: `Version ${version.versionNumber} of ${secretId} does not hold a PEM private key, yet the secret is tagged cg-responder-credential=api-key.`,
        };
      }
    }
    case 'customer-secret-key': {
      const partnerId = declaration.partnerSecretId as string;
      const partner = partnerVersionFor(version, partnerVersions);
      if (!partner)
        return { ok: false, reason: `Secret ${partnerId} has no version that pairs with version ${version.versionNumber} of ${secretId}.` };
      const held = await secrets.readVersionByNumber(partnerId, partner.versionNumber);
      if (!held) return { ok: false, reason: `Version ${partner.versionNumber} of ${partnerId} cannot be read.` };
      const id = held.value.reveal().trim();
      if (!ACCESS_KEY_ID_PATTERN.test(id)) {
        return {
          ok: false,
          reason:
            `Version ${partner.versionNumber} of ${partnerId}, named as the access key id secret, does not hold an access key id (40 ` +
            `hexadecimal characters); its content is not shown. ` +
            `The tags may be on the wrong secrets: the schedule and cg-responder-partner belong on the secret holding the secret key, and ` +
            `the partner is the one holding the access key id.`,
        };
      }
      return { ok: true, id };
    }
    case 'auth-token': {
      const name = version.name;
      const tagged =
        name !== null && isRotationMarker(name)
          ? (await identity.listAuthTokens(declaration.userId)).find((token) => markerInLabel(token.description) === name)
          : undefined;
      if (tagged) return { ok: true, id: tagged.id };
      if (name !== null && isRotationMarker(name)) {
        return {
          ok: false,
          gone: true,
          reason:
            `No auth token of user ${declaration.userId} is labelled [${name}], the rotation that wrote version ` +
            `${version.versionNumber} of ${secretId}: it was deleted since.`,
        };
      }
      const id = declaration.credentialId;
      if (!id) {
        return {
          ok: false,
          reason:
            `Version ${version.versionNumber} of ${secretId} was not written by this tool, so which auth token it holds is not known. ` +
            `For this first rotation, set the freeform tag cg-responder-credential-id=<auth token OCID> on the secret.`,
        };
      }
      return { ok: true, id };
    }
  }
}

/**
 * The partner secret's version that goes with a version of the key secret: the one of the same
 * rotation (same name). A version this tool did not write is paired with the partner's CURRENT
 * one while it is CURRENT, and afterwards with the partner's newest version this tool did not
 * write either (the hand-made first pair).
 */
export function partnerVersionFor(
  version: SecretVersionInfo,
  partnerVersions: readonly SecretVersionInfo[],
): SecretVersionInfo | undefined {
  if (version.name !== null && isRotationMarker(version.name)) return findVersion(partnerVersions, version.name);
  if (isCurrent(version)) return partnerVersions.find((candidate) => isCurrent(candidate));
  return [...partnerVersions].filter((candidate) => !isRotationMarker(candidate.name)).sort((a, b) => b.versionNumber - a.versionNumber)[0];
}

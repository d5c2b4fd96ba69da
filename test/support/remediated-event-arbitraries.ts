import fc from 'fast-check';
import { sdkRegions, type SdkRegion } from '../../cli/replay/realm-regions.js';

/**
 * fast-check generators of Cloud Guard remediated-problem events as a tenancy nobody here chose
 * would send them: any realm and region the OCI SDK registers, fresh tenancy, user, problem,
 * credential and secret OCIDs in that realm, and a closure comment written any way its grammar
 * allows (functions/cloudguard-responder/src/domain/closure-comment.ts): pairs in any order amid
 * free text, keys in any case, whitespace around `:`, any separator, values wrapped in prose
 * punctuation, a pair repeated. The event's shape is the captured one (events/cloudguard/).
 */

export type ProblemName = 'API_KEY_TOO_OLD' | 'AUTH_TOKEN_TOO_OLD' | 'SECRET_KEY_TOO_OLD' | 'PASSWORD_TOO_OLD';

const DISPLAY_NAME: Readonly<Record<ProblemName, string>> = {
  API_KEY_TOO_OLD: 'API key is too old',
  AUTH_TOKEN_TOO_OLD: 'IAM Auth token is too old',
  SECRET_KEY_TOO_OLD: 'IAM Customer secret key is too old',
  PASSWORD_TOO_OLD: 'Password is too old',
};

/** The comment keys each problem needs (the password's is optional). */
const KEYS: Readonly<Record<ProblemName, readonly string[]>> = {
  API_KEY_TOO_OLD: ['api_secret_ocid'],
  AUTH_TOKEN_TOO_OLD: ['auth_secret_ocid'],
  SECRET_KEY_TOO_OLD: ['accesskey_secret_ocid', 'secretkey_secret_ocid'],
  PASSWORD_TOO_OLD: ['password_secret_ocid'],
};

/** One `key:value` pair as the comment writes it. */
export interface WrittenPair {
  key: string;
  /** The key as typed (any case). */
  writtenKey: string;
  written: string;
  secretId: string;
}

/** What a generated event is made of, kept beside the JSON so a test can mutate one field. */
export interface GeneratedEvent {
  event: Record<string, unknown>;
  problemName: ProblemName;
  region: SdkRegion;
  /** The comment's `key:value` pairs, as written (key case, spacing, wrapping). */
  pairs: WrittenPair[];
}

const base32 = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz234567');
const uniquePart = fc.array(base32, { minLength: 52, maxLength: 52 }).map((chars) => `aaaaaaaa${chars.join('')}`);
const hexPair = fc.integer({ min: 0, max: 255 }).map((byte) => byte.toString(16).padStart(2, '0'));

function ocid(type: string, region: SdkRegion, regional: boolean): fc.Arbitrary<string> {
  return uniquePart.map((unique) => `ocid1.${type}.${region.realmId}.${regional ? region.regionKey : ''}.${unique}`);
}

/** Free text SecOps types around the pairs: words, ticket numbers, some non-ASCII; never a key or an OCID. */
const word = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/),
  fc.constantFrom('CHG-1042', 'rotated', 'per', 'audit', 'Überprüfung', '確認済み', 'ticket', 'SEC-88', 'done.'),
);
const freeText = fc.array(word, { maxLength: 4 }).map((words) => words.join(' '));

/** A key in any case, `:` with optional whitespace, the value optionally wrapped in prose punctuation. */
function pair(key: string, secretId: string): fc.Arbitrary<WrittenPair> {
  return fc
    .record({
      caseFlips: fc.array(fc.boolean(), { minLength: key.length, maxLength: key.length }),
      before: fc.constantFrom('', ' ', '  ', '\t'),
      after: fc.constantFrom('', ' ', '\t'),
      wrap: fc.constantFrom(['', ''], ['"', '"'], ['(', ')'], ['', '.'], ["'", "'"]),
    })
    .map(({ caseFlips, before, after, wrap }) => {
      const writtenKey = [...key].map((char, index) => (caseFlips[index] ? char.toUpperCase() : char)).join('');
      return { key, writtenKey, written: `${writtenKey}${before}:${after}${wrap[0]}${secretId}${wrap[1]}`, secretId };
    });
}

const separator = fc.constantFrom(', ', ' ', '; ', '\n', ',\n', ' ; ');

const isoSeconds = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

/** A well-formed remediated event of any of the four problems, from any realm and region. */
export function wellFormedEvent(): fc.Arbitrary<GeneratedEvent> {
  return fc
    .record({
      problemName: fc.constantFrom<ProblemName>('API_KEY_TOO_OLD', 'AUTH_TOKEN_TOO_OLD', 'SECRET_KEY_TOO_OLD', 'PASSWORD_TOO_OLD'),
      region: fc.constantFrom(...sdkRegions()),
    })
    .chain(({ problemName, region }) =>
      fc.record({
        problemName: fc.constant(problemName),
        region: fc.constant(region),
        tenancyId: ocid('tenancy', region, false),
        userId: ocid('user', region, false),
        problemId: ocid('cloudguardproblem', region, true),
        compartmentId: fc.option(ocid('compartment', region, false), { nil: null }),
        targetId: ocid('cloudguardtarget', region, true),
        authTokenId: ocid('credential', region, false),
        fingerprint: fc.array(hexPair, { minLength: 16, maxLength: 16 }).map((pairs) => pairs.join(':')),
        accessKeyId: fc.array(hexPair, { minLength: 20, maxLength: 20 }).map((pairs) => pairs.join('')),
        secretIds: fc.uniqueArray(ocid('vaultsecret', region, true), { minLength: 2, maxLength: 2 }),
        storePassword: fc.boolean(),
        regionInEvent: fc.boolean(),
        tenantIdInEvent: fc.boolean(),
        credentialName: fc.string({ minLength: 1, maxLength: 40 }),
        eventTime: fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-11-30T00:00:00Z'), noInvalidDate: true }),
        eventId: fc.uuid(),
        prose: fc.tuple(freeText, freeText),
        swap: fc.boolean(),
        repeatFirst: fc.boolean(),
        separators: fc.tuple(separator, separator, separator),
      }),
    )
    .chain((parts) => {
      const keys = parts.problemName === 'PASSWORD_TOO_OLD' && !parts.storePassword ? [] : KEYS[parts.problemName];
      const pairs = keys.map((key, index) => pair(key, parts.secretIds[index] ?? ''));
      return fc.tuple(fc.constant(parts), pairs.length === 0 ? fc.constant([]) : fc.tuple(...pairs));
    })
    .map(([parts, written]) => {
      const ordered = parts.swap ? [...written].reverse() : [...written];
      const first = ordered[0];
      if (parts.repeatFirst && first) ordered.push(first);
      const [lead, tail] = parts.prose;
      const body = ordered.map((entry) => entry.written).join(parts.separators[1]);
      const comment = [lead, body, tail].filter((text) => text !== '').join(parts.separators[0]) || 'Reset per policy.';
      const compartmentId = parts.compartmentId ?? parts.tenancyId;
      const credentialResourceId = {
        API_KEY_TOO_OLD: `${parts.tenancyId}/${parts.userId}/${parts.fingerprint}`,
        AUTH_TOKEN_TOO_OLD: parts.authTokenId,
        SECRET_KEY_TOO_OLD: parts.accessKeyId,
        PASSWORD_TOO_OLD: parts.userId,
      }[parts.problemName];
      const additionalDetails: Record<string, unknown> = {
        ...(parts.tenantIdInEvent || parts.compartmentId !== null || parts.problemName === 'API_KEY_TOO_OLD'
          ? { tenantId: parts.tenancyId }
          : {}),
        status: 'RESOLVED',
        reason: 'Problem remediated',
        problemName: parts.problemName,
        riskLevel: 'MEDIUM',
        problemType: 'CONFIG_CHANGE',
        resourceName: parts.credentialName,
        resourceId: credentialResourceId,
        resourceType: 'User',
        targetId: parts.targetId,
        labels: 'CIS_OCI_V1.1_IAM, IAM',
        firstDetected: '2025-01-01T00:00:00.000Z',
        lastDetected: isoSeconds(parts.eventTime),
        ...(parts.regionInEvent ? { region: parts.region.regionId } : {}),
        problemAdditionalDetails: { 'User OCID': parts.userId, comments: comment },
        problemDescription: DISPLAY_NAME[parts.problemName],
        problemRecommendation: 'Rotate the credential.',
      };
      const event = {
        eventType: 'com.oraclecloud.cloudguard.problemremediated',
        cloudEventsVersion: '0.1',
        eventTypeVersion: '2.0',
        source: 'CloudGuardResponderEngine',
        eventTime: isoSeconds(parts.eventTime),
        contentType: 'application/json',
        data: {
          compartmentId,
          compartmentName: 'generated',
          resourceName: DISPLAY_NAME[parts.problemName],
          resourceId: parts.problemId,
          additionalDetails,
        },
        eventID: parts.eventId,
        extensions: { compartmentId },
      };
      return { event, problemName: parts.problemName, region: parts.region, pairs: [...written] };
    });
}

/** One way to break a well-formed event, and what the refusal must name. */
export interface Mutation {
  describe: string;
  apply(generated: GeneratedEvent): { event: Record<string, unknown>; names: string } | null;
}

function details(event: Record<string, unknown>): Record<string, unknown> {
  return ((event['data'] as Record<string, unknown>)['additionalDetails'] as Record<string, unknown>) ?? {};
}

function withComment(generated: GeneratedEvent, edit: (comment: string) => string): Record<string, unknown> {
  const event = structuredClone(generated.event);
  const problemDetails = details(event)['problemAdditionalDetails'] as Record<string, string>;
  problemDetails['comments'] = edit(problemDetails['comments'] ?? '');
  return event;
}

/** Breaks exactly one field; each refusal must name that field (its JSON path or its comment token). */
export const MUTATIONS: readonly Mutation[] = [
  {
    describe: 'the User OCID is not a user OCID',
    apply: (generated) => {
      const event = structuredClone(generated.event);
      (details(event)['problemAdditionalDetails'] as Record<string, string>)['User OCID'] = 'alice@example.com';
      return { event, names: 'User OCID' };
    },
  },
  {
    describe: 'the problem id is not a Cloud Guard problem OCID',
    apply: (generated) => {
      const event = structuredClone(generated.event);
      const data = event['data'] as Record<string, unknown>;
      data['resourceId'] = String(data['resourceId']).replace('cloudguardproblem', 'vault');
      return { event, names: '/data/resourceId' };
    },
  },
  {
    describe: 'the event time is not RFC 3339',
    apply: (generated) => ({ event: { ...structuredClone(generated.event), eventTime: 'yesterday' }, names: '/eventTime' }),
  },
  {
    describe: 'a comment key is mistyped',
    apply: (generated) => {
      const first = generated.pairs[0];
      if (!first) return null;
      const typoKey = first.writtenKey.replace(/_secret_ocid$/i, '_secert_ocid');
      const typo = first.written.replace(first.writtenKey, typoKey);
      return { event: withComment(generated, (comment) => comment.split(first.written).join(typo)), names: `unknown key "${typoKey}"` };
    },
  },
  {
    describe: 'a comment names a vault where a secret belongs',
    apply: (generated) => {
      const first = generated.pairs[0];
      if (!first) return null;
      const wrong = first.secretId.replace('ocid1.vaultsecret.', 'ocid1.vault.');
      return {
        event: withComment(generated, (comment) => comment.split(first.secretId).join(wrong)),
        names: `"${first.writtenKey}:${wrong}" is not a Vault secret OCID`,
      };
    },
  },
  {
    describe: 'a required comment key is missing',
    apply: (generated) => {
      const last = generated.pairs.at(-1);
      if (!last || generated.problemName === 'PASSWORD_TOO_OLD') return null;
      return { event: withComment(generated, (comment) => comment.split(last.written).join('')), names: `missing "${last.key}"` };
    },
  },
  {
    describe: 'the comment carries a control character',
    apply: (generated) => ({ event: withComment(generated, (comment) => `${comment}\u0007`), names: 'control character U+0007' }),
  },
];

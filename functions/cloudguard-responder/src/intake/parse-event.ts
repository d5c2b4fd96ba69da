import { parseClosureComment } from '../domain/closure-comment.js';
import { PROBLEM_CREDENTIAL_TYPES, isProblemName, type ProblemName } from '../domain/credential-type.js';
import { API_KEY_FINGERPRINT_PATTERN, isOcidOfType, parseOcid } from '../domain/ocid.js';
import type { RemediationRequest } from '../domain/remediation-request.js';
import { MAX_ECHOED_ID_LENGTH, MAX_EVENT_BYTES } from './limits.js';
import { findEventViolation } from './validation.js';

/** The only event type the responder acts on (oci-behaviour §1.1). */
export const REMEDIATED_EVENT_TYPE = 'com.oraclecloud.cloudguard.problemremediated';

const COMMENT_FIELD = '/data/additionalDetails/problemAdditionalDetails/comments';
const CREDENTIAL_FIELD = '/data/additionalDetails/resourceId';
const USER_FIELD = '/data/additionalDetails/problemAdditionalDetails/User OCID';

export type IntakeResult =
  | { kind: 'accepted'; request: RemediationRequest }
  | { kind: 'ignored'; reason: string; eventId: string | null; problemId: string | null; problemName: string | null }
  | {
      kind: 'refused';
      reason: string;
      field: string | null;
      /** False when the input is no Cloud Guard remediated event at all (not JSON, no such eventType): nobody to tell. */
      eventShaped: boolean;
      eventId: string | null;
      problemId: string | null;
      problemName: string | null;
    };

interface EchoedIds {
  eventId: string | null;
  problemId: string | null;
  problemName: string | null;
}

const NO_IDS: EchoedIds = { eventId: null, problemId: null, problemName: null };

/**
 * Turns whatever arrived into a rotation request, or says in one line why not. The input may be
 * a string or a Buffer (the fdk passes a body it could not parse as JSON as a raw string, the
 * CLI passes file text) or an already parsed object. Other event types and other problems are
 * `ignored`; anything malformed is `refused`, naming the field (a JSON Pointer) and never
 * echoing a value. Pure: reads nothing from OCI.
 */
export function parseEvent(input: unknown): IntakeResult {
  const decoded = decode(input);
  if (!decoded.ok) return refused(decoded.reason, decoded.field, NO_IDS, false);
  const event = decoded.value;
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return refused(`The event is not a JSON object (found ${describeType(event)}).`, '/', NO_IDS, false);
  }

  const envelope = event as Record<string, unknown>;
  const ids = echoedIds(envelope);
  const eventType = envelope['eventType'];
  if (eventType === undefined) return refused('/eventType is required.', '/eventType', ids, false);
  if (typeof eventType !== 'string') return refused('/eventType must be string.', '/eventType', ids, false);
  if (eventType !== REMEDIATED_EVENT_TYPE) {
    return { kind: 'ignored', reason: `Event type "${printable(eventType)}" is not ${REMEDIATED_EVENT_TYPE}; nothing to do.`, ...ids };
  }
  const problemName = asRecord(asRecord(envelope['data'])?.['additionalDetails'])?.['problemName'];
  if (typeof problemName === 'string' && !isProblemName(problemName)) {
    return {
      kind: 'ignored',
      reason: `Problem "${printable(problemName)}" is not a stale-credential problem this responder rotates; nothing to do.`,
      ...ids,
    };
  }

  const violation = findEventViolation(event);
  if (violation) return refused(`${violation.field} ${violation.expectation}.`, violation.field, ids);
  return toRequest(event as ValidEvent, ids);
}

function toRequest(event: ValidEvent, ids: EchoedIds): IntakeResult {
  const details = event.data.additionalDetails;
  const credentialType = PROBLEM_CREDENTIAL_TYPES[details.problemName];
  const userId = details.problemAdditionalDetails['User OCID'];

  let credentialId = details.resourceId;
  if (credentialType === 'API_KEY') {
    // An API key is TENANCY_OCID/USER_OCID/FINGERPRINT (oci-behaviour §1.5, ApiKey.keyId). The user
    // there must be the problem's user, or the event contradicts itself.
    const [tenancy = '', user = '', fingerprint = '', ...extra] = details.resourceId.split('/');
    if (
      extra.length > 0 ||
      !isOcidOfType(tenancy, 'tenancy') ||
      !isOcidOfType(user, 'user') ||
      !API_KEY_FINGERPRINT_PATTERN.test(fingerprint.toLowerCase())
    ) {
      return refused(
        `${CREDENTIAL_FIELD} must be "<tenancy OCID>/<user OCID>/<fingerprint>" for an API key, the fingerprint being 16 hex pairs joined by ":".`,
        CREDENTIAL_FIELD,
        ids,
      );
    }
    if (user !== userId)
      return refused(`${CREDENTIAL_FIELD} names another user than ${USER_FIELD}; the event contradicts itself.`, CREDENTIAL_FIELD, ids);
    // IAM reports fingerprints in lower case (oci-behaviour §3.5); compare like with like later.
    credentialId = fingerprint.toLowerCase();
  }

  const comment = details.problemAdditionalDetails.comments ?? '';
  // Refusals show secret OCIDs of the event's own realm (the problem's, else the user's).
  const realm = parseOcid(event.data.resourceId)?.realm ?? parseOcid(userId)?.realm ?? null;
  const secrets = parseClosureComment(comment, credentialType, realm);
  if (!secrets.ok) return refused(`Closure comment: ${secrets.reason}.`, COMMENT_FIELD, ids);

  return {
    kind: 'accepted',
    request: {
      eventId: event.eventID,
      eventTime: event.eventTime,
      eventType: event.eventType,
      problemId: event.data.resourceId,
      problemName: details.problemName,
      problemDisplayName: event.data.resourceName,
      credentialType,
      tenancyId: details.tenantId ?? null,
      compartmentId: event.data.compartmentId,
      region: details.region ?? null,
      riskLevel: details.riskLevel ?? null,
      userId,
      credentialId,
      credentialResourceId: details.resourceId,
      credentialName: details.resourceName ?? null,
      secrets: secrets.secrets,
      comment,
    },
  };
}

type Decoded = { ok: true; value: unknown } | { ok: false; reason: string; field: string | null };

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function decode(input: unknown): Decoded {
  if (input === undefined) return { ok: false, reason: 'The event is empty; expected a JSON object.', field: null };
  if (input instanceof Uint8Array) {
    if (input.byteLength > MAX_EVENT_BYTES) return tooLarge(input.byteLength);
    let text: string;
    try {
      text = UTF8.decode(input);
    } catch {
      return { ok: false, reason: 'The event is not valid UTF-8 text.', field: null };
    }
    return parseText(text);
  }
  if (typeof input === 'string') {
    const size = Buffer.byteLength(input, 'utf8');
    return size > MAX_EVENT_BYTES ? tooLarge(size) : parseText(input);
  }
  if (typeof input === 'object' && input !== null) {
    // Measured, and read back as plain JSON: getters, prototypes or proxies in a caller's object
    // cannot then show the schema check one thing and the rotation another.
    let text: string;
    try {
      text = JSON.stringify(input);
    } catch {
      return { ok: false, reason: 'The event is not a JSON document (it cannot be serialised).', field: null };
    }
    const size = Buffer.byteLength(text, 'utf8');
    return size > MAX_EVENT_BYTES ? tooLarge(size) : { ok: true, value: JSON.parse(text) as unknown };
  }
  return { ok: true, value: input };
}

function parseText(text: string): Decoded {
  // A byte-order mark is legal at the start of a UTF-8 file but not in JSON.
  const json = text.startsWith('\ufeff') ? text.slice(1) : text;
  if (json.trim() === '') return { ok: false, reason: 'The event is empty; expected a JSON object.', field: null };
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch {
    // JSON.parse's own message quotes the input, so it is not passed on.
    return { ok: false, reason: 'The event is not valid JSON.', field: null };
  }
}

function tooLarge(size: number): Decoded {
  return { ok: false, reason: `The event is ${size} bytes, over the ${MAX_EVENT_BYTES}-byte limit.`, field: null };
}

function refused(reason: string, field: string | null, ids: EchoedIds, eventShaped = true): IntakeResult {
  return { kind: 'refused', reason, field, eventShaped, ...ids };
}

/** The ids an outcome carries even for an event it refuses: strings only, printable, short. */
function echoedIds(envelope: Record<string, unknown>): EchoedIds {
  const data = asRecord(envelope['data']);
  const details = asRecord(data?.['additionalDetails']);
  return { eventId: echoed(envelope['eventID']), problemId: echoed(data?.['resourceId']), problemName: echoed(details?.['problemName']) };
}

function echoed(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ECHOED_ID_LENGTH ? printable(value) : null;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function printable(text: string): string {
  const visible = text.replace(/[^\x20-\x7e]/g, '?');
  return visible.length > MAX_ECHOED_ID_LENGTH ? `${visible.slice(0, MAX_ECHOED_ID_LENGTH - 3)}...` : visible;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** What the schema guarantees once `findEventViolation` returns null. */
interface ValidEvent {
  eventType: typeof REMEDIATED_EVENT_TYPE;
  eventID: string;
  eventTime: string;
  data: {
    compartmentId: string;
    resourceId: string;
    resourceName: string;
    additionalDetails: {
      problemName: ProblemName;
      resourceId: string;
      resourceName?: string;
      tenantId?: string;
      region?: string;
      riskLevel?: string;
      problemAdditionalDetails: { 'User OCID': string; comments?: string };
    };
  };
}

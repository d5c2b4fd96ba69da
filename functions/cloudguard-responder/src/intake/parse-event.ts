import { parseClosureComment } from '../domain/closure-comment.js';
import { PROBLEM_CREDENTIAL_TYPES, isProblemName } from '../domain/credential-type.js';
import { API_KEY_FINGERPRINT_PATTERN } from '../domain/ocid.js';
import type { RemediationRequest } from '../domain/remediation-request.js';
import { findSchemaViolation } from './event-validator.js';
import { MAX_COMMENT_LENGTH, MAX_EVENT_BYTES } from './limits.js';

export const REMEDIATED_EVENT_TYPE = 'com.oraclecloud.cloudguard.problemremediated';
const COMMENT_FIELD = '/data/additionalDetails/problemAdditionalDetails/comments';
const RESOURCE_FIELD = '/data/additionalDetails/resourceId';

export type IntakeResult =
  | { kind: 'accepted'; request: RemediationRequest }
  | { kind: 'ignored'; reason: string; eventId: string | null; problemId: string | null; problemName: string | null }
  | { kind: 'refused'; reason: string; field: string | null; eventId: string | null; problemId: string | null; problemName: string | null };

/**
 * Turns whatever arrived (the fdk passes unparseable JSON as a raw string, the CLI passes file
 * text) into a rotation request, or says why not in one line. Other event types and other
 * problems are `ignored`; anything malformed is `refused` naming the field, never echoing a
 * value. Pure: reads nothing from OCI.
 */
export function parseEvent(input: unknown): IntakeResult {
  const refuse = (reason: string, field: string | null, ids: Ids = NO_IDS): IntakeResult => ({ kind: 'refused', reason, field, ...ids });

  let event: unknown = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
    if (size > MAX_EVENT_BYTES) return refuse(`The event is ${size} bytes, over the ${MAX_EVENT_BYTES}-byte limit.`, null);
    if (size === 0) return refuse('The event is empty; expected a JSON object.', null);
    try {
      event = JSON.parse(input.toString());
    } catch {
      return refuse('The event is not valid JSON.', null);
    }
  } else if (typeof input === 'object' && input !== null) {
    let size: number;
    try {
      size = Buffer.byteLength(JSON.stringify(input));
    } catch {
      return refuse('The event cannot be serialised as JSON.', null);
    }
    if (size > MAX_EVENT_BYTES) return refuse(`The event is ${size} bytes, over the ${MAX_EVENT_BYTES}-byte limit.`, null);
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return refuse('The event is not a JSON object.', '/');

  const ids = idsOf(event as Record<string, unknown>);
  const eventType = (event as Record<string, unknown>)['eventType'];
  if (typeof eventType !== 'string') return refuse('/eventType is required and must be a string.', '/eventType', ids);
  if (eventType !== REMEDIATED_EVENT_TYPE) return { kind: 'ignored', reason: `Event type ${printable(eventType)} is not ${REMEDIATED_EVENT_TYPE}; nothing to do.`, ...ids };
  if (ids.problemName !== null && !isProblemName(ids.problemName)) {
    return { kind: 'ignored', reason: `Problem ${printable(ids.problemName)} is not a stale-credential problem this responder rotates; nothing to do.`, ...ids };
  }

  const violation = findSchemaViolation(event);
  if (violation) return refuse(`${violation.field} ${violation.expectation}.`, violation.field, ids);

  const valid = event as ValidEvent;
  const details = valid.data.additionalDetails;
  const problemName = details.problemName;
  const credentialType = PROBLEM_CREDENTIAL_TYPES[problemName];
  const userId = details.problemAdditionalDetails['User OCID'];
  const comment = details.problemAdditionalDetails.comments ?? '';
  if (comment.length > MAX_COMMENT_LENGTH) return refuse(`${COMMENT_FIELD} is ${comment.length} characters, over the ${MAX_COMMENT_LENGTH} limit.`, COMMENT_FIELD, ids);

  let credentialId = details.resourceId;
  if (credentialType === 'API_KEY') {
    // An API key's id is TENANCY/USER/FINGERPRINT (oci-facts §1.5); the user there must be the problem's user.
    const [tenancyPart, userPart, fingerprint, ...rest] = details.resourceId.split('/');
    if (!tenancyPart || !userPart || !fingerprint || rest.length > 0 || !API_KEY_FINGERPRINT_PATTERN.test(fingerprint)) {
      return refuse(`${RESOURCE_FIELD} must be "<tenancy OCID>/<user OCID>/<fingerprint>" for an API key.`, RESOURCE_FIELD, ids);
    }
    if (userPart !== userId) return refuse(`${RESOURCE_FIELD} names another user than "User OCID"; the event is inconsistent.`, RESOURCE_FIELD, ids);
    credentialId = fingerprint;
  }

  const parsed = parseClosureComment(comment, credentialType);
  if (!parsed.ok) return refuse(`Closure comment: ${parsed.reason}.`, COMMENT_FIELD, ids);

  return {
    kind: 'accepted',
    request: {
      eventId: valid.eventID,
      eventTime: valid.eventTime,
      eventType,
      problemId: valid.data.resourceId,
      problemName,
      problemDisplayName: valid.data.resourceName,
      credentialType,
      tenancyId: details.tenantId ?? null,
      compartmentId: valid.data.compartmentId,
      region: details.region ?? null,
      riskLevel: details.riskLevel ?? null,
      userId,
      credentialId,
      credentialResourceId: details.resourceId,
      credentialName: details.resourceName ?? null,
      secrets: parsed.secrets,
      comment,
    },
  };
}

interface Ids {
  eventId: string | null;
  problemId: string | null;
  problemName: string | null;
}

const NO_IDS: Ids = { eventId: null, problemId: null, problemName: null };

/** The ids an outcome can carry even for a refused event: short strings only, control characters removed. */
function idsOf(event: Record<string, unknown>): Ids {
  const data = asRecord(event['data']);
  const details = asRecord(data?.['additionalDetails']);
  return { eventId: shortString(event['eventID']), problemId: shortString(data?.['resourceId']), problemName: shortString(details?.['problemName']) };
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function shortString(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 256 ? printable(value) : null;
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 256);
}

interface ValidEvent {
  eventID: string;
  eventTime: string;
  data: {
    compartmentId: string;
    resourceId: string;
    resourceName: string;
    additionalDetails: {
      problemName: keyof typeof PROBLEM_CREDENTIAL_TYPES;
      resourceId: string;
      resourceName?: string;
      tenantId?: string;
      region?: string;
      riskLevel?: string;
      problemAdditionalDetails: { 'User OCID': string; comments?: string };
    };
  };
}

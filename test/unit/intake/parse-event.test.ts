import { describe, expect, it } from 'vitest';
import { OCID_PATTERN } from '../../../functions/cloudguard-responder/src/domain/ocid.js';
import { MAX_COMMENT_LENGTH, MAX_EVENT_BYTES } from '../../../functions/cloudguard-responder/src/intake/limits.js';
import { parseEvent, type IntakeResult } from '../../../functions/cloudguard-responder/src/intake/parse-event.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import eventSchema from '../../../schemas/cloudguard-event.schema.json' with { type: 'json' };
import { SAMPLE_EVENTS, eventObject, eventText } from '../../support/events.js';

// Fixtures are edited freely in these tests.
type Json = Record<string, any>;

const COMMENT_FIELD = '/data/additionalDetails/problemAdditionalDetails/comments';
const CREDENTIAL_FIELD = '/data/additionalDetails/resourceId';

function apiKeyEvent(): Json {
  return eventObject(SAMPLE_EVENTS.apiKey) as Json;
}

function refusedOf(result: IntakeResult): Extract<IntakeResult, { kind: 'refused' }> {
  if (result.kind !== 'refused') throw new Error(`expected a refusal, got ${result.kind}`);
  return result;
}

function acceptedOf(result: IntakeResult): Extract<IntakeResult, { kind: 'accepted' }>['request'] {
  if (result.kind !== 'accepted') throw new Error(`expected acceptance, got ${JSON.stringify(result)}`);
  return result.request;
}

describe('Intake: accepted events become rotation requests', () => {
  it('reads every field of the API key sample', () => {
    // Act
    const request = acceptedOf(parseEvent(eventText(SAMPLE_EVENTS.apiKey)));

    // Assess
    expect(request).toEqual({
      eventId: '6f1e0c1e-0d0b-4a57-9d36-2b5f0c3e9a11',
      eventTime: '2026-11-20T10:15:00Z',
      eventType: 'com.oraclecloud.cloudguard.problemremediated',
      problemId: sampleIds.probApi,
      problemName: 'API_KEY_TOO_OLD',
      problemDisplayName: 'API key is too old',
      credentialType: 'API_KEY',
      tenancyId: sampleIds.tenancy,
      compartmentId: sampleIds.tenancy,
      region: 'us-ashburn-1',
      riskLevel: 'MEDIUM',
      userId: sampleIds.alice,
      credentialId: sampleIds.apiFingerprint,
      credentialResourceId: `${sampleIds.tenancy}/${sampleIds.alice}/${sampleIds.apiFingerprint}`,
      credentialName: 'alice@example.com',
      secrets: { type: 'API_KEY', privateKeySecretId: sampleIds.secretApi },
      comment: sampleIds.comments.API_KEY_TOO_OLD,
    });
  });

  it('takes the auth token OCID, the customer secret key id and the password resource id as given', () => {
    // Act
    const token = acceptedOf(parseEvent(eventText(SAMPLE_EVENTS.authToken)));
    const secretKey = acceptedOf(parseEvent(eventText(SAMPLE_EVENTS.secretKey)));
    const password = acceptedOf(parseEvent(eventText(SAMPLE_EVENTS.password)));

    // Assess
    expect([token.credentialType, token.credentialId, token.problemDisplayName]).toEqual([
      'AUTH_TOKEN',
      sampleIds.authToken,
      'IAM Auth token is too old',
    ]);
    expect(token.secrets).toEqual({ type: 'AUTH_TOKEN', tokenSecretId: sampleIds.secretAuth });
    expect([secretKey.credentialType, secretKey.credentialId]).toEqual(['CUSTOMER_SECRET_KEY', sampleIds.customerSecretKeyId]);
    expect(secretKey.secrets).toEqual({
      type: 'CUSTOMER_SECRET_KEY',
      accessKeyIdSecretId: sampleIds.secretAccess,
      secretKeySecretId: sampleIds.secretSecretKey,
    });
    expect([password.credentialType, password.credentialId, password.credentialResourceId]).toEqual([
      'UI_PASSWORD',
      sampleIds.alice,
      sampleIds.alice,
    ]);
    expect(password.secrets).toEqual({ type: 'UI_PASSWORD', passwordSecretId: sampleIds.secretPassword });
  });

  it('accepts a password event with no secret named: the password is reset and stored nowhere', () => {
    // Act
    const request = acceptedOf(parseEvent(eventText('cloudguard/problem-remediated.password-too-old.no-secret.json')));

    // Assess
    expect(request.secrets).toEqual({ type: 'UI_PASSWORD', passwordSecretId: null });
  });

  it('gives the same result for text, a Buffer, a Buffer with a byte-order mark and a parsed object', () => {
    // Prepare
    const text = eventText(SAMPLE_EVENTS.secretKey);

    // Act
    const results = [
      parseEvent(text),
      parseEvent(Buffer.from(text)),
      parseEvent(Buffer.from(`\ufeff${text}`)),
      parseEvent(JSON.parse(text)),
    ];

    // Assess
    for (const result of results.slice(1)) expect(result).toEqual(results[0]);
    expect(results[0]?.kind).toBe('accepted');
  });

  it('allows extra properties anywhere, since captures vary', () => {
    // Prepare
    const event = apiKeyEvent();
    event['schemaURL'] = null;
    event['data']['newTopLevelField'] = { nested: [1, 2] };
    event['data']['additionalDetails']['somethingNew'] = 'x';
    event['data']['additionalDetails']['problemAdditionalDetails']['Scan Result Id'] = '42';

    // Act
    const result = parseEvent(event);

    // Assess
    expect(result.kind).toBe('accepted');
  });

  it('maps absent optional fields to null', () => {
    // Prepare
    const event = apiKeyEvent();
    const details = event['data']['additionalDetails'];
    delete details['tenantId'];
    delete details['region'];
    delete details['riskLevel'];
    delete details['resourceName'];

    // Act
    const request = acceptedOf(parseEvent(event));

    // Assess
    expect([request.tenancyId, request.region, request.riskLevel, request.credentialName]).toEqual([null, null, null, null]);
  });

  it('accepts RFC 3339 times with fractions and offsets', () => {
    // Prepare
    const times = ['2026-11-20T10:15:00.123Z', '2026-11-20T10:15:00+05:30', '2026-02-28T23:59:60.123456789-08:00'];

    // Act
    const results = times.map((eventTime) => parseEvent({ ...apiKeyEvent(), eventTime }));

    // Assess
    expect(results.map((result) => result.kind)).toEqual(['accepted', 'accepted', 'accepted']);
  });

  it('reads an upper-case fingerprint and reports it in lower case, as IAM does', () => {
    // Prepare
    const event = apiKeyEvent();
    event['data']['additionalDetails']['resourceId'] = `${sampleIds.tenancy}/${sampleIds.alice}/${sampleIds.apiFingerprint.toUpperCase()}`;

    // Act
    const request = acceptedOf(parseEvent(event));

    // Assess
    expect(request.credentialId).toBe(sampleIds.apiFingerprint);
    expect(request.credentialResourceId).toBe(event['data']['additionalDetails']['resourceId']);
  });

  it('does not modify an object it is given', () => {
    // Prepare
    const event = apiKeyEvent();
    const before = JSON.stringify(event);

    // Act
    parseEvent(event);

    // Assess
    expect(JSON.stringify(event)).toBe(before);
  });
});

describe('Intake: ignored events', () => {
  it('ignores other Cloud Guard event types, keeping the ids', () => {
    // Act
    const result = parseEvent(eventText('cloudguard/problem-detected.api-key-too-old.json'));

    // Assess
    expect(result).toEqual({
      kind: 'ignored',
      reason: 'Event type "com.oraclecloud.cloudguard.problemdetected" is not com.oraclecloud.cloudguard.problemremediated; nothing to do.',
      eventId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c66',
      problemId: sampleIds.probApi,
      problemName: 'API_KEY_TOO_OLD',
    });
  });

  it('ignores another event type even when the rest of the envelope is not a Cloud Guard one', () => {
    // Act
    const result = parseEvent({ eventType: 'com.oraclecloud.objectstorage.createobject', data: 'anything' });

    // Assess
    expect(result).toEqual({
      kind: 'ignored',
      reason: expect.stringContaining('com.oraclecloud.objectstorage.createobject'),
      eventId: null,
      problemId: null,
      problemName: null,
    });
  });

  it('ignores remediated problems that are not about a credential', () => {
    // Act
    const result = parseEvent(eventText('cloudguard/problem-remediated.unknown-problem.json'));

    // Assess
    expect(result.kind).toBe('ignored');
    expect(result.kind === 'ignored' && result.reason).toBe(
      'Problem "BUCKET_IS_PUBLIC" is not a stale-credential problem this responder rotates; nothing to do.',
    );
  });

  it('ignores problem names in the wrong case (they are rule ids, compared exactly)', () => {
    // Prepare
    const event = apiKeyEvent();
    event['data']['additionalDetails']['problemName'] = 'api_key_too_old';

    // Act
    const result = parseEvent(event);

    // Assess
    expect(result.kind).toBe('ignored');
  });
});

describe('Intake: refusals of what is not a JSON object', () => {
  const notObjects: Array<[string, unknown, string, string | null]> = [
    ['undefined', undefined, 'The event is empty; expected a JSON object.', null],
    ['an empty string', '', 'The event is empty; expected a JSON object.', null],
    ['blank text', ' \n\t ', 'The event is empty; expected a JSON object.', null],
    ['an array', [1, 2], 'The event is not a JSON object (found an array).', '/'],
    ['JSON text of an array', '[{"eventType":"x"}]', 'The event is not a JSON object (found an array).', '/'],
    ['null', null, 'The event is not a JSON object (found null).', '/'],
    ['JSON text of null', 'null', 'The event is not a JSON object (found null).', '/'],
    ['a number', 42, 'The event is not a JSON object (found a number).', '/'],
    ['JSON text of a string', '"hello"', 'The event is not a JSON object (found a string).', '/'],
    ['a boolean', true, 'The event is not a JSON object (found a boolean).', '/'],
  ];
  for (const [name, input, reason, field] of notObjects) {
    it(`refuses ${name}`, () => {
      // Act
      const result = refusedOf(parseEvent(input));

      // Assess
      expect(result).toEqual({ kind: 'refused', reason, field, eventShaped: false, eventId: null, problemId: null, problemName: null });
    });
  }

  it('refuses text that is not JSON without echoing any of it', () => {
    // Prepare
    const marker = 'hunter2-do-not-echo';
    const text = `{"eventType": "com.oraclecloud.cloudguard.problemremediated", "password": "${marker}"`;

    // Act
    const result = refusedOf(parseEvent(text));

    // Assess
    expect(result.reason).toBe('The event is not valid JSON.');
    expect(result.field).toBeNull();
    expect(JSON.stringify(result)).not.toContain(marker);
  });

  it('refuses bytes that are not UTF-8', () => {
    // Act
    const result = refusedOf(parseEvent(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])));

    // Assess
    expect(result.reason).toBe('The event is not valid UTF-8 text.');
  });

  it('refuses an object that cannot be serialised (a cycle)', () => {
    // Prepare
    const event = apiKeyEvent();
    event['data']['self'] = event;

    // Act
    const result = refusedOf(parseEvent(event));

    // Assess
    expect(result.reason).toBe('The event is not a JSON document (it cannot be serialised).');
  });

  it(`refuses text over ${MAX_EVENT_BYTES} bytes before parsing it`, () => {
    // Prepare
    const text = `{"padding":"${'x'.repeat(MAX_EVENT_BYTES)}"}`;

    // Act
    const result = refusedOf(parseEvent(text));

    // Assess
    expect(result.reason).toBe(`The event is ${Buffer.byteLength(text)} bytes, over the ${MAX_EVENT_BYTES}-byte limit.`);
    expect(result.field).toBeNull();
  });

  it('counts bytes, not characters: multi-byte text over the limit is refused', () => {
    // Prepare
    const text = `{"padding":"${'é'.repeat(MAX_EVENT_BYTES / 2)}"}`;

    // Act
    const result = refusedOf(parseEvent(text));

    // Assess
    expect(text.length).toBeLessThan(MAX_EVENT_BYTES);
    expect(result.reason).toMatch(/over the 262144-byte limit\.$/);
  });

  it('refuses an object whose JSON is over the limit, and a Buffer over the limit', () => {
    // Prepare
    const event = apiKeyEvent();
    event['data']['padding'] = 'x'.repeat(MAX_EVENT_BYTES);

    // Act
    const fromObject = refusedOf(parseEvent(event));
    const fromBuffer = refusedOf(parseEvent(Buffer.from(JSON.stringify(event))));

    // Assess
    expect(fromObject.reason).toMatch(/over the 262144-byte limit\.$/);
    expect(fromBuffer.reason).toBe(fromObject.reason);
  });
});

describe('Intake: refusals name the field and the expectation, never the value', () => {
  it('refuses an object with no eventType, naming /eventType', () => {
    // Prepare
    const event = apiKeyEvent();
    delete event['eventType'];

    // Act
    const result = refusedOf(parseEvent(event));

    // Assess
    expect(result).toEqual({
      kind: 'refused',
      reason: '/eventType is required.',
      field: '/eventType',
      eventShaped: false,
      eventId: '6f1e0c1e-0d0b-4a57-9d36-2b5f0c3e9a11',
      problemId: sampleIds.probApi,
      problemName: 'API_KEY_TOO_OLD',
    });
  });

  it('refuses an eventType that is not a string', () => {
    // Act
    const result = refusedOf(parseEvent({ ...apiKeyEvent(), eventType: 7 }));

    // Assess
    expect([result.reason, result.field]).toEqual(['/eventType must be string.', '/eventType']);
  });

  it('refuses a missing required field, escaping it as a JSON Pointer', () => {
    // Prepare
    const event = apiKeyEvent();
    delete event['data']['additionalDetails']['problemAdditionalDetails']['User OCID'];

    // Act
    const result = refusedOf(parseEvent(event));

    // Assess
    expect([result.reason, result.field]).toEqual([
      '/data/additionalDetails/problemAdditionalDetails/User OCID is required.',
      '/data/additionalDetails/problemAdditionalDetails/User OCID',
    ]);
  });

  const schemaCases: Array<[string, (event: Json) => void, string, RegExp]> = [
    [
      'a user OCID of the wrong kind',
      (event) => {
        event['data']['additionalDetails']['problemAdditionalDetails']['User OCID'] = 'ocid1.group.oc1..aaaaaaaasecretlooking';
      },
      '/data/additionalDetails/problemAdditionalDetails/User OCID',
      /must match pattern/,
    ],
    [
      'a problem id that is not a Cloud Guard problem',
      (event) => {
        event['data']['resourceId'] = 'ocid1.user.oc1..aaaaaaaasecretlooking';
      },
      '/data/resourceId',
      /must match pattern/,
    ],
    [
      'a compartment that is a user',
      (event) => {
        event['data']['compartmentId'] = 'ocid1.user.oc1..aaaaaaaasecretlooking';
      },
      '/data/compartmentId',
      /must match pattern/,
    ],
    [
      'an impossible month',
      (event) => {
        event['eventTime'] = '2026-13-20T10:15:00Z';
      },
      '/eventTime',
      /must match pattern/,
    ],
    [
      'a date without a time zone',
      (event) => {
        event['eventTime'] = '2026-11-20T10:15:00';
      },
      '/eventTime',
      /must match pattern/,
    ],
    [
      'the non-padded date seen in one redacted capture (oci-behaviour §1.2)',
      (event) => {
        event['eventTime'] = '2024-5-24T02:37:41.435Z';
      },
      '/eventTime',
      /must match pattern/,
    ],
    [
      'a numeric comment',
      (event) => {
        event['data']['additionalDetails']['problemAdditionalDetails']['comments'] = 12;
      },
      COMMENT_FIELD,
      /^must be string\.$/,
    ],
    [
      'a credential id with spaces',
      (event) => {
        event['data']['additionalDetails']['resourceId'] = 'a b';
      },
      CREDENTIAL_FIELD,
      /must match pattern/,
    ],
    [
      'an empty credential id',
      (event) => {
        event['data']['additionalDetails']['resourceId'] = '';
      },
      CREDENTIAL_FIELD,
      /must NOT have fewer than 1 characters/,
    ],
    [
      'an empty eventID',
      (event) => {
        event['eventID'] = '';
      },
      '/eventID',
      /must NOT have fewer than 1 characters/,
    ],
    [
      'a problemName that is not a string',
      (event) => {
        event['data']['additionalDetails']['problemName'] = 3;
      },
      '/data/additionalDetails/problemName',
      /must be one of "API_KEY_TOO_OLD", "AUTH_TOKEN_TOO_OLD"/,
    ],
    [
      'data that is a string',
      (event) => {
        event['data'] = 'secretlooking';
      },
      '/data',
      /^must be object\.$/,
    ],
  ];
  for (const [name, change, field, expectation] of schemaCases) {
    it(`refuses ${name}`, () => {
      // Prepare
      const event = apiKeyEvent();
      change(event);

      // Act
      const result = refusedOf(parseEvent(event));

      // Assess
      expect(result.field).toBe(field);
      expect(result.reason.startsWith(`${field} `)).toBe(true);
      expect(result.reason.slice(field.length + 1)).toMatch(expectation);
      expect(result.reason).not.toContain('secretlooking');
    });
  }

  it(`refuses a comment over ${MAX_COMMENT_LENGTH} characters at the comments field`, () => {
    // Prepare
    const event = apiKeyEvent();
    event['data']['additionalDetails']['problemAdditionalDetails']['comments'] += ' '.repeat(MAX_COMMENT_LENGTH);

    // Act
    const result = refusedOf(parseEvent(event));

    // Assess
    expect([result.field, result.reason]).toEqual([
      COMMENT_FIELD,
      `${COMMENT_FIELD} must NOT have more than ${MAX_COMMENT_LENGTH} characters.`,
    ]);
  });

  it('refuses an event whose comment names no secret, at the comments field with the expected form', () => {
    // Prepare
    const event = eventObject(SAMPLE_EVENTS.authToken) as Json;
    delete event['data']['additionalDetails']['problemAdditionalDetails']['comments'];

    // Act
    const result = refusedOf(parseEvent(event));

    // Assess
    expect(result.field).toBe(COMMENT_FIELD);
    expect(result.reason).toBe(
      'Closure comment: missing "auth_secret_ocid"; expected "auth_secret_ocid:ocid1.vaultsecret.oc1.<region>.<id>".',
    );
  });

  it("shows the expected form with secret OCIDs of the event's realm when an oc3 event names no secret", () => {
    // Prepare: the auth-token sample moved to realm oc3 (every OCID in it), its comment gone.
    const event = JSON.parse(eventText(SAMPLE_EVENTS.authToken).replaceAll('.oc1.', '.oc3.')) as Json;
    delete event['data']['additionalDetails']['problemAdditionalDetails']['comments'];

    // Act
    const result = refusedOf(parseEvent(event));

    // Assess
    expect(result.field).toBe(COMMENT_FIELD);
    expect(result.reason).toBe(
      'Closure comment: missing "auth_secret_ocid"; expected "auth_secret_ocid:ocid1.vaultsecret.oc3.<region>.<id>".',
    );
  });

  it('refuses an event whose comment names a key for another problem', () => {
    // Act
    const result = refusedOf(parseEvent(eventText('cloudguard/invalid/comment-key-for-another-problem.json')));

    // Assess
    expect(result.field).toBe(COMMENT_FIELD);
    expect(result.reason).toMatch(
      /^Closure comment: "auth_secret_ocid" names a secret for AUTH_TOKEN_TOO_OLD problems, not API_KEY_TOO_OLD; expected "api_secret_ocid:/,
    );
  });

  const badApiKeyIds: Array<[string, string]> = [
    ['two parts', `${sampleIds.tenancy}/${sampleIds.alice}`],
    ['four parts', `${sampleIds.tenancy}/${sampleIds.alice}/${sampleIds.apiFingerprint}/extra`],
    ['a short fingerprint', `${sampleIds.tenancy}/${sampleIds.alice}/cd:25:2e`],
    ['a fingerprint with a non-hex pair', `${sampleIds.tenancy}/${sampleIds.alice}/${sampleIds.apiFingerprint.replace('cd', 'zz')}`],
    ['a fingerprint without colons', `${sampleIds.tenancy}/${sampleIds.alice}/${sampleIds.apiFingerprint.replace(/:/g, '')}`],
    ['a compartment where the tenancy belongs', `ocid1.compartment.oc1..aaaaaaaaexample/${sampleIds.alice}/${sampleIds.apiFingerprint}`],
    ['a group where the user belongs', `${sampleIds.tenancy}/ocid1.group.oc1..aaaaaaaaexample/${sampleIds.apiFingerprint}`],
  ];
  for (const [name, resourceId] of badApiKeyIds) {
    it(`refuses an API key resource id with ${name}`, () => {
      // Prepare
      const event = apiKeyEvent();
      event['data']['additionalDetails']['resourceId'] = resourceId;

      // Act
      const result = refusedOf(parseEvent(event));

      // Assess
      expect(result.field).toBe(CREDENTIAL_FIELD);
      expect(result.reason).toBe(
        `${CREDENTIAL_FIELD} must be "<tenancy OCID>/<user OCID>/<fingerprint>" for an API key, the fingerprint being 16 hex pairs joined by ":".`,
      );
    });
  }

  it("refuses an API key of another user than the problem's User OCID", () => {
    // Act
    const result = refusedOf(parseEvent(eventText('cloudguard/invalid/api-key-user-mismatch.json')));

    // Assess
    expect(result.field).toBe(CREDENTIAL_FIELD);
    expect(result.reason).toBe(
      `${CREDENTIAL_FIELD} names another user than /data/additionalDetails/problemAdditionalDetails/User OCID; the event contradicts itself.`,
    );
  });

  it('echoes ids in refusals only as short printable strings', () => {
    // Prepare
    const event = apiKeyEvent();
    event['eventID'] = 'id\u001b[31mred';
    event['data']['resourceId'] = `ocid1.cloudguardproblem.oc1.iad.${'a'.repeat(300)}`;
    event['data']['additionalDetails']['problemName'] = 3;

    // Act
    const result = refusedOf(parseEvent(event));

    // Assess
    expect([result.eventId, result.problemId, result.problemName]).toEqual(['id?[31mred', null, null]);
  });
});

describe('Intake: the schema and the code agree on shared rules', () => {
  it('uses the same OCID shape and comment limit in schemas/cloudguard-event.schema.json and the code', () => {
    // Prepare
    const details = eventSchema.properties.data.properties.additionalDetails.properties;
    const userPattern = details.problemAdditionalDetails.properties['User OCID'].pattern;

    // Act
    const generic = OCID_PATTERN.source.replace(/\(\[a-z0-9_\]\+\)/, 'user').replace(/[()]/g, '');

    // Assess
    expect(userPattern).toBe(generic);
    expect(details.problemAdditionalDetails.properties.comments.maxLength).toBe(MAX_COMMENT_LENGTH);
  });

  it('accepts every id in the sample tenancy as an OCID of its kind', () => {
    // Prepare
    const ocids = Object.entries(sampleIds).filter(([, value]) => typeof value === 'string' && value.startsWith('ocid1.'));

    // Act
    const kinds = ocids.map(([name, value]) => [name, OCID_PATTERN.exec(value as string)?.[1] ?? null]);

    // Assess
    expect(kinds.filter(([, kind]) => kind === null)).toEqual([]);
    expect(ocids.length).toBeGreaterThanOrEqual(15);
  });
});

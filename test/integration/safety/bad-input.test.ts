import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { SAMPLE_EVENTS, eventObject, eventText } from '../../support/events.js';
import { attachResponder, startResponderHarness, type ResponderHarness } from '../../support/responder.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A small deterministic generator (mulberry32): the same cases on every run and machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function leafPaths(value: Json, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => leafPaths(child, [...prefix, key]))].filter((path) => path.length > 0);
}

function withValue(event: Json, path: string[], replacement: Json | undefined): Json {
  const copy = structuredClone(event) as Record<string, Json>;
  let node = copy as Record<string, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, Json>;
  const last = path.at(-1) as string;
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy;
}

/**
 * The fields the responder relies on: breaking any of them must be refused (or ignored), never
 * acted on. Display fields (resource names, extensions) may change freely and are left out.
 */
const RELIED_ON = new Set([
  'eventType',
  'eventTime',
  'data',
  'data/resourceId',
  'data/additionalDetails',
  'data/additionalDetails/problemName',
  'data/additionalDetails/resourceId',
  'data/additionalDetails/problemAdditionalDetails',
  'data/additionalDetails/problemAdditionalDetails/User OCID',
  'data/additionalDetails/problemAdditionalDetails/comments',
]);

const HOSTILE_VALUES: Json[] = [
  null,
  42,
  true,
  [],
  {},
  '',
  'x'.repeat(300_000),
  'line one\r\nBcc: attacker@example.com\r\n\r\nforged body',
  'ocid1.vaultsecret.oc1.iad.aaaaaaaa\u0000nul',
  '数据\u202Eevil',
  'ocid1.user.oc1..aaaaaaaaotheruserwhoisnotalice',
];

describe('Bad input: refused with the field named, and the tenancy byte-for-byte unchanged', () => {
  let responder: ResponderHarness;
  let baseline: string;
  const snapshot = (): string => {
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    return JSON.stringify({ users: state.users, secrets: state.secrets, problems: state.problems });
  };
  /** Credentials and secrets only: a refusal of a genuine problem reopens it in Cloud Guard, by design. */
  const credentialsAndSecrets = (): string => {
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    return JSON.stringify({ users: state.users, secrets: state.secrets });
  };

  beforeAll(async () => {
    responder = await startResponderHarness();
    baseline = snapshot();
  });
  afterAll(async () => {
    await responder.close();
  });

  it('refuses every generated mutation of a field the responder relies on, changing nothing', async () => {
    // Prepare
    const valid = eventObject(SAMPLE_EVENTS.apiKey) as Json;
    const next = random(20261123);
    const cases: Array<{ label: string; event: Json }> = [];
    for (const path of leafPaths(valid).filter((candidate) => RELIED_ON.has(candidate.join('/')))) {
      cases.push({ label: `${path.join('/')} removed`, event: withValue(valid, path, undefined) });
      for (let draw = 0; draw < 4; draw += 1) {
        const value = HOSTILE_VALUES[Math.floor(next() * HOSTILE_VALUES.length)] as Json;
        cases.push({ label: `${path.join('/')} = ${JSON.stringify(value).slice(0, 40)}`, event: withValue(valid, path, value) });
      }
    }
    const results: Array<{ label: string; status: string; reason: string; title: string }> = [];

    // Act
    for (const { label, event } of cases) {
      const outcome = await responder.respond(JSON.stringify(event));
      results.push({ label, status: outcome.status, reason: outcome.reason ?? '', title: outcome.notification.title ?? '' });
    }

    // Assess
    expect(cases.length).toBe(RELIED_ON.size * 5);
    const actedOn = results.filter((result) => result.status !== 'refused' && result.status !== 'ignored');
    expect(actedOn).toEqual([]);
    expect(results.filter((result) => /[\r\n]/.test(result.title) || /[\r\n]/.test(result.reason))).toEqual([]);
    expect(results.filter((result) => result.reason.includes('attacker@example.com'))).toEqual([]);
    expect(snapshot()).toBe(baseline);
  });

  it('refuses text that is not JSON, not an object, or too large, and reads nothing from OCI for it', async () => {
    // Prepare
    const inputs = ['', '{', 'null', '[1,2]', '"a string"', `{"eventType":"${'x'.repeat(300_000)}"}`, Buffer.from([0xff, 0xfe, 0x00])];
    responder.harness.emulator.clearCalls();

    // Act
    const outcomes = [];
    for (const input of inputs) outcomes.push(await responder.respond(input));

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(inputs.map(() => 'refused'));
    const reads = responder.harness.emulator.calls().filter((call) => call.operation !== 'PublishMessage');
    expect(reads).toEqual([]);
    expect(snapshot()).toBe(baseline);
  });

  it('treats the comment grammar as whitespace-, order- and case-insensitive across generated spellings', async () => {
    // Prepare
    const next = random(7);
    const spell = (key: string): string => [...key].map((char) => (next() < 0.5 ? char.toUpperCase() : char)).join('');
    const space = (): string => [' ', '', '  ', '\t', '\n'][Math.floor(next() * 5)] as string;
    const comments = Array.from({ length: 25 }, () => {
      const pairs = [
        `${spell('accesskey_secret_ocid')}${space()}:${space()}${sampleIds.secretAccess}`,
        `${spell('secretkey_secret_ocid')}${space()}:${space()}${sampleIds.secretSecretKey}`,
      ];
      if (next() < 0.5) pairs.reverse();
      return `Rotated after audit${space()};${space()}${pairs.join(`${space()},${space()}`)} ${space()}thanks`;
    });
    const { parseClosureComment } = await import('../../../functions/cloudguard-responder/src/domain/closure-comment.js');

    // Act
    const parsed = comments.map((comment) => parseClosureComment(comment, 'CUSTOMER_SECRET_KEY'));

    // Assess
    for (const result of parsed) {
      expect(result).toEqual({
        ok: true,
        secrets: { type: 'CUSTOMER_SECRET_KEY', accessKeyIdSecretId: sampleIds.secretAccess, secretKeySecretId: sampleIds.secretSecretKey },
      });
    }
  });

  it('refuses a secret outside the allowed vaults, and a secret tagged for another user, changing nothing', async () => {
    // Prepare
    const strict = attachResponder(responder.harness, responder.clock, {
      settings: { allowedVaultIds: ['ocid1.vault.oc1.iad.aaaaaaaaanothervaultonly'] },
    });
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    const tokenSecret = state.secrets.find((secret) => secret.id === sampleIds.secretAuth);
    if (tokenSecret) tokenSecret.freeformTags = { 'cg-responder-user': sampleIds.bob };
    responder.harness.emulator.setState(state);
    const before = credentialsAndSecrets();

    // Act
    const outsideVault = await strict.respond(eventText(SAMPLE_EVENTS.apiKey));
    const otherUsers = await responder.respond(eventText(SAMPLE_EVENTS.authToken));

    // Assess
    expect(outsideVault.status).toBe('refused');
    expect(outsideVault.reason).toContain('not in the allowed list (CGR_ALLOWED_VAULT_OCIDS)');
    expect(otherUsers.status).toBe('refused');
    expect(otherUsers.reason).toContain(`tagged cg-responder-user=${sampleIds.bob}`);
    expect(credentialsAndSecrets()).toBe(before);
    // Both problems are genuine and were RESOLVED: Cloud Guard now shows them OPEN again.
    expect([outsideVault.problemReopened, otherUsers.problemReopened]).toEqual([true, true]);
    const problems = responder.harness.emulator.getState().problems;
    expect(problems.find((problem) => problem.id === sampleIds.probApi)?.lifecycleDetail).toBe('OPEN');
    expect(problems.find((problem) => problem.id === sampleIds.probAuth)?.lifecycleDetail).toBe('OPEN');
  });
});

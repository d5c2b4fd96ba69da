// The burst: many remediated problems for many users resolved at once (SecOps closing a batch
// after a quiet week), duplicates included, several in flight. Shared by `npm run bench` (full
// size, 1 and 4 instances) and test/e2e/burst.test.ts (smaller), so both check the same thing:
// every problem rotated exactly once, nothing failed, one "rotated" email per rotation.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sampleIds = JSON.parse(readFileSync(join(root, 'emulator/state/sample-ids.json'), 'utf8'));

/** The four remediated sample events (all about alice), the template every burst user is cloned from. */
const TEMPLATES = [
  { kind: 'API_KEY', problemKey: 'probApi', file: 'problem-remediated.api-key-too-old.json' },
  { kind: 'AUTH_TOKEN', problemKey: 'probAuth', file: 'problem-remediated.auth-token-too-old.json' },
  { kind: 'CUSTOMER_SECRET_KEY', problemKey: 'probSecret', file: 'problem-remediated.secret-key-too-old.json' },
  { kind: 'UI_PASSWORD', problemKey: 'probPassword', file: 'problem-remediated.password-too-old.json' },
];

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** A deterministic OCID-style unique part (a stable tenancy makes runs comparable). */
function uniquePart(seed, length) {
  const digest = createHash('sha512').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i += 1) out += BASE32[digest[i % digest.length] % 32];
  return out;
}
const swapUnique = (ocid, seed) => ocid.replace(/\.aaaaaaaa[a-z0-9]+$/, `.aaaaaaaa${uniquePart(seed, ocid.split('.').at(-1).length - 8)}`);

/** The emulator's lifecycle delays at zero: the figures are then this code's own cost, not waits. */
export function zeroDelays(state) {
  state.settings.credentialActivationDelayMs = 0;
  state.settings.secretUpdatingMs = 0;
  if ('credentialPropagationMs' in state.settings) state.settings.credentialPropagationMs = 0;
  return state;
}

/** Small seeded PRNG (mulberry32): the same burst order every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A tenancy of `users` users, each a copy of the sample's alice (API key, auth token, customer
 * secret key, console password, five Vault secrets, four RESOLVED problems), and the deliveries:
 * `problemsPerUser` (1..4) problems per user, plus `duplicates` repeated deliveries of some of
 * them, in a seeded shuffled order.
 *
 * @param {any} sampleState the sample tenancy (GET /_emulator/state?secrets=include)
 * @param {{ users: number, problemsPerUser?: number, duplicates: number, seed?: number }} options
 */
export function burstTenancy(sampleState, { users, problemsPerUser = 4, duplicates, seed = 12 }) {
  const state = zeroDelays(structuredClone(sampleState));
  const alice = sampleState.users.find((user) => user.id === sampleIds.alice);
  const secretIds = [
    sampleIds.secretApi,
    sampleIds.secretAuth,
    sampleIds.secretAccess,
    sampleIds.secretSecretKey,
    sampleIds.secretPassword,
  ];
  const secrets = sampleState.secrets.filter((secret) => secretIds.includes(secret.id));
  const problems = sampleState.problems.filter((problem) => TEMPLATES.some((t) => sampleIds[t.problemKey] === problem.id));
  const events = TEMPLATES.map((t) => JSON.parse(readFileSync(join(root, 'events/cloudguard', t.file), 'utf8')));
  const template = JSON.stringify({ user: alice, secrets, problems, events });

  const originals = [];
  for (let n = 1; n <= users; n += 1) {
    const tag = `burst-user-${n}`;
    const replacements = [
      ...[
        'alice',
        ...TEMPLATES.map((t) => t.problemKey),
        'secretApi',
        'secretAuth',
        'secretAccess',
        'secretSecretKey',
        'secretPassword',
        'authToken',
      ].map((key) => [sampleIds[key], swapUnique(sampleIds[key], `${tag}/${key}`)]),
      [sampleIds.customerSecretKeyId, createHash('sha1').update(`${tag}/csk`).digest('hex')],
      ['alice@example.com', `user${n}@example.com`],
      ['alice-', `user${n}-`],
    ];
    let text = template;
    for (const [from, to] of replacements) text = text.split(from).join(to);
    const copy = JSON.parse(text);
    state.users.push(copy.user);
    state.secrets.push(...copy.secrets);
    state.problems.push(...copy.problems);
    const kinds = TEMPLATES.map((t, i) => ({ ...t, event: copy.events[i] })).slice(0, problemsPerUser);
    for (const { kind, event } of kinds) {
      event.eventID = `burst-${n}-${kind}`;
      originals.push({
        problemId: event.data.resourceId,
        userId: copy.user.id,
        userName: copy.user.name,
        kind,
        body: JSON.stringify(event),
        duplicate: false,
      });
    }
  }
  const random = prng(seed);
  const repeated = [...originals]
    .sort(() => random() - 0.5)
    .slice(0, duplicates)
    .map((delivery) => ({ ...delivery, duplicate: true }));
  const deliveries = [...originals, ...repeated];
  for (let i = deliveries.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
  }
  return { state, deliveries };
}

/**
 * Sends every delivery with `concurrency` in flight, spread round-robin over the instances (as
 * Fn's load balancer would). Returns each delivery's answer and the burst's wall time.
 *
 * @param {Array<{ body: string }>} deliveries
 * @param {Array<{ call: (body: string) => Promise<{ httpStatus: number, body: any, ms: number }> }>} instances
 * @param {number} concurrency
 */
export async function runBurst(deliveries, instances, concurrency) {
  const results = new Array(deliveries.length);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < deliveries.length) {
      const index = next;
      next += 1;
      results[index] = await instances[index % instances.length].call(deliveries[index].body);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { results, totalMs: performance.now() - started };
}

const ROTATED_TITLE = {
  API_KEY: 'Rotated API key of',
  AUTH_TOKEN: 'Rotated auth token of',
  CUSTOMER_SECRET_KEY: 'Rotated customer secret key of',
  UI_PASSWORD: 'Reset console password of',
};

/**
 * What went wrong in a burst, from the answers and the emulator's final state; empty when
 * every problem was rotated exactly once with no failure and one "rotated" email each.
 *
 * @param {any} before the state the burst started from
 * @param {any} after the emulator's state after the burst
 * @param {Array<{ problemId: string, userId: string, userName: string, kind: string }>} deliveries
 * @param {Array<{ httpStatus: number, body: any }>} results
 */
export function burstViolations(before, after, deliveries, results) {
  const violations = [];
  const byProblem = new Map();
  deliveries.forEach((delivery, i) => {
    const result = results[i];
    const outcome = result?.body;
    if (result?.httpStatus !== 200 || !['rotated', 'already-rotated'].includes(outcome?.status)) {
      violations.push(
        `${delivery.kind} of ${delivery.userName}: HTTP ${result?.httpStatus} ${outcome?.status ?? ''} ${outcome?.step ?? ''} ` +
          `${outcome?.reason ?? String(outcome).slice(0, 200)}`,
      );
      return;
    }
    const entry = byProblem.get(delivery.problemId) ?? { delivery, outcomes: [] };
    entry.outcomes.push(outcome);
    byProblem.set(delivery.problemId, entry);
  });
  const userOf = (state, id) => state.users.find((user) => user.id === id);
  const secret = (state, id) => state.secrets.find((candidate) => candidate.id === id);
  const messages = after.topics
    .flatMap((topic) => topic.messages)
    .filter((m) => !before.topics.some((t) => t.messages.some((old) => old.messageId === m.messageId)));
  for (const { delivery, outcomes } of byProblem.values()) {
    const label = `${delivery.kind} of ${delivery.userName}`;
    const newIds = new Set(outcomes.map((outcome) => outcome.credential.newId));
    if (!outcomes.some((outcome) => outcome.status === 'rotated')) violations.push(`${label}: no delivery answered rotated`);
    if (newIds.size !== 1) violations.push(`${label}: deliveries disagree on the new credential (${[...newIds].join(', ')})`);
    const oldUser = userOf(before, delivery.userId);
    const newUser = userOf(after, delivery.userId);
    const list = {
      API_KEY: (u) => u.apiKeys.map((k) => k.fingerprint),
      AUTH_TOKEN: (u) => u.authTokens.map((t) => t.id),
      CUSTOMER_SECRET_KEY: (u) => u.customerSecretKeys.map((k) => k.id),
    }[delivery.kind];
    if (list) {
      const held = list(newUser);
      if (held.length !== 1 || held[0] !== [...newIds][0] || list(oldUser).includes(held[0]))
        violations.push(`${label}: user holds [${held.join(', ')}], expected only the new ${[...newIds][0]}`);
    } else if (newUser.uiPassword?.passwordSha256 === oldUser.uiPassword?.passwordSha256) {
      violations.push(`${label}: the console password was not reset`);
    }
    for (const named of outcomes[0].secrets) {
      const was = secret(before, named.secretId)?.versions.length ?? 0;
      const now = secret(after, named.secretId)?.versions ?? [];
      if (now.length !== was + 1) violations.push(`${label}: secret ${named.secretId} has ${now.length - was} new versions, expected 1`);
      if (!now.at(-1)?.stages.includes('CURRENT')) violations.push(`${label}: the new version of ${named.secretId} is not CURRENT`);
    }
    const title = `${ROTATED_TITLE[delivery.kind]} ${delivery.userName}`;
    const emails = messages.filter((m) => m.title?.startsWith(title)).length;
    if (emails !== 1) violations.push(`${label}: ${emails} "${title}" emails, expected 1`);
  }
  const expected = new Set(deliveries.map((delivery) => delivery.problemId));
  if (byProblem.size !== expected.size) violations.push(`${expected.size - byProblem.size} problems have no successful answer`);
  return violations;
}

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

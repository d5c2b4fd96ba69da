// Bulk resolves: SecOps selects many problems in Cloud Guard and resolves them at once. Every
// problem's event reaches one of several Function instances (each serves one call at a time, as
// an Fn hot container does), against an OCI that is slow (a latency on every call) and throttles
// (429 TooManyRequests above a rate). What must hold: every problem rotated exactly once or
// failed honestly, nobody locked out, no rotated problem reopened.
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { percentile } from './burst.mjs';

/**
 * Delivers every event at once: each instance takes the next waiting event when it is free.
 * Returns each answer with its completion time, measured from the moment of the bulk resolve.
 *
 * @param {Array<{ body: string }>} deliveries
 * @param {Array<{ call: (body: string) => Promise<{ httpStatus: number, body: any, ms: number }> }>} instances
 */
export async function resolveAllAtOnce(deliveries, instances) {
  const results = new Array(deliveries.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    instances.map(async (instance) => {
      while (next < deliveries.length) {
        const index = next;
        next += 1;
        const answer = await instance.call(deliveries[index].body);
        results[index] = { ...answer, completedMs: performance.now() - started };
      }
    }),
  );
  return { results, totalMs: performance.now() - started };
}

const ROTATED_TITLE = {
  API_KEY: 'Rotated API key of',
  AUTH_TOKEN: 'Rotated auth token of',
  CUSTOMER_SECRET_KEY: 'Rotated customer secret key of',
  UI_PASSWORD: 'Reset console password of',
};

/** The API key fingerprint of a PEM private key (MD5 of the public key's DER, colon-separated); null if it is no key. */
function fingerprintOf(pem) {
  try {
    const der = createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' });
    return createHash('md5').update(der).digest('hex').match(/../g).join(':');
  } catch {
    return null;
  }
}

/**
 * What went wrong, from the answers, the emulator's state before and after (contents included)
 * and its call log; empty when every property held.
 */
export function bulkViolations(before, after, calls, deliveries, results) {
  const violations = [];
  const messages = after.topics
    .flatMap((topic) => topic.messages)
    .filter((m) => !before.topics.some((t) => t.messages.some((old) => old.messageId === m.messageId)));
  const user = (state, id) => state.users.find((candidate) => candidate.id === id);
  const secret = (state, id) => state.secrets.find((candidate) => candidate.id === id);
  const current = (state, id) => secret(state, id)?.versions.find((version) => version.stages.includes('CURRENT'));
  const content = (version) => (version?.content ? Buffer.from(version.content, 'base64').toString('utf8') : null);
  const counts = { rotated: 0, failed: 0, emailNotPublished: 0 };
  /** How each failure ended, grouped: `type step: reason` with the ids taken out. */
  const failures = {};
  deliveries.forEach((delivery, i) => {
    const label = `${delivery.kind} of ${delivery.userName}`;
    const result = results[i];
    const outcome = result?.body;
    const targets =
      JSON.parse(delivery.body).data.additionalDetails.problemAdditionalDetails.comments.match(/ocid1\.vaultsecret\.[a-z0-9.]+/g) ?? [];
    const emails = messages.filter((m) => m.title?.startsWith(`${ROTATED_TITLE[delivery.kind]} ${delivery.userName}`)).length;
    const reopened = calls.some(
      (call) => call.operation === 'UpdateProblemStatus' && call.status < 300 && call.path.includes(delivery.problemId),
    );
    if (result?.httpStatus !== 200) {
      violations.push(`${label}: HTTP ${result?.httpStatus}`);
      return;
    }
    if (outcome.status === 'rotated') {
      counts.rotated += 1;
      // ONS throttled past the retries: the outcome says SecOps was not told (published false, the error), which is honest.
      if (emails === 0 && outcome.notification.published === false && outcome.notification.error) counts.emailNotPublished += 1;
      else if (emails !== 1) violations.push(`${label}: ${emails} "rotated" emails, expected 1`);
      if (reopened || after.problems.find((p) => p.id === delivery.problemId)?.lifecycleDetail !== 'RESOLVED')
        violations.push(`${label}: rotated, yet the problem was reopened`);
      for (const id of targets) {
        const added = (secret(after, id)?.versions.length ?? 0) - (secret(before, id)?.versions.length ?? 0);
        if (added !== 1) violations.push(`${label}: secret ${id} has ${added} new versions, expected 1`);
      }
    } else if (outcome.status === 'failed') {
      counts.failed += 1;
      const why = `${delivery.kind} ${outcome.step}: ${(outcome.reason ?? '').replace(/ocid1\.[a-z0-9.]+|\[opc-request-id [^\]]+\]|[0-9a-f]{40}/g, '…').slice(0, 160)}`;
      failures[why] = (failures[why] ?? 0) + 1;
      if (!outcome.step || !outcome.stillWorking || !outcome.nextAction)
        violations.push(`${label}: failed without its step, what still works or the next action`);
      if (emails !== 0) violations.push(`${label}: failed, yet a "rotated" email went out`);
    } else {
      violations.push(`${label}: ${outcome.status} ${outcome.reason ?? ''}`.slice(0, 300));
    }
    // Nobody locked out: what Vault holds as CURRENT is a credential the user has and may use.
    const now = user(after, delivery.userId);
    const [first, second] = targets.map((id) => current(after, id));
    switch (delivery.kind) {
      case 'API_KEY': {
        const fingerprint = fingerprintOf(content(first));
        const live = now.apiKeys.filter((key) => key.lifecycleState === 'ACTIVE').map((key) => key.fingerprint);
        // The seed's private keys are placeholders: then the old key must still be there.
        if (
          fingerprint
            ? !live.includes(fingerprint)
            : !live.includes(JSON.parse(delivery.body).data.additionalDetails.resourceId.split('/').at(-1))
        )
          violations.push(`${label}: Vault's CURRENT private key is no ACTIVE key of the user`);
        break;
      }
      case 'AUTH_TOKEN':
        if (!now.authTokens.some((token) => token.lifecycleState === 'ACTIVE' && token.tokenSha256 === first?.contentSha256))
          violations.push(`${label}: Vault's CURRENT token is no ACTIVE token of the user`);
        break;
      case 'CUSTOMER_SECRET_KEY': {
        const oldId = JSON.parse(delivery.body).data.additionalDetails.resourceId.split('/').at(-1);
        if (first?.name !== second?.name) {
          // A pair promoted halfway (reported as mixed): both keys must still work, so the pair by version name does.
          const live = now.customerSecretKeys.filter((key) => key.lifecycleState === 'ACTIVE').map((key) => key.id);
          if (!live.includes(oldId) || !live.includes(outcome.credential?.newId) || !/mixed/.test(outcome.stillWorking ?? ''))
            violations.push(`${label}: Vault's CURRENT pair is mixed and not both keys work, or the outcome does not say so`);
          break;
        }
        // The seed's versions hold the sample user's id: for them, the old key must still be there.
        const expectedId = first?.name?.startsWith('cgr-') ? content(first) : oldId;
        const key = now.customerSecretKeys.find((candidate) => candidate.id === expectedId && candidate.lifecycleState === 'ACTIVE');
        if (!key || key.keySha256 !== second?.contentSha256)
          violations.push(`${label}: Vault's CURRENT access key id and secret key are no ACTIVE key of the user`);
        break;
      }
      case 'UI_PASSWORD':
        if (outcome.status === 'rotated' && now.uiPassword?.passwordSha256 !== first?.contentSha256)
          violations.push(`${label}: the stored password is not the user's password`);
        break;
    }
  });
  if (new Set(deliveries.map((delivery) => delivery.problemId)).size !== deliveries.length)
    violations.push('a problem was delivered twice; the bulk run expects one event each');
  return { violations, counts, failures };
}

/** The completion times' distribution: percentiles and a coarse histogram. */
export function distribution(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => percentile(sorted, p);
  const max = sorted.at(-1) ?? 0;
  const width = Math.max(1, Math.ceil(max / 10 / 1000)) * 1000;
  const buckets = [];
  for (let from = 0; from <= max; from += width)
    buckets.push({ fromMs: from, toMs: from + width, count: sorted.filter((v) => v >= from && v < from + width).length });
  return { n: sorted.length, minMs: sorted[0] ?? 0, p50Ms: at(50), p90Ms: at(90), p99Ms: at(99), maxMs: max, buckets };
}

import { percentile } from './burst.mjs';

// What `npm run bench` prints (scripts/bench.mjs measures, this formats).

/** The bulk resolve's figures: outcome counts, 429s absorbed and the completion-time histogram. */
export function reportBulk(bulk) {
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `\nBulk resolve: ${bulk.problems} problems (${bulk.users} users × 4 types) resolved at once, ${bulk.instances} Function instances, OCI ` +
      `latency ${bulk.latency.minMs}–${bulk.latency.maxMs} ms a call, 429 TooManyRequests above ${bulk.maxRequestsPerSecond} calls/s, production retry policy`,
  );
  console.log(
    `  outcome: ${bulk.counts.rotated} rotated exactly once, ${bulk.counts.failed} failed honestly, ${bulk.violations.length} violations ` +
      `(each rotated once or failed honestly, nobody locked out, no rotated problem reopened)`,
  );
  if (bulk.counts.emailNotPublished > 0)
    console.log(
      `  ${bulk.counts.emailNotPublished} rotated problem(s) whose email ONS refused past the retries; each outcome says SecOps was not told`,
    );
  console.log(
    `  429 TooManyRequests answered by the emulator: ${bulk.throttled} (of ${bulk.calls} OCI calls); the retry policy absorbed them for ` +
      `every rotated problem, the failed ones name the call that ran out of attempts`,
  );
  const c = bulk.completion;
  console.log(
    `  completion time after the resolve: p50 ${s(c.p50Ms)} · p90 ${s(c.p90Ms)} · p99 ${s(c.p99Ms)} · max ${s(c.maxMs)} (all done in ${s(bulk.totalMs)})`,
  );
  console.log(
    `  one event's own time in its instance: p50 ${s(bulk.perEvent.p50Ms)} · p90 ${s(bulk.perEvent.p90Ms)} · max ${s(bulk.perEvent.maxMs)}`,
  );
  const most = Math.max(...c.buckets.map((bucket) => bucket.count));
  for (const bucket of c.buckets)
    console.log(
      `  ${s(bucket.fromMs).padStart(7)}–${s(bucket.toMs).padEnd(7)} ${'#'.repeat(Math.round((bucket.count / most) * 40)).padEnd(40)} ${bucket.count}`,
    );
  for (const [why, count] of Object.entries(bulk.failures)) console.log(`  failed ${count}×: ${why}`);
  for (const violation of bulk.violations.slice(0, 20)) console.log(`  VIOLATION ${violation}`);
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

/**
 * The bench's table: each figure next to the bare fdk floor and its target (`asJson`: the rows
 * and the raw figures as JSON), then the calls by operation, warm latency and the bulk resolve.
 */
export function report(raw, { asJson }) {
  const ms = (s) => `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
  const mb = (s) => `${s.median.toFixed(0)} MB (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
  const ratio = (a, b) => a.median / b.median;
  const rows = [];
  const add = (figure, bare, ours, ratioValue, target, met) => rows.push({ figure, bare, ours, ratio: ratioValue, target, met });
  const c = { bare: {}, ours: {} };
  for (const who of ['bare', 'ours']) for (const key of ['ready', 'first', 'call', 'peak']) c[who][key] = stats(raw.cold[who][key]);
  add(
    'cold ready (socket listening)',
    ms(c.bare.ready),
    ms(c.ours.ready),
    ratio(c.ours.ready, c.bare.ready),
    '≤ 3×',
    ratio(c.ours.ready, c.bare.ready) <= 3,
  );
  add(
    'cold first answer, auth-token rotation',
    ms(c.bare.first),
    ms(c.ours.first),
    ratio(c.ours.first, c.bare.first),
    '≤ 5×',
    ratio(c.ours.first, c.bare.first) <= 5,
  );
  add('  of which the call itself', ms(c.bare.call), ms(c.ours.call), ratio(c.ours.call, c.bare.call), '', null);
  add('peak RSS, cold start + that one event', mb(c.bare.peak), mb(c.ours.peak), ratio(c.ours.peak, c.bare.peak), '', null);
  const everyType = stats(raw.everyTypePeak);
  add('peak RSS, cold start + one rotation of each type', '', mb(everyType), null, '< 100 MB', everyType.max < 100);
  const warmRatio = raw.warm.rssAfterAllMb / raw.warm.rssAfterFirstMb;
  add(
    `RSS after ${raw.warm.events} warm events / after the first`,
    '',
    `${raw.warm.rssAfterAllMb.toFixed(0)} / ${raw.warm.rssAfterFirstMb.toFixed(0)} MB (peak ${raw.warm.peakMb.toFixed(0)})`,
    warmRatio,
    '≤ 1.2×',
    warmRatio <= 1.2,
  );
  add(
    'bundle size',
    `${(raw.bareBundleBytes / 1024).toFixed(0)} KB`,
    `${(raw.bundleBytes / 1024 / 1024).toFixed(2)} MB`,
    raw.bundleBytes / raw.bareBundleBytes,
    '',
    null,
  );
  const callTargets = { AUTH_TOKEN: 12, CUSTOMER_SECRET_KEY: 15, API_KEY: 14, UI_PASSWORD: 8, DUPLICATE: 4 };
  const callLabel = {
    AUTH_TOKEN: 'auth token',
    CUSTOMER_SECRET_KEY: 'customer secret key',
    API_KEY: 'API key',
    UI_PASSWORD: 'console password',
    DUPLICATE: 'duplicate delivery',
  };
  for (const [kind, target] of Object.entries(callTargets)) {
    const counted = raw.callCounts[kind];
    add(
      `OCI calls, ${callLabel[kind]}`,
      '',
      `${counted.calls}${counted.proof ? ` (+${counted.proof} proof)` : ''}`,
      null,
      `≤ ${target}`,
      counted.calls <= target,
    );
  }
  const atStart = stats(raw.coldCalls.map((c) => c.atStart));
  const coldTotal = stats(raw.coldCalls.map((c) => c.total));
  add('OCI calls before the first event (cold start)', '', `${atStart.median}`, null, '', null);
  add('OCI calls, auth token on a cold instance (all, proofs included)', '', `${coldTotal.median}`, null, '', null);
  for (const burst of raw.bursts) {
    add(
      `burst ${burst.events} events / ${burst.problems} problems, 20 in flight, ${burst.instances} instance${burst.instances > 1 ? 's' : ''}`,
      '',
      `${(burst.totalMs / 1000).toFixed(1)} s total, p95 ${burst.p95Ms.toFixed(0)} ms, peak ${burst.peakRssMb.toFixed(0)} MB`,
      null,
      'each rotated once, no failure',
      burst.violations.length === 0,
    );
  }

  if (asJson) {
    process.stdout.write(`${JSON.stringify({ rows, raw: { ...raw, cold: c } }, null, 2)}\n`);
    return;
  }
  const widths = [50, 22, 42, 7, 29];
  const line = (cells) => `| ${cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ')} |`;
  console.log(
    `cg-responder bench · node ${raw.node} ${raw.nodeArgs.join(' ')} · ${raw.coldRuns} interleaved cold spawns each · ` +
      `FN_MEMORY=${raw.memoryMb} · emulator delays 0 · times are this machine's, medians (min–max)\n`,
  );
  console.log(line(['figure', 'bare fdk', 'ours', 'ratio', 'target']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows)
    console.log(
      line([
        row.figure,
        row.bare,
        row.ours,
        row.ratio === null ? '' : `${row.ratio.toFixed(1)}×`,
        row.target ? `${row.target} ${row.met ? 'met' : 'NOT met'}` : '',
      ]),
    );
  console.log('\nOCI calls by operation (delays 0, warm instance):');
  for (const [kind, counted] of Object.entries(raw.callCounts))
    console.log(
      `  ${callLabel[kind].padEnd(20)} ${Object.entries(counted.byOperation)
        .map(([op, n]) => `${op}×${n}`)
        .join(' ')}`,
    );
  console.log(
    '\nWarm latency per event (median, ms): ' +
      Object.entries(raw.warm.latency)
        .map(([kind, values]) => `${callLabel[kind]} ${percentile(values, 50).toFixed(0)}`)
        .join(' · '),
  );
  for (const burst of raw.bursts)
    if (burst.violations.length)
      console.log(
        `\nburst with ${burst.instances} instance(s): ${burst.violations.length} violations\n  ${burst.violations.slice(0, 20).join('\n  ')}`,
      );
  reportBulk(raw.bulk);
}

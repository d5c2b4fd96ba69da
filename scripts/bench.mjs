#!/usr/bin/env node
// npm run bench [-- --quick] [-- --json] [-- --bulk]: every figure of "fast and small" in one table, each
// next to its target and to the floor measured in the same run: a bare fdk handler
// (`handle(() => ({}))`), spawned interleaved with ours, so the ratios hold on any machine even
// when absolute times drift. Both bundles are driven exactly as the Fn agent drives a
// container (scripts/bench/fn-process.mjs); OCI is a standalone emulator process with its
// lifecycle delays at zero, so the figures are this code's own cost, not a network's.
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildAll } from './build.mjs';
import { bulkViolations, distribution, resolveAllAtOnce } from './bench/bulk-resolve.mjs';
import { burstTenancy, burstViolations, percentile, runBurst, zeroDelays } from './bench/burst.mjs';
import { functionShape, startFunction } from './bench/fn-process.mjs';
import { report, reportBulk } from './bench/report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const asJson = args.has('--json');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? (quick ? 5 : 15));
const WARM_EVENTS = Number(process.env.BENCH_WARM_EVENTS ?? (quick ? 250 : 2000));
const MEMORY_RUNS = quick ? 1 : 3;
const BURST = { users: quick ? 20 : 60, duplicates: quick ? 20 : 60, concurrency: 20 };
// `--bulk`: only the bulk resolve. 200 problems (50 users × the four types) resolved at once, over
// 8 instances, OCI slow (50–150 ms a call) and throttling (429 above BENCH_BULK_RATE calls a second).
const bulkOnly = args.has('--bulk');
const BULK = {
  users: Number(process.env.BENCH_BULK_USERS ?? 50),
  instances: Number(process.env.BENCH_BULK_INSTANCES ?? 8),
  latency: { minMs: 50, maxMs: 150 },
  maxRequestsPerSecond: Number(process.env.BENCH_BULK_RATE ?? 40),
};
// The container runs func.yaml's entrypoint (the fn CLI writes it as the image's ENTRYPOINT),
// so the bench starts node with the same flags and FN_MEMORY set to the memory func.yaml asks for.
const funcYaml = readFileSync(join(root, 'functions/cloudguard-responder/func.yaml'), 'utf8');
const shape = functionShape(funcYaml);
const FN_MEMORY_MB = shape.memoryMb;
const NODE_ARGS = process.env.BENCH_NODE_ARGS !== undefined ? process.env.BENCH_NODE_ARGS.split(/\s+/).filter(Boolean) : shape.nodeArgs;

const progress = (line) => process.stderr.write(`${line}\n`);
const events = {
  API_KEY: 'problem-remediated.api-key-too-old.json',
  AUTH_TOKEN: 'problem-remediated.auth-token-too-old.json',
  CUSTOMER_SECRET_KEY: 'problem-remediated.secret-key-too-old.json',
  UI_PASSWORD: 'problem-remediated.password-too-old.json',
};
const eventText = (name) => readFileSync(join(root, 'events', 'cloudguard', name), 'utf8');
const sampleIds = JSON.parse(readFileSync(join(root, 'emulator/state/sample-ids.json'), 'utf8'));

const work = await mkdtemp(join(tmpdir(), 'cgr-bench-'));
const cleanups = [];
const cleanup = async () => {
  for (const step of cleanups.reverse()) await step().catch(() => undefined);
  await rm(work, { recursive: true, force: true });
};
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  await main();
} finally {
  await cleanup();
}

async function main() {
  progress(`building into ${work}`);
  const { functionOut, cliOut } = await buildAll({ outRoot: work, quiet: true });
  const bareOut = await buildBare();

  const emulator = spawn(process.execPath, [cliOut, 'emulator', '--json', '--config-dir', join(work, 'oci')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { PATH: process.env.PATH ?? '' },
  });
  cleanups.push(async () => {
    emulator.kill('SIGTERM');
    await delay(50);
  });
  const { endpoint, configFile, profile } = JSON.parse(
    await new Promise((resolve) => createInterface({ input: emulator.stdout }).once('line', resolve)),
  );
  const control = async (method, path, body) => {
    const response = await fetch(`${endpoint}/_emulator/${path}`, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!response.ok) throw new Error(`${method} /_emulator/${path}: ${response.status} ${await response.text()}`);
    return method === 'GET' ? response.json() : undefined;
  };
  const sample = await control('GET', 'state?secrets=include');
  const seed = structuredClone(sample);
  zeroDelays(seed);
  const resetState = () => control('PUT', 'state', seed);
  // The function's configuration as Fn passes it: environment variables, nothing else.
  const config = {
    CGR_TOPIC_OCID: sampleIds.topic,
    CGR_OCI_ENDPOINT: endpoint,
    CGR_OCI_AUTH: 'config_file',
    CGR_OCI_CONFIG_FILE: configFile,
    CGR_OCI_PROFILE: profile,
  };
  const start = (entry) =>
    startFunction(entry, { workDir: work, memoryMb: FN_MEMORY_MB, config, nodeArgs: entry === functionOut ? NODE_ARGS : [] });
  if (bulkOnly) {
    const bulk = await bulkResolve(sample, control, () => start(functionOut));
    reportBulk(bulk);
    if (asJson) process.stdout.write(`${JSON.stringify({ bulk }, null, 2)}\n`);
    if (bulk.violations.length > 0) process.exitCode = 1;
    return;
  }
  const expectStatus = (result, wanted, what) => {
    const status = result.body?.status;
    if (result.httpStatus !== 200 || !wanted.includes(status))
      throw new Error(
        `${what}: HTTP ${result.httpStatus}, ${status ?? ''} ${result.body?.step ?? ''} ${result.body?.reason ?? JSON.stringify(result.body).slice(0, 300)}`,
      );
  };

  // 1. Cold start, interleaved with the bare handler (alternating who goes first).
  const cold = { bare: { ready: [], first: [], call: [], peak: [] }, ours: { ready: [], first: [], call: [], peak: [] } };
  const coldCalls = [];
  for (let run = 0; run < COLD_RUNS; run += 1) {
    progress(`cold start ${run + 1}/${COLD_RUNS}`);
    const order = run % 2 === 0 ? ['bare', 'ours'] : ['ours', 'bare'];
    for (const who of order) {
      if (who === 'ours') {
        await resetState();
        await control('DELETE', 'calls');
      }
      const fn = await start(who === 'bare' ? bareOut : functionOut);
      const callsAtStart = who === 'ours' ? (await control('GET', 'calls')).length : 0;
      const answer = await fn.call(who === 'bare' ? '{}' : eventText(events.AUTH_TOKEN));
      const figures = cold[who];
      figures.ready.push(fn.readyMs);
      figures.first.push(answer.endedAt - fn.started);
      figures.call.push(answer.ms);
      figures.peak.push(fn.memory().peakMb);
      await fn.stop();
      if (who === 'ours') {
        expectStatus(answer, ['rotated'], 'cold auth-token rotation');
        coldCalls.push({ atStart: callsAtStart, total: (await control('GET', 'calls')).length });
      }
    }
  }

  // 2. Peak RSS after a cold start plus one rotation of each type.
  const everyTypePeak = [];
  for (let run = 0; run < MEMORY_RUNS; run += 1) {
    progress(`cold start + one rotation of each type ${run + 1}/${MEMORY_RUNS}`);
    await resetState();
    const fn = await start(functionOut);
    for (const [kind, file] of Object.entries(events))
      expectStatus(await fn.call(eventText(file)), ['rotated'], `${kind} after a cold start`);
    everyTypePeak.push(fn.memory().peakMb);
    await fn.stop();
  }

  // 3. OCI calls per rotation type and for a duplicate delivery, from the emulator's call log,
  //    on a warm instance. Calls signed by anyone but the function (the new API key proving
  //    itself) are counted apart, as the issue asks.
  const callCounts = {};
  const warmLatency = {};
  const fn = await start(functionOut);
  cleanups.push(() => fn.stop());
  const functionPrincipal = sampleIds.operator;
  const countCalls = async () => {
    const calls = await control('GET', 'calls');
    const own = calls.filter((call) => call.principal === functionPrincipal);
    const byOperation = {};
    for (const call of own) byOperation[call.operation] = (byOperation[call.operation] ?? 0) + 1;
    return { calls: own.length, proof: calls.length - own.length, byOperation };
  };
  await resetState();
  await fn.call(eventText(events.AUTH_TOKEN));
  for (const [kind, file] of Object.entries(events)) {
    await resetState();
    await control('DELETE', 'calls');
    const answer = await fn.call(eventText(file));
    expectStatus(answer, ['rotated'], `${kind} on a warm instance`);
    callCounts[kind] = await countCalls();
    if (kind === 'AUTH_TOKEN') {
      await control('DELETE', 'calls');
      expectStatus(await fn.call(eventText(file)), ['already-rotated'], 'duplicate delivery');
      callCounts.DUPLICATE = await countCalls();
    }
  }

  // 4. Memory on one warm instance over many events: each cycle is one rotation of each type
  //    and a duplicate delivery, on a freshly reset tenancy.
  progress(`${WARM_EVENTS} events on one warm instance`);
  const warmFn = await start(functionOut);
  cleanups.push(() => warmFn.stop());
  const cycle = [...Object.entries(events), ['DUPLICATE', events.AUTH_TOKEN]];
  let sent = 0;
  let rssAfterFirst = 0;
  for (const kind of Object.keys(events)) warmLatency[kind] = [];
  warmLatency.DUPLICATE = [];
  while (sent < WARM_EVENTS) {
    await resetState();
    await control('DELETE', 'calls');
    for (const [kind, file] of cycle) {
      if (sent >= WARM_EVENTS) break;
      const answer = await warmFn.call(eventText(file));
      expectStatus(answer, kind === 'DUPLICATE' ? ['already-rotated'] : ['rotated'], `warm ${kind} #${sent + 1}`);
      warmLatency[kind].push(answer.ms);
      sent += 1;
      if (sent === 1) rssAfterFirst = warmFn.memory().rssMb;
      if (sent % 500 === 0) progress(`  ${sent} events`);
    }
  }
  const warmMemory = warmFn.memory();

  // 5. The burst, in one instance and across four sharing the emulator.
  const bursts = [];
  for (const instances of [1, 4]) {
    progress(
      `burst: ${BURST.users * 4 + BURST.duplicates} events, ${BURST.users} users, ${BURST.concurrency} in flight, ${instances} instance(s)`,
    );
    const { state, deliveries } = burstTenancy(sample, { users: BURST.users, duplicates: BURST.duplicates });
    await control('PUT', 'state', state);
    const fns = [];
    for (let i = 0; i < instances; i += 1) fns.push(await start(functionOut));
    const { results, totalMs } = await runBurst(deliveries, fns, BURST.concurrency);
    const peaks = fns.map((one) => one.memory().peakMb);
    for (const one of fns) await one.stop();
    const after = await control('GET', 'state?secrets=include');
    const violations = burstViolations(state, after, deliveries, results);
    bursts.push({
      instances,
      events: deliveries.length,
      problems: new Set(deliveries.map((d) => d.problemId)).size,
      totalMs,
      p95Ms: percentile(
        results.map((r) => r.ms),
        95,
      ),
      medianMs: percentile(
        results.map((r) => r.ms),
        50,
      ),
      peakRssMb: Math.max(...peaks),
      violations,
    });
  }

  // 6. Bulk resolves under latency and throttling.
  const bulk = await bulkResolve(sample, control, () => start(functionOut));

  report(
    {
      bulk,
      node: process.version,
      nodeArgs: NODE_ARGS,
      memoryMb: FN_MEMORY_MB,
      coldRuns: COLD_RUNS,
      bundleBytes: statSync(functionOut).size,
      bareBundleBytes: statSync(bareOut).size,
      cold,
      coldCalls,
      everyTypePeak,
      warm: {
        events: WARM_EVENTS,
        rssAfterFirstMb: rssAfterFirst,
        rssAfterAllMb: warmMemory.rssMb,
        peakMb: warmMemory.peakMb,
        latency: warmLatency,
      },
      callCounts,
      bursts,
    },
    { asJson },
  );
}

/**
 * The bulk resolve: every problem's event delivered at once across the instances, the emulator
 * slow and throttling. Faults meet the Function's production retry policy (the bundle's own).
 */
async function bulkResolve(sample, control, startInstance) {
  progress(
    `bulk resolve: ${BULK.users * 4} problems of ${BULK.users} users at once, ${BULK.instances} instances, latency ` +
      `${BULK.latency.minMs}–${BULK.latency.maxMs} ms, 429 above ${BULK.maxRequestsPerSecond} calls/s`,
  );
  const { state, deliveries } = burstTenancy(sample, { users: BULK.users, duplicates: 0 });
  await control('PUT', 'state', state);
  await control('DELETE', 'calls');
  const instances = [];
  for (let i = 0; i < BULK.instances; i += 1) instances.push(await startInstance());
  await control('PUT', 'traffic', { latency: BULK.latency, maxRequestsPerSecond: BULK.maxRequestsPerSecond });
  const { results, totalMs } = await resolveAllAtOnce(deliveries, instances);
  const traffic = await control('GET', 'traffic');
  await control('PUT', 'traffic', {});
  for (const one of instances) await one.stop();
  const after = await control('GET', 'state?secrets=include');
  const calls = await control('GET', 'calls');
  const { violations, counts, failures } = bulkViolations(state, after, calls, deliveries, results);
  return {
    problems: deliveries.length,
    users: BULK.users,
    instances: BULK.instances,
    latency: BULK.latency,
    maxRequestsPerSecond: BULK.maxRequestsPerSecond,
    totalMs,
    completion: distribution(results.map((result) => result.completedMs)),
    perEvent: distribution(results.map((result) => result.ms)),
    throttled: traffic.throttled,
    calls: calls.length,
    counts,
    failures,
    violations,
  };
}

/** The floor: the smallest function the Fn node runtime can run, bundled the same way as ours. */
async function buildBare() {
  const outfile = join(work, 'bare/func.cjs');
  await writeFile(join(work, 'bare-func.cjs'), "require('@fnproject/fdk').handle(() => ({}));\n");
  await build({
    entryPoints: [join(work, 'bare-func.cjs')],
    nodePaths: [join(root, 'node_modules')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
  });
  return outfile;
}

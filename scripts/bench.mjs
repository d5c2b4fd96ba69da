#!/usr/bin/env node
// npm run bench: prints the figures that cost money on OCI Functions (billed in GB-seconds,
// smallest shape 128 MB): bundle size, cold start as the Fn agent sees it (spawn → socket →
// first answer), per-event latency of each rotation type on a warm instance, and peak memory.
// OCI is played by a standalone emulator process with its lifecycle delays set to zero, so the
// figures are this code's own cost, not a network's. The environment is pinned (runtime-notes §6:
// NODE_EXTRA_CA_CERTS alone adds ~40 ms to every node start).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 10);
const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 10);
const events = {
  'API key': 'problem-remediated.api-key-too-old.json',
  'auth token': 'problem-remediated.auth-token-too-old.json',
  'customer secret key': 'problem-remediated.secret-key-too-old.json',
  'console password': 'problem-remediated.password-too-old.json',
  'ignored event': 'problem-detected.api-key-too-old.json',
};
const eventText = (name) => readFileSync(join(root, 'events', 'cloudguard', name), 'utf8');
const sampleIds = JSON.parse(readFileSync(join(root, 'emulator/state/sample-ids.json'), 'utf8'));

const work = await mkdtemp(join(tmpdir(), 'cgr-bench-'));
const { functionOut, cliOut } = await buildAll({ outRoot: work, quiet: true });

const emulator = spawn(process.execPath, [cliOut, 'emulator', '--json', '--config-dir', join(work, 'oci')], { stdio: ['ignore', 'pipe', 'inherit'] });
const { endpoint, configFile, profile } = JSON.parse(await new Promise((resolve) => createInterface({ input: emulator.stdout }).once('line', resolve)));
const seed = await (await fetch(`${endpoint}/_emulator/state?secrets=include`)).json();
seed.settings.credentialActivationDelayMs = 0;
seed.settings.secretUpdatingMs = 0;
const resetState = () => fetch(`${endpoint}/_emulator/state`, { method: 'PUT', body: JSON.stringify(seed) });

const functionEnv = (socketPath) => ({
  PATH: process.env.PATH ?? '',
  FN_FORMAT: 'http-stream',
  FN_LISTENER: `unix:${socketPath}`,
  CGR_TOPIC_OCID: sampleIds.topic,
  CGR_OCI_ENDPOINT: endpoint,
  CGR_OCI_AUTH: 'config_file',
  CGR_OCI_CONFIG_FILE: configFile,
  CGR_OCI_PROFILE: profile,
  CGR_LOG_LEVEL: 'warn',
  // BENCH_HEAP_MB imitates a small Function shape: V8 then collects garbage sooner.
  ...(process.env.BENCH_HEAP_MB ? { NODE_OPTIONS: `--max-old-space-size=${process.env.BENCH_HEAP_MB}` } : {}),
});

async function startFunction() {
  const dir = await mkdtemp(join(work, 'fn-'));
  const socketPath = join(dir, 'lsnr.sock');
  const started = performance.now();
  const child = spawn(process.execPath, [functionOut], { env: functionEnv(socketPath), stdio: 'ignore' });
  while (!existsSync(socketPath)) await delay(1);
  return { child, socketPath, readyMs: performance.now() - started, started };
}

function call(socketPath, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      { socketPath, method: 'POST', path: '/call', headers: { 'Content-Type': 'application/json', 'Fn-Call-Id': `bench-${Date.now()}`, 'Fn-Deadline': new Date(Date.now() + 60_000).toISOString() } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ ms: performance.now() - started, status: JSON.parse(text).status }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const peakRssMb = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p95 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

console.log(`cg-responder bench · node ${process.version} · ${COLD_RUNS} cold starts, ${WARM_RUNS} warm events per type${process.env.BENCH_HEAP_MB ? ` · V8 old space capped at ${process.env.BENCH_HEAP_MB} MB` : ''}\n`);
console.log(`Function bundle (dist/func.cjs): ${(statSync(functionOut).size / 1024 / 1024).toFixed(2)} MB\n`);

const ready = [];
const firstAnswer = [];
const coldRss = [];
for (let run = 0; run < COLD_RUNS; run += 1) {
  const fn = await startFunction();
  const first = await call(fn.socketPath, eventText(events['ignored event']));
  ready.push(fn.readyMs);
  firstAnswer.push(performance.now() - fn.started);
  coldRss.push(peakRssMb(fn.child.pid));
  fn.child.kill('SIGTERM');
  if (first.status !== 'ignored') throw new Error(`unexpected status ${first.status}`);
}
console.log('Cold start (spawn → listening → first answer), as the Fn agent sees it:');
console.log(`  listening      median ${fmt(median(ready))}   p95 ${fmt(p95(ready))}`);
console.log(`  first answer   median ${fmt(median(firstAnswer))}   p95 ${fmt(p95(firstAnswer))}`);
console.log(`  peak RSS       median ${median(coldRss).toFixed(1)} MB\n`);

const fn = await startFunction();
await call(fn.socketPath, eventText(events['ignored event']));
console.log('Per-event latency on a warm instance (state reset before each event):');
for (const [label, file] of Object.entries(events)) {
  const times = [];
  for (let run = 0; run < WARM_RUNS; run += 1) {
    await resetState();
    const result = await call(fn.socketPath, eventText(file));
    if (!['rotated', 'ignored'].includes(result.status)) throw new Error(`${label}: unexpected status ${result.status}`);
    times.push(result.ms);
  }
  console.log(`  ${label.padEnd(20)} median ${fmt(median(times))}   p95 ${fmt(p95(times))}`);
}
await resetState();
const duplicate = [];
await call(fn.socketPath, eventText(events['auth token']));
for (let run = 0; run < WARM_RUNS; run += 1) duplicate.push((await call(fn.socketPath, eventText(events['auth token']))).ms);
console.log(`  ${'duplicate delivery'.padEnd(20)} median ${fmt(median(duplicate))}   p95 ${fmt(p95(duplicate))}`);
console.log(`\nPeak RSS of the warm instance after ${Object.keys(events).length * WARM_RUNS + WARM_RUNS + 2} events: ${peakRssMb(fn.child.pid).toFixed(1)} MB (smallest Function shape: 128 MB)`);

fn.child.kill('SIGTERM');
emulator.kill('SIGTERM');
await delay(100);
await rm(work, { recursive: true, force: true });

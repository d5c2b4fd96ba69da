import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciEmulator, type OciEmulator } from '../../emulator/index.js';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import { burstTenancy, burstViolations, runBurst, type BurstDelivery } from '../../scripts/bench/burst.mjs';
import { functionShape, startFunction, type BenchFunction } from '../../scripts/bench/fn-process.mjs';
import { builtBundles } from '../support/built-bundles.js';
import { pooledKeyPair } from '../support/key-pool.js';

const FUNC_YAML = join(import.meta.dirname, '..', '..', 'functions', 'cloudguard-responder', 'func.yaml');

/**
 * A burst as SecOps makes one when closing a batch: many problems for many users resolved at
 * once, some delivered twice, several in flight, spread over two instances of the built bundle
 * that share one tenancy. `npm run bench` runs the full-size one (300 events, 1 and 4 instances).
 */
describe('Function: a burst of remediated problems over the Fn socket', () => {
  let workDir: string;
  let emulator: OciEmulator;
  let instances: BenchFunction[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'cgr-burst-'));
    const { functionOut } = builtBundles();
    emulator = await createOciEmulator({ keyPairs: pooledKeyPair });
    const oci = await emulator.writeOciConfig(join(workDir, 'oci'));
    const shape = functionShape(readFileSync(FUNC_YAML, 'utf8'));
    const config = {
      CGR_TOPIC_OCID: sampleIds.topic,
      CGR_OCI_ENDPOINT: emulator.url,
      CGR_OCI_AUTH: 'config_file',
      CGR_OCI_CONFIG_FILE: oci.configFile,
      CGR_OCI_PROFILE: oci.profile,
    };
    // Started as the container would: func.yaml's node flags and memory.
    instances = await Promise.all(
      [0, 1].map(() => startFunction(functionOut, { workDir, memoryMb: shape.memoryMb, nodeArgs: shape.nodeArgs, config })),
    );
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await emulator?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('rotates each of 48 problems exactly once, with no failure and one email per rotation, from 60 deliveries 10 in flight', async () => {
    // Prepare: 12 users with all four stale credentials, 12 deliveries repeated.
    const { state, deliveries } = burstTenancy(emulator.getState({ includeSecretContent: true }), { users: 12, duplicates: 12 });
    emulator.setState(state);
    const repeated = deliveries.filter((delivery: BurstDelivery) => delivery.duplicate);
    expect(new Set(deliveries.map((delivery: BurstDelivery) => delivery.problemId)).size).toBe(48);
    expect(repeated).toHaveLength(12);

    // Act
    const { results } = await runBurst(deliveries, instances, 10);

    // Assess: from the answers and from what the tenancy now holds.
    const after = emulator.getState({ includeSecretContent: true });
    const violations = burstViolations(state, after, deliveries, results);
    expect(violations, instances.map((instance) => instance.stderr().slice(-2_000)).join('\n')).toEqual([]);
    const statuses = results.map((result) => (result.body as { status: string }).status);
    expect(statuses.filter((status) => status === 'rotated').length).toBeGreaterThanOrEqual(48);
    expect(statuses.every((status) => status === 'rotated' || status === 'already-rotated')).toBe(true);
  }, 180_000);
});

import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EMULATOR_GENERATED_DIR, GENERATED_DIR, generateValidators } from '../../../scripts/generate-validators.mjs';

const run = promisify(execFile);

describe('Generated validators: committed, current and self-contained', () => {
  it('match what `npm run generate` would write from schemas/ now', async () => {
    // Prepare
    const expected = await generateValidators();

    // Act
    const committed = await Promise.all(
      expected.map(async (file) => ({ path: file.path, contents: await readFile(file.path, 'utf8').catch(() => '(missing)') })),
    );

    // Assess
    for (const [index, file] of expected.entries()) {
      expect(committed[index]?.contents, `${file.path} is stale: run \`npm run generate\` and commit the result`).toBe(file.contents);
    }
    expect(expected.map((file) => file.path)).toEqual([
      join(GENERATED_DIR, 'validators.js'),
      join(GENERATED_DIR, 'validators.d.ts'),
      join(EMULATOR_GENERATED_DIR, 'validators.js'),
      join(EMULATOR_GENERATED_DIR, 'validators.d.ts'),
    ]);
  });

  it.each([
    ['the Function', GENERATED_DIR],
    ['the emulator', EMULATOR_GENERATED_DIR],
  ])("%s's hold no require, no import and no reference to ajv", async (_owner, dir) => {
    // Act
    const code = await readFile(join(dir, 'validators.js'), 'utf8');

    // Assess
    expect(code).not.toMatch(/\brequire\s*\(/);
    expect(code).not.toMatch(/^\s*import\b/m);
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toMatch(/ajv\/dist|ajv-formats|['"]ajv['"]/);
  });

  it('load and validate in plain Node ESM, copied where no node_modules can be found', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'cgr-validators-'));
    const copy = join(dir, 'validators.mjs');
    await copyFile(join(GENERATED_DIR, 'validators.js'), copy);
    const script = `
      const m = await import(${JSON.stringify(copy)});
      const okConfig = m.validateConfig({ CGR_TOPIC_OCID: 'ocid1.onstopic.oc1.iad.aaaaaaaaexample' });
      const badConfig = m.validateConfig({ CGR_TOPCI_OCID: 'x' });
      process.stdout.write(JSON.stringify({ exports: Object.keys(m).sort(), okConfig, badConfig, errors: m.validateConfig.errors.map((e) => e.keyword) }));
    `;

    // Act
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir });
    await rm(dir, { recursive: true, force: true });

    // Assess
    expect(JSON.parse(stdout)).toEqual({
      exports: ['validateConfig', 'validateEvent', 'validateOutcome'],
      okConfig: true,
      badConfig: false,
      errors: ['required', 'additionalProperties'],
    });
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../functions/cloudguard-responder/src/intake/parse-event.js';
import eventSchema from '../../schemas/cloudguard-event.schema.json' with { type: 'json' };

const EVENTS = join(import.meta.dirname, '..', '..', 'events');
const manifest = JSON.parse(readFileSync(join(EVENTS, 'manifest.json'), 'utf8')) as {
  files: Record<string, { result: 'accepted' | 'ignored' | 'refused'; field?: string | null }>;
};
const validateEvent = new Ajv({ allErrors: true, strict: false }).compile(eventSchema);

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [relative(EVENTS, path)];
  });
}

describe('Contract: every captured or sample event against schemas/ and the intake', () => {
  it('lists every file under events/ in the manifest, and nothing that is not there', () => {
    // Prepare
    const onDisk = listFiles(EVENTS).filter((path) => path.startsWith('cloudguard/')).sort();

    // Act
    const listed = Object.keys(manifest.files).sort();

    // Assess
    expect(onDisk).toEqual(listed);
  });

  for (const [file, expected] of Object.entries(manifest.files)) {
    it(`${file} is ${expected.result}${expected.field !== undefined ? ` (field ${String(expected.field)})` : ''}`, () => {
      // Prepare
      const text = readFileSync(join(EVENTS, file), 'utf8');

      // Act
      const result = parseEvent(text);

      // Assess
      expect(result.kind).toBe(expected.result);
      if (result.kind === 'refused') expect(result.field).toBe(expected.field ?? null);
      if (result.kind === 'accepted') expect(validateEvent(JSON.parse(text)), JSON.stringify(validateEvent.errors)).toBe(true);
      if (expected.result === 'refused' && file.endsWith('.json') && result.kind === 'refused' && result.field !== null && !result.field.endsWith('comments') && !result.field.endsWith('resourceId')) {
        expect(validateEvent(JSON.parse(text))).toBe(false);
      }
    });
  }

  it('names the missing field in the refusal without echoing any value', () => {
    // Prepare
    const text = readFileSync(join(EVENTS, 'cloudguard/invalid/missing-user-ocid.json'), 'utf8');

    // Act
    const result = parseEvent(text);

    // Assess
    expect(result.kind).toBe('refused');
    if (result.kind === 'refused') {
      expect(result.reason).toBe('/data/additionalDetails/problemAdditionalDetails/User OCID is required.');
    }
  });
});

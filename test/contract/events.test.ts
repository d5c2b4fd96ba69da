import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../functions/cloudguard-responder/src/intake/parse-event.js';
import { findEventViolation } from '../../functions/cloudguard-responder/src/intake/validation.js';
import eventSchema from '../../schemas/cloudguard-event.schema.json' with { type: 'json' };

const EVENTS = join(import.meta.dirname, '..', '..', 'events');
// Files that describe the samples rather than being one.
const NOT_SAMPLES = new Set(['README.md', 'manifest.json']);

interface ManifestEntry {
  result: 'accepted' | 'ignored' | 'refused';
  field?: string | null;
  reason: string;
}

const manifest = JSON.parse(readFileSync(join(EVENTS, 'manifest.json'), 'utf8')) as { files: Record<string, ManifestEntry> };
// An independent check of the schema itself: compiled here by ajv at run time, not the
// committed standalone code the Function uses.
const validateWithAjv = new Ajv({ allErrors: true, strict: true }).compile(eventSchema);

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [relative(EVENTS, path).split('\\').join('/')];
  });
}

function parsedOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

describe('Contract: every sample event against the manifest, the schema and the intake', () => {
  it('lists every file under events/ in the manifest, and every manifest entry exists', () => {
    // Prepare
    const onDisk = listFiles(EVENTS)
      .filter((path) => !NOT_SAMPLES.has(path))
      .sort();

    // Act
    const listed = Object.keys(manifest.files).sort();

    // Assess
    expect(
      onDisk.filter((path) => !listed.includes(path)),
      'files missing from events/manifest.json',
    ).toEqual([]);
    expect(
      listed.filter((path) => !onDisk.includes(path)),
      'manifest entries with no file',
    ).toEqual([]);
  });

  it('gives every refusal a field (null only for text that is not JSON) and every entry a reason', () => {
    // Act
    const entries = Object.entries(manifest.files);

    // Assess
    for (const [file, entry] of entries) {
      expect(entry.reason.length, file).toBeGreaterThan(0);
      expect('field' in entry, file).toBe(entry.result === 'refused');
      if (entry.field === null) expect(parsedOrNull(readFileSync(join(EVENTS, file), 'utf8')), file).toBeNull();
    }
  });

  for (const [file, expected] of Object.entries(manifest.files)) {
    it(`${file} is ${expected.result}${expected.result === 'refused' ? ` at ${String(expected.field)}` : ''}`, () => {
      // Prepare
      const text = readFileSync(join(EVENTS, file), 'utf8');
      const parsed = parsedOrNull(text);

      // Act
      const result = parseEvent(text);

      // Assess
      expect(result.kind, result.kind === 'accepted' ? '' : result.reason).toBe(expected.result);
      if (result.kind === 'refused') expect(result.field).toBe(expected.field);
      if (result.kind === 'accepted') expect(validateWithAjv(parsed), JSON.stringify(validateWithAjv.errors)).toBe(true);
      // The committed standalone validator and a fresh ajv compile agree on every sample.
      if (parsed !== null) expect(findEventViolation(parsed) === null).toBe(validateWithAjv(parsed));
    });
  }

  it('marks as schema-invalid exactly the refusals the schema alone explains', () => {
    // Prepare
    const checkedAfterSchema = new Set(['/data/additionalDetails/problemAdditionalDetails/comments', '/data/additionalDetails/resourceId']);
    const refusals = Object.entries(manifest.files).filter(([, entry]) => entry.result === 'refused' && entry.field !== null);

    // Act
    const verdicts = refusals.map(
      ([file, entry]) => [file, entry.field, validateWithAjv(parsedOrNull(readFileSync(join(EVENTS, file), 'utf8')))] as const,
    );

    // Assess
    expect(verdicts.length).toBeGreaterThan(0);
    for (const [file, field, valid] of verdicts) expect(valid, file).toBe(checkedAfterSchema.has(String(field)));
  });

  it('names the missing field in the refusal without echoing any value', () => {
    // Prepare
    const text = readFileSync(join(EVENTS, 'cloudguard/invalid/missing-user-ocid.json'), 'utf8');

    // Act
    const result = parseEvent(text);

    // Assess
    expect(result).toMatchObject({ kind: 'refused', reason: '/data/additionalDetails/problemAdditionalDetails/User OCID is required.' });
  });
});

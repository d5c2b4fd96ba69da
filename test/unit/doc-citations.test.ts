import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTextFiles, rewriteCitations } from '../../scripts/rewrite-doc-citations.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
// The names are assembled so that this file does not mention them itself.
const FORBIDDEN = [['..', 'shared'].join('/'), ['oci', 'facts'].join('-'), ['stack', 'md'].join('.'), ['peers', 'md'].join('.')];
/**
 * Files the lead owns during issue 14 (rotation core, responder, func.ts, adapters), rewritten by
 * the lead with `node scripts/rewrite-doc-citations.mjs` after merging. Each must still hold an old
 * citation, so this list fails the test, and is emptied, as soon as that has happened.
 */
const PENDING_LEAD_REWRITE = new Set<string>([]);

const files = listTextFiles().filter((file) => file !== 'scripts/rewrite-doc-citations.mjs');
const text = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
const mentionsOutside = (file: string): string[] => FORBIDDEN.filter((name) => text(file).includes(name));

describe('docs live in the repository', () => {
  it('has no file (outside node_modules, dist, .git) that points at the research notes outside the repository', () => {
    // Act
    const offenders = files.filter((file) => !PENDING_LEAD_REWRITE.has(file)).flatMap((file) => mentionsOutside(file).map((name) => `${file}: ${name}`));

    // Assess
    expect(offenders).toEqual([]);
  });

  it('lists as pending only files that still need the rewrite (run the script, then drop them from the list)', () => {
    // Act
    const done = [...PENDING_LEAD_REWRITE].filter((file) => !files.includes(file) || mentionsOutside(file).length === 0);

    // Assess
    expect(done).toEqual([]);
  });

  it('cites only sections that exist in docs/oci-behaviour.md and docs/runtime-notes.md', () => {
    // Prepare
    const behaviour = text('docs/oci-behaviour.md');
    const runtime = text('docs/runtime-notes.md');
    const hasSection = (doc: string, section: string): boolean => {
      const [part, sub] = section.split('.');
      if (sub !== undefined && new RegExp(`^### ${part}\\.${sub} `, 'm').test(doc)) return true;
      // A part without subsections (§9) may be cited by item (§9.8).
      return new RegExp(`^## ${part}\\. `, 'm').test(doc) && (sub === undefined || !new RegExp(`^### ${part}\\.`, 'm').test(doc));
    };
    const cited = files.flatMap((file) => [
      ...[...text(file).matchAll(/oci-behaviour,? §(\d+(?:\.\d+)?)/g)].map((match) => ({ file, doc: 'oci-behaviour', ok: hasSection(behaviour, match[1]!) , what: match[0] })),
      ...[...text(file).matchAll(/oci-behaviour,? open question (\d+)/g)].map((match) => ({ file, doc: 'oci-behaviour', ok: new RegExp(`^${match[1]}\\. `, 'm').test(behaviour.slice(behaviour.indexOf('## Open questions'))), what: match[0] })),
      ...[...text(file).matchAll(/runtime-notes §(\d+)/g)].map((match) => ({ file, doc: 'runtime-notes', ok: hasSection(runtime, match[1]!), what: match[0] })),
      ...[...text(file).matchAll(/runtime-notes gotcha (\d+)/g)].map((match) => ({ file, doc: 'runtime-notes', ok: new RegExp(`^${match[1]}\\. `, 'm').test(runtime), what: match[0] })),
    ]);

    // Assess
    expect(cited.length).toBeGreaterThan(50);
    expect(cited.filter((citation) => !citation.ok).map((citation) => `${citation.file}: ${citation.what}`)).toEqual([]);
  });

  it('rewrites each old citation form to the new docs, keeping the numbers, and a second run changes nothing', () => {
    // Prepare
    const [shared, facts, stack, peers] = FORBIDDEN as [string, string, string, string];
    const before = [
      `(${facts} §3.6, ${facts}.md §4.2–§4.4, ${facts} open question 10)`,
      `(${stack} gotcha 7; ${stack} §2; ${stack} "Signing")`,
      `(${peers} "(b) 1."; ${peers} "(b)" 11)`,
      `policies are in \`${shared}/docs/${facts}.md\` §7`,
    ].join('\n');

    // Act
    const once = rewriteCitations(before, '.', true);
    const twice = rewriteCitations(once, '.', true);

    // Assess
    expect(once.split('\n')).toEqual([
      '(oci-behaviour §3.6, oci-behaviour §4.2–§4.4, oci-behaviour open question 10)',
      '(runtime-notes gotcha 7; runtime-notes §2; runtime-notes "Signing")',
      '(rotation-patterns "(b)" 1; rotation-patterns "(b)" 11)',
      'policies are in `docs/oci-behaviour.md` §7',
    ]);
    expect(twice).toBe(once);
  });
});

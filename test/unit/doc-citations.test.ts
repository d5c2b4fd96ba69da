import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
// The names are assembled so that this file does not mention them itself.
const FORBIDDEN = [['..', 'shared'].join('/'), ['oci', 'facts'].join('-'), ['stack', 'md'].join('.'), ['peers', 'md'].join('.')];
const TEXT_FILE = /\.(ts|mts|cts|js|mjs|cjs|json|md|ya?ml|txt|sh|tf)$/;
// Every text file the repository tracks or is about to (untracked but not ignored), so a new file is checked before its commit.
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((file) => TEXT_FILE.test(file) && existsSync(join(ROOT, file)));
const text = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
const mentionsOutside = (file: string): string[] => FORBIDDEN.filter((name) => text(file).includes(name));

describe('docs live in the repository', () => {
  it('has no file (outside node_modules, dist, .git) that points at the research notes outside the repository', () => {
    // Act
    const offenders = files.flatMap((file) => mentionsOutside(file).map((name) => `${file}: ${name}`));

    // Assess
    expect(offenders).toEqual([]);
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
      ...[...text(file).matchAll(/oci-behaviour,? §(\d+(?:\.\d+)?)/g)].map((match) => ({
        file,
        doc: 'oci-behaviour',
        ok: hasSection(behaviour, match[1]!),
        what: match[0],
      })),
      ...[...text(file).matchAll(/oci-behaviour,? open question (\d+)/g)].map((match) => ({
        file,
        doc: 'oci-behaviour',
        ok: new RegExp(`^${match[1]}\\. `, 'm').test(behaviour.slice(behaviour.indexOf('## Open questions'))),
        what: match[0],
      })),
      ...[...text(file).matchAll(/runtime-notes §(\d+)/g)].map((match) => ({
        file,
        doc: 'runtime-notes',
        ok: hasSection(runtime, match[1]!),
        what: match[0],
      })),
      ...[...text(file).matchAll(/runtime-notes gotcha (\d+)/g)].map((match) => ({
        file,
        doc: 'runtime-notes',
        ok: new RegExp(`^${match[1]}\\. `, 'm').test(runtime),
        what: match[0],
      })),
    ]);

    // Assess
    expect(cited.length).toBeGreaterThan(50);
    expect(cited.filter((citation) => !citation.ok).map((citation) => `${citation.file}: ${citation.what}`)).toEqual([]);
  });

  it('links only to files and headings that exist (relative Markdown links and their #anchors)', () => {
    // Prepare: GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
    const slug = (heading: string): string =>
      heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-');
    const anchorsOf = (file: string): Set<string> =>
      new Set([...text(file).matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug((match[1] as string).replace(/`/g, ''))));
    const markdown = files.filter((file) => file.endsWith('.md'));

    // Act
    const broken = markdown.flatMap((file) =>
      [
        ...text(file)
          .replace(/```[\s\S]*?```/g, '')
          .matchAll(/\]\(([^)\s]+)\)/g),
      ]
        .map((match) => match[1] as string)
        .filter((target) => !/^[a-z]+:/.test(target))
        .flatMap((target) => {
          const [path, anchor] = target.split('#') as [string, string | undefined];
          const resolved = path === '' ? file : normalize(join(dirname(file), path));
          if (!existsSync(join(ROOT, resolved))) return [`${file}: ${target} (no such file)`];
          if (anchor && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) return [`${file}: ${target} (no such heading)`];
          return [];
        }),
    );

    // Assess
    expect(markdown.length).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });
});

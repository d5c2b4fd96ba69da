#!/usr/bin/env node
// Rewrites citations of the research notes that live outside the repository into citations of
// the repository's own docs, keeping section numbers:
//   <facts> §3.6            -> oci-behaviour §3.6          (also "<facts>.md §…", "open question N")
//   <stack> gotcha 7 / §2   -> runtime-notes gotcha 7 / §2  (also quoted headings: "Signing")
//   <peers> "(b) 1."        -> rotation-patterns "(b)" 1
//   <shared notes>/docs/<file> -> docs/<new file> (relative to a Markdown file, from the root in code)
// where <facts>, <stack>, <peers> are the old note names. Idempotent: once rewritten, nothing
// matches again, so the lead can rerun it after every merge.
//
// Usage: node scripts/rewrite-doc-citations.mjs [--check] [--exclude <path prefix>]...
//   --check    change nothing; list what would change and exit 1 if anything would
//   --exclude  leave files under this repository-relative prefix alone (repeatable)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// The old names are assembled so this file does not itself cite them.
const FACTS = ['oci', 'facts'].join('-');
const STACK = ['stack', 'md'].join('.');
const PEERS = ['peers', 'md'].join('.');
const SHARED = ['..', 'shared'].join('/');

export const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', 'coverage']);
const TEXT_FILE = /\.(ts|mts|cts|js|mjs|cjs|json|md|ya?ml|txt|sh)$/;

const NEW_FILE = {
  [`${FACTS}.md`]: 'oci-behaviour.md',
  [STACK]: 'runtime-notes.md',
  [PEERS]: 'rotation-patterns.md',
};

/**
 * The rewrite of one file's text. `fromDir` is the file's folder relative to the repository: a
 * Markdown file gets paths relative to itself (links work), code gets repository paths.
 */
export function rewriteCitations(text, fromDir, markdown = false) {
  const docsPath = (file) => (markdown ? relative(fromDir, `docs/${file}`).split(sep).join('/') || 'docs' : `docs/${file}`);
  let out = text;
  // Paths into the shared folder first, so the bare names below see only citations.
  out = out.replace(new RegExp(`(?:\\.\\./)*${escape(SHARED.slice(3))}/docs/([\\w.-]+\\.md)`, 'g'), (whole, file) =>
    NEW_FILE[file] ? docsPath(NEW_FILE[file]) : whole,
  );
  out = out.replace(new RegExp(`${escape(SHARED)}(?:/docs)?/?`, 'g'), docsPath('').replace(/\/?$/, '/'));
  // Research notes: facts.
  out = out.replace(new RegExp(`${escape(FACTS)}(?:\\.md)?(,?) (§|open question)`, 'g'), (_, comma, what) => `oci-behaviour${comma} ${what}`);
  out = out.replace(new RegExp(`${escape(FACTS)}\\.md`, 'g'), docsPath('oci-behaviour.md'));
  out = out.replace(new RegExp(escape(FACTS), 'g'), 'oci-behaviour');
  // Stack notes.
  out = out.replace(new RegExp(`${escape(STACK)} (§|gotcha|")`, 'g'), (_, what) => `runtime-notes ${what}`);
  out = out.replace(new RegExp(escape(STACK), 'g'), docsPath('runtime-notes.md'));
  // Peer notes: `"(b) 1."` and `"(b)" 11` both become `"(b)" N`.
  out = out.replace(new RegExp(`${escape(PEERS)} "\\(b\\) (\\d+)\\."`, 'g'), (_, n) => `rotation-patterns "(b)" ${n}`);
  out = out.replace(new RegExp(`${escape(PEERS)} "\\(b\\)"`, 'g'), 'rotation-patterns "(b)"');
  out = out.replace(new RegExp(`${escape(PEERS)} (§)`, 'g'), 'rotation-patterns $1');
  out = out.replace(new RegExp(escape(PEERS), 'g'), docsPath('rotation-patterns.md'));
  return out;
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function listTextFiles(dir = ROOT) {
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED_DIRS.has(name)) return [];
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) return listTextFiles(path);
    return TEXT_FILE.test(name) ? [relative(ROOT, path).split(sep).join('/')] : [];
  });
}

function main(argv) {
  const check = argv.includes('--check');
  const excludes = argv.flatMap((arg, index) => (argv[index - 1] === '--exclude' ? [arg.replace(/\/$/, '')] : []));
  const changed = [];
  for (const file of listTextFiles()) {
    if (file === 'scripts/rewrite-doc-citations.mjs') continue;
    if (excludes.some((prefix) => file === prefix || file.startsWith(`${prefix}/`))) continue;
    const path = join(ROOT, file);
    const before = readFileSync(path, 'utf8');
    const after = rewriteCitations(before, dirname(file), file.endsWith('.md'));
    if (after === before) continue;
    changed.push(file);
    if (!check) writeFileSync(path, after);
  }
  for (const file of changed) process.stdout.write(`${check ? 'would rewrite' : 'rewrote'} ${file}\n`);
  if (check && changed.length > 0) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));

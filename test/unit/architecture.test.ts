import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering docs/architecture.md describes, read from the import statements: a rule
 * broken here is a file that imports across a boundary, named with what it imports.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const FUNCTION_SRC = join(ROOT, 'functions/cloudguard-responder/src');

interface Import {
  file: string;
  specifier: string;
  /** The imported path relative to the repository for a relative import, else the specifier. */
  target: string;
  /** `import type …`: erased at build time, so it adds nothing to a bundle. */
  typeOnly: boolean;
}

function importsUnder(dir: string): Import[] {
  const found: Import[] = [];
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
    const file = join(dir, name);
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)\s(type\s)?[^'"]*?from\s+'([^']+)'/g)) {
      const specifier = match[2] as string;
      const target = specifier.startsWith('.') ? relative(ROOT, resolve(dirname(file), specifier)) : specifier;
      found.push({ file: relative(ROOT, file), specifier, target, typeOnly: match[1] !== undefined });
    }
  }
  return found;
}

const shown = (imports: Import[]): string[] => imports.map((entry) => `${entry.file} imports ${entry.specifier}`);

describe('Architecture: who may import what', () => {
  const functionImports = [
    ...importsUnder(FUNCTION_SRC),
    ...importsUnder(join(ROOT, 'functions/cloudguard-responder')).filter((entry) => entry.file.endsWith('func.ts')),
  ];

  it('only func.ts imports the fdk', () => {
    // Act
    const fdkUsers = functionImports.filter((entry) => entry.specifier.startsWith('@fnproject/fdk'));

    // Assess
    expect(fdkUsers.map((entry) => entry.file)).toEqual(['functions/cloudguard-responder/func.ts']);
  });

  it('the Function imports neither the emulator nor the CLI', () => {
    // Act
    const crossing = functionImports.filter((entry) => /^(emulator|cli)\//.test(entry.target));

    // Assess
    expect(shown(crossing)).toEqual([]);
  });

  it('domain/ imports only domain/ (no intake, adapters, SDK or HTTP)', () => {
    // Act
    const crossing = importsUnder(join(FUNCTION_SRC, 'domain')).filter(
      (entry) => !entry.target.startsWith('functions/cloudguard-responder/src/domain/'),
    );

    // Assess
    expect(shown(crossing)).toEqual([]);
  });

  it('the rotation core (rotation/, scheduled/, domain/, intake/, notify/) knows no OCI SDK package and no adapter', () => {
    // Act
    const core = ['rotation', 'scheduled', 'domain', 'intake', 'notify'].flatMap((dir) => importsUnder(join(FUNCTION_SRC, dir)));
    const crossing = core.filter(
      (entry) => entry.specifier.startsWith('oci-') || entry.target.startsWith('functions/cloudguard-responder/src/adapters/'),
    );

    // Assess
    expect(core.length).toBeGreaterThan(20);
    expect(shown(crossing)).toEqual([]);
  });

  it('the CLI reaches the emulator only through emulator/index.ts', () => {
    // Act
    const deep = importsUnder(join(ROOT, 'cli')).filter(
      (entry) => entry.target.startsWith('emulator/') && entry.target !== 'emulator/index.js' && !entry.target.endsWith('.json'),
    );

    // Assess
    expect(shown(deep)).toEqual([]);
  });

  it('the emulator takes from the Function only its Clock port, as a type (one clock shape, no Function code in the emulator)', () => {
    // Act
    const fromFunction = importsUnder(join(ROOT, 'emulator')).filter((entry) => entry.target.startsWith('functions/'));
    const otherThanClockType = fromFunction.filter(
      (entry) => !entry.typeOnly || entry.target !== 'functions/cloudguard-responder/src/ports/clock-port.js',
    );

    // Assess
    expect(fromFunction.length).toBeGreaterThan(0);
    expect(shown(otherThanClockType)).toEqual([]);
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

  it('every error class of the Function lives in src/errors/ and is named …Error', () => {
    // Prepare
    const files = readdirSync(FUNCTION_SRC, { recursive: true, encoding: 'utf8' }).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.d.ts'),
    );

    // Act
    const classes = files.flatMap((name) =>
      [...readFileSync(join(FUNCTION_SRC, name), 'utf8').matchAll(/\bclass\s+(\w+)\s+extends\s+(\w+(?:\.\w+)*)/g)]
        .filter((match) => (match[2] as string).endsWith('Error'))
        .map((match) => ({ file: name, name: match[1] as string })),
    );
    const misplaced = classes.filter((entry) => !entry.file.startsWith('errors/') || !entry.name.endsWith('Error'));

    // Assess
    expect(classes.length).toBeGreaterThan(10);
    expect(misplaced.map((entry) => `${entry.name} in ${entry.file}`)).toEqual([]);
  });

  it('no import cycle anywhere in functions/, cli/ and emulator/ (type imports included)', () => {
    // Prepare
    const imports = ['functions', 'cli', 'emulator'].flatMap((dir) => importsUnder(join(ROOT, dir)));

    // Act
    const cycles = importCycles(imports);

    // Assess
    expect(imports.length).toBeGreaterThan(500);
    expect(cycles.map((cycle) => `these import each other in a circle: ${cycle.join(', ')}`)).toEqual([]);
  });
});

/** The TypeScript file a relative `./x.js` import resolves to, if it is one of ours. */
function sourceFileOf(target: string): string | null {
  const candidates = [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, join(target, 'index.ts')];
  return candidates.find((candidate) => candidate.endsWith('.ts') && existsSync(join(ROOT, candidate))) ?? null;
}

/**
 * Every strongly connected component of more than one file (or a file importing itself) in the
 * graph of relative imports, by Tarjan's algorithm: each is a set of files importing each other in a circle.
 */
function importCycles(imports: Import[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const entry of imports) {
    if (!entry.specifier.startsWith('.')) continue;
    const target = sourceFileOf(entry.target);
    if (target === null) continue;
    const out = edges.get(entry.file) ?? new Set<string>();
    out.add(target);
    edges.set(entry.file, out);
  }
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    lowLink.set(file, index.get(file) as number);
    stack.push(file);
    onStack.add(file);
    for (const next of edges.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowLink.set(file, Math.min(lowLink.get(file) as number, lowLink.get(next) as number));
      } else if (onStack.has(next)) {
        lowLink.set(file, Math.min(lowLink.get(file) as number, index.get(next) as number));
      }
    }
    if (lowLink.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || edges.get(file)?.has(file)) cycles.push(component.sort());
  };
  for (const file of [...edges.keys()].sort()) if (!index.has(file)) visit(file);
  return cycles;
}

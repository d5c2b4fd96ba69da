import { describe, expect, it } from 'vitest';
import { OciApiError } from '../../../emulator/http/oci-api-error.js';
import {
  appendVersion,
  assertNewVersionAllowed,
  countVersionsInUse,
  currentVersion,
  isDeprecated,
  nextVersionNumber,
  promoteVersion,
  reportedStages,
  type NewSecretVersion,
} from '../../../emulator/services/secret-stages.js';
import type { SecretVersionRecord, SecretVersionStage } from '../../../emulator/state/types.js';

function version(
  versionNumber: number,
  stages: SecretVersionStage[],
  options: { name?: string; timeOfDeletion?: string } = {},
): SecretVersionRecord {
  return {
    versionNumber,
    name: options.name ?? null,
    stages,
    contentType: 'BASE64',
    content: Buffer.from(`value ${versionNumber}`).toString('base64'),
    contentSha256: `sha-${versionNumber}`,
    timeCreated: `2026-11-0${versionNumber}T00:00:00.000Z`,
    timeOfDeletion: options.timeOfDeletion ?? null,
  };
}

const added: NewSecretVersion = {
  name: 'rotation-42',
  content: Buffer.from('new value').toString('base64'),
  contentSha256: 'sha-new',
  timeCreated: '2026-11-22T10:00:00.000Z',
};

/** `{versionNumber: reported stages}`, the view a ListSecretVersions caller gets. */
function stagesByVersion(versions: readonly SecretVersionRecord[]): Record<number, SecretVersionStage[]> {
  return Object.fromEntries(versions.map((entry) => [entry.versionNumber, reportedStages(entry)]));
}

function thrownBy(action: () => unknown): OciApiError {
  try {
    action();
  } catch (error) {
    if (error instanceof OciApiError) return error;
    throw error;
  }
  throw new Error('expected an OciApiError');
}

describe('reportedStages', () => {
  it('reports a version with no stage as DEPRECATED', () => {
    // Prepare
    const bare = version(1, []);

    // Act
    const stages = reportedStages(bare);

    // Assess
    expect(stages).toEqual(['DEPRECATED']);
    expect(isDeprecated(bare)).toBe(true);
  });

  it('lists stages in a fixed order and drops a stored DEPRECATED next to a real stage', () => {
    // Prepare
    const messy = version(1, ['LATEST', 'DEPRECATED', 'CURRENT']);

    // Act
    const stages = reportedStages(messy);

    // Assess
    expect(stages).toEqual(['CURRENT', 'LATEST']);
    expect(isDeprecated(messy)).toBe(false);
  });
});

describe('appendVersion', () => {
  it('CURRENT write: new [CURRENT, LATEST], old CURRENT becomes PREVIOUS, old PREVIOUS becomes DEPRECATED', () => {
    // Prepare
    const versions = [version(1, ['PREVIOUS']), version(2, ['CURRENT', 'LATEST'])];

    // Act
    const result = appendVersion(versions, added, 'CURRENT');

    // Assess
    expect(result.versionNumber).toBe(3);
    expect(stagesByVersion(result.versions)).toEqual({ 1: ['DEPRECATED'], 2: ['PREVIOUS'], 3: ['CURRENT', 'LATEST'] });
    expect(currentVersion(result.versions)?.versionNumber).toBe(3);
    const created = result.versions.find((entry) => entry.versionNumber === 3);
    expect(created).toMatchObject({ name: 'rotation-42', content: added.content, contentSha256: 'sha-new', timeOfDeletion: null });
  });

  it('PENDING write: new [PENDING, LATEST], CURRENT and PREVIOUS untouched', () => {
    // Prepare
    const versions = [version(1, ['PREVIOUS']), version(2, ['CURRENT', 'LATEST'])];

    // Act
    const result = appendVersion(versions, added, 'PENDING');

    // Assess
    expect(result.versionNumber).toBe(3);
    expect(stagesByVersion(result.versions)).toEqual({ 1: ['PREVIOUS'], 2: ['CURRENT'], 3: ['PENDING', 'LATEST'] });
    expect(currentVersion(result.versions)?.versionNumber).toBe(2);
  });

  it('second PENDING write demotes the older PENDING to DEPRECATED', () => {
    // Prepare
    const versions = [version(1, ['CURRENT']), version(2, ['PENDING', 'LATEST'])];

    // Act
    const result = appendVersion(versions, added, 'PENDING');

    // Assess
    expect(stagesByVersion(result.versions)).toEqual({ 1: ['CURRENT'], 2: ['DEPRECATED'], 3: ['PENDING', 'LATEST'] });
  });

  it('CURRENT write leaves a PENDING version pending', () => {
    // Prepare
    const versions = [version(1, ['CURRENT']), version(2, ['PENDING', 'LATEST'])];

    // Act
    const result = appendVersion(versions, added, 'CURRENT');

    // Assess
    expect(stagesByVersion(result.versions)).toEqual({ 1: ['PREVIOUS'], 2: ['PENDING'], 3: ['CURRENT', 'LATEST'] });
  });

  it('leaves its input untouched', () => {
    // Prepare
    const versions = [version(1, ['PREVIOUS']), version(2, ['CURRENT', 'LATEST'])];
    const before = structuredClone(versions);

    // Act
    appendVersion(versions, added, 'CURRENT');

    // Assess
    expect(versions).toEqual(before);
  });
});

describe('promoteVersion', () => {
  it('promoting PENDING makes it CURRENT and the old CURRENT PREVIOUS; LATEST stays', () => {
    // Prepare
    const versions = [version(1, ['PREVIOUS']), version(2, ['CURRENT']), version(3, ['PENDING', 'LATEST'])];

    // Act
    const promoted = promoteVersion(versions, 3);

    // Assess
    expect(stagesByVersion(promoted)).toEqual({ 1: ['DEPRECATED'], 2: ['PREVIOUS'], 3: ['CURRENT', 'LATEST'] });
    expect(currentVersion(promoted)?.versionNumber).toBe(3);
  });

  it('promoting PREVIOUS rolls back: the two versions swap CURRENT and PREVIOUS', () => {
    // Prepare
    const versions = [version(1, ['PREVIOUS']), version(2, ['CURRENT', 'LATEST'])];

    // Act
    const promoted = promoteVersion(versions, 1);

    // Assess
    expect(stagesByVersion(promoted)).toEqual({ 1: ['CURRENT'], 2: ['LATEST', 'PREVIOUS'] });
  });

  it('promoting the CURRENT version changes no stage', () => {
    // Prepare
    const versions = [version(1, ['PREVIOUS']), version(2, ['CURRENT']), version(3, ['PENDING', 'LATEST'])];

    // Act
    const promoted = promoteVersion(versions, 2);

    // Assess
    expect(stagesByVersion(promoted)).toEqual(stagesByVersion(versions));
  });

  it('promoting a DEPRECATED version makes it CURRENT', () => {
    // Prepare
    const versions = [version(1, []), version(2, ['PREVIOUS']), version(3, ['CURRENT', 'LATEST'])];

    // Act
    const promoted = promoteVersion(versions, 1);

    // Assess
    expect(stagesByVersion(promoted)).toEqual({ 1: ['CURRENT'], 2: ['DEPRECATED'], 3: ['LATEST', 'PREVIOUS'] });
  });

  it('refuses an unknown version with 400 InvalidParameter', () => {
    // Prepare
    const versions = [version(1, ['CURRENT', 'LATEST'])];

    // Act
    const error = thrownBy(() => promoteVersion(versions, 7));

    // Assess
    expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 'InvalidParameter' });
  });

  it('refuses a version scheduled for deletion with 409 IncorrectState', () => {
    // Prepare
    const versions = [version(1, [], { timeOfDeletion: '2026-12-01T00:00:00.000Z' }), version(2, ['CURRENT', 'LATEST'])];

    // Act
    const error = thrownBy(() => promoteVersion(versions, 1));

    // Assess
    expect({ status: error.status, code: error.code }).toEqual({ status: 409, code: 'IncorrectState' });
  });
});

describe('assertNewVersionAllowed', () => {
  it('counts only versions not pending deletion toward the cap', () => {
    // Prepare
    const versions = [
      version(1, [], { timeOfDeletion: '2026-12-01T00:00:00.000Z' }),
      version(2, ['PREVIOUS']),
      version(3, ['CURRENT', 'LATEST']),
    ];

    // Act
    const allowedAtThree = (): void => assertNewVersionAllowed(versions, null, 3);
    const refusedAtTwo = thrownBy(() => assertNewVersionAllowed(versions, null, 2));

    // Assess
    expect(countVersionsInUse(versions)).toBe(2);
    expect(allowedAtThree).not.toThrow();
    expect({ status: refusedAtTwo.status, code: refusedAtTwo.code }).toEqual({ status: 400, code: 'LimitExceeded' });
  });

  it('refuses a duplicate version name with 409 Conflict, even against a version pending deletion', () => {
    // Prepare
    const versions = [
      version(1, [], { name: 'rotation-41', timeOfDeletion: '2026-12-01T00:00:00.000Z' }),
      version(2, ['CURRENT', 'LATEST']),
    ];

    // Act
    const error = thrownBy(() => assertNewVersionAllowed(versions, 'rotation-41', 30));

    // Assess
    expect({ status: error.status, code: error.code }).toEqual({ status: 409, code: 'Conflict' });
    expect(error.message).toContain('rotation-41');
  });

  it('lets unnamed versions coexist', () => {
    // Prepare
    const versions = [version(1, ['PREVIOUS']), version(2, ['CURRENT', 'LATEST'])];

    // Act
    const check = (): void => assertNewVersionAllowed(versions, null, 30);

    // Assess
    expect(check).not.toThrow();
  });
});

describe('nextVersionNumber', () => {
  it('continues after the highest number even when lower ones were deleted', () => {
    // Prepare
    const versions = [version(4, ['PREVIOUS']), version(6, ['CURRENT', 'LATEST'])];

    // Act
    const next = nextVersionNumber(versions);

    // Assess
    expect(next).toBe(7);
    expect(nextVersionNumber([])).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { splitRegionPrefix } from '../../../emulator/http/region-prefix.js';

describe('region path prefixes of the emulator', () => {
  it('serves the government and dedicated regions whose ids have more than two words (us-gov-phoenix-1, me-dcc-muscat-1)', () => {
    // Act
    const regions = ['/us-gov-phoenix-1/20160918/users', '/me-dcc-muscat-1/20200131/problems', '/us-ashburn-1/n'].map((path) =>
      splitRegionPrefix(path),
    );

    // Assess
    expect(regions).toEqual([
      { regionId: 'us-gov-phoenix-1', apiPath: '/20160918/users' },
      { regionId: 'me-dcc-muscat-1', apiPath: '/20200131/problems' },
      { regionId: 'us-ashburn-1', apiPath: '/n' },
    ]);
  });

  it('takes no API version, Object Storage path or control path for a region', () => {
    // Act
    const paths = ['/20160918/users', '/s3/us-ashburn-1/ns/', '/auth/v1.0', '/_emulator/state', '/n'].map(
      (path) => splitRegionPrefix(path).regionId,
    );

    // Assess
    expect(paths).toEqual([null, null, null, null, null]);
  });
});

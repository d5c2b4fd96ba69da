import { describe, expect, it } from 'vitest';
import { describeFailure, failedUrl } from '../../../cli/describe-failure.js';

describe('describeFailure: one way to say what failed', () => {
  it('gives a service answer as status, code and message', () => {
    // Prepare
    const answer = {
      statusCode: 404,
      serviceCode: 'NotAuthorizedOrNotFound',
      message: 'Authorization failed or requested resource not found.',
    };

    // Act
    const text = describeFailure(answer);

    // Assess
    expect(text).toBe('404 NotAuthorizedOrNotFound: Authorization failed or requested resource not found.');
  });

  it("names the host and the request of the OCI SDK's plain-object network failure, never [object Object]", () => {
    // Prepare: the shape the SDK throws when fetch fails (its cause dropped).
    const sdkFailure = {
      code: undefined,
      message: 'fetch failed',
      requestEndpoint: 'GET http://127.0.0.1:9/20160918/users/ocid1.user.oc1..aaaa',
      troubleshootingPage: 'See …',
    };

    // Act
    const plain = describeFailure(sdkFailure);
    const probed = describeFailure(sdkFailure, '127.0.0.1:9 refused the connection (nothing listens there)');

    // Assess
    expect(plain).toBe('no answer from 127.0.0.1:9 to GET /20160918/users/ocid1.user.oc1..aaaa: fetch failed');
    expect(probed).toBe(
      'no answer from 127.0.0.1:9 to GET /20160918/users/ocid1.user.oc1..aaaa: 127.0.0.1:9 refused the connection (nothing listens there)',
    );
    expect(failedUrl(sdkFailure)).toBe('http://127.0.0.1:9/20160918/users/ocid1.user.oc1..aaaa');
  });

  it('finds the system error code fetch hides one cause down', () => {
    // Prepare
    const fetchFailure = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    });

    // Act
    const text = describeFailure(fetchFailure);

    // Assess
    expect(text).toBe('TypeError: fetch failed (ECONNREFUSED)');
  });

  it('keeps a multi-line message on one line and a plain Error without its generic name', () => {
    // Act
    const text = describeFailure(new Error('first line\nsecond line'));

    // Assess
    expect(text).toBe('first line second line');
  });
});

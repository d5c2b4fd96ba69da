import { describe, expect, it } from 'vitest';
import {
  expectedSigV4Signature,
  MalformedSigV4Error,
  parseSigV4Authorization,
  signaturesMatch,
} from '../../../emulator/auth/aws-signature-v4.js';

// The emulator's Signature V4 check against AWS's published examples, independent of the
// responder's signer: "get-vanilla" of the Signature V4 test suite
// (https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html, AKIDEXAMPLE,
// 2015-08-30, us-east-1, service "service") and S3's "GET Object" example
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html).
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('emulator AWS Signature V4 check', () => {
  it("computes the published signature of the test suite's get-vanilla request", () => {
    // Prepare
    const header =
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';
    const authorization = parseSigV4Authorization(header);
    if (!authorization) throw new Error('expected an authorization');

    // Act
    const expected = expectedSigV4Signature({
      method: 'GET',
      requestTarget: '/',
      headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
      authorization,
      amzDate: '20150830T123600Z',
      payloadHash: EMPTY,
      secretKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    });

    // Assess
    expect(authorization).toMatchObject({
      accessKeyId: 'AKIDEXAMPLE',
      scopeDate: '20150830',
      region: 'us-east-1',
      service: 'service',
      signedHeaders: ['host', 'x-amz-date'],
    });
    expect(signaturesMatch(expected, authorization.signature)).toBe(true);
  });

  it("computes the published signature of S3's GET Object example, and refuses it with another secret", () => {
    // Prepare
    const header =
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41';
    const authorization = parseSigV4Authorization(header);
    if (!authorization) throw new Error('expected an authorization');
    const request = {
      method: 'GET',
      requestTarget: '/test.txt',
      headers: {
        host: 'examplebucket.s3.amazonaws.com',
        range: 'bytes=0-9',
        'x-amz-content-sha256': EMPTY,
        'x-amz-date': '20130524T000000Z',
      },
      authorization,
      amzDate: '20130524T000000Z',
      payloadHash: EMPTY,
    };

    // Act
    const genuine = expectedSigV4Signature({ ...request, secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    const other = expectedSigV4Signature({ ...request, secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ' });

    // Assess
    expect(signaturesMatch(genuine, authorization.signature)).toBe(true);
    expect(signaturesMatch(other, authorization.signature)).toBe(false);
  });

  it.each([
    ['another algorithm', 'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg='],
    [
      'a scope without aws4_request',
      `AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3, SignedHeaders=host, Signature=${'a'.repeat(64)}`,
    ],
    ['a short signature', 'AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc'],
    [
      'upper-case signed headers',
      `AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=Host, Signature=${'a'.repeat(64)}`,
    ],
  ])('refuses %s as malformed', (_name, header) => {
    // Act
    const parse = (): unknown => parseSigV4Authorization(header);

    // Assess
    expect(parse).toThrow(MalformedSigV4Error);
  });

  it('reads a missing header as anonymous', () => {
    // Act
    const parsed = parseSigV4Authorization(undefined);

    // Assess
    expect(parsed).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { EMPTY_PAYLOAD_SHA256, signSigV4 } from '../../../functions/cloudguard-responder/src/adapters/oci/aws-sigv4-signer.js';
import { SecretValue } from '../../../functions/cloudguard-responder/src/secret-value.js';

// AWS's published Signature V4 examples for S3, "Examples: Signature Calculations in AWS
// Signature Version 4", https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
// (access key AKIAIOSFODNN7EXAMPLE, its documented example secret, 2013-05-24, us-east-1,
// bucket examplebucket). Each expected signature is copied from that page.
const EXAMPLE = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: SecretValue.fromString('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'),
  region: 'us-east-1',
  service: 's3',
  date: new Date('2013-05-24T00:00:00Z'),
};

describe('AWS Signature V4 signer', () => {
  it('signs AWS\'s "GET Object" example exactly as published', () => {
    // Prepare
    const url = new URL('https://examplebucket.s3.amazonaws.com/test.txt');

    // Act
    const headers = signSigV4({ ...EXAMPLE, method: 'GET', url, payloadSha256: EMPTY_PAYLOAD_SHA256, headers: { Range: 'bytes=0-9' } });

    // Assess
    expect(headers['authorization']).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(headers['x-amz-date']).toBe('20130524T000000Z');
    expect(headers['x-amz-content-sha256']).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(headers['range']).toBe('bytes=0-9');
  });

  it('signs AWS\'s "GET Bucket Lifecycle" example (a query with no value) exactly as published', () => {
    // Prepare
    const url = new URL('https://examplebucket.s3.amazonaws.com/?lifecycle');

    // Act
    const headers = signSigV4({ ...EXAMPLE, method: 'GET', url, payloadSha256: EMPTY_PAYLOAD_SHA256 });

    // Assess
    expect(headers['authorization']).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543',
    );
  });

  it('signs AWS\'s "Get Bucket (List Objects)" example (sorted query parameters) exactly as published', () => {
    // Prepare
    const url = new URL('https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J');

    // Act
    const headers = signSigV4({ ...EXAMPLE, method: 'GET', url, payloadSha256: EMPTY_PAYLOAD_SHA256 });

    // Assess
    expect(headers['authorization']).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7',
    );
  });

  it('changes the signature when one character of the secret changes, and never puts the secret in a header', () => {
    // Prepare
    const url = new URL('https://examplebucket.s3.amazonaws.com/');
    const other = SecretValue.fromString('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ');

    // Act
    const genuine = signSigV4({ ...EXAMPLE, method: 'GET', url, payloadSha256: EMPTY_PAYLOAD_SHA256 });
    const forged = signSigV4({ ...EXAMPLE, secretKey: other, method: 'GET', url, payloadSha256: EMPTY_PAYLOAD_SHA256 });

    // Assess
    expect(forged['authorization']).not.toBe(genuine['authorization']);
    expect(JSON.stringify(genuine)).not.toContain('bPxRfiCYEXAMPLEKEY');
  });
});

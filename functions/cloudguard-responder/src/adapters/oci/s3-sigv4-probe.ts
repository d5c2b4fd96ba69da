import type { CredentialProofPort, CredentialProofResult } from '../../ports/credential-proof-port.js';
import { CredentialProofError } from '../../errors/credential-proof-error.js';
import { EMPTY_PAYLOAD_SHA256, signSigV4 } from './aws-sigv4-signer.js';
import { isTransient, probeGet } from './probe-http.js';
import { s3ListBucketsUrl } from './object-storage-endpoints.js';

export interface S3SigV4ProbeOptions {
  /** Base URL override (the local emulator); null or absent: the namespace's OCI compat host. */
  endpoint?: string | null;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** The signing time. Default: the system clock, which S3 compares with its own (15 min skew). */
  now?: () => Date;
}

const OPERATION = 'S3 ListBuckets';

/** S3 error codes (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html) that refuse the key itself. */
const KEY_REFUSED = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch']);

function s3ErrorCode(xml: string): string | null {
  return /<Code>([^<]{1,100})<\/Code>/.exec(xml)?.[1] ?? null;
}

/**
 * Proves a customer secret key the way S3 clients use it: a ListBuckets (`GET /` on the
 * namespace's compat host) signed with AWS Signature V4, access key id = the key's id, secret = its
 * value (https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/s3compatibleapi.htm). S3 checks
 * the signature before the policy, so 200 and `AccessDenied` both prove the key authenticates;
 * `InvalidAccessKeyId` and `SignatureDoesNotMatch` refuse it. Any other answer is not about the
 * key (`RequestTimeTooSkewed`, a 5xx…) and becomes a CredentialProofError.
 */
export function createS3SigV4Probe(options: S3SigV4ProbeOptions = {}): Pick<CredentialProofPort, 'proveCustomerSecretKey'> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  return {
    proveCustomerSecretKey: async ({
      namespace,
      region,
      accessKeyId,
      secretKey,
      withinPropagationBound,
    }): Promise<CredentialProofResult> => {
      const url = s3ListBucketsUrl(region, namespace, options.endpoint ?? null);
      const headers = signSigV4({
        method: 'GET',
        url,
        region,
        service: 's3',
        accessKeyId,
        secretKey,
        date: now(),
        payloadSha256: EMPTY_PAYLOAD_SHA256,
      });
      const answer = await probeGet(url, headers, { operation: OPERATION, resourceId: accessKeyId, timeoutMs });
      const code = answer.status >= 200 && answer.status < 300 ? null : s3ErrorCode(answer.text);
      const opcRequestId = answer.opcRequestId ?? answer.headers.get('x-amz-request-id');
      if (code === null && answer.status >= 200 && answer.status < 300)
        return { proof: 'proven', protocol: 'S3', evidence: 'authenticated', opcRequestId };
      if (answer.status === 403 && code === 'AccessDenied') {
        return { proof: 'proven', protocol: 'S3', evidence: 'AccessDenied (authenticated; not allowed to list buckets)', opcRequestId };
      }
      if (answer.status === 403 && code !== null && KEY_REFUSED.has(code)) {
        return { proof: withinPropagationBound ? 'not-yet' : 'rejected', protocol: 'S3', evidence: code, opcRequestId };
      }
      throw new CredentialProofError({
        operation: OPERATION,
        resourceId: accessKeyId,
        statusCode: answer.status,
        serviceCode: code,
        opcRequestId,
        retryable: isTransient(answer.status),
        detail: 'S3 answered neither an acceptance nor a refusal of the key',
      });
    },
  };
}

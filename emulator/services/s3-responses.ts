import type { RouteResponse } from '../http/route.js';

/**
 * The S3 compatibility API's bodies are S3's XML, not OCI's JSON: `<Error><Code>…</Code>
 * <Message>…</Message></Error>` (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html)
 * and `ListAllMyBucketsResult` (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html).
 */

const XML = 'application/xml';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function s3ErrorResponse(status: number, code: string, message: string): RouteResponse {
  const content = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>`;
  return { status, text: { contentType: XML, content } };
}

/** The emulator holds no buckets: the list is always empty, which is all a credential proof reads. */
export function s3ListAllMyBucketsResponse(owner: { ownerId: string; ownerName: string }): RouteResponse {
  const content =
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
    `<Owner><ID>${escapeXml(owner.ownerId)}</ID><DisplayName>${escapeXml(owner.ownerName)}</DisplayName></Owner><Buckets></Buckets></ListAllMyBucketsResult>`;
  return { status: 200, text: { contentType: XML, content } };
}

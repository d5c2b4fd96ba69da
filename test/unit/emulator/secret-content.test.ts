import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OciApiError } from '../../../emulator/http/oci-api-error.js';
import { MAXIMUM_SECRET_CONTENT_BYTES, parseSecretContent } from '../../../emulator/services/secret-content.js';

function thrownBy(action: () => unknown): OciApiError {
  try {
    action();
  } catch (error) {
    if (error instanceof OciApiError) return error;
    throw error;
  }
  throw new Error('expected an OciApiError');
}

describe('parseSecretContent', () => {
  it('reads content, name and stage and hashes the decoded bytes', () => {
    // Prepare
    const plain = 'ocid1.credential.oc1..example secret value';
    const content = Buffer.from(plain).toString('base64');

    // Act
    const parsed = parseSecretContent({ contentType: 'BASE64', content, name: 'cg-rotation_1.2', stage: 'PENDING' });

    // Assess
    expect(parsed).toEqual({
      content,
      contentSha256: createHash('sha256').update(plain).digest('hex'),
      name: 'cg-rotation_1.2',
      stage: 'PENDING',
    });
  });

  it('defaults to stage CURRENT and no name', () => {
    // Prepare
    const content = Buffer.from('x').toString('base64');

    // Act
    const parsed = parseSecretContent({ contentType: 'BASE64', content });

    // Assess
    expect({ stage: parsed.stage, name: parsed.name }).toEqual({ stage: 'CURRENT', name: null });
  });

  it('refuses invalid Base64 without echoing the value', () => {
    // Prepare
    const badContent = 'not base64 at all!secretish';

    // Act
    const error = thrownBy(() => parseSecretContent({ contentType: 'BASE64', content: badContent }));

    // Assess
    expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 'InvalidParameter' });
    expect(error.message).not.toContain(badContent);
  });

  it('refuses content over the 25 KB bundle limit and accepts it at the limit', () => {
    // Prepare
    const atLimit = Buffer.alloc(MAXIMUM_SECRET_CONTENT_BYTES, 1).toString('base64');
    const overLimit = Buffer.alloc(MAXIMUM_SECRET_CONTENT_BYTES + 1, 1).toString('base64');

    // Act
    const accepted = parseSecretContent({ contentType: 'BASE64', content: atLimit });
    const error = thrownBy(() => parseSecretContent({ contentType: 'BASE64', content: overLimit }));

    // Assess
    expect(accepted.content).toBe(atLimit);
    expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 'InvalidParameter' });
  });

  it.each([
    ['a content type other than BASE64', 'InvalidParameter', { contentType: 'TEXT', content: 'eA==' }],
    ['no content type', 'MissingParameter', { content: 'eA==' }],
    ['no content', 'MissingParameter', { contentType: 'BASE64' }],
    ['empty content', 'MissingParameter', { contentType: 'BASE64', content: '' }],
    ['a name with a space', 'InvalidParameter', { contentType: 'BASE64', content: 'eA==', name: 'two words' }],
    ['a name with a slash', 'InvalidParameter', { contentType: 'BASE64', content: 'eA==', name: 'a/b' }],
    ['stage LATEST', 'InvalidParameter', { contentType: 'BASE64', content: 'eA==', stage: 'LATEST' }],
  ])('refuses %s with 400 %s', (_label, code, details) => {
    // Prepare
    const input = details as Record<string, unknown>;

    // Act
    const error = thrownBy(() => parseSecretContent(input));

    // Assess
    expect({ status: error.status, code: error.code }).toEqual({ status: 400, code });
  });
});

import { describe, expect, it } from 'vitest';
import { answerOciErrors } from '../../../emulator/http/error-response.js';
import { OciApiError } from '../../../emulator/http/oci-api-error.js';

describe('answerOciErrors', () => {
  it('passes a handler’s response through', () => {
    // Act
    const response = answerOciErrors(() => ({ status: 200, body: { id: 'x' } }));

    // Assess
    expect(response).toEqual({ status: 200, body: { id: 'x' } });
  });

  it('answers an OciApiError with its status and {code, message}', () => {
    // Act
    const response = answerOciErrors(() => {
      throw new OciApiError(409, 'IncorrectState', 'The secret is UPDATING.');
    });

    // Assess
    expect(response).toEqual({ status: 409, body: { code: 'IncorrectState', message: 'The secret is UPDATING.' } });
  });

  it('answers any other failure with a generic 500 and reports the detail only to the log', () => {
    // Prepare
    const reported: unknown[] = [];

    // Act
    const response = answerOciErrors(
      () => {
        throw new TypeError("Cannot read properties of undefined (reading 'versions')");
      },
      (error) => reported.push(error),
    );

    // Assess
    expect(response).toEqual({ status: 500, body: { code: 'InternalServerError', message: 'Internal error in the emulator.' } });
    expect(reported).toEqual([expect.any(TypeError)]);
  });

  it('rethrows other failures when nobody takes the report', () => {
    // Act
    const run = (): unknown =>
      answerOciErrors(() => {
        throw new RangeError('bug');
      });

    // Assess
    expect(run).toThrow(RangeError);
  });
});

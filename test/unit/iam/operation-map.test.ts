import { describe, expect, it } from 'vitest';
import { OPERATION_ACCESS } from '../../../emulator/iam/operation-permissions.js';
import { SERVICE_MODULES } from '../../../emulator/services/index.js';

describe('emulator/iam operation → permission table', () => {
  it('has a row for every emulator route, so enforcing policies never refuses a route by omission', () => {
    // Prepare
    const operations = SERVICE_MODULES.flatMap((module) => module.routes.map((route) => route.operation));

    // Act
    const missing = operations.filter((operation) => !(operation in OPERATION_ACCESS));

    // Assess
    expect(missing, 'add these to emulator/iam/operation-permissions.ts').toEqual([]);
  });

  it('covers every operation the responder calls, including those other branches add to the emulator', () => {
    // Prepare
    const responderOperations = [
      'GetProblem',
      'ListProblemHistories',
      'GetConfiguration',
      'UpdateProblemStatus',
      'GetUser',
      'ListApiKeys',
      'UploadApiKey',
      'DeleteApiKey',
      'ListAuthTokens',
      'CreateAuthToken',
      'DeleteAuthToken',
      'ListCustomerSecretKeys',
      'CreateCustomerSecretKey',
      'DeleteCustomerSecretKey',
      'CreateOrResetUIPassword',
      'GetTenancy',
      'ListRegionSubscriptions',
      'GetSecret',
      'ListSecretVersions',
      'UpdateSecret',
      'ScheduleSecretVersionDeletion',
      'GetSecretBundle',
      'PublishMessage',
    ];

    // Act
    const missing = responderOperations.filter((operation) => !(operation in OPERATION_ACCESS));

    // Assess
    expect(missing).toEqual([]);
  });
});

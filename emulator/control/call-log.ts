/** One OCI API call the emulator answered (control API calls are not recorded). */
export interface CallRecord {
  /** OCI operation name (`UploadApiKey`); `UnknownRoute` for a path no service serves. */
  operation: string;
  method: string;
  /** Path without the query. */
  path: string;
  status: number;
  opcRequestId: string;
  retryToken: string | null;
  /** User OCID, or the resource OCID of a resource-principal session; null when not authenticated. */
  principal: string | null;
  /** Emulator clock, RFC 3339. */
  time: string;
  /** True when an injected fault decided the status. */
  faulted: boolean;
}

export const UNKNOWN_ROUTE_OPERATION = 'UnknownRoute';

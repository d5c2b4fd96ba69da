/** One OCI API call the emulator answered (control API calls are not recorded). */
export interface CallRecord {
  /** OCI operation name (`UploadApiKey`); `UnknownRoute` for a path no service serves. */
  operation: string;
  method: string;
  /** API path without the query and without a `/<region-id>` prefix. */
  path: string;
  /** The region the call was served as (its path prefix, else the default region). */
  region: string;
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

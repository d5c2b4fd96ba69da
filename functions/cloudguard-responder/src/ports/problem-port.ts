/** A Cloud Guard problem as re-read from the Cloud Guard API, not as claimed by the event. */
export interface ProblemRecord {
  id: string;
  compartmentId: string;
  detectorRuleId: string;
  lifecycleDetail: string;
  resourceId: string;
  comment: string | null;
  additionalDetails: Readonly<Record<string, string>>;
}

export interface ProblemHistoryEntry {
  id: string;
  actorType: string;
  actorName: string | null;
  eventStatus: string;
  lifecycleDetail: string;
  timeCreated: string;
  comment: string | null;
}

export interface ProblemPort {
  /** null when Cloud Guard has no such problem (or the Function may not see it). */
  getProblem(problemId: string): Promise<ProblemRecord | null>;
  /** Newest first. */
  listHistory(problemId: string, compartmentId: string): Promise<ProblemHistoryEntry[]>;
  /**
   * Sets the problem OPEN again with a comment, so Cloud Guard's dashboard shows that the stale
   * credential still needs work. Sent to the tenancy's reporting region, the only one where
   * Cloud Guard accepts writes.
   */
  reopen(problemId: string, tenancyId: string | null, comment: string): Promise<void>;
}

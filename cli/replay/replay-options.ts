import type { CloudGuardClient } from 'oci-cloudguard';
import { rebuildEventFromProblem } from './rebuild-event.js';

export interface ReplayOptions {
  /** Captured event files, then problems whose event is rebuilt from Cloud Guard's record. */
  sources: ReplaySource[];
  against: 'emulator' | 'dry-run' | 'live';
  json: boolean;
  state: string | null;
  stateOut: string | null;
  provision: boolean;
  profile: string;
  configFile: string | null;
  topic: string | null;
  endpoint: string | null;
  identityRegion: string | null;
  /** `--comment`: the closure comment of a rebuilt event, instead of the one Cloud Guard recorded. */
  comment: string | null;
  /** Per event: the deadline handed to the responder, like Fn's. */
  timeoutMs: number;
  verbose: boolean;
}

export type ReplaySource = { kind: 'file'; file: string; text: string } | { kind: 'problem'; problemId: string };

/** The Function's default margin (CGR_DEADLINE_MARGIN_MS): the report keeps it. */
export const DEADLINE_MARGIN_MS = 3_000;

/** One event to replay: its text, what the report calls it, and what it was rebuilt from (null: captured). */
export interface ReplayEvent {
  label: string;
  text: string;
  rebuiltFrom: string[] | null;
}

/** A captured event as read; a problem's event rebuilt from the Cloud Guard the replay talks to. */
export async function eventOf(source: ReplaySource, cloudGuard: CloudGuardClient, comment: string | null): Promise<ReplayEvent> {
  if (source.kind === 'file') return { label: source.file, text: source.text, rebuiltFrom: null };
  const rebuilt = await rebuildEventFromProblem(cloudGuard, source.problemId, comment);
  return { label: `problem ${source.problemId}`, text: rebuilt.text, rebuiltFrom: rebuilt.sources };
}

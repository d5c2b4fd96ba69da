import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const EVENTS_DIR = join(import.meta.dirname, '..', '..', 'events');

/** A bundled sample event as text, exactly as a file replay or the Fn agent would deliver it. */
export function eventText(relativePath: string): string {
  return readFileSync(join(EVENTS_DIR, relativePath), 'utf8');
}

/** A bundled sample event as a fresh object, safe to modify. */
export function eventObject(relativePath: string): Record<string, unknown> {
  return JSON.parse(eventText(relativePath)) as Record<string, unknown>;
}

export const SAMPLE_EVENTS = {
  apiKey: 'cloudguard/problem-remediated.api-key-too-old.json',
  authToken: 'cloudguard/problem-remediated.auth-token-too-old.json',
  secretKey: 'cloudguard/problem-remediated.secret-key-too-old.json',
  password: 'cloudguard/problem-remediated.password-too-old.json',
} as const;

/** The burst shared by the bench and test/e2e/burst.test.ts; see burst.mjs. */
import type { EmulatorState } from '../../emulator/index.js';

export interface BurstDelivery {
  problemId: string;
  userId: string;
  userName: string;
  kind: 'API_KEY' | 'AUTH_TOKEN' | 'CUSTOMER_SECRET_KEY' | 'UI_PASSWORD';
  body: string;
  duplicate: boolean;
}
export interface BurstAnswer {
  httpStatus: number;
  body: any;
  ms: number;
}
export function burstTenancy(
  sampleState: EmulatorState,
  options: { users: number; problemsPerUser?: number; duplicates: number; seed?: number },
): { state: EmulatorState; deliveries: BurstDelivery[] };
export function runBurst(
  deliveries: BurstDelivery[],
  instances: Array<{ call(body: string): Promise<BurstAnswer> }>,
  concurrency: number,
): Promise<{ results: BurstAnswer[]; totalMs: number }>;
export function burstViolations(before: EmulatorState, after: EmulatorState, deliveries: BurstDelivery[], results: BurstAnswer[]): string[];
export function percentile(values: number[], p: number): number;
export function zeroDelays(state: EmulatorState): EmulatorState;

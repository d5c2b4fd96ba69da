import { setTimeout as realDelay } from 'node:timers/promises';
import type { EmulatorState, OciEmulator } from '../../emulator/index.js';

/**
 * Waits (real time) until the emulator has answered `count` calls of `operation`. Calls are
 * logged when answered, so a test that holds the next call with a `delayMs` fault can act in
 * the gap this leaves: that is how an interleaving is forced rather than hoped for.
 */
export async function untilCalls(emulator: OciEmulator, operation: string, count: number, timeoutMs = 10_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (emulator.calls().filter((call) => call.operation === operation).length < count) {
    if (Date.now() > giveUpAt) throw new Error(`${operation} was not called ${count} times within ${timeoutMs} ms`);
    await realDelay(5);
  }
}

/** Every message published to any topic: the emails SecOps would get. */
export function messageCount(state: EmulatorState): number {
  return state.topics.reduce((sum, topic) => sum + topic.messages.length, 0);
}

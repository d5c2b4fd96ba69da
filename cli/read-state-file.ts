import { readFile } from 'node:fs/promises';
import { assertValidState, InvalidStateError, type EmulatorState } from '../emulator/index.js';
import { fileErrorReason } from './file-error-reason.js';
import { UsageError } from './usage-error.js';

/**
 * Reads and validates an emulator seed (`--state`). Every way it can be wrong is the caller's
 * mistake, so each is a usage error naming the file and the one reason: unreadable, not JSON, or
 * the first path that breaks schemas/emulator-state.schema.json.
 */
export async function readStateFile(file: string): Promise<EmulatorState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the state file ${file}: ${fileErrorReason(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`the state file ${file} is not valid JSON`);
  }
  try {
    assertValidState(value);
  } catch (error) {
    if (error instanceof InvalidStateError)
      throw new UsageError(`the state file ${file} is not an emulator state: ${error.message}`, 'see schemas/emulator-state.schema.json');
    throw error;
  }
  return value;
}

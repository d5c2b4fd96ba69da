import common from 'oci-common';
import { UsageError } from './usage-error.js';

/**
 * The OCI config profile a command signs as, or one usage error that says the same for every
 * command: which profile, which file, and why in a few words. The SDK's own messages end in a
 * paragraph of links, sometimes arrive as plain objects, and one of them is printed by the SDK
 * itself on the console; none of that reaches the user.
 */
export function loadOciConfig(configFile: string | null, profile: string): common.ConfigFileAuthenticationDetailsProvider {
  const info = console.info;
  console.info = () => undefined;
  try {
    return new common.ConfigFileAuthenticationDetailsProvider(configFile ?? undefined, profile);
  } catch (error) {
    throw new UsageError(
      `cannot load OCI config profile ${profile} from ${configFile ?? '~/.oci/config'}: ${configProblem(error, profile)}`,
    );
  } finally {
    console.info = info;
  }
}

function configProblem(error: unknown, profile: string): string {
  const message = String((error as { message?: unknown } | null)?.message ?? error ?? '');
  if (/File does not exists|Can't load the default config/i.test(message)) return 'no such file';
  if (/No profile named/i.test(message)) return `the file has no [${profile}] profile`;
  if (/private key/i.test(message)) return "the profile's key_file cannot be read";
  const first = message.split(/\.\s+For more info/)[0]?.trim();
  return first || 'unreadable';
}

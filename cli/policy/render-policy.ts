import type { GeneratedPolicy } from './least-privilege-policy.js';

/** The text `cg-responder policy` prints: what to create, in the order an administrator creates it. */
export function renderPolicy(policy: GeneratedPolicy, functionId: string): string {
  const lines: string[] = [];
  lines.push(`1. Dynamic group "${policy.dynamicGroup.name}" (Identity › Dynamic groups, default identity domain)`);
  lines.push(`   matching rule: ${policy.dynamicGroup.matchingRule}`);
  for (const group of policy.vaultSecretDynamicGroups) {
    lines.push(`   and dynamic group "${group.name}" (the secrets Vault rotation acts as)`);
    lines.push(`   matching rule: ${group.matchingRule}`);
  }
  lines.push('');
  lines.push('2. Policy in the root compartment (IAM users live in the tenancy), these statements:');
  for (const entry of policy.entries.filter((candidate) => candidate.enabled)) {
    lines.push(`   ${entry.statement}`);
    lines.push(`     # ${entry.operations.join(', ')}: ${entry.why}${entry.optional ? ` [optional, on: ${entry.optional.flag}]` : ''}`);
    lines.push(`     # source: ${entry.source}`);
  }
  const off = policy.entries.filter((entry) => !entry.enabled);
  if (off.length > 0) {
    lines.push('');
    lines.push('   Optional, not included (the setting or flag that adds each):');
    for (const entry of off) {
      lines.push(`   ${entry.optional?.flag ?? ''}: enables ${entry.optional?.enables ?? ''}`);
      lines.push(`     ${entry.statement}`);
    }
  }
  lines.push('');
  lines.push(`3. Events rule "${policy.eventsRule.displayName}" in ${policy.eventsRule.compartment}`);
  lines.push(`   condition: ${policy.eventsRule.condition}`);
  lines.push(`   action:    Functions › ${functionId}`);
  lines.push('');
  lines.push('New policies take effect within a few minutes; then run `cg-responder doctor`.');
  return lines.join('\n');
}

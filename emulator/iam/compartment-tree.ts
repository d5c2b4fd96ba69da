import type { EmulatorState } from '../state/types.js';
import type { Location } from './policy-statement.js';

/**
 * The tenancy's compartment tree: the tenancy is the root; `iam.compartments` lists the others
 * with their parents. A policy location covers its compartment and every compartment below it
 * (docs, Policy Inheritance: "Compartments inherit any policies from their parent compartments",
 * https://docs.oracle.com/iaas/Content/Identity/policieshow/how-policies-work.htm).
 */
export class CompartmentTree {
  readonly #parents = new Map<string, string>();
  readonly #children = new Map<string, Map<string, string>>();

  constructor(readonly state: EmulatorState) {
    for (const compartment of state.iam?.compartments ?? []) {
      this.#parents.set(compartment.id, compartment.parentId);
      const byName = this.#children.get(compartment.parentId) ?? new Map<string, string>();
      byName.set(compartment.name, compartment.id);
      this.#children.set(compartment.parentId, byName);
    }
  }

  /**
   * The compartment a location names, resolved from the policy's own compartment: a name path
   * `a:b` walks down from there (docs, Policy Syntax: "compartment <compartment_name>" and
   * "to specify a compartment that is not a direct child… separate each compartment with a colon").
   * null: no such compartment.
   */
  resolve(location: Location, policyCompartmentId: string): string | null {
    if (location.kind === 'tenancy') return this.state.tenancy.id;
    if (location.kind === 'compartment-id') return location.id;
    let current = policyCompartmentId;
    for (const name of location.path) {
      const next = this.#children.get(current)?.get(name);
      if (!next) return null;
      current = next;
    }
    return current;
  }

  /** True when `compartmentId` is `ancestorId` or lies below it. */
  covers(ancestorId: string, compartmentId: string | null): boolean {
    if (ancestorId === this.state.tenancy.id) return true;
    let current: string | undefined = compartmentId ?? undefined;
    const seen = new Set<string>();
    while (current !== undefined && !seen.has(current)) {
      if (current === ancestorId) return true;
      seen.add(current);
      current = this.#parents.get(current);
    }
    return false;
  }
}

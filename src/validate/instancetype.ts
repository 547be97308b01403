/**
 * `spec.instancetype` and `spec.preference`: references to KubeVirt's instancetypes and preferences.
 */
import { dns1123SubdomainErrors } from './kube-names';
import { expectEnum, expectObject, expectRequiredString, Report, walk } from './report';
import { InstancetypeKind, PreferenceKind } from '../spec/profile-spec';

export const INSTANCETYPE_KINDS: readonly string[] = [InstancetypeKind.CLUSTER, InstancetypeKind.NAMESPACED];

export const PREFERENCE_KINDS: readonly string[] = [PreferenceKind.CLUSTER, PreferenceKind.NAMESPACED];

/**
 * The warning for a compute setting that needs what only the instancetype can give: KubeVirt applies the instancetype
 * first, then refuses the VM if the combination lacks it (and validates the VM alone while the instancetype is missing).
 */
export const INSTANCETYPE_MUST_GIVE = (what: string): string => `relies on the instancetype giving ${what}: KubeVirt refuses the VM `
  + 'if it does not, or while the instancetype does not exist yet (create instancetypes before VMs)';

/** An instancetype or preference reference: a name (an object name) and one of KubeVirt's two kinds. */
export function validateResourceRef(r: Report, field: string, v: unknown, kinds: readonly string[]): void {
  if (!expectObject(r, field, v)) return;
  walk(r, v, field, {
    name: (value, f) => {
      if (expectRequiredString(r, f, value)) r.invalidEach(f, value, dns1123SubdomainErrors(value));
    },
    kind: (value, f) => {
      expectEnum(r, f, value, kinds);
    },
  }, ['name']);
}

import { NODE_NETWORK_LABEL } from '../plan/naming';
import { PROFILE_API_VERSION, PROFILE_KIND, VirtualMachineProfileManifest } from '../spec/profile-spec';
import { ProfileSynthError, synthProfiles } from '../synth/synth';

/** The field manager of everything the controller applies. */
export const FIELD_MANAGER = 'vmprofile-controller';
/**
 * Annotation on the VM: the `runStrategy` the profile last asked for. While the profile asks for the same, the VM's
 * live `runStrategy` (what `virtctl start/stop` set) is kept; when the profile asks for another, it is applied.
 */
export const RUN_STRATEGY_ANNOTATION = 'vm.example.com/run-strategy';

const KUBECTL_LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A profile rendered for the cluster: the objects it needs, by the same code as `synthProfiles`. */
export interface RenderedProfile {
  /** `namespace/name` of the profile. */
  readonly key: string;
  /** What the render was made from ({@link renderInput}): equal inputs render equal objects. */
  readonly input: string;
  /** The profile as the library reads it (metadata reduced to name, namespace, labels, annotations). */
  readonly doc: VirtualMachineProfileManifest;
  /** The namespaced objects (NADs, DataVolumes, the cloud-init Secret, the VM), in apply order, without owners. */
  readonly objects: readonly any[];
  /** True when some network asks for node networking (an nmstate policy, merged across profiles). */
  readonly needsNodeNetwork: boolean;
  /** Warnings of validation, one line each. */
  readonly warnings: readonly string[];
}

/** What rendering a profile object gave: the objects, or why it cannot be rendered. */
export type RenderOutcome =
  | { readonly rendered: RenderedProfile; readonly problems?: undefined }
  | { readonly rendered?: undefined; readonly problems: readonly string[] };

/** The profile as the library reads it: what a user wrote, without the server's metadata. */
export function profileDocument(profile: any): VirtualMachineProfileManifest {
  const m = profile.metadata ?? {};
  const annotations = m.annotations ? Object.fromEntries(Object.entries(m.annotations).filter(([k]) => k !== KUBECTL_LAST_APPLIED)) : undefined;
  return {
    apiVersion: profile.apiVersion,
    kind: profile.kind,
    metadata: {
      name: m.name,
      namespace: m.namespace,
      ...(m.labels ? { labels: m.labels } : {}),
      ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: profile.spec,
  } as VirtualMachineProfileManifest;
}

/**
 * What a render depends on: the object's identity, its generation (the spec) and the labels and annotations it
 * copies (metadata changes do not bump the generation).
 */
export function renderInput(profile: any): string {
  const m = profile.metadata ?? {};
  return JSON.stringify([m.uid, m.generation, m.labels ?? {}, m.annotations ?? {}]);
}

/** Renders one profile object read from the cluster. Problems are the validation messages, without the subject. */
export function renderProfileObject(profile: any): RenderOutcome {
  const doc = profileDocument(profile);
  try {
    const { manifests, warnings } = synthProfiles([{ doc }]);
    const objects = manifests.filter((m) => m.kind !== 'NodeNetworkConfigurationPolicy').map(forApply);
    return {
      rendered: {
        key: `${profile.metadata.namespace}/${profile.metadata.name}`,
        input: renderInput(profile),
        doc,
        objects,
        needsNodeNetwork: manifests.some((m) => m.kind === 'NodeNetworkConfigurationPolicy'),
        warnings,
      },
    };
  } catch (e) {
    if (!(e instanceof ProfileSynthError)) throw e;
    const subject = `${PROFILE_KIND}/${profile.metadata.namespace}/${profile.metadata.name}: `;
    return { problems: e.problems.map((p) => (p.startsWith(subject) ? p.slice(subject.length) : p)) };
  }
}

/** The node-network policies all `profiles` need together, or which profiles contradict each other. */
export function renderNodeNetworks(profiles: readonly RenderedProfile[]): { policies: any[]; conflicts: Map<string, string[]> } {
  const conflicts = new Map<string, string[]>();
  let remaining = profiles.filter((p) => p.needsNodeNetwork);
  // A contradiction names both profiles; drop the named ones and render the rest, so one conflict stops only them.
  for (;;) {
    try {
      const { manifests } = synthProfiles(remaining.map((p) => ({ doc: p.doc })));
      return { policies: manifests.filter((m) => m.kind === 'NodeNetworkConfigurationPolicy').map(forApply), conflicts };
    } catch (e) {
      if (!(e instanceof ProfileSynthError)) throw e;
      const before = remaining.length;
      for (const problem of e.problems) {
        for (const p of remaining) {
          if (namesSubject(problem, `${PROFILE_KIND}/${p.key}`)) {
            conflicts.set(p.key, [...(conflicts.get(p.key) ?? []), problem]);
          }
        }
      }
      remaining = remaining.filter((p) => !conflicts.has(p.key));
      if (remaining.length === before) return { policies: [], conflicts };
    }
  }
}

/** True when `line` names `subject` (not merely a longer name that starts like it). */
function namesSubject(line: string, subject: string): boolean {
  for (let at = line.indexOf(subject); at >= 0; at = line.indexOf(subject, at + 1)) {
    if (!/[-a-z0-9.]/.test(line.charAt(at + subject.length))) return true;
  }
  return false;
}

/** An ownerReference to a profile. `controller` marks the one owner that manages the object. */
export function ownerReference(profile: { name: string; uid: string }, controller: boolean): any {
  return { apiVersion: PROFILE_API_VERSION, kind: PROFILE_KIND, name: profile.name, uid: profile.uid, controller, blockOwnerDeletion: true };
}

/** True for the objects the controller labels as node networking. */
export function isNodeNetworkPolicy(obj: any): boolean {
  return obj?.metadata?.labels?.[NODE_NETWORK_LABEL] !== undefined;
}

/**
 * True when `live` holds every field of `desired` with the same value: what server-side apply would leave as is.
 * Maps may hold more keys (others' fields); lists must match element by element.
 */
export function contains(live: unknown, desired: unknown): boolean {
  if (desired === null || typeof desired !== 'object') return live === desired;
  if (Array.isArray(desired)) {
    return Array.isArray(live) && live.length === desired.length && desired.every((d, i) => contains(live[i], d));
  }
  if (live === null || typeof live !== 'object' || Array.isArray(live)) return false;
  return Object.keys(desired).every((k) => Object.prototype.hasOwnProperty.call(live, k) &&
    contains((live as any)[k], (desired as any)[k]));
}

/** The object as it is applied: a Secret's `stringData` as `data`, which is what the server stores and returns. */
function forApply(obj: any): any {
  if (obj.kind !== 'Secret' || !obj.stringData) return obj;
  const { stringData, ...rest } = obj;
  const data: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(stringData as Record<string, string>)) data[k] = Buffer.from(v, 'utf8').toString('base64');
  return Object.assign(rest, { data: Object.assign({}, obj.data, data) });
}

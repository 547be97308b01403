import { Construct, IConstruct } from 'constructs';
import { decodePrototypeKeys, merged } from './object-merge';
import { NetworkAttachmentDefinition, NetworkAttachmentDefinitionProps } from '../../imports/nad-k8s.cni.cncf.io';
import { NODE_NETWORK_PROFILES_ANNOTATION, PROFILE_LABEL, SHARED_LABEL } from '../plan/naming';
import { NadPlan } from '../plan/profile-plan';
import { FieldError, ValidationError } from '../validate/field-error';

/** The typed props of a planned NAD. */
export function networkAttachmentDefinitionProps(nad: NadPlan, labels: Record<string, string>): NetworkAttachmentDefinitionProps {
  return {
    metadata: {
      name: nad.name,
      ...(nad.namespace ? { namespace: nad.namespace } : {}),
      labels: merged(labels),
      ...(Object.keys(nad.annotations).length > 0 ? { annotations: merged(nad.annotations) } : {}),
    },
    spec: { config: JSON.stringify(nad.cniConfig) },
  };
}

/** A profile that uses a NAD it may create: how it is named in the users annotation, and its labels. */
export interface NadUser {
  /** `namespace/name` of the profile (just `name` without a namespace). */
  readonly profile: string;
  /** The labels the profile puts on its own objects (`vmprofile: <name>` included). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Who created a shared NAD and with what. */
interface SharedNad {
  readonly owner: string;
  readonly field: string;
  readonly nad: NadPlan;
  /** The NAD serialized, to compare configs in one string comparison. */
  readonly config: string;
  /** The profiles that use it, in claim order; empty when a {@link VmNetwork} created it. */
  readonly users: NadUser[];
}

/** Metadata of a NAD several profiles use: it must not look like one profile's own. */
export interface SharedNadMetadata {
  /** The labels every user has in common, without `vmprofile`, plus `vm.example.com/shared: "true"`. */
  readonly labels: Record<string, string>;
  /** The NAD's own annotations plus `vm.example.com/profiles: <ns/a>,<ns/b>` (sorted). */
  readonly annotations: Record<string, string>;
}

/**
 * A NAD a profile creates. Its labels and annotations are decided at synthesis, once every profile of the app has
 * claimed it: shared by several profiles, it carries {@link SharedNetworks.sharedMetadata} instead of the first
 * profile's `vmprofile` label (else `kubectl delete -l vmprofile=<first>` would delete the others' network).
 */
export class ProfileNetworkAttachmentDefinition extends NetworkAttachmentDefinition {
  /**
   * @param encodedKeys `props` went through {@link encodePrototypeKeys}: the JSON restores the keys
   */
  constructor(scope: Construct, id: string, props: NetworkAttachmentDefinitionProps, private readonly shared: SharedNetworks,
    private readonly nad: NadPlan, private readonly encodedKeys = false) {
    super(scope, id, props);
  }

  public toJson(): any {
    const json = super.toJson();
    return withSharedMetadata(this.encodedKeys ? decodePrototypeKeys(json) : json, this.shared.sharedMetadata(this.nad));
  }
}

/** `manifest` with the metadata of a shared NAD, when it is one. Mutates and returns `manifest`. */
export function withSharedMetadata(manifest: any, metadata: SharedNadMetadata | undefined): any {
  if (metadata) {
    manifest.metadata.labels = metadata.labels;
    manifest.metadata.annotations = metadata.annotations;
  }
  return manifest;
}

/** Spec field of a NAD difference, for the error message. */
const NAD_FIELDS: Array<[string, (n: NadPlan) => unknown]> = [
  ['type', (n) => n.cniConfig.type],
  ['bridgeName', (n) => n.cniConfig.bridge],
  ['vlanId', (n) => n.cniConfig.vlan],
  ['resourceName', (n) => Object.values(n.annotations)[0]],
];

/**
 * NADs shared between profiles: two profiles of one app that need `<network>-nad` in one namespace get one object
 * when the configs agree, and an error naming both profiles and the differing field when they don't.
 */
export class SharedNetworks {
  /** The registry of the app `scope` belongs to. */
  public static of(scope: IConstruct): SharedNetworks {
    const root = scope.node.root;
    let shared = SharedNetworks.perApp.get(root);
    if (!shared) {
      shared = new SharedNetworks();
      SharedNetworks.perApp.set(root, shared);
    }
    return shared;
  }

  private static readonly perApp = new WeakMap<IConstruct, SharedNetworks>();
  private readonly nads = new Map<string, SharedNad>();

  /**
   * Registers that `user` (e.g. `VirtualMachineProfile/ns/name`) needs `nad`, declared at `field`.
   * @returns true when `user` is the first and must create the NAD; false when it exists with the same config
   * @throws ValidationError when the NAD exists with another config
   */
  public claim(user: string, field: string, nad: NadPlan, profile?: NadUser): boolean {
    const key = nadKey(nad);
    const known = this.nads.get(key);
    const config = JSON.stringify(nad);
    if (!known) {
      this.nads.set(key, { owner: user, field, nad, config, users: profile ? [profile] : [] });
      return true;
    }
    if (known.config !== config) {
      const differing = NAD_FIELDS.find(([, get]) => JSON.stringify(get(known.nad)) !== JSON.stringify(get(nad))) ?? ['config', () => undefined] as const;
      const [name, get] = differing;
      const error: FieldError = {
        type: 'Invalid',
        field: `${field}.${name}`,
        value: get(nad) ?? null,
        detail: `NetworkAttachmentDefinition ${key.replace(/^\//, '')} is already defined by ${known.owner} (${known.field}) with ` +
          `${name} ${JSON.stringify(get(known.nad)) ?? 'unset'}; use the same settings or another network name`,
      };
      throw new ValidationError([error], user);
    }
    // A NAD a VmNetwork made keeps the labels its author gave it.
    if (profile && known.users.length > 0 && !known.users.some((u) => u.profile === profile.profile)) known.users.push(profile);
    return false;
  }

  /**
   * The metadata of a NAD that several profiles use (labels they share, the users annotation), or undefined while
   * one profile alone uses it (then it is that profile's own and keeps its labels).
   */
  public sharedMetadata(nad: NadPlan): SharedNadMetadata | undefined {
    const users = this.nads.get(nadKey(nad))?.users ?? [];
    return users.length < 2 ? undefined : sharedNadMetadata(users, nad.annotations);
  }
}

/**
 * The metadata of a NAD several profiles use: the labels all `users` share without `vmprofile`, plus
 * `vm.example.com/shared: "true"`; `annotations` plus the users in `vm.example.com/profiles`. The controller
 * applies shared NADs with the same metadata.
 */
export function sharedNadMetadata(users: readonly NadUser[], annotations: Readonly<Record<string, string>>): SharedNadMetadata {
  const labels: Record<string, string> = Object.create(null);
  const [first, ...rest] = users;
  for (const key of Object.keys(first.labels)) {
    const value = first.labels[key];
    if (key !== PROFILE_LABEL && rest.every((u) => Object.prototype.hasOwnProperty.call(u.labels, key) && u.labels[key] === value)) {
      labels[key] = value;
    }
  }
  labels[SHARED_LABEL] = 'true';
  const all: Record<string, string> = merged(annotations);
  all[NODE_NETWORK_PROFILES_ANNOTATION] = users.map((u) => u.profile).sort().join(',');
  return { labels: merged(labels), annotations: all };
}

function nadKey(nad: NadPlan): string {
  return `${nad.namespace ?? ''}/${nad.name}`;
}

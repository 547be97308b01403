import { IConstruct, Construct } from 'constructs';
import { NetworkAttachmentDefinition, NetworkAttachmentDefinitionProps } from '../../imports/nad-k8s.cni.cncf.io';
import { createdNadName, defaultBridgeName, PROFILE_LABEL, SHARED_LABEL } from '../plan/naming';
import { NODE_NETWORK_PROFILES_ANNOTATION } from '../plan/node-network';
import { NadPlan, planNad } from '../plan/profile-plan';
import { decodePrototypeKeys, encodePrototypeKeys, hasPrototypeKeys, merged, prototypeSafeClass } from '../render/object-merge';
import { NetworkSpec, NodeNetworkSpec } from '../spec/profile-spec';
import {
  FieldError, formatFieldWarning, validateImportedNetwork, validateVmNetworkProps, ValidationError, ValidationResult,
} from '../validate/validation';

/** A network a VM can attach to: a NetworkAttachmentDefinition, created here or existing. */
export interface IVmNetwork extends IConstruct {
  /** Network name, used for the VM's interface and network. */
  readonly name: string;
  /** Network type (`bridge`, `macvlan`, `sriov`, `ovs`): decides the KubeVirt binding. */
  readonly type: string;
  /** Multus reference of the NAD: `name` (in the VM's namespace) or `namespace/name`. */
  readonly nadName: string;
}

/** Props of a {@link VmNetwork}. */
export interface VmNetworkProps {
  /** Network name; the NAD is `<name>-nad`. */
  readonly name: string;
  /** `bridge`, `macvlan`, `sriov` or `ovs`. */
  readonly type: string;
  /**
   * Namespace of the NAD.
   * @default - none (the chart's or kubectl's)
   */
  readonly namespace?: string;
  /**
   * VLAN ID.
   * @default - untagged
   */
  readonly vlanId?: number;
  /**
   * Node bridge (`bridge`, `ovs`).
   * @default - `br-<name>` for `bridge`
   */
  readonly bridgeName?: string;
  /**
   * Device-plugin resource (`k8s.v1.cni.cncf.io/resourceName`).
   * @default - per type, see README
   */
  readonly resourceName?: string;
  /**
   * Node side; only its `uplink` matters here (the macvtap lower device).
   * @default - none
   */
  readonly nodeNetwork?: NodeNetworkSpec;
  /**
   * Labels of the NAD.
   * @default - none
   */
  readonly labels?: { readonly [key: string]: string };
}

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

/**
 * A Multus NetworkAttachmentDefinition for VMs, with the CNI config each network type needs
 * (bridge CNI, ovs-cni, sriov-cni, macvtap-cni). One per name and namespace in an app: when a profile already
 * created the same NAD, this construct refers to it and creates nothing.
 */
export class VmNetwork extends Construct implements IVmNetwork {
  /** An existing NAD (`name` or `namespace/name`); creates nothing. */
  public static fromNadName(scope: Construct, id: string, nadName: string, options: ImportedVmNetworkOptions): IVmNetwork {
    return new ImportedVmNetwork(scope, id, nadName, options);
  }

  public readonly name: string;
  public readonly type: string;
  public readonly nadName: string;
  /** Namespace of the NAD. */
  public readonly namespace?: string;

  private readonly _warnings: FieldError[];

  /**
   * @throws ValidationError listing every problem of `props`, with the rules of a profile's `spec.networks[i]`
   */
  constructor(scope: Construct, id: string, props: VmNetworkProps) {
    super(scope, id);
    this._warnings = checked(validateVmNetworkProps(props), `VmNetwork ${this.node.path}`);
    this.name = props.name;
    this.type = props.type;
    const { name, type, vlanId, bridgeName, resourceName, nodeNetwork, namespace } = props;
    const nad = planNad({ name, type, vlanId, bridgeName, resourceName, nodeNetwork }, createdNadName(name), namespace,
      type === 'bridge' ? bridgeName ?? defaultBridgeName(name) : bridgeName);
    this.namespace = nad.namespace;
    this.nadName = this.namespace ? `${this.namespace}/${nad.name}` : nad.name;
    // One NAD per name and namespace in the app: a profile's inline network of the same config reuses this one
    // (and the other way round); another config is an error naming both.
    const create = SharedNetworks.of(this).claim(`VmNetwork ${this.node.path}`, 'props', nad);
    if (create) {
      const nadProps = networkAttachmentDefinitionProps(nad, merged(props.labels));
      if (hasPrototypeKeys(props.labels)) new (prototypeSafeClass(NetworkAttachmentDefinition))(this, 'Resource', encodePrototypeKeys(nadProps));
      else new NetworkAttachmentDefinition(this, 'Resource', nadProps);
    }
  }

  /** Validation warnings of the props (things that work but lose something). */
  public get warnings(): string[] {
    return this._warnings.map(formatFieldWarning);
  }
}

/** The warnings of a validation result; throws its errors as one ValidationError about `subject`. */
export function checked(result: ValidationResult, subject: string): FieldError[] {
  if (result.errors.length > 0) throw new ValidationError(result.errors, subject);
  return result.warnings;
}

/** Options of {@link VmNetwork.fromNadName}. */
export interface ImportedVmNetworkOptions {
  /** Network name in the VM. */
  readonly name: string;
  /** Type of the network behind the NAD: decides the binding. */
  readonly type: string;
}

class ImportedVmNetwork extends Construct implements IVmNetwork {
  public readonly name: string;
  public readonly type: string;
  constructor(scope: Construct, id: string, public readonly nadName: string, options: ImportedVmNetworkOptions) {
    super(scope, id);
    checked(validateImportedNetwork(nadName, options), `VmNetwork ${this.node.path}`);
    this.name = options.name;
    this.type = options.type;
  }
}

/** The spec entry that attaches a profile to an {@link IVmNetwork}. */
export function networkSpecOf(network: IVmNetwork, attachment: Partial<NetworkSpec> = {}): NetworkSpec {
  return { name: network.name, type: network.type, nadName: network.nadName, ...attachment };
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

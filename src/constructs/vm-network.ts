import { IConstruct, Construct } from 'constructs';
import type { NetworkAttachmentOptions } from './virtual-machine-profile';
import { NetworkAttachmentDefinition } from '../../imports/nad-k8s.cni.cncf.io';
import { bridgeNameOf, createdNadName } from '../plan/naming';
import { planNad } from '../plan/profile-plan';
import { networkAttachmentDefinitionProps, SharedNetworks } from '../render/network-attachment-definition';
import { encodePrototypeKeys, hasPrototypeKeys, merged, prototypeSafeClass } from '../render/object-merge';
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
   * @default - per type, see docs/networks.md
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
      bridgeNameOf({ type, name, bridgeName }));
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
export function networkSpecOf(network: IVmNetwork, attachment: NetworkAttachmentOptions = {}): NetworkSpec {
  const identity = { name: network.name, type: network.type, nadName: network.nadName };
  // The network's identity first (the document's key order) and last (a JavaScript caller's stray `name` loses).
  return Object.assign({}, identity, attachment, identity);
}

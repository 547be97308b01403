import { Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { NodeNetworkPolicies } from './node-network-policies';
import { guardUniqueObjects } from './unique-objects';
import { IVmDisk, VmDisk } from './vm-disk';
import { IVmNetwork, networkSpecOf, VmNetwork } from './vm-network';
import { DataVolume } from '../../imports/cdi-cdi.kubevirt.io';
import type { KubeSecret, KubeSecretProps } from '../../imports/k8s';
import { VirtualMachine, VirtualMachineSpec } from '../../imports/kubevirt-vm-kubevirt.io';
import { profileSubject, vmName } from '../plan/naming';
import { planProfile, ProfilePlan } from '../plan/profile-plan';
import { cloudInitSecretProps, kubeSecretClass, planCloudInit } from '../render/cloud-init';
import { dataVolumeProps } from '../render/data-volume';
import { networkAttachmentDefinitionProps, ProfileNetworkAttachmentDefinition, SharedNetworks } from '../render/network-attachment-definition';
import { encodePrototypeKeys, hasPrototypeKeys, merged, prototypeSafeClass } from '../render/object-merge';
import { kubeServiceClass } from '../render/pod-service';
import { renderProfile } from '../render/render-profile';
import { virtualMachineProps } from '../render/virtual-machine';
import {
  DiskSpec, IpConfigSpec, NetworkSpec, PROFILE_API_VERSION, PROFILE_KIND, ProfileMetadata, VirtualMachineProfileManifest, VirtualMachineProfileSpec,
} from '../spec/profile-spec';
import { GuestAddresses } from '../validate/guest-addresses';
import { assertValidProfile, FieldError, formatFieldWarning, goQuote, ValidationError } from '../validate/validation';

/** Props of a {@link VirtualMachineProfile}: the document's metadata and spec. */
export interface VirtualMachineProfileProps {
  /** Name, namespace and labels. */
  readonly metadata: ProfileMetadata;
  /** The spec, field for field as in the API document. */
  readonly spec: VirtualMachineProfileSpec;
}

/** Options of {@link VirtualMachineProfile.addDisk}. */
export interface AddDiskOptions {
  /**
   * Boot from this disk.
   * @default false
   */
  readonly boot?: boolean;
  /**
   * The bus the guest sees the disk on (`virtio`, `sata`, `scsi` or `usb`), validated like `spec.disks[].bus`.
   * @default "virtio"
   */
  readonly bus?: string;
}

/** `doc.metadata` when `doc` is an object whose metadata can be read, else undefined (a getter may throw). */
function metadataOf(doc: unknown): unknown {
  try {
    return typeof doc === 'object' && doc !== null ? (doc as { metadata?: unknown }).metadata : undefined;
  } catch {
    return undefined;
  }
}

/** The namespace a construct's objects land in: its own, else its Chart's, else undefined (kubectl's current one). */
function namespaceOf(construct: IConstruct, own: string | undefined): string | undefined {
  if (own !== undefined) return own;
  try {
    return Chart.of(construct).namespace;
  } catch {
    return undefined;
  }
}

function describeNamespace(namespace: string | undefined): string {
  return namespace === undefined ? 'kubectl\'s current namespace (none set)' : `namespace ${goQuote(namespace)}`;
}

/** Options of {@link VirtualMachineProfile.addNetwork}: the VM side of the attachment (the NAD's side is the network's). */
export interface NetworkAttachmentOptions {
  /**
   * IP configuration inside the guest.
   * @default - the interface is left unconfigured
   */
  readonly ipConfig?: IpConfigSpec;
  /**
   * The interface's MAC address.
   * @default - a stable locally administered MAC derived from namespace, profile and network name
   */
  readonly macAddress?: string;
  /**
   * The NIC model the guest sees: `virtio`, `e1000e`, `e1000`, `igb`, `rtl8139`, `pcnet` or `ne2k_pci` (not for `sriov`).
   * @default "virtio"
   */
  readonly model?: string;
}

/**
 * One VirtualMachineProfile: a KubeVirt VirtualMachine with its DataVolumes, NetworkAttachmentDefinitions,
 * cloud-init and (for networks with `nodeNetwork`) nmstate policies.
 *
 * The props are validated at once; every problem is reported together in one {@link ValidationError}.
 */
export class VirtualMachineProfile extends Construct {
  /**
   * A profile from a parsed YAML/JSON document (`apiVersion: vm.example.com/v1alpha1`, `kind: VirtualMachineProfile`).
   * @param id construct id; `undefined` gives `<name>`, or `<namespace>.<name>` so profiles of one name in several
   *   namespaces can share a chart
   * @throws ValidationError listing every problem of `doc`, whatever it is (null, an array, a broken document)
   */
  public static fromManifest(scope: Construct, id: string | undefined, doc?: any): VirtualMachineProfile {
    // JavaScript callers of the old order `(scope, doc, id?)` still get what they meant.
    if (typeof id !== 'string' && id !== undefined) [id, doc] = [doc, id];
    if (id !== undefined && typeof id !== 'string') {
      throw new ValidationError([{ type: 'Invalid', field: 'id', value: id, detail: 'must be a string (the construct id) or undefined' }]);
    }
    const { warnings } = assertValidProfile(doc, profileSubject(metadataOf(doc)));
    const manifest = doc as VirtualMachineProfileManifest;
    const { name, namespace } = manifest.metadata;
    // The whole document was validated (apiVersion and kind too): the constructor need not do it again.
    VirtualMachineProfile.validated.set(manifest, warnings);
    return new VirtualMachineProfile(scope, id ?? (namespace ? `${namespace}.${name}` : name), manifest);
  }

  /** Warnings of props that {@link fromManifest} already validated. */
  private static readonly validated = new WeakMap<object, FieldError[]>();

  /** Profile name. */
  public readonly name: string;
  /** Namespace of the VM and its objects. */
  public readonly namespace?: string;
  /** Name of the KubeVirt VirtualMachine. */
  public readonly vmName: string;

  private readonly metadata: ProfileMetadata;
  private readonly spec: VirtualMachineProfileSpec;
  private readonly _networks: NetworkSpec[];
  private readonly _disks: DiskSpec[];
  private _warnings: FieldError[];
  /** Names of disks added with {@link addDisk} that are DataVolumes (mounted as `dataVolume`, not as a claim). */
  private readonly dataVolumeDisks = new Set<string>();
  private readonly subject: string;
  /** Collisions of this profile's static addresses with other profiles' ({@link GuestAddresses}). */
  private readonly addressWarnings: FieldError[] = [];
  /** Labels or selectors have keys named like Object.prototype members (see {@link encodePrototypeKeys}). */
  private readonly prototypeKeys: boolean;
  /** The rendered VM spec; undefined once networks or disks were added after construction. */
  private vmSpec?: VirtualMachineSpec;
  /** The Secret with network data too long to inline, once there is one. */
  private cloudInitSecret?: KubeSecret;

  constructor(scope: Construct, id: string, props: VirtualMachineProfileProps) {
    super(scope, id);
    if (typeof props !== 'object' || props === null) {
      throw new ValidationError([{ type: 'Invalid', field: 'props', value: props, detail: 'must be an object with metadata and spec' }]);
    }
    const manifest = { apiVersion: PROFILE_API_VERSION, kind: PROFILE_KIND, metadata: props.metadata, spec: props.spec };
    this.subject = profileSubject(metadataOf(props));
    this._warnings = VirtualMachineProfile.validated.get(props) ?? assertValidProfile(manifest, this.subject).warnings;
    VirtualMachineProfile.validated.delete(props);
    this.metadata = props.metadata;
    this.spec = props.spec;
    this.name = props.metadata.name;
    this.namespace = props.metadata.namespace;
    this.vmName = vmName(this.name);
    this._networks = [...(props.spec.networks ?? [])];
    this._disks = [...(props.spec.disks ?? [])];

    const plan = planProfile(manifest);
    // Keys like `constructor` in labels or selectors: cdk8s gets them encoded and the manifests restore them.
    this.prototypeKeys = hasPrototypeKeys([plan.labels, plan.nodeSelector, plan.networks.map((n) => n.nodeNetwork?.nodeSelector)]);
    const safe = this.prototypeKeys ? encodePrototypeKeys : <T>(value: T) => value;
    const cls = this.prototypeKeys ? prototypeSafeClass : <C>(c: C) => c;
    guardUniqueObjects(this);
    this.claimAddresses(plan);
    let policies: NodeNetworkPolicies | undefined;
    const shared = SharedNetworks.of(this);
    renderProfile(plan, this.subject, shared, {
      // The objects are the profile's own children, not wrapped in VmNetwork/VmDisk constructs: cdk8s resolves
      // every value by climbing to the App, so each level costs (docs/performance.md).
      nad: (nad, network) => new ProfileNetworkAttachmentDefinition(this, `Network-${network.name}`,
        safe(networkAttachmentDefinitionProps(nad, plan.labels)), shared, nad, this.prototypeKeys),
      dataVolume: (disk) => new (cls(DataVolume))(this, `Disk-${disk.name}`, safe(dataVolumeProps(disk, plan.namespace, plan.labels))),
      secret: (secret) => this.ensureCloudInitSecret(secret),
      nodeNetwork: (request) => (policies ??= NodeNetworkPolicies.of(this)).add(request),
      virtualMachine: (vm) => {
        this.vmSpec = vm.spec;
        new (cls(VirtualMachine))(this, 'Resource', {
          metadata: safe(vm.metadata),
          // Networks and disks added later still land in the VM: addNetwork/addDisk drop the rendered spec.
          spec: Lazy.any({ produce: () => safe(this.vmSpec ?? (this.vmSpec = virtualMachineProps(this.currentPlan()).spec)) }),
        });
      },
      // Its ports are the spec's (addNetwork/addDisk do not change them): rendered once.
      service: (service) => new (cls(kubeServiceClass()))(this, 'Service', safe(service)),
    });
  }

  /** Validation warnings (things that work but lose something), formatted like kubectl's. */
  public get warnings(): string[] {
    return [...this._warnings, ...this.addressWarnings].map(formatFieldWarning);
  }

  /**
   * Attaches the VM to a network created elsewhere ({@link VmNetwork} or {@link VmNetwork.fromNadName}),
   * as the next guest interface.
   */
  public addNetwork(network: IVmNetwork, options: NetworkAttachmentOptions = {}): void {
    this.expectConstruct('network', network, ['name', 'type', 'nadName']);
    if (network instanceof VmNetwork && !network.nadName.includes('/')) {
      // A bare nadName is resolved by Multus in the VM's namespace: the NAD must be created there.
      const nadNamespace = namespaceOf(network, network.namespace);
      const vmNamespace = namespaceOf(this, this.namespace);
      if (nadNamespace !== vmNamespace) {
        this.refuse('network', network.nadName, `VmNetwork ${network.node.path} creates its NetworkAttachmentDefinition in ${describeNamespace(nadNamespace)} ` +
            `while this VM lives in ${describeNamespace(vmNamespace)}, where Multus would look for it: ` +
            (vmNamespace !== undefined ? `give the VmNetwork namespace ${goQuote(vmNamespace)}` : 'give the profile the VmNetwork\'s namespace'));
      }
    }
    const entry = networkSpecOf(network, options);
    const warnings = this.revalidate([...this._networks, entry], this._disks);
    this._networks.push(entry);
    try {
      this.claimAddresses(this.currentPlan(), this._networks.length - 1);
    } catch (e) {
      this._networks.pop();
      throw e;
    }
    this._warnings = warnings;
    this.vmSpec = undefined;
    this.ensureCloudInitSecret();
  }

  /**
   * Mounts a disk created elsewhere: a DataVolume ({@link VmDisk}, {@link VmDisk.fromDataVolumeName}) as a
   * `dataVolume` volume, so KubeVirt waits for its import and reports its errors; a claim ({@link VmDisk.fromPvcName})
   * as a `persistentVolumeClaim`. In {@link toManifest} both read as `claimName` (the document has no field for an
   * existing DataVolume).
   */
  public addDisk(disk: IVmDisk, options: AddDiskOptions = {}): void {
    this.expectConstruct('disk', disk, ['name', 'claimName']);
    if (typeof options !== 'object' || options === null) this.refuse('options', options, 'must be an object');
    if (disk instanceof VmDisk && namespaceOf(disk, disk.namespace) !== namespaceOf(this, this.namespace)) {
      // A VM mounts claims of its own namespace only.
      this.refuse('disk', disk.claimName, `VmDisk ${disk.node.path} creates its DataVolume in ${describeNamespace(namespaceOf(disk, disk.namespace))} ` +
          `while this VM lives in ${describeNamespace(namespaceOf(this, this.namespace))}: a VM can only mount claims of its own namespace`);
    }
    const entry: DiskSpec = merged({ name: disk.name, claimName: disk.claimName }, options.boot ? { boot: true } : {},
      options.bus !== undefined ? { bus: options.bus } : {});
    this._warnings = this.revalidate(this._networks, [...this._disks, entry]);
    this._disks.push(entry);
    if (disk.isDataVolume === true) this.dataVolumeDisks.add(disk.name);
    this.vmSpec = undefined;
  }

  /** The profile as a document: YAML → construct → `toManifest()` gives the same fields back. */
  public toManifest(): VirtualMachineProfileManifest {
    return this.manifestWith(this.currentSpec());
  }

  private manifestWith(spec: VirtualMachineProfileSpec): VirtualMachineProfileManifest {
    return { apiVersion: PROFILE_API_VERSION, kind: PROFILE_KIND, metadata: this.metadata, spec };
  }

  private currentSpec(): VirtualMachineProfileSpec {
    return merged(this.spec,
      this._networks.length > 0 || this.spec.networks ? { networks: [...this._networks] } : undefined,
      this._disks.length > 0 || this.spec.disks ? { disks: [...this._disks] } : undefined);
  }

  /** Creates the network-data Secret when the current networks need one; its data follows later additions. */
  private ensureCloudInitSecret(planned?: KubeSecretProps): void {
    if (this.cloudInitSecret) return;
    const props = planned ?? this.currentCloudInitSecretProps();
    if (!props) return;
    const secretClass = this.prototypeKeys ? prototypeSafeClass(kubeSecretClass()) : kubeSecretClass();
    this.cloudInitSecret = new secretClass(this, 'CloudInit', merged(this.prototypeKeys ? encodePrototypeKeys(props) : props, {
      stringData: Lazy.any({ produce: () => this.currentCloudInitSecretProps()!.stringData }),
    }));
  }

  private currentCloudInitSecretProps(): KubeSecretProps | undefined {
    const plan = this.currentPlan();
    return cloudInitSecretProps(plan, planCloudInit(plan));
  }

  private currentPlan(): ProfilePlan {
    const plan = planProfile(this.toManifest());
    if (this.dataVolumeDisks.size === 0) return plan;
    return merged(plan, { claims: plan.claims.map((c) => (this.dataVolumeDisks.has(c.name) ? merged(c, { dataVolume: true }) : c)) });
  }

  /**
   * Registers the guest MACs and static IPs with the app's {@link GuestAddresses}: a MAC another profile uses is an
   * error, a static address another profile has on the same network a warning of this profile.
   */
  private claimAddresses(plan: ProfilePlan, only?: number): void {
    const { errors, warnings } = GuestAddresses.of(this).claim(plan, this.subject, only);
    if (errors.length > 0) throw new ValidationError(errors, this.subject);
    this.addressWarnings.push(...warnings);
  }

  /** Validates the profile with the added networks and disks; returns its warnings, which replace the old ones. */
  private revalidate(networks: NetworkSpec[], disks: DiskSpec[]): FieldError[] {
    return assertValidProfile(this.manifestWith(merged(this.spec, { networks, disks })), this.subject).warnings;
  }

  /** JavaScript callers can pass anything: refuse what is not a network or disk with our error, not a TypeError. */
  private expectConstruct(field: string, value: unknown, keys: readonly string[]): void {
    const missing = typeof value === 'object' && value !== null
      ? keys.filter((k) => typeof (value as Record<string, unknown>)[k] !== 'string') : keys;
    if (missing.length > 0) this.refuse(field, value, `must be an I${field === 'disk' ? 'VmDisk' : 'VmNetwork'} with string ${keys.join(', ')}`);
  }

  /** Throws our error about an argument of an add method. */
  private refuse(field: string, value: unknown, detail: string): never {
    throw new ValidationError([{ type: 'Invalid', field, value, detail }], this.subject);
  }
}

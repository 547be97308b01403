import {
  bridgeNameOf, createdNadName, dataVolumeName, interfaceName, PROFILE_LABEL, stableMacAddress, vmName,
  ANTI_AFFINITY_GROUP_LABEL,
} from './naming';
import { resolveRunStrategy } from './run-strategy';
import { merged } from '../render/object-merge';
import {
  AntiAffinityMode, ComputeSpec, DEFAULT_ANTI_AFFINITY_TOPOLOGY_KEY, DiskCloneSourceSpec, DiskSpec, IpConfigSpec, NetworkSpec, NetworkType,
  NodeNetworkSpec, PassthroughDeviceSpec, PodPortSpec, SysprepSpec, Toleration, FirmwareSpec, InstancetypeKind, PreferenceKind, TpmSpec,
  VirtualMachineProfileManifest, VirtualMachineProfileSpec,
} from '../spec/profile-spec';
import { ValidationError } from '../validate/field-error';
import { imageSourceKind, REGISTRY_SCHEME } from '../validate/kube-names';
import { canonicalQuantity } from '../validate/quantity';

/** The CNI version of the NADs we write (KubeVirt, ovs-cni and macvtap docs use it). */
const CNI_VERSION = '0.3.1';
/** The Multus annotation that ties a NAD to a device-plugin resource, so pods only land on nodes that have it. */
export const RESOURCE_NAME_ANNOTATION = 'k8s.v1.cni.cncf.io/resourceName';
/** Name of the pod network when `spec.podNetwork` is true. */
export const POD_NETWORK_NAME = 'pod';

/** KubeVirt interface binding of a network. */
export type InterfaceBinding = 'bridge' | 'sriov' | 'macvtap' | 'masquerade';

/** A NetworkAttachmentDefinition the library creates. */
export interface NadPlan {
  /** NAD name, `<network>-nad`. */
  readonly name: string;
  /** Namespace: the profile's. */
  readonly namespace?: string;
  /** The CNI config, serialized into `spec.config`. */
  readonly cniConfig: Record<string, unknown>;
  /** Annotations (device-plugin resource). */
  readonly annotations: Record<string, string>;
}

/** One guest NIC and what it is attached to. */
export interface NetworkAttachmentPlan {
  /** Network name (KubeVirt interface and network name). */
  readonly name: string;
  /** Network type as the spec says it (`bridge`, `macvlan`, `sriov`, `ovs`), or `pod`. */
  readonly type: string;
  /** Guest interface name, `eth<i>`, which cloud-init sets by MAC. */
  readonly interfaceName: string;
  /** The interface's MAC address. */
  readonly macAddress: string;
  /** KubeVirt binding. */
  readonly binding: InterfaceBinding;
  /** Multus `networkName` (`name` or `namespace/name`); undefined for the pod network. */
  readonly networkName?: string;
  /** The NAD to create, when the spec has no `nadName`. */
  readonly nad?: NadPlan;
  /** Node bridge (bridge and ovs). */
  readonly bridgeName?: string;
  /** VLAN. */
  readonly vlanId?: number;
  /** Guest IP configuration. */
  readonly ipConfig?: IpConfigSpec;
  /** Node side to build with nmstate. */
  readonly nodeNetwork?: NodeNetworkSpec;
  /** Device-plugin resource override of a created NAD. */
  readonly resourceName?: string;
  /** NIC model, when not virtio's default. */
  readonly model?: string;
  /** Ports the masquerade binding forwards (the pod network only), when the profile lists them. */
  readonly ports?: PodPortSpec[];
}

/** Where a disk's data comes from. */
export type DiskSource =
  | { readonly registry: { readonly url: string; readonly secretRef?: string; readonly certConfigMap?: string } }
  | { readonly http: { readonly url: string; readonly secretRef?: string; readonly certConfigMap?: string } }
  | { readonly blank: Record<string, never> }
  | { readonly pvc: { readonly namespace: string; readonly name: string } }
  | { readonly snapshot: { readonly namespace: string; readonly name: string } };

/** A CDI `sourceRef`: the DataSource a disk is cloned from. */
export interface DiskSourceRef {
  readonly kind: 'DataSource';
  readonly name: string;
  readonly namespace?: string;
}

/** One disk backed by a DataVolume. */
export interface DiskPlan {
  /** Disk name in the VM. */
  readonly name: string;
  /** DataVolume name, also the PVC name: `<profile>-<disk>`. */
  readonly dataVolumeName: string;
  /** Requested size, in apimachinery's canonical spelling (see canonicalQuantity). */
  readonly size: string;
  /** StorageClass. */
  readonly storageClassName: string;
  /** Optional access mode. */
  readonly accessMode?: string;
  /** The image it is imported from (`image`, or `osImage` for the boot disk), if any. */
  readonly image?: string;
  /** CDI source; undefined when `sourceRef` names a DataSource instead. */
  readonly source?: DiskSource;
  /** CDI `sourceRef`, when the disk is cloned from a DataSource. */
  readonly sourceRef?: DiskSourceRef;
  /** PVC volume mode, when set. */
  readonly volumeMode?: string;
  /** Serial number the guest sees, when set. */
  readonly serial?: string;
  /** Boot disk: `bootOrder: 1`. */
  readonly boot: boolean;
  /** Owned by the VM (dataVolumeTemplates) instead of standalone. */
  readonly deleteWithVm: boolean;
  /** Disk bus, when not virtio's default. */
  readonly bus?: string;
}

/** A disk on an existing PersistentVolumeClaim. */
export interface ClaimPlan {
  /** Disk name in the VM. */
  readonly name: string;
  /** The claim. */
  readonly claimName: string;
  /** Boot disk. */
  readonly boot: boolean;
  /**
   * The claim is an existing DataVolume (`VmDisk`): mounted as `dataVolume`, so KubeVirt waits for its import.
   * @default false - mounted as a `persistentVolumeClaim`
   */
  readonly dataVolume?: boolean;
  /** Disk bus, when not virtio's default. */
  readonly bus?: string;
  /** Serial number the guest sees, when set. */
  readonly serial?: string;
}

/** Everything the renderers need, resolved once from a valid profile. */
export interface ProfilePlan {
  /** Profile name. */
  readonly name: string;
  /** Namespace of every object. */
  readonly namespace?: string;
  /** Labels of every object: the profile's plus `vmprofile: <name>`. */
  readonly labels: Record<string, string>;
  /** VirtualMachine name. */
  readonly vmName: string;
  /** vCPUs; undefined when an instancetype sizes the VM. */
  readonly cpu?: number;
  /** Guest memory in apimachinery's canonical spelling; undefined when an instancetype sizes the VM. */
  readonly memory?: string;
  /** Resolved KubeVirt runStrategy. */
  readonly runStrategy: string;
  /** NICs in guest order (the pod network, when asked for, last). */
  readonly networks: NetworkAttachmentPlan[];
  /** DataVolume-backed disks, in spec order. */
  readonly disks: DiskPlan[];
  /** Disks on existing claims (`claimName`), in spec order. */
  readonly claims: ClaimPlan[];
  /** Names of all disks in spec order (the VM's disk order). */
  readonly diskOrder: string[];
  /** Ephemeral boot image when no disk boots and `osImage` is set. */
  readonly containerDiskImage?: string;
  /** Secret with SSH public keys. */
  readonly sshKeySecret?: string;
  /** Template node selector. */
  readonly nodeSelector?: Record<string, string>;
  /** Template tolerations. */
  readonly tolerations?: Toleration[];
  /** Anti-affinity group, when antiAffinity is on. */
  readonly antiAffinityGroup?: string;
  /** `Preferred` or `Required`, when antiAffinity is on. */
  readonly antiAffinityMode?: string;
  /** Node label the group is spread over, when antiAffinity is on. */
  readonly antiAffinityTopologyKey?: string;
  /** KubeVirt `evictionStrategy` of the template, when {@link wantsAvailability} (see {@link assessMigration}). */
  readonly evictionStrategy?: string;
  /** Guest hostname (KubeVirt `spec.template.spec.hostname`). */
  readonly hostname: string;
  /** The user's inline cloud-init user data, if any. */
  readonly userData?: string;
  /** Secret with the user's cloud-init user data, if any. */
  readonly userDataSecret?: string;
  /** The firmware, when the profile sets one. */
  readonly firmware?: FirmwareSpec;
  /** The TPM, when the profile asks for one. */
  readonly tpm?: TpmSpec;
  /** The instancetype (kind resolved: the cluster kind by default), when the profile names one. */
  readonly instancetype?: { readonly kind: string; readonly name: string };
  /** The preference (kind resolved: the cluster kind by default), when the profile names one. */
  readonly preference?: { readonly kind: string; readonly name: string };
  /** CPU placement, topology, hugepages, requests and limits, when the profile sets them. */
  readonly compute?: ComputeSpec;
  /** GPUs passed through, in spec order. */
  readonly gpus?: PassthroughDeviceSpec[];
  /** Host devices passed through, in spec order. */
  readonly hostDevices?: PassthroughDeviceSpec[];
  /** Windows sysprep answer files, instead of cloud-init. */
  readonly sysprep?: SysprepSpec;
  /** The Service for the pod network's forwarded ports, when asked for. */
  readonly service?: PodServicePlan;
}

/** A Service for the forwarded ports: named like the VM, of a type, with the ports. */
export interface PodServicePlan {
  readonly name: string;
  readonly type: string;
  readonly ports: PodPortSpec[];
}

/** The KubeVirt `evictionStrategy` values the library writes. */
export const EvictionStrategy = {
  /** Every disk is ReadWriteMany and every NIC can move: a drain live-migrates the VM (and waits for it). */
  LIVE_MIGRATE: 'LiveMigrate',
  /** Migratability depends on what the cluster decides (a PVC's access mode): migrate if KubeVirt can, else shut down. */
  LIVE_MIGRATE_IF_POSSIBLE: 'LiveMigrateIfPossible',
  /** The VM cannot migrate: a drain shuts it down instead of being blocked by it; the run strategy restarts it. */
  NONE: 'None',
} as const;

/** Something that decides whether a VM can live-migrate, with the field that causes it. */
export interface MigrationFactor {
  /** Field path, e.g. `spec.networks[1].type`. */
  readonly field: string;
  /** The field's value (undefined when the field is absent). */
  readonly value: unknown;
  /** What it is, for the warning: `an SR-IOV interface`. */
  readonly what: string;
}

/** Whether a profile's VM can live-migrate, and the evictionStrategy that says so truthfully. */
export interface MigrationAssessment {
  /** `LiveMigrate`, `LiveMigrateIfPossible` or `None`. */
  readonly evictionStrategy: string;
  /** What prevents migration for certain (SR-IOV, macvtap, a disk whose access mode is not ReadWriteMany). */
  readonly blockers: MigrationFactor[];
  /** What the library cannot know (an access mode left to the StorageProfile, an existing claim). */
  readonly unknowns: MigrationFactor[];
}

/**
 * True when `highAvailability` asks for the VM to stay available (restartPolicy `Always` or antiAffinity): only
 * then does the library choose the template's evictionStrategy; otherwise the cluster default applies.
 */
export function wantsAvailability(spec: VirtualMachineProfileSpec): boolean {
  const ha = spec.highAvailability;
  return ha?.restartPolicy === 'Always' || ha?.antiAffinity === true;
}

/**
 * Decides the evictionStrategy of a valid profile (docs/high-availability.md):
 * - `None` when something cannot migrate (an SR-IOV or macvtap interface, a disk with an access mode other than
 *   ReadWriteMany, a passed-through GPU or host device): a drain must not wait for a migration that can never happen (HCO's default `LiveMigrate` would
 *   block the drain), so the VM is shut down and its run strategy starts it again elsewhere;
 * - `LiveMigrateIfPossible` when migration depends on the cluster (a disk without accessMode, whose mode CDI takes
 *   from the StorageProfile, or an existing claim): KubeVirt migrates when it can and shuts the VM down otherwise;
 * - `LiveMigrate` when every disk is ReadWriteMany and every interface can move.
 */
export function assessMigration(spec: VirtualMachineProfileSpec): MigrationAssessment {
  const blockers: MigrationFactor[] = [];
  const unknowns: MigrationFactor[] = [];
  (spec.networks ?? []).forEach((n, i) => {
    const field = `spec.networks[${i}].type`;
    if (n.type === NetworkType.SRIOV) blockers.push({ field, value: n.type, what: 'an SR-IOV interface' });
    if (n.type === NetworkType.MACVLAN) blockers.push({ field, value: n.type, what: 'a macvlan (macvtap) interface' });
  });
  (spec.disks ?? []).forEach((d, i) => {
    if (d.claimName) {
      unknowns.push({ field: `spec.disks[${i}].claimName`, value: d.claimName, what: 'the existing claim\'s access mode' });
    } else if (d.accessMode === undefined) {
      unknowns.push({ field: `spec.disks[${i}].accessMode`, value: undefined, what: 'the access mode the StorageProfile gives this disk' });
    } else if (d.accessMode !== 'ReadWriteMany') {
      blockers.push({ field: `spec.disks[${i}].accessMode`, value: d.accessMode, what: `a ${d.accessMode} disk` });
    }
  });
  // virt-handler marks a VMI with a host device, or a GPU that is not a single vGPU under the VGPULiveMigration gate,
  // not migratable: the library cannot tell a vGPU offline, so every passed-through device blocks.
  (spec.gpus ?? []).forEach((g, i) => blockers.push({ field: `spec.gpus[${i}]`, value: g.name, what: 'a passed-through GPU' }));
  (spec.hostDevices ?? []).forEach((h, i) => blockers.push({ field: `spec.hostDevices[${i}]`, value: h.name, what: 'a passed-through host device' }));
  const evictionStrategy = blockers.length > 0 ? EvictionStrategy.NONE
    : unknowns.length > 0 ? EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE : EvictionStrategy.LIVE_MIGRATE;
  return { evictionStrategy, blockers, unknowns };
}

/** Default SR-IOV device-plugin resource prefix (the SR-IOV operator's default). */
const DEFAULT_SRIOV_RESOURCE_PREFIX = 'openshift.io';
/** Default macvtap lower device when no `nodeNetwork.uplink` names one. */
export const DEFAULT_MACVTAP_DEVICE = 'eth0';

/**
 * Turns an image reference into a CDI source, by the one parser validation uses too ({@link imageSourceKind}):
 * `http(s)://` in any case → http (scheme written lowercase), anything else → registry (`docker://`).
 */
export function imageSource(image: string | undefined): DiskSource {
  if (!image) return { blank: {} };
  if (imageSourceKind(image) === 'http') return { http: { url: image.replace(/^[A-Za-z]+:/, (scheme) => scheme.toLowerCase()) } };
  return { registry: { url: image.startsWith(REGISTRY_SCHEME) ? image : `${REGISTRY_SCHEME}${image}` } };
}

/**
 * The device-plugin resource (`k8s.v1.cni.cncf.io/resourceName`) a created NAD gets when the network sets none:
 * ovs-cni's per bridge, the SR-IOV operator's `openshift.io/<name>`, macvtap-cni's per lower device.
 */
export function defaultResourceName(n: Pick<NetworkSpec, 'name' | 'type' | 'nodeNetwork'>, bridgeName: string | undefined): string | undefined {
  switch (n.type) {
    case 'ovs': return `ovs-cni.network.kubevirt.io/${bridgeName}`;
    case 'sriov': return `${DEFAULT_SRIOV_RESOURCE_PREFIX}/${n.name.replace(/-/g, '_')}`;
    case 'macvlan': return `macvtap.network.kubevirt.io/${n.nodeNetwork?.uplink ?? DEFAULT_MACVTAP_DEVICE}`;
    default: return undefined;
  }
}

/** The container image of a registry reference (what a containerDisk wants), without `docker://`. */
export function containerImage(image: string): string {
  return image.startsWith(REGISTRY_SCHEME) ? image.slice(REGISTRY_SCHEME.length) : image;
}

/**
 * Plans one profile. The profile must be valid (`validateProfile` without errors).
 * @throws ValidationError when `doc` is not even shaped like one (no metadata.name, no spec object)
 */
export function planProfile(doc: VirtualMachineProfileManifest): ProfilePlan {
  const { metadata, spec } = (typeof doc === 'object' && doc !== null ? doc : {}) as Partial<VirtualMachineProfileManifest>;
  if (typeof metadata?.name !== 'string' || typeof spec !== 'object' || spec === null) {
    throw new ValidationError([{
      type: 'Invalid',
      field: '',
      value: doc === null || typeof doc !== 'object' ? doc : undefined,
      detail: 'planProfile needs a valid VirtualMachineProfile manifest (with metadata.name and spec): check it with validateProfile first',
    }]);
  }
  const labels: Record<string, string> = merged(metadata.labels, { [PROFILE_LABEL]: metadata.name });
  const networks = (spec.networks ?? []).map((n, i) => planNetwork(doc, n, i));
  if (spec.podNetwork) {
    networks.push({
      name: POD_NETWORK_NAME,
      type: POD_NETWORK_NAME,
      interfaceName: interfaceName(networks.length),
      macAddress: stableMacAddress(metadata.namespace, metadata.name, POD_NETWORK_NAME),
      binding: 'masquerade',
      ipConfig: { mode: 'dhcp' },
      ports: spec.ports && spec.ports.length > 0 ? spec.ports : undefined,
    });
  }
  const specDisks = spec.disks ?? [];
  const disks = specDisks.filter((d) => !d.claimName).map((d) => planDisk(doc, d));
  const claims = specDisks.filter((d) => d.claimName).map((d) => ({
    name: d.name, claimName: d.claimName!, boot: d.boot === true, bus: d.bus, serial: d.serial,
  }));
  const hasBootDisk = specDisks.some((d) => d.boot);
  const ha = spec.highAvailability;
  return {
    name: metadata.name,
    namespace: metadata.namespace,
    labels,
    vmName: vmName(metadata.name),
    cpu: spec.cpu,
    memory: spec.memory === undefined ? undefined : canonicalQuantity(spec.memory),
    runStrategy: resolveRunStrategy(ha, spec.startStrategy).runStrategy,
    networks,
    disks,
    claims,
    diskOrder: specDisks.map((d) => d.name),
    containerDiskImage: !hasBootDisk && spec.osImage ? containerImage(spec.osImage) : undefined,
    sshKeySecret: spec.sshKeySecret || undefined,
    nodeSelector: ha?.nodeSelector && Object.keys(ha.nodeSelector).length > 0 ? merged(ha.nodeSelector) : undefined,
    tolerations: ha?.tolerations && ha.tolerations.length > 0 ? ha.tolerations : undefined,
    antiAffinityGroup: ha?.antiAffinity ? defaultAntiAffinityGroup(doc) : undefined,
    antiAffinityMode: ha?.antiAffinity ? ha.antiAffinityMode ?? AntiAffinityMode.PREFERRED : undefined,
    antiAffinityTopologyKey: ha?.antiAffinity ? ha.antiAffinityTopologyKey ?? DEFAULT_ANTI_AFFINITY_TOPOLOGY_KEY : undefined,
    evictionStrategy: wantsAvailability(spec) ? assessMigration(spec).evictionStrategy : undefined,
    hostname: spec.hostname ?? metadata.name,
    userData: spec.userData,
    userDataSecret: spec.userDataSecret,
    firmware: spec.firmware,
    tpm: spec.tpm,
    instancetype: spec.instancetype
      ? { kind: spec.instancetype.kind ?? InstancetypeKind.CLUSTER, name: spec.instancetype.name } : undefined,
    preference: spec.preference
      ? { kind: spec.preference.kind ?? PreferenceKind.CLUSTER, name: spec.preference.name } : undefined,
    compute: spec.compute,
    gpus: spec.gpus && spec.gpus.length > 0 ? spec.gpus : undefined,
    hostDevices: spec.hostDevices && spec.hostDevices.length > 0 ? spec.hostDevices : undefined,
    sysprep: spec.sysprep,
    service: spec.service && spec.ports && spec.ports.length > 0
      ? { name: vmName(metadata.name), type: spec.service.type ?? 'ClusterIP', ports: spec.ports } : undefined,
  };
}

/** The anti-affinity group of a profile: `antiAffinityGroup`, else its `app` label, else its own name. */
function defaultAntiAffinityGroup(doc: VirtualMachineProfileManifest): string {
  const labels = doc.metadata.labels;
  const app = labels && Object.prototype.hasOwnProperty.call(labels, 'app') ? labels.app : undefined;
  return doc.spec.highAvailability?.antiAffinityGroup ?? app ?? doc.metadata.name;
}

/** The label that puts a VM in its anti-affinity group. */
export function antiAffinityLabels(plan: ProfilePlan): Record<string, string> {
  return plan.antiAffinityGroup ? { [ANTI_AFFINITY_GROUP_LABEL]: plan.antiAffinityGroup } : {};
}

function planNetwork(doc: VirtualMachineProfileManifest, n: NetworkSpec, index: number): NetworkAttachmentPlan {
  const { metadata } = doc;
  const bridgeName = n.type === 'bridge' || n.type === 'ovs' ? bridgeNameOf(n) : undefined;
  const common = {
    name: n.name,
    type: n.type,
    interfaceName: interfaceName(index),
    macAddress: (n.macAddress ?? stableMacAddress(metadata.namespace, metadata.name, n.name)).toLowerCase(),
    binding: bindingOf(n.type),
    bridgeName,
    vlanId: n.vlanId,
    ipConfig: n.ipConfig,
    nodeNetwork: n.nadName ? undefined : n.nodeNetwork,
    resourceName: n.resourceName,
    model: n.model,
  };
  if (n.nadName) return merged(common, { networkName: n.nadName });
  const nad = planNad(n, createdNadName(n.name), metadata.namespace, bridgeName);
  return merged(common, { networkName: nad.name, nad });
}

function bindingOf(type: string): InterfaceBinding {
  switch (type) {
    case 'sriov': return 'sriov';
    // KubeVirt refuses macvlan behind the bridge binding (the guest takes the pod's MAC): macvtap instead.
    case 'macvlan': return 'macvtap';
    default: return 'bridge';
  }
}

/** The NAD of a network without `nadName`: CNI config and device-plugin annotation per type. */
export function planNad(n: NetworkSpec, name: string, namespace: string | undefined, bridgeName: string | undefined): NadPlan {
  const vlan = n.vlanId !== undefined ? { vlan: n.vlanId } : {};
  let cniConfig: Record<string, unknown>;
  switch (n.type) {
    case 'bridge':
      cniConfig = {
        cniVersion: CNI_VERSION,
        name,
        type: 'bridge',
        bridge: bridgeName,
        ...vlan,
        // Without this the port also carries untagged VLAN 1 traffic.
        ...(n.vlanId !== undefined ? { preserveDefaultVlan: false } : {}),
        ipam: {},
      };
      break;
    case 'ovs':
      cniConfig = { cniVersion: CNI_VERSION, name, type: 'ovs', bridge: bridgeName, ...vlan };
      break;
    case 'sriov':
      cniConfig = { cniVersion: CNI_VERSION, name, type: 'sriov', ...vlan, ipam: {} };
      break;
    default: // macvlan → macvtap
      cniConfig = { cniVersion: CNI_VERSION, name, type: 'macvtap' };
  }
  const resourceName = n.resourceName ?? defaultResourceName(n, bridgeName);
  return { name, namespace, cniConfig, annotations: resourceName ? { [RESOURCE_NAME_ANNOTATION]: resourceName } : {} };
}

function planDisk(doc: VirtualMachineProfileManifest, d: DiskSpec): DiskPlan {
  const cloned = d.pvc ?? d.dataSource ?? d.snapshot;
  // A cloned boot disk has its OS: osImage only fills a boot disk that has no source at all.
  const image = d.image || (d.boot && !cloned ? doc.spec.osImage : undefined);
  // CDI requires the namespace of a cloned PVC or snapshot; validation refuses a profile without one to default to.
  const namespace = (ref: DiskCloneSourceSpec) => ref.namespace ?? doc.metadata.namespace!;
  const source: DiskSource | undefined = d.pvc ? { pvc: { namespace: namespace(d.pvc), name: d.pvc.name } }
    : d.snapshot ? { snapshot: { namespace: namespace(d.snapshot), name: d.snapshot.name } }
      : d.dataSource ? undefined : withCredentials(imageSource(image), d);
  return {
    name: d.name,
    dataVolumeName: dataVolumeName(doc.metadata.name, d.name),
    size: canonicalQuantity(d.size!),
    storageClassName: d.storageClassName!,
    accessMode: d.accessMode,
    image,
    source,
    sourceRef: d.dataSource
      ? merged({ kind: 'DataSource' as const, name: d.dataSource.name }, d.dataSource.namespace ? { namespace: d.dataSource.namespace } : {})
      : undefined,
    volumeMode: d.volumeMode,
    serial: d.serial,
    boot: d.boot === true,
    deleteWithVm: d.deleteWithVm === true,
    bus: d.bus,
  };
}

/** A registry or http source with the disk's `secretRef` and `certConfigMap`. */
function withCredentials(source: DiskSource, d: DiskSpec): DiskSource {
  const extra = merged(d.secretRef ? { secretRef: d.secretRef } : {}, d.certConfigMap ? { certConfigMap: d.certConfigMap } : {});
  if ('registry' in source) return { registry: merged(source.registry, extra) };
  if ('http' in source) return { http: merged(source.http, extra) };
  return source;
}

/**
 * The VirtualMachineProfile API (vm.example.com/v1alpha1), as the spec document defines it.
 *
 * One type serves TypeScript props and YAML documents alike: field names and nesting are the spec's.
 * Fields marked "extension" are ours, beyond the spec; the CRD schema carries them too.
 * Enumerated fields are open strings (KubeVirt API style); `validateProfile` enforces their values.
 */

/** API group of the VirtualMachineProfile CRD. */
export const PROFILE_GROUP = 'vm.example.com';
/** The only served version. */
export const PROFILE_VERSION = 'v1alpha1';
/** `apiVersion` of a VirtualMachineProfile document. */
export const PROFILE_API_VERSION = `${PROFILE_GROUP}/${PROFILE_VERSION}`;
/** `kind` of a VirtualMachineProfile document. */
export const PROFILE_KIND = 'VirtualMachineProfile';

/** Network types of `spec.networks[].type`. */
export class NetworkType {
  /** Linux bridge on the node (bridge CNI), bridge binding. */
  public static readonly BRIDGE = 'bridge';
  /** Direct mapping of a node interface; rendered as KubeVirt's macvtap binding. */
  public static readonly MACVLAN = 'macvlan';
  /** SR-IOV virtual function (sriov CNI), sriov binding. */
  public static readonly SRIOV = 'sriov';
  /** Open vSwitch bridge (ovs-cni), bridge binding. */
  public static readonly OVS = 'ovs';

  private constructor() {}
}

/** IP modes of `spec.networks[].ipConfig.mode`; `dhcp6` and `slaac` are extensions (IPv6 only). */
export class IpMode {
  public static readonly STATIC = 'static';
  /** DHCPv4 and DHCPv6 (whichever the network answers). */
  public static readonly DHCP = 'dhcp';
  /** DHCPv6 only (extension). */
  public static readonly DHCP6 = 'dhcp6';
  /** IPv6 stateless autoconfiguration from router advertisements, no DHCP (extension). */
  public static readonly SLAAC = 'slaac';

  private constructor() {}
}

/** Values of `spec.highAvailability.restartPolicy`. */
export class RestartPolicy {
  public static readonly ALWAYS = 'Always';
  public static readonly ON_FAILURE = 'OnFailure';
  public static readonly NEVER = 'Never';

  private constructor() {}
}

/** Values of `spec.highAvailability.antiAffinityMode` (extension). */
export class AntiAffinityMode {
  /** A scheduling preference: the VMs of a group share a node (or zone) only when nothing else fits. */
  public static readonly PREFERRED = 'Preferred';
  /** A hard rule: a VM of the group stays Pending rather than share a node (or zone) with another. */
  public static readonly REQUIRED = 'Required';

  private constructor() {}
}

/** `disks[].bus` values (KubeVirt's disk buses). */
export const DISK_BUSES: readonly string[] = ['virtio', 'sata', 'scsi', 'usb'];
/** `networks[].model` values (KubeVirt's interface models). */
export const NIC_MODELS: readonly string[] = ['virtio', 'e1000e', 'e1000', 'igb', 'rtl8139', 'pcnet', 'ne2k_pci'];

/** Default `spec.highAvailability.antiAffinityTopologyKey`: one VM of a group per node. */
export const DEFAULT_ANTI_AFFINITY_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/** Values of `spec.startStrategy.runStrategy`. */
export class RunStrategy {
  public static readonly ALWAYS = 'Always';
  public static readonly RERUN_ON_FAILURE = 'RerunOnFailure';
  public static readonly MANUAL = 'Manual';

  private constructor() {}
}

/** Object metadata of a profile. */
export interface ProfileMetadata {
  /** Profile name; every generated name derives from it (`<name>-vm`, `<name>-<disk>`). */
  readonly name: string;
  /**
   * Namespace of the VM and of every namespaced object the profile creates.
   * @default - no namespace in the output (kubectl's current namespace applies)
   */
  readonly namespace?: string;
  /**
   * Labels copied to every object the profile creates, next to `vmprofile: <name>`.
   * @default - none
   */
  readonly labels?: { readonly [key: string]: string };
  /**
   * Annotations of the profile object itself (not copied).
   * @default - none
   */
  readonly annotations?: { readonly [key: string]: string };
}

/** IP configuration of one network (`IPConfigSpec`), applied inside the guest by cloud-init. */
export interface IpConfigSpec {
  /** `static` or `dhcp` (extension: `dhcp6` for DHCPv6 only, `slaac` for router advertisements only). */
  readonly mode: string;
  /**
   * Address and prefix in CIDR form, IPv4 or IPv6 (required with `static`).
   * @default - none
   */
  readonly address?: string;
  /**
   * Extension: more static addresses in CIDR form next to `address`, e.g. the other IP family for dual-stack (`static` only).
   * @default - none
   */
  readonly addresses?: string[];
  /**
   * Default gateway, same family as `address` and inside its subnet (`static` only).
   * @default - no default route on this interface
   */
  readonly gateway?: string;
  /**
   * DNS servers.
   * @default - none
   */
  readonly dnsServers?: string[];
}

/** How the node side of a network is built with nmstate (extension). */
export interface NodeNetworkSpec {
  /** Node interface that carries the network: bridge port, OVS port, SR-IOV physical function or macvtap lower device. */
  readonly uplink: string;
  /**
   * Nodes the NodeNetworkConfigurationPolicy applies to.
   * @default - every node
   */
  readonly nodeSelector?: { readonly [key: string]: string };
  /**
   * Number of SR-IOV virtual functions to create on the uplink (`sriov` only).
   * @default 8
   */
  readonly totalVfs?: number;
}

/** One network of the VM (`networks[]`); the order is the guest's NIC order. */
export interface NetworkSpec {
  /** Network name, unique in the profile (DNS-1123 label). */
  readonly name: string;
  /** `bridge`, `macvlan`, `sriov` or `ovs`. */
  readonly type: string;
  /**
   * An existing NetworkAttachmentDefinition, `name` or `namespace/name`. Empty: the library creates `<name>-nad`.
   * @default ""
   */
  readonly nadName?: string;
  /**
   * VLAN ID, 1-4094 (not for `macvlan`).
   * @default - untagged
   */
  readonly vlanId?: number;
  /**
   * Node bridge (`bridge`, `ovs`), a Linux interface name of at most 15 characters.
   * @default - `br-<name>` for `bridge`; required for `ovs`
   */
  readonly bridgeName?: string;
  /**
   * IP configuration inside the guest.
   * @default - the interface is left unconfigured
   */
  readonly ipConfig?: IpConfigSpec;
  /**
   * Extension: the interface's MAC address.
   * @default - a stable locally administered MAC derived from namespace, profile and network name
   */
  readonly macAddress?: string;
  /**
   * Extension: device-plugin resource of a created NAD (`k8s.v1.cni.cncf.io/resourceName`).
   * @default - `ovs-cni.network.kubevirt.io/<bridge>` (ovs), `openshift.io/<name>` (sriov),
   * `macvtap.network.kubevirt.io/<uplink or eth0>` (macvlan), none (bridge)
   */
  readonly resourceName?: string;
  /**
   * Extension: the NIC model the guest sees: `virtio`, `e1000e`, `e1000`, `igb`, `rtl8139`, `pcnet` or `ne2k_pci` (not for `sriov`).
   * @default "virtio"
   */
  readonly model?: string;
  /**
   * Extension: build the node side with an nmstate NodeNetworkConfigurationPolicy.
   * @default - the node side is managed elsewhere
   */
  readonly nodeNetwork?: NodeNetworkSpec;
}

/** An object a disk is cloned from (`disks[].pvc`, `disks[].dataSource`, `disks[].snapshot`, extension). */
export interface DiskCloneSourceSpec {
  /** Name of the object (a DNS-1123 subdomain). */
  readonly name: string;
  /**
   * Its namespace; another namespace needs CDI's clone permission (`datavolumes/source`) there.
   * @default - the profile's namespace
   */
  readonly namespace?: string;
}

/** `disks[].volumeMode` values. */
export const VOLUME_MODES: readonly string[] = ['Filesystem', 'Block'];

/** One disk of the VM (`disks[]`). */
export interface DiskSpec {
  /** Disk name, unique in the profile (DNS-1123 label). */
  readonly name: string;
  /** Size, a Kubernetes quantity of at least 1Gi (not with `claimName`). */
  readonly size?: string;
  /** StorageClass of the disk's PVC (not with `claimName`). */
  readonly storageClassName?: string;
  /**
   * Boot disk (at most one).
   * @default false
   */
  readonly boot?: boolean;
  /**
   * Import source: a registry image (`repo/image:tag` or `docker://...`) or an `http(s)://` URL.
   * @default - `spec.osImage` for the boot disk, else a blank disk
   */
  readonly image?: string;
  /**
   * Extension: delete the disk together with the VirtualMachine (a `dataVolumeTemplates` entry).
   * @default false - the DataVolume is standalone and outlives the VM
   */
  readonly deleteWithVm?: boolean;
  /**
   * Extension: the bus the guest sees the disk on: `virtio`, `sata`, `scsi` or `usb` (`sata` for guests without virtio drivers).
   * @default "virtio"
   */
  readonly bus?: string;
  /**
   * Extension: mount this existing PersistentVolumeClaim instead of creating a DataVolume.
   * @default - a DataVolume `<profile>-<disk>` is created
   */
  readonly claimName?: string;
  /**
   * Extension: PVC access mode (`ReadWriteOnce`, `ReadWriteMany`, ...).
   * @default - chosen by CDI from the StorageProfile
   */
  readonly accessMode?: string;
  /**
   * Extension: PVC volume mode, `Filesystem` or `Block`.
   * @default - chosen by CDI from the StorageProfile
   */
  readonly volumeMode?: string;
  /**
   * Extension: clone an existing PersistentVolumeClaim (CDI `source.pvc`) instead of importing.
   * @default - none
   */
  readonly pvc?: DiskCloneSourceSpec;
  /**
   * Extension: clone a CDI DataSource, a golden image (CDI `sourceRef`), instead of importing.
   * @default - none
   */
  readonly dataSource?: DiskCloneSourceSpec;
  /**
   * Extension: restore a VolumeSnapshot (CDI `source.snapshot`) instead of importing.
   * @default - none
   */
  readonly snapshot?: DiskCloneSourceSpec;
  /**
   * Extension: a Secret with the credentials of the `image` registry or URL (CDI `secretRef`: `accessKeyId`, `secretKey`).
   * @default - anonymous
   */
  readonly secretRef?: string;
  /**
   * Extension: a ConfigMap with the CA bundle that signs the `image` registry or URL's TLS certificate (CDI `certConfigMap`).
   * @default - the system's CAs
   */
  readonly certConfigMap?: string;
  /**
   * Extension: the disk's serial number the guest sees (`[A-Za-z0-9_.+-]`, at most 256 characters).
   * @default - none
   */
  readonly serial?: string;
}

/** A Kubernetes toleration. */
export interface Toleration {
  /**
   * Taint key; empty with `Exists` matches every taint.
   * @default ""
   */
  readonly key?: string;
  /**
   * `Equal` or `Exists`.
   * @default "Equal"
   */
  readonly operator?: string;
  /**
   * Taint value (`Equal` only).
   * @default ""
   */
  readonly value?: string;
  /**
   * `NoSchedule`, `PreferNoSchedule` or `NoExecute`; empty matches all effects.
   * @default ""
   */
  readonly effect?: string;
  /**
   * How long a `NoExecute` taint is tolerated.
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/** Placement and restart behaviour (`highAvailability`). */
export interface HighAvailabilitySpec {
  /**
   * `Always`, `OnFailure` or `Never`; resolved into `spec.runStrategy` (see docs/run-strategy.md).
   * @default - decided by `startStrategy.runStrategy`, else Always
   */
  readonly restartPolicy?: string;
  /**
   * Spread the VMs of one anti-affinity group over nodes (`kubernetes.io/hostname`).
   * @default false
   */
  readonly antiAffinity?: boolean;
  /**
   * Extension: the anti-affinity group, carried in the template label `vm.example.com/anti-affinity-group`.
   * @default - the profile's `app` label, else its name (which separates the VM only from itself: a warning says so)
   */
  readonly antiAffinityGroup?: string;
  /**
   * Extension: `Preferred` (a scheduling preference) or `Required` (the VMs of the group never share a topology domain).
   * @default "Preferred"
   */
  readonly antiAffinityMode?: string;
  /**
   * Extension: the node label whose values the group is spread over, e.g. `topology.kubernetes.io/zone`.
   * @default "kubernetes.io/hostname"
   */
  readonly antiAffinityTopologyKey?: string;
  /**
   * Node selector of the VM.
   * @default - any node
   */
  readonly nodeSelector?: { readonly [key: string]: string };
  /**
   * Tolerations of the VM.
   * @default - none
   */
  readonly tolerations?: Toleration[];
}

/** Values of `spec.firmware.bootloader` (extension). */
export class Bootloader {
  /** Legacy BIOS (SeaBIOS), KubeVirt's default. */
  public static readonly BIOS = 'BIOS';
  /** UEFI (OVMF). */
  public static readonly EFI = 'EFI';

  private constructor() {}
}

/** The VM's firmware (`spec.firmware`, extension). */
export interface FirmwareSpec {
  /**
   * `BIOS` or `EFI`.
   * @default "BIOS"
   */
  readonly bootloader?: string;
  /**
   * UEFI Secure Boot (`EFI` only; the library turns on the SMM it needs).
   * @default false
   */
  readonly secureBoot?: boolean;
  /**
   * Keep the EFI variables across reboots (`EFI` only; KubeVirt keeps them in a PVC of its VM state StorageClass).
   * @default false
   */
  readonly persistent?: boolean;
}

/** An emulated TPM 2.0 (`spec.tpm`, extension). */
export interface TpmSpec {
  /**
   * Keep the TPM state across reboots (BitLocker needs it; KubeVirt keeps it in a PVC of its VM state StorageClass).
   * @default false
   */
  readonly persistent?: boolean;
}

/** `spec.compute.hugepages` values: the page sizes x86 nodes offer. */
export const HUGEPAGE_SIZES: readonly string[] = ['2Mi', '1Gi'];

/** CPU placement, topology, hugepages and resource requests and limits of the VM (`spec.compute`, extension). */
export interface ComputeSpec {
  /**
   * Pin each vCPU to a dedicated host CPU (KubeVirt `dedicatedCpuPlacement`; the node needs the static CPU manager).
   * @default false
   */
  readonly dedicatedCpuPlacement?: boolean;
  /**
   * Give QEMU's emulator thread a dedicated host CPU of its own (needs `dedicatedCpuPlacement`).
   * @default false
   */
  readonly isolateEmulatorThread?: boolean;
  /**
   * The CPU model the guest sees: `host-passthrough`, `host-model` or a named model such as `Skylake-Client-IBRS`.
   * @default - the cluster's default CPU model
   */
  readonly cpuModel?: string;
  /**
   * CPU sockets; `cpu` must be a multiple of `sockets` × `threads`, and cores = `cpu` / (`sockets` × `threads`).
   * @default 1
   */
  readonly sockets?: number;
  /**
   * Threads per core (at most 2 with `dedicatedCpuPlacement`); `cpu` must be a multiple of `sockets` × `threads`.
   * @default 1
   */
  readonly threads?: number;
  /**
   * Back the guest memory with hugepages of this page size, `2Mi` or `1Gi` (the memory must be a multiple of it).
   * @default - no hugepages
   */
  readonly hugepages?: string;
  /**
   * Mirror the host's NUMA topology of the dedicated CPUs in the guest (needs `dedicatedCpuPlacement` and `hugepages`).
   * @default false
   */
  readonly numaGuestMappingPassthrough?: boolean;
  /**
   * Memory the pod requests, a quantity at most `memory`: lower than the guest memory overcommits the node.
   * @default - what KubeVirt derives from `memory`
   */
  readonly memoryRequest?: string;
  /**
   * Memory limit of the pod, a quantity at least `memory`.
   * @default - no limit
   */
  readonly memoryLimit?: string;
  /**
   * CPU limit of the pod, a quantity such as `4` or `3500m` (equal to `cpu` with `dedicatedCpuPlacement`).
   * @default - no limit
   */
  readonly cpuLimit?: string;
}

/** A GPU or host device passed through to the guest (`spec.gpus[]`, `spec.hostDevices[]`, extension). */
export interface PassthroughDeviceSpec {
  /** Device name, unique in its list (DNS-1123 label). */
  readonly name: string;
  /** The device-plugin resource of a device the KubeVirt CR permits (`permittedHostDevices`), e.g. `nvidia.com/GA102GL_A10`. */
  readonly deviceName: string;
}

/** Values of `spec.instancetype.kind` (extension): KubeVirt's two instancetype kinds. */
export class InstancetypeKind {
  /** A cluster-wide instancetype (`virtctl create vm --instancetype` takes this one by default). */
  public static readonly CLUSTER = 'VirtualMachineClusterInstancetype';
  /** An instancetype in the profile's namespace. */
  public static readonly NAMESPACED = 'VirtualMachineInstancetype';

  private constructor() {}
}

/** Values of `spec.preference.kind` (extension): KubeVirt's two preference kinds. */
export class PreferenceKind {
  /** A cluster-wide preference (`virtctl create vm --preference` takes this one by default). */
  public static readonly CLUSTER = 'VirtualMachineClusterPreference';
  /** A preference in the profile's namespace. */
  public static readonly NAMESPACED = 'VirtualMachinePreference';

  private constructor() {}
}

/** A KubeVirt instancetype the VM is sized by (`spec.instancetype`, extension). */
export interface InstancetypeRefSpec {
  /** Name of the instancetype (a DNS-1123 subdomain), e.g. `u1.medium`. */
  readonly name: string;
  /**
   * `VirtualMachineClusterInstancetype` or `VirtualMachineInstancetype` (in the profile's namespace).
   * @default "VirtualMachineClusterInstancetype"
   */
  readonly kind?: string;
}

/** A KubeVirt preference for the guest OS's devices and firmware (`spec.preference`, extension). */
export interface PreferenceRefSpec {
  /** Name of the preference (a DNS-1123 subdomain), e.g. `fedora` or `windows.11`. */
  readonly name: string;
  /**
   * `VirtualMachineClusterPreference` or `VirtualMachinePreference` (in the profile's namespace).
   * @default "VirtualMachineClusterPreference"
   */
  readonly kind?: string;
}

/** Windows sysprep answer files (`spec.sysprep`, extension): one ConfigMap or one Secret. */
export interface SysprepSpec {
  /**
   * A ConfigMap whose `autounattend.xml` (and/or `unattend.xml`) key holds the answer file.
   * @default - none (`secret`)
   */
  readonly configMap?: string;
  /**
   * A Secret whose `autounattend.xml` (and/or `unattend.xml`) key holds the answer file, for one with passwords.
   * @default - none (`configMap`)
   */
  readonly secret?: string;
}

/** `spec.service.type` values: the Service types that reach a VM's forwarded ports. */
export const POD_SERVICE_TYPES: readonly string[] = ['ClusterIP', 'NodePort', 'LoadBalancer'];

/** A Service for the pod network's forwarded ports (`spec.service`, extension). */
export interface PodServiceSpec {
  /**
   * `ClusterIP`, `NodePort` or `LoadBalancer`.
   * @default "ClusterIP"
   */
  readonly type?: string;
}

/** `spec.ports[].protocol` values: what KubeVirt's masquerade binding forwards. */
export const POD_PORT_PROTOCOLS: readonly string[] = ['TCP', 'UDP'];

/** A port of the pod network that KubeVirt forwards to the guest (`spec.ports[]`, extension). */
export interface PodPortSpec {
  /**
   * A port name (IANA service name: at most 15 lowercase letters, digits and `-`, with a letter), e.g. `ssh`.
   * @default - unnamed
   */
  readonly name?: string;
  /** The port number, 1-65535. */
  readonly port: number;
  /**
   * `TCP` or `UDP`.
   * @default "TCP"
   */
  readonly protocol?: string;
}

/** Start behaviour (`startStrategy`). */
export interface StartStrategySpec {
  /**
   * `Always`, `RerunOnFailure` or `Manual`.
   * @default - from `highAvailability.restartPolicy`, else Always
   */
  readonly runStrategy?: string;
  /**
   * Start the VM when it is created.
   * @default true
   */
  readonly autoStart?: boolean;
}

/** The `spec` of a VirtualMachineProfile. */
export interface VirtualMachineProfileSpec {
  /**
   * Virtual CPUs (an integer > 0); required, unless `instancetype` sizes the VM (then it must be absent).
   * @default - none: required without `instancetype`
   */
  readonly cpu?: number;
  /**
   * Guest memory, a Kubernetes quantity of at least 512Mi; required, unless `instancetype` sizes the VM (then it must be absent).
   * @default - none: required without `instancetype`
   */
  readonly memory?: string;
  /**
   * Operating system image: import source of the boot disk when it has no `image`.
   * @default - none
   */
  readonly osImage?: string;
  /**
   * Secret with SSH public keys, propagated through cloud-init NoCloud.
   * @default - no SSH keys
   */
  readonly sshKeySecret?: string;
  /**
   * Networks, in guest NIC order (`eth0`, `eth1`, ...).
   * @default - none
   */
  readonly networks?: NetworkSpec[];
  /**
   * Disks.
   * @default - none
   */
  readonly disks?: DiskSpec[];
  /**
   * High availability.
   * @default - none
   */
  readonly highAvailability?: HighAvailabilitySpec;
  /**
   * Start strategy.
   * @default - Always, started on creation
   */
  readonly startStrategy?: StartStrategySpec;
  /**
   * Extension: add the pod network (masquerade binding) after the listed networks.
   * @default false
   */
  readonly podNetwork?: boolean;
  /**
   * Extension: the guest's hostname (KubeVirt `spec.template.spec.hostname`), a DNS-1123 label.
   * @default - the profile name
   */
  readonly hostname?: string;
  /**
   * Extension: cloud-init user data, `#cloud-config` YAML or a `#!` script, inline (at most 2048 bytes).
   *
   * It is stored in the VirtualMachine, readable by anyone who can read VMs: passwords and tokens belong in a Secret
   * named by `userDataSecret`. The library's own cloud-init parts still apply: SSH keys through `accessCredentials`,
   * interfaces through network data.
   * @default - an empty `#cloud-config`
   */
  readonly userData?: string;
  /**
   * Extension: a Secret in the profile's namespace whose `userdata` key holds the cloud-init user data.
   * @default - none (`userData`, or an empty `#cloud-config`)
   */
  readonly userDataSecret?: string;
  /**
   * Extension: the VM's firmware: BIOS or EFI, Secure Boot, persistent EFI variables.
   * @default - BIOS
   */
  readonly firmware?: FirmwareSpec;
  /**
   * Extension: an emulated TPM 2.0 device (Windows 11 needs one).
   * @default - none
   */
  readonly tpm?: TpmSpec;
  /**
   * Extension: a KubeVirt instancetype that sizes the VM (its vCPUs and memory), rendered as the VM's `spec.instancetype`.
   *
   * KubeVirt refuses a VM that sets CPU or memory next to an instancetype, so `cpu` and `memory` must then be absent.
   * @default - none: `cpu` and `memory` size the VM
   */
  readonly instancetype?: InstancetypeRefSpec;
  /**
   * Extension: a KubeVirt preference (guest OS defaults: disk bus, firmware, ...), rendered as the VM's `spec.preference`.
   * @default - none
   */
  readonly preference?: PreferenceRefSpec;
  /**
   * Extension: dedicated CPUs, CPU model and topology, hugepages, NUMA passthrough, memory overcommit and limits.
   * @default - shared CPUs, cores = `cpu`, no requests or limits beyond KubeVirt's
   */
  readonly compute?: ComputeSpec;
  /**
   * Extension: GPUs (or vGPUs) passed through to the guest, rendered as `domain.devices.gpus`.
   * @default - none
   */
  readonly gpus?: PassthroughDeviceSpec[];
  /**
   * Extension: PCI or mediated host devices passed through to the guest, rendered as `domain.devices.hostDevices`.
   * @default - none
   */
  readonly hostDevices?: PassthroughDeviceSpec[];
  /**
   * Extension: Windows sysprep answer files from a ConfigMap or Secret, on a CD-ROM instead of the cloud-init disk.
   *
   * Not with `userData`, `userDataSecret` or `sshKeySecret` (they need cloud-init); `ipConfig` is not applied either:
   * the answer file configures Windows.
   * @default - cloud-init
   */
  readonly sysprep?: SysprepSpec;
  /**
   * Extension: the ports of the pod network KubeVirt forwards to the guest (masquerade `ports`; needs `podNetwork`).
   * @default - every port is forwarded
   */
  readonly ports?: PodPortSpec[];
  /**
   * Extension: a Service named like the VM for `ports`, selecting the VM's virt-launcher pod as `virtctl expose` does.
   * @default - no Service
   */
  readonly service?: PodServiceSpec;
}

/** A whole VirtualMachineProfile document, as kept in Git. */
export interface VirtualMachineProfileManifest {
  /** Always `vm.example.com/v1alpha1`. */
  readonly apiVersion: string;
  /** Always `VirtualMachineProfile`. */
  readonly kind: string;
  /** Metadata. */
  readonly metadata: ProfileMetadata;
  /** Spec. */
  readonly spec: VirtualMachineProfileSpec;
}

/**
 * The VirtualMachineProfile CustomResourceDefinition (apiextensions.k8s.io/v1).
 *
 * The schema mirrors the types of `profile-spec.ts` and `status.ts`: every property, its
 * required-ness and its description (the TSDoc's first paragraph) are checked against the TypeScript
 * sources by test/crd.test.ts, so the CRD cannot drift from the types.
 */
import { Construct } from 'constructs';
import { ProfilePhase, VirtualMachineProfileStatus } from './status';
import { JsonSchemaProps, KubeCustomResourceDefinition, KubeCustomResourceDefinitionProps } from '../../imports/k8s';
import { CLOUD_INIT_VOLUME, CONTAINER_DISK_VOLUME, dataVolumeName, defaultBridgeName, SYSPREP_VOLUME } from '../plan/naming';
import { POD_NETWORK_NAME } from '../plan/profile-plan';
import { CLOUD_INIT_INLINE_LIMIT } from '../render/cloud-init';
import { merged } from '../render/object-merge';
import {
  AntiAffinityMode, Bootloader, DISK_BUSES, HUGEPAGE_SIZES, InstancetypeKind, IpMode, NetworkType, NIC_MODELS, PreferenceKind, POD_PORT_PROTOCOLS,
  POD_SERVICE_TYPES, PROFILE_GROUP, PROFILE_KIND, PROFILE_VERSION, RestartPolicy, RunStrategy, VirtualMachineProfileManifest, VOLUME_MODES,
} from '../spec/profile-spec';
import {
  defaultBridgeTooLong, MAX_NETWORK_NAME_LENGTH, MAX_OBJECT_NAME_LENGTH, MAX_PROFILE_NAME_LENGTH, MAX_DEFAULT_BRIDGE_NETWORK_NAME_LENGTH,
} from '../validate/generated-names';
import {
  DNS1123_LABEL_BOUNDED_FMT, DNS1123_LABEL_FMT, DNS1123_LABEL_MAX_LENGTH, DNS1123_SUBDOMAIN_FMT, DNS1123_SUBDOMAIN_MAX_LENGTH,
  LINUX_IFNAME_FORBIDDEN_CHARS, LINUX_IFNAME_MAX_LENGTH, QUALIFIED_NAME_BOUNDED_FMT, QUALIFIED_NAME_FMT, QUALIFIED_NAME_MAX_LENGTH,
} from '../validate/kube-names';
import {
  CPU_MODEL_PATTERN, DISK_SERIAL_PATTERN, KUBEVIRT_MAX_ITEMS, MAX_CPU_MODEL_LENGTH, MAX_DISK_SERIAL_LENGTH, MAX_DISKS, MAX_PASSTHROUGH_DEVICES,
  MIN_DISK_SIZE, MIN_MEMORY,
} from '../validate/kubevirt-rules';
import {
  IANA_SVC_NAME_MAX_LENGTH, IANA_SVC_NAME_NEEDS_LETTER, IANA_SVC_NAME_NO_DOUBLE_HYPHEN, IANA_SVC_NAME_PATTERN, MAC_ADDRESS_PATTERN, MAC_ALL_ZEROS,
  MAC_NOT_UNICAST, MAC_RESERVED, MACVLAN_NO_VLAN, MAX_EXTRA_ADDRESSES, MAX_POD_PORTS, OVS_BRIDGE_REQUIRED, POD_NETWORK_NAME_RESERVED, PORT_MAX,
  PORT_MIN, RESERVED_MAC, SRIOV_NO_MODEL, STATIC_NEEDS_ADDRESS, STATIC_ONLY, TOTAL_VFS_MAX, TOTAL_VFS_MIN, TOTAL_VFS_SRIOV_ONLY, UPLINK_IS_BRIDGE,
  VLAN_ID_MAX, VLAN_ID_MIN, ZERO_MAC,
} from '../validate/network-rules';
import { QUANTITY_PATTERN } from '../validate/quantity';
import {
  BOOT_DISK_OR_OS_IMAGE, CLAIM_HAS_SIZE, CLAIM_HAS_STORAGE_CLASS, CLAIM_HAS_VOLUME_MODE, DEDICATED_MEMORY_LIMIT, EMPTY_TOLERATION_KEY,
  EMULATOR_THREAD_NEEDS_DEDICATED, NOT_WITH_INSTANCETYPE, NOT_WITH_USER_DATA, ONE_SYSPREP_SOURCE, PERSISTENT_EFI_NEEDS_EFI, SECURE_BOOT_NEEDS_EFI,
  USER_DATA_HEADER,
} from '../validate/vm-rules';

/** Plural resource name (`kubectl get virtualmachineprofiles`). */
export const PROFILE_PLURAL = 'virtualmachineprofiles';
/** Singular resource name. */
export const PROFILE_SINGULAR = 'virtualmachineprofile';
/** Short names (`kubectl get vmp`); `vmprofile` is the one the spec's troubleshooting section uses. */
export const PROFILE_SHORT_NAMES: readonly string[] = ['vmprofile', 'vmp'];
/** Name of the CRD object. */
export const PROFILE_CRD_NAME = `${PROFILE_PLURAL}.${PROFILE_GROUP}`;

/** A VirtualMachineProfile as the API server stores it: the manifest kept in Git plus the controller's status. */
export interface VirtualMachineProfileResource extends VirtualMachineProfileManifest {
  /**
   * Observed state, written by the controller through the status subresource.
   * @default - none
   */
  readonly status?: VirtualMachineProfileStatus;
}

/** One CEL rule of `x-kubernetes-validations`. */
export interface CelValidationRule {
  /** CEL expression over `self` (the node carrying the rule); true means valid. */
  readonly rule: string;
  /** Error message shown by the API server. */
  readonly message: string;
  /** Path of the offending field relative to `self` (`.address`), so the error names it. */
  readonly fieldPath?: string;
}

/** A node of a structural apiextensions v1 schema, in its wire (JSON/YAML) form. */
export interface CrdSchema {
  readonly 'type'?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly 'description'?: string;
  readonly 'properties'?: { readonly [name: string]: CrdSchema };
  readonly 'required'?: readonly string[];
  readonly 'items'?: CrdSchema;
  readonly 'additionalProperties'?: CrdSchema;
  readonly 'enum'?: readonly string[];
  readonly 'format'?: string;
  readonly 'pattern'?: string;
  readonly 'minLength'?: number;
  readonly 'maxLength'?: number;
  readonly 'minimum'?: number;
  readonly 'maximum'?: number;
  readonly 'maxItems'?: number;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-validations'?: readonly CelValidationRule[];
}

// ---------------------------------------------------------------------------------------------------------------
// Formats, built from the grammars the validators check (kube-names.ts, quantity.ts). Patterns must be RE2 (the API
// server compiles them with Go's regexp) and ECMAScript alike: no lookarounds, no backreferences.

/** DNS-1123 label (RFC 1123), the format of network and disk names. */
const DNS1123_LABEL_PATTERN = `^${DNS1123_LABEL_FMT}$`;
/** DNS-1123 subdomain, the format of Kubernetes object names. */
const DNS1123_SUBDOMAIN_PATTERN = `^${DNS1123_SUBDOMAIN_FMT}$`;
/** A Kubernetes quantity, as apimachinery parses it (the grammar of `isQuantity` in quantity.ts). */
export { QUANTITY_PATTERN };
/** `name` or `namespace/name` of a NetworkAttachmentDefinition (namespace a label); empty means "create one". */
const NAD_REF_PATTERN = `^((${DNS1123_LABEL_BOUNDED_FMT}/)?${DNS1123_SUBDOMAIN_FMT})?$`;
/** Linux interface name (kernel `dev_valid_name`): no whitespace, `/`, `:` or NUL; length via maxLength. */
const INTERFACE_NAME_PATTERN = `^[^${LINUX_IFNAME_FORBIDDEN_CHARS}]+$`;
/** A MAC address in colon notation. */
export { MAC_ADDRESS_PATTERN };
/** A label value that is not empty. */
const LABEL_VALUE_PATTERN = `^${QUALIFIED_NAME_FMT}$`;
/** A qualified name with a DNS prefix (`example.com/name`), as extended resource names are; name part <= 63. */
const PREFIXED_QUALIFIED_NAME_PATTERN = `^${DNS1123_SUBDOMAIN_FMT}/${QUALIFIED_NAME_BOUNDED_FMT}$`;
/** A qualified name (`[prefix/]name`), as label keys are. */
const QUALIFIED_NAME_PATTERN = `^(${DNS1123_SUBDOMAIN_FMT}/)?${QUALIFIED_NAME_BOUNDED_FMT}$`;
/** A qualified name (`[prefix/]name`) or empty, as toleration keys are. */
const OPTIONAL_QUALIFIED_NAME_PATTERN = `^((${DNS1123_SUBDOMAIN_FMT}/)?${QUALIFIED_NAME_BOUNDED_FMT})?$`;

// Bounds the CEL cost estimator needs: it multiplies a rule's cost by the largest list and string it may see,
// and estimates unbounded ones from the 3 MiB request limit, which makes the CRD fail to install.
// The validators have no such limits: they are generous and listed in test/crd-parity.test.ts.
const MAX_DNS_SERVERS = 16;
const MAX_TOLERATIONS = 64;
const MAX_CONDITIONS = 16;
const QUANTITY_MAX_LENGTH = 64;
const IP_MAX_LENGTH = 45; // longest textual IPv6 address (with an embedded IPv4)
const CIDR_MAX_LENGTH = 49;
const IMAGE_MAX_LENGTH = 2048;

// ---------------------------------------------------------------------------------------------------------------
// Small schema builders: each returns a fresh node so nothing is shared between branches of the tree.

function str(description: string, extra: Partial<CrdSchema> = {}): CrdSchema {
  return { type: 'string', description, ...extra };
}
function enumOf(description: string, values: readonly string[]): CrdSchema {
  return { type: 'string', description, enum: [...values] };
}
function int(description: string, extra: Partial<CrdSchema> = {}): CrdSchema {
  return { type: 'integer', description, ...extra };
}
function bool(description: string): CrdSchema {
  return { type: 'boolean', description };
}
/** A `map[string]string` of label values (node selectors). Keys are left to the API server and KubeVirt. */
function labelMap(description: string): CrdSchema {
  return { type: 'object', description, additionalProperties: { type: 'string', maxLength: DNS1123_LABEL_MAX_LENGTH, pattern: `^(${QUALIFIED_NAME_FMT})?$` } };
}
function obj(description: string, properties: Record<string, CrdSchema>, required: string[] = [],
  rules: CelValidationRule[] = []): CrdSchema {
  return {
    type: 'object',
    ...(description ? { description } : {}), // list items carry none: the list's description says it
    properties,
    ...(required.length ? { required } : {}),
    ...(rules.length ? { 'x-kubernetes-validations': rules } : {}),
  };
}
/** A list whose items are identified by `key`: the API server merges by key and refuses duplicates. */
function listMap(description: string, key: string, maxItems: number, items: CrdSchema): CrdSchema {
  return {
    'type': 'array',
    description,
    maxItems,
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': [key],
    items,
  };
}
/** A quantity of at least `min`; the guard leaves a malformed value to the pattern's error alone. */
function quantityAtLeast(description: string, min: string): CrdSchema {
  return str(description, {
    'maxLength': QUANTITY_MAX_LENGTH,
    'pattern': QUANTITY_PATTERN,
    'x-kubernetes-validations': [{
      rule: `!isQuantity(self) || quantity(self).compareTo(quantity('${min}')) >= 0`,
      message: `must be at least ${min}`,
    }],
  });
}
function dnsLabel(description: string, maxLength: number): CrdSchema {
  return str(description, { maxLength, pattern: DNS1123_LABEL_PATTERN });
}
function interfaceName(description: string): CrdSchema {
  return str(description, {
    'maxLength': LINUX_IFNAME_MAX_LENGTH,
    'pattern': INTERFACE_NAME_PATTERN,
    'x-kubernetes-validations': [{ rule: "self != '.' && self != '..'", message: "must not be '.' or '..'" }],
  });
}
/** What the validator (src/validate/ip-address.ts) calls a unicast address: not unspecified, loopback, multicast or broadcast. */
function unicast(ip: string): string {
  return `(${ip}.isGlobalUnicast() || ${ip}.isLinkLocalUnicast())`;
}

// ---------------------------------------------------------------------------------------------------------------
// spec

function ipConfigSchema(): CrdSchema {
  const address = 'cidr(self.address).ip()';
  return obj('IP configuration inside the guest.', {
    mode: enumOf('`static` or `dhcp` (extension: `dhcp6` for DHCPv6 only, `slaac` for router advertisements only).', Object.values(IpMode)),
    address: str('Address and prefix in CIDR form, IPv4 or IPv6 (required with `static`).', {
      'maxLength': CIDR_MAX_LENGTH,
      'x-kubernetes-validations': [
        { rule: 'isCIDR(self)', message: 'must be an IPv4 or IPv6 address with a prefix length (CIDR), e.g. 192.168.1.10/24' },
        { rule: `!isCIDR(self) || ${unicast('cidr(self).ip()')}`, message: 'must be a unicast address (not unspecified, loopback, multicast or broadcast)' },
      ],
    }),
    gateway: str('Default gateway, same family as `address` and inside its subnet (`static` only).', {
      'maxLength': IP_MAX_LENGTH,
      'x-kubernetes-validations': [
        { rule: 'isIP(self)', message: 'must be an IPv4 or IPv6 address' },
        { rule: `!isIP(self) || ${unicast('ip(self)')}`, message: 'must be a unicast address (not unspecified, loopback, multicast or broadcast)' },
      ],
    }),
    addresses: {
      type: 'array',
      description: 'Extension: more static addresses in CIDR form next to `address`, e.g. the other IP family for dual-stack (`static` only).',
      maxItems: MAX_EXTRA_ADDRESSES,
      items: {
        'type': 'string',
        'maxLength': CIDR_MAX_LENGTH,
        'x-kubernetes-validations': [
          { rule: 'isCIDR(self)', message: 'must be an IPv4 or IPv6 address with a prefix length (CIDR), e.g. 2001:db8::10/64' },
          { rule: `!isCIDR(self) || ${unicast('cidr(self).ip()')}`, message: 'must be a unicast address (not unspecified, loopback, multicast or broadcast)' },
        ],
      },
      // No duplicate check here: comparing IPs pairwise (and with address) exceeds the CEL cost budget next to
      // dnsServers' rule; src/validate/network.ts refuses duplicates (VALIDATOR_ONLY_RULES in test/crd-parity.test.ts).
    },
    dnsServers: {
      'type': 'array',
      'description': 'DNS servers.',
      'maxItems': MAX_DNS_SERVERS,
      'items': {
        'type': 'string',
        'maxLength': IP_MAX_LENGTH,
        'x-kubernetes-validations': [
          { rule: 'isIP(self)', message: 'must be an IPv4 or IPv6 address' },
          { rule: `!isIP(self) || ${unicast('ip(self)')}`, message: 'must be a unicast address (not unspecified, loopback, multicast or broadcast)' },
        ],
      },
      // Compared as addresses: 2001:db8::1 and 2001:DB8:0::1 are the same server.
      'x-kubernetes-validations': [{
        rule: 'self.all(a, !isIP(a) || self.filter(b, isIP(b) && ip(b) == ip(a)).size() == 1)',
        message: 'must not list a server twice',
      }],
    },
  }, ['mode'], [
    { rule: "self.mode != 'static' || has(self.address)", message: STATIC_NEEDS_ADDRESS, fieldPath: '.address' },
    { rule: "self.mode == 'static' || !has(self.address)", message: STATIC_ONLY, fieldPath: '.address' },
    { rule: "self.mode == 'static' || !has(self.gateway)", message: STATIC_ONLY, fieldPath: '.gateway' },
    { rule: "self.mode == 'static' || !has(self.addresses)", message: STATIC_ONLY, fieldPath: '.addresses' },
    {
      // An IPv6 router is usually reached by its link-local address, outside every global prefix.
      // "gateway is not the address" is a host-prefix containsIP: kube-apiserver estimates `==` on two IPs as
      // unbounded and refuses the CRD (its cost budget), while containsIP has a bounded cost.
      rule: `!has(self.address) || !has(self.gateway) || !isCIDR(self.address) || !isIP(self.gateway) || (ip(self.gateway).family() == ${address}.family() && !cidr(self.gateway + (ip(self.gateway).family() == 4 ? '/32' : '/128')).containsIP(${address}) && (cidr(self.address).containsIP(self.gateway) || (ip(self.gateway).family() == 6 && ip(self.gateway).isLinkLocalUnicast())))`,
      message: 'must be another address of the same IP family inside the subnet of address (or an IPv6 link-local address)',
      fieldPath: '.gateway',
    },
  ]);
}

function nodeNetworkSchema(): CrdSchema {
  return obj('Extension: build the node side with an nmstate NodeNetworkConfigurationPolicy.', {
    uplink: interfaceName('Node interface that carries the network: bridge port, OVS port, SR-IOV physical function or macvtap lower device.'),
    nodeSelector: labelMap('Nodes the NodeNetworkConfigurationPolicy applies to.'),
    totalVfs: int('Number of SR-IOV virtual functions to create on the uplink (`sriov` only).', { minimum: TOTAL_VFS_MIN, maximum: TOTAL_VFS_MAX }),
  }, ['uplink']);
}

/** The NAD is ours to build (no `nadName`): only then do bridge and node-side settings mean anything. */
const CREATES_NAD = "(!has(self.nadName) || self.nadName == '')";

function networkSchema(): CrdSchema {
  return obj('', {
    name: dnsLabel('Network name, unique in the profile (DNS-1123 label).', MAX_NETWORK_NAME_LENGTH),
    type: enumOf('`bridge`, `macvlan`, `sriov` or `ovs`.', Object.values(NetworkType)),
    nadName: str('An existing NetworkAttachmentDefinition, `name` or `namespace/name`. Empty: the library creates `<name>-nad`.', {
      'maxLength': QUALIFIED_NAME_MAX_LENGTH,
      'pattern': NAD_REF_PATTERN,
      // The name part is a subdomain (<= 253); the pattern bounds the namespace part.
      'x-kubernetes-validations': [{
        rule: `self.size() - (self.indexOf('/') + 1) <= ${DNS1123_SUBDOMAIN_MAX_LENGTH}`,
        message: `the name part must be no more than ${DNS1123_SUBDOMAIN_MAX_LENGTH} characters`,
      }],
    }),
    vlanId: int('VLAN ID, 1-4094 (not for `macvlan`).', { minimum: VLAN_ID_MIN, maximum: VLAN_ID_MAX }),
    bridgeName: interfaceName('Node bridge (`bridge`, `ovs`), a Linux interface name of at most 15 characters.'),
    ipConfig: ipConfigSchema(),
    macAddress: str("Extension: the interface's MAC address.", {
      'maxLength': ZERO_MAC.length,
      'pattern': MAC_ADDRESS_PATTERN,
      'x-kubernetes-validations': [
        { rule: "self.matches('^.[02468aAcCeE]')", message: MAC_NOT_UNICAST },
        { rule: `self != '${ZERO_MAC}'`, message: MAC_ALL_ZEROS },
        { rule: `self.lowerAscii() != '${RESERVED_MAC}'`, message: MAC_RESERVED },
      ],
    }),
    resourceName: str('Extension: device-plugin resource of a created NAD (`k8s.v1.cni.cncf.io/resourceName`).',
      { maxLength: QUALIFIED_NAME_MAX_LENGTH, pattern: PREFIXED_QUALIFIED_NAME_PATTERN }),
    nodeNetwork: nodeNetworkSchema(),
    model: enumOf('Extension: the NIC model the guest sees: `virtio`, `e1000e`, `e1000`, `igb`, `rtl8139`, `pcnet` or `ne2k_pci` (not for `sriov`).',
      NIC_MODELS),
  }, ['name', 'type'], [
    { rule: "self.type != 'sriov' || !has(self.model)", message: SRIOV_NO_MODEL, fieldPath: '.model' },
    { rule: "self.type != 'macvlan' || !has(self.vlanId)", message: MACVLAN_NO_VLAN, fieldPath: '.vlanId' },
    { rule: `self.type != 'ovs' || has(self.bridgeName) || !${CREATES_NAD}`, message: OVS_BRIDGE_REQUIRED, fieldPath: '.bridgeName' },
    { rule: "!has(self.bridgeName) || self.type == 'bridge' || self.type == 'ovs'", message: 'only for type "bridge" or "ovs"', fieldPath: '.bridgeName' },
    {
      rule: `self.type != 'bridge' || has(self.bridgeName) || !${CREATES_NAD} || self.name.size() <= ${MAX_DEFAULT_BRIDGE_NETWORK_NAME_LENGTH}`,
      message: defaultBridgeTooLong(defaultBridgeName('<name>')),
      fieldPath: '.bridgeName',
    },
    {
      rule: `!has(self.nodeNetwork) || ${CREATES_NAD}`,
      message: 'may not be combined with nadName: the node side of an existing NetworkAttachmentDefinition is managed with it',
      fieldPath: '.nodeNetwork',
    },
    {
      // bridgeNameOf (naming.ts) in CEL.
      rule: `!has(self.nodeNetwork) || self.nodeNetwork.uplink != (has(self.bridgeName) ? self.bridgeName : (self.type == 'bridge' ? '${defaultBridgeName('')}' + self.name : ''))`,
      message: UPLINK_IS_BRIDGE,
      fieldPath: '.nodeNetwork.uplink',
    },
    {
      rule: "self.type == 'sriov' || !has(self.nodeNetwork) || !has(self.nodeNetwork.totalVfs)",
      message: TOTAL_VFS_SRIOV_ONLY,
      fieldPath: '.nodeNetwork.totalVfs',
    },
  ]);
}

function cloneSourceSchema(description: string): CrdSchema {
  return obj(description, {
    name: str('Name of the object (a DNS-1123 subdomain).', { maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH, pattern: DNS1123_SUBDOMAIN_PATTERN }),
    namespace: dnsLabel("Its namespace; another namespace needs CDI's clone permission (`datavolumes/source`) there.", DNS1123_LABEL_MAX_LENGTH),
  }, ['name']);
}

/** One source per disk (image, pvc, dataSource, snapshot: the later one is refused), none on an existing claim. */
const DISK_SOURCE_RULES: readonly CelValidationRule[] = [
  ...['pvc', 'dataSource', 'snapshot'].map((key) => ({
    rule: `!has(self.claimName) || !has(self.${key})`,
    message: 'may not be combined with claimName: the existing claim is mounted as it is, not cloned',
    fieldPath: `.${key}`,
  })),
  { rule: '!has(self.pvc) || !has(self.image)', message: 'may not be combined with image: a disk has one source', fieldPath: '.pvc' },
  { rule: '!has(self.dataSource) || (!has(self.image) && !has(self.pvc))', message: 'a disk has one source', fieldPath: '.dataSource' },
  {
    rule: '!has(self.snapshot) || (!has(self.image) && !has(self.pvc) && !has(self.dataSource))',
    message: 'a disk has one source',
    fieldPath: '.snapshot',
  },
  { rule: '!has(self.claimName) || !has(self.volumeMode)', message: CLAIM_HAS_VOLUME_MODE, fieldPath: '.volumeMode' },
  ...['secretRef', 'certConfigMap'].map((key) => ({
    rule: `!has(self.${key}) || has(self.image)`,
    message: "needs the disk's image: credentials and CA bundles are for a registry or http import",
    fieldPath: `.${key}`,
  })),
];

function diskSchema(): CrdSchema {
  return obj('', {
    name: dnsLabel('Disk name, unique in the profile (DNS-1123 label).', DNS1123_LABEL_MAX_LENGTH),
    size: quantityAtLeast('Size, a Kubernetes quantity of at least 1Gi (not with `claimName`).', MIN_DISK_SIZE),
    storageClassName: str("StorageClass of the disk's PVC (not with `claimName`).", { maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH, pattern: DNS1123_SUBDOMAIN_PATTERN }),
    boot: bool('Boot disk (at most one).'),
    image: str('Import source: a registry image (`repo/image:tag` or `docker://...`) or an `http(s)://` URL.',
      { minLength: 1, maxLength: IMAGE_MAX_LENGTH }),
    deleteWithVm: bool('Extension: delete the disk together with the VirtualMachine (a `dataVolumeTemplates` entry).'),
    claimName: str('Extension: mount this existing PersistentVolumeClaim instead of creating a DataVolume.',
      { maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH, pattern: DNS1123_SUBDOMAIN_PATTERN }),
    accessMode: enumOf('Extension: PVC access mode (`ReadWriteOnce`, `ReadWriteMany`, ...).',
      ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']),
    bus: enumOf('Extension: the bus the guest sees the disk on: `virtio`, `sata`, `scsi` or `usb` (`sata` for guests without virtio drivers).',
      DISK_BUSES),
    volumeMode: enumOf('Extension: PVC volume mode, `Filesystem` or `Block`.', VOLUME_MODES),
    pvc: cloneSourceSchema('Extension: clone an existing PersistentVolumeClaim (CDI `source.pvc`) instead of importing.'),
    dataSource: cloneSourceSchema('Extension: clone a CDI DataSource, a golden image (CDI `sourceRef`), instead of importing.'),
    snapshot: cloneSourceSchema('Extension: restore a VolumeSnapshot (CDI `source.snapshot`) instead of importing.'),
    secretRef: str('Extension: a Secret with the credentials of the `image` registry or URL (CDI `secretRef`: `accessKeyId`, `secretKey`).',
      { maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH, pattern: DNS1123_SUBDOMAIN_PATTERN }),
    certConfigMap: str("Extension: a ConfigMap with the CA bundle that signs the `image` registry or URL's TLS certificate (CDI `certConfigMap`).",
      { maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH, pattern: DNS1123_SUBDOMAIN_PATTERN }),
    serial: str("Extension: the disk's serial number the guest sees (`[A-Za-z0-9_.+-]`, at most 256 characters).",
      { maxLength: MAX_DISK_SERIAL_LENGTH, pattern: DISK_SERIAL_PATTERN }),
  }, ['name'], [
    ...DISK_SOURCE_RULES,
    // A disk is either created (size and StorageClass) or an existing claim, never both.
    { rule: 'has(self.claimName) || has(self.size)', message: 'Required value: a disk needs a size unless it mounts an existing claim (claimName)', fieldPath: '.size' },
    { rule: 'has(self.claimName) || has(self.storageClassName)', message: 'Required value: a disk needs a storageClassName unless it mounts an existing claim (claimName)', fieldPath: '.storageClassName' },
    { rule: '!has(self.claimName) || !has(self.size)', message: CLAIM_HAS_SIZE, fieldPath: '.size' },
    { rule: '!has(self.claimName) || !has(self.storageClassName)', message: CLAIM_HAS_STORAGE_CLASS, fieldPath: '.storageClassName' },
    // The renderer adds these volumes itself.
    {
      rule: `self.name != '${CLOUD_INIT_VOLUME}' && self.name != '${CONTAINER_DISK_VOLUME}' && self.name != '${SYSPREP_VOLUME}'`,
      message: `reserved for the volume the library adds ("${CLOUD_INIT_VOLUME}", "${CONTAINER_DISK_VOLUME}", "${SYSPREP_VOLUME}")`,
      fieldPath: '.name',
    },
  ]);
}

function tolerationSchema(): CrdSchema {
  return obj('', {
    key: str('Taint key; empty with `Exists` matches every taint.', { maxLength: QUALIFIED_NAME_MAX_LENGTH, pattern: OPTIONAL_QUALIFIED_NAME_PATTERN }),
    // Empty means Equal, as in Kubernetes.
    operator: enumOf('`Equal` or `Exists`.', ['', 'Equal', 'Exists']),
    value: str('Taint value (`Equal` only).', { maxLength: DNS1123_LABEL_MAX_LENGTH, pattern: `^(${QUALIFIED_NAME_FMT})?$` }),
    effect: enumOf('`NoSchedule`, `PreferNoSchedule` or `NoExecute`; empty matches all effects.',
      ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute']),
    tolerationSeconds: int('How long a `NoExecute` taint is tolerated.'),
  }, [], [
    {
      rule: "(has(self.key) && self.key != '') || (has(self.operator) && self.operator == 'Exists')",
      message: EMPTY_TOLERATION_KEY,
      fieldPath: '.operator',
    },
    {
      rule: "!has(self.operator) || self.operator != 'Exists' || !has(self.value) || self.value == ''",
      message: "value must be empty when `operator` is 'Exists'",
      fieldPath: '.value',
    },
    {
      // Kubernetes reports this one on effect, and so does src/validate/availability.ts.
      rule: "!has(self.tolerationSeconds) || (has(self.effect) && self.effect == 'NoExecute')",
      message: "effect must be 'NoExecute' when `tolerationSeconds` is set",
      fieldPath: '.effect',
    },
  ]);
}

function highAvailabilitySchema(): CrdSchema {
  return obj('High availability.', {
    restartPolicy: enumOf('`Always`, `OnFailure` or `Never`; resolved into `spec.runStrategy` (see docs/run-strategy.md).', Object.values(RestartPolicy)),
    antiAffinity: bool('Spread the VMs of one anti-affinity group over nodes (`kubernetes.io/hostname`).'),
    antiAffinityGroup: str('Extension: the anti-affinity group, carried in the template label `vm.example.com/anti-affinity-group`.',
      { maxLength: DNS1123_LABEL_MAX_LENGTH, pattern: LABEL_VALUE_PATTERN }),
    antiAffinityMode: enumOf('Extension: `Preferred` (a scheduling preference) or `Required` (the VMs of the group never share a topology domain).',
      Object.values(AntiAffinityMode)),
    antiAffinityTopologyKey: str('Extension: the node label whose values the group is spread over, e.g. `topology.kubernetes.io/zone`.',
      { maxLength: QUALIFIED_NAME_MAX_LENGTH, pattern: QUALIFIED_NAME_PATTERN }),
    nodeSelector: labelMap('Node selector of the VM.'),
    tolerations: { type: 'array', description: 'Tolerations of the VM.', maxItems: MAX_TOLERATIONS, items: tolerationSchema() },
  });
}

const IS_EFI = "has(self.bootloader) && self.bootloader == 'EFI'";

function firmwareSchema(): CrdSchema {
  return obj("Extension: the VM's firmware: BIOS or EFI, Secure Boot, persistent EFI variables.", {
    bootloader: enumOf('`BIOS` or `EFI`.', Object.values(Bootloader)),
    secureBoot: bool('UEFI Secure Boot (`EFI` only; the library turns on the SMM it needs).'),
    persistent: bool('Keep the EFI variables across reboots (`EFI` only; KubeVirt keeps them in a PVC of its VM state StorageClass).'),
  }, [], [
    { rule: `!has(self.secureBoot) || !self.secureBoot || (${IS_EFI})`, message: SECURE_BOOT_NEEDS_EFI, fieldPath: '.secureBoot' },
    { rule: `!has(self.persistent) || !self.persistent || (${IS_EFI})`, message: PERSISTENT_EFI_NEEDS_EFI, fieldPath: '.persistent' },
  ]);
}

/** An instancetype or preference reference (descriptions: the TSDoc of profile-spec.ts). */
function resourceRefSchema(description: string, nameDescription: string, kindDescription: string, kinds: readonly string[]): CrdSchema {
  return obj(description, {
    name: str(nameDescription, { maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH, pattern: DNS1123_SUBDOMAIN_PATTERN }),
    kind: enumOf(kindDescription, kinds),
  }, ['name']);
}

/** A quantity greater than zero; the guard leaves a malformed value to the pattern's error alone. */
function positiveQuantity(description: string): CrdSchema {
  return str(description, {
    'maxLength': QUANTITY_MAX_LENGTH,
    'pattern': QUANTITY_PATTERN,
    'x-kubernetes-validations': [{ rule: "!isQuantity(self) || quantity(self).compareTo(quantity('0')) > 0", message: 'must be greater than 0' }],
  });
}

const IS_DEDICATED = 'has(self.dedicatedCpuPlacement) && self.dedicatedCpuPlacement';

function computeSchema(): CrdSchema {
  return obj('Extension: dedicated CPUs, CPU model and topology, hugepages, NUMA passthrough, memory overcommit and limits.', {
    dedicatedCpuPlacement: bool('Pin each vCPU to a dedicated host CPU (KubeVirt `dedicatedCpuPlacement`; the node needs the static CPU manager).'),
    isolateEmulatorThread: bool("Give QEMU's emulator thread a dedicated host CPU of its own (needs `dedicatedCpuPlacement`)."),
    cpuModel: str('The CPU model the guest sees: `host-passthrough`, `host-model` or a named model such as `Skylake-Client-IBRS`.',
      { maxLength: MAX_CPU_MODEL_LENGTH, pattern: CPU_MODEL_PATTERN }),
    sockets: int('CPU sockets; `cpu` must be a multiple of `sockets` × `threads`, and cores = `cpu` / (`sockets` × `threads`).', { minimum: 1 }),
    threads: int('Threads per core (at most 2 with `dedicatedCpuPlacement`); `cpu` must be a multiple of `sockets` × `threads`.', { minimum: 1 }),
    hugepages: enumOf('Back the guest memory with hugepages of this page size, `2Mi` or `1Gi` (the memory must be a multiple of it).', HUGEPAGE_SIZES),
    numaGuestMappingPassthrough: bool("Mirror the host's NUMA topology of the dedicated CPUs in the guest (needs `dedicatedCpuPlacement` and `hugepages`)."),
    memoryRequest: positiveQuantity('Memory the pod requests, a quantity at most `memory`: lower than the guest memory overcommits the node.'),
    memoryLimit: positiveQuantity('Memory limit of the pod, a quantity at least `memory`.'),
    cpuLimit: positiveQuantity('CPU limit of the pod, a quantity such as `4` or `3500m` (equal to `cpu` with `dedicatedCpuPlacement`).'),
  }, [], [
    {
      rule: `!has(self.threads) || self.threads <= 2 || !(${IS_DEDICATED})`,
      message: "must be at most 2 with dedicatedCpuPlacement (KubeVirt's limit)",
      fieldPath: '.threads',
    },
    {
      rule: `!(${IS_DEDICATED}) || !has(self.memoryRequest) || !has(self.memoryLimit) || !isQuantity(self.memoryRequest) || !isQuantity(self.memoryLimit) || quantity(self.memoryRequest).compareTo(quantity(self.memoryLimit)) == 0`,
      message: DEDICATED_MEMORY_LIMIT,
      fieldPath: '.memoryLimit',
    },
  ]);
}

/** Rules between spec.compute and the rest of the spec (cpu, memory, instancetype). */
function computeRules(): CelValidationRule[] {
  const c = 'self.compute';
  const without = '!has(self.compute) || has(self.instancetype)';
  const dedicated = `has(${c}.dedicatedCpuPlacement) && ${c}.dedicatedCpuPlacement`;
  const q = (x: string) => `isQuantity(${x})`;
  const backed = `(has(${c}.memoryRequest) ? ${c}.memoryRequest : self.memory)`;
  return [
    ...['sockets', 'threads', 'memoryRequest', 'memoryLimit', 'cpuLimit'].map((key) => ({
      rule: `!has(self.instancetype) || !has(self.compute) || !has(${c}.${key})`,
      message: NOT_WITH_INSTANCETYPE,
      fieldPath: `.compute.${key}`,
    })),
    {
      rule: `${without} || !has(${c}.isolateEmulatorThread) || !${c}.isolateEmulatorThread || (${dedicated})`,
      message: EMULATOR_THREAD_NEEDS_DEDICATED,
      fieldPath: '.compute.isolateEmulatorThread',
    },
    {
      rule: `${without} || !has(${c}.numaGuestMappingPassthrough) || !${c}.numaGuestMappingPassthrough || ((${dedicated}) && has(${c}.hugepages))`,
      message: "needs dedicatedCpuPlacement: true and hugepages (KubeVirt maps the guest's NUMA nodes from dedicated CPUs and hugepages)",
      fieldPath: '.compute.numaGuestMappingPassthrough',
    },
    {
      rule: `!has(self.compute) || !has(self.cpu) || self.cpu % ((has(${c}.sockets) ? ${c}.sockets : 1) * (has(${c}.threads) ? ${c}.threads : 1)) == 0`,
      message: 'must be a multiple of compute.sockets × compute.threads: cores = cpu / (sockets × threads)',
      fieldPath: '.cpu',
    },
    {
      rule: `!has(self.compute) || !has(${c}.memoryRequest) || !has(self.memory) || !${q(`${c}.memoryRequest`)} || !${q('self.memory')} || quantity(${c}.memoryRequest).compareTo(quantity(self.memory)) <= 0`,
      message: 'must be at most memory: the request overcommits the guest memory, it never exceeds it',
      fieldPath: '.compute.memoryRequest',
    },
    {
      rule: `!has(self.compute) || !has(${c}.memoryLimit) || !has(self.memory) || !${q(`${c}.memoryLimit`)} || !${q('self.memory')} || quantity(${c}.memoryLimit).compareTo(quantity(self.memory)) >= 0`,
      message: 'must be at least memory: KubeVirt refuses a guest memory above the memory limit',
      fieldPath: '.compute.memoryLimit',
    },
    {
      rule: `!has(self.compute) || !(${dedicated}) || !has(${c}.cpuLimit) || !has(self.cpu) || !${q(`${c}.cpuLimit`)} || (quantity(${c}.cpuLimit).isInteger() && quantity(${c}.cpuLimit).asInteger() == self.cpu)`,
      message: 'must equal cpu with dedicatedCpuPlacement: each vCPU gets a whole host CPU',
      fieldPath: '.compute.cpuLimit',
    },
    {
      rule: `!has(self.compute) || !has(${c}.hugepages) || (!has(${c}.memoryRequest) && !has(self.memory)) || !${q(backed)} || (quantity(${backed}).isInteger() && quantity(${backed}).asInteger() % quantity(${c}.hugepages).asInteger() == 0)`,
      message: 'the memory (compute.memoryRequest, else memory) must be a multiple of the page size',
      fieldPath: '.compute.hugepages',
    },
  ];
}

function passthroughDeviceSchema(): CrdSchema {
  return obj('', {
    name: dnsLabel('Device name, unique in its list (DNS-1123 label).', DNS1123_LABEL_MAX_LENGTH),
    deviceName: str('The device-plugin resource of a device the KubeVirt CR permits (`permittedHostDevices`), e.g. `nvidia.com/GA102GL_A10`.',
      { maxLength: QUALIFIED_NAME_MAX_LENGTH, pattern: PREFIXED_QUALIFIED_NAME_PATTERN }),
  }, ['name', 'deviceName']);
}

/** cpu and memory: required without an instancetype, forbidden with one (KubeVirt refuses the VM). */
const SIZING_RULES: readonly CelValidationRule[] = (['cpu', 'memory'] as const).flatMap((key) => [
  {
    rule: `has(self.instancetype) || has(self.${key})`,
    message: 'Required value: the VM needs cpu and memory unless spec.instancetype sizes it',
    fieldPath: `.${key}`,
  },
  {
    rule: `!has(self.instancetype) || !has(self.${key})`,
    message: `may not be combined with instancetype: the instancetype gives the ${key === 'cpu' ? 'vCPUs' : 'memory'}, and KubeVirt refuses a VM that sets them next to one`,
    fieldPath: `.${key}`,
  },
]);

function startStrategySchema(): CrdSchema {
  return obj('Start strategy.', {
    runStrategy: enumOf('`Always`, `RerunOnFailure` or `Manual`.', Object.values(RunStrategy)),
    autoStart: bool('Start the VM when it is created.'),
  }, [], [{
    rule: "!has(self.runStrategy) || self.runStrategy != 'Manual' || !has(self.autoStart) || !self.autoStart",
    message: 'runStrategy "Manual" never starts the VM on creation: set autoStart to false or choose "Always" or "RerunOnFailure"',
    fieldPath: '.autoStart',
  }]);
}

/**
 * restartPolicy/runStrategy pairs that agree (run-strategy.ts): Always-Always, OnFailure-RerunOnFailure,
 * Never-Manual. Either one alone is always fine.
 */
const RUN_STRATEGY_AGREES_WITH_RESTART_POLICY: CelValidationRule = {
  rule: [
    '!has(self.highAvailability) || !has(self.highAvailability.restartPolicy)',
    '!has(self.startStrategy) || !has(self.startStrategy.runStrategy)',
    "(self.highAvailability.restartPolicy == 'Always' && self.startStrategy.runStrategy == 'Always')",
    "(self.highAvailability.restartPolicy == 'OnFailure' && self.startStrategy.runStrategy == 'RerunOnFailure')",
    "(self.highAvailability.restartPolicy == 'Never' && self.startStrategy.runStrategy == 'Manual')",
  ].join(' || '),
  message: 'contradicts highAvailability.restartPolicy: Always needs runStrategy "Always", OnFailure needs "RerunOnFailure", Never needs "Manual" or unset',
  fieldPath: '.startStrategy.runStrategy',
};

const POD_NETWORK_ON = 'has(self.podNetwork) && self.podNetwork';

function specSchema(): CrdSchema {
  return obj('Spec.', {
    cpu: int('Virtual CPUs (an integer > 0); required, unless `instancetype` sizes the VM (then it must be absent).', { minimum: 1 }),
    memory: quantityAtLeast('Guest memory, a Kubernetes quantity of at least 512Mi; required, unless `instancetype` sizes the VM (then it must be absent).', MIN_MEMORY),
    osImage: str('Operating system image: import source of the boot disk when it has no `image`.', { minLength: 1, maxLength: IMAGE_MAX_LENGTH }),
    sshKeySecret: str('Secret with SSH public keys, propagated through cloud-init NoCloud.',
      { maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH, pattern: DNS1123_SUBDOMAIN_PATTERN }),
    networks: listMap('Networks, in guest NIC order (`eth0`, `eth1`, ...).', 'name', KUBEVIRT_MAX_ITEMS, networkSchema()),
    // KubeVirt's volumes, less the cloud-init (or sysprep) disk and the containerDisk the renderer may add.
    disks: merged(listMap('Disks.', 'name', MAX_DISKS, diskSchema()), {
      'x-kubernetes-validations': [{
        rule: 'self.filter(d, has(d.boot) && d.boot).size() <= 1',
        message: 'only one disk may boot',
      }],
    }),
    highAvailability: highAvailabilitySchema(),
    startStrategy: startStrategySchema(),
    podNetwork: bool('Extension: add the pod network (masquerade binding) after the listed networks.'),
    hostname: dnsLabel("Extension: the guest's hostname (KubeVirt `spec.template.spec.hostname`), a DNS-1123 label.", DNS1123_LABEL_MAX_LENGTH),
    userData: str('Extension: cloud-init user data, `#cloud-config` YAML or a `#!` script, inline (at most 2048 bytes).',
      { minLength: 1, maxLength: CLOUD_INIT_INLINE_LIMIT }),
    userDataSecret: str('Extension: a Secret in the profile\'s namespace whose `userdata` key holds the cloud-init user data.',
      { maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH, pattern: DNS1123_SUBDOMAIN_PATTERN }),
    firmware: firmwareSchema(),
    tpm: obj('Extension: an emulated TPM 2.0 device (Windows 11 needs one).', {
      persistent: bool('Keep the TPM state across reboots (BitLocker needs it; KubeVirt keeps it in a PVC of its VM state StorageClass).'),
    }),
    instancetype: resourceRefSchema(
      'Extension: a KubeVirt instancetype that sizes the VM (its vCPUs and memory), rendered as the VM\'s `spec.instancetype`.',
      'Name of the instancetype (a DNS-1123 subdomain), e.g. `u1.medium`.',
      '`VirtualMachineClusterInstancetype` or `VirtualMachineInstancetype` (in the profile\'s namespace).',
      Object.values(InstancetypeKind)),
    preference: resourceRefSchema(
      'Extension: a KubeVirt preference (guest OS defaults: disk bus, firmware, ...), rendered as the VM\'s `spec.preference`.',
      'Name of the preference (a DNS-1123 subdomain), e.g. `fedora` or `windows.11`.',
      '`VirtualMachineClusterPreference` or `VirtualMachinePreference` (in the profile\'s namespace).',
      Object.values(PreferenceKind)),
    compute: computeSchema(),
    sysprep: obj('Extension: Windows sysprep answer files from a ConfigMap or Secret, on a CD-ROM instead of the cloud-init disk.', {
      configMap: str('A ConfigMap whose `autounattend.xml` (and/or `unattend.xml`) key holds the answer file.',
        { maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH, pattern: DNS1123_SUBDOMAIN_PATTERN }),
      secret: str('A Secret whose `autounattend.xml` (and/or `unattend.xml`) key holds the answer file, for one with passwords.',
        { maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH, pattern: DNS1123_SUBDOMAIN_PATTERN }),
    }, [], [
      { rule: '!has(self.configMap) || !has(self.secret)', message: ONE_SYSPREP_SOURCE, fieldPath: '.secret' },
      { rule: 'has(self.configMap) || has(self.secret)', message: 'Required value: a ConfigMap or a Secret (secret) with autounattend.xml', fieldPath: '.configMap' },
    ]),
    ports: {
      'type': 'array',
      'description': 'Extension: the ports of the pod network KubeVirt forwards to the guest (masquerade `ports`; needs `podNetwork`).',
      'maxItems': MAX_POD_PORTS,
      'items': obj('', {
        name: str('A port name (IANA service name: at most 15 lowercase letters, digits and `-`, with a letter), e.g. `ssh`.', {
          'maxLength': IANA_SVC_NAME_MAX_LENGTH,
          'pattern': IANA_SVC_NAME_PATTERN,
          'x-kubernetes-validations': [
            { rule: "!self.contains('--')", message: IANA_SVC_NAME_NO_DOUBLE_HYPHEN },
            { rule: "self.matches('[a-z]')", message: IANA_SVC_NAME_NEEDS_LETTER },
          ],
        }),
        port: int('The port number, 1-65535.', { minimum: PORT_MIN, maximum: PORT_MAX }),
        protocol: enumOf('`TCP` or `UDP`.', POD_PORT_PROTOCOLS),
      }, ['port']),
      'x-kubernetes-validations': [{
        rule: 'self.all(p, !has(p.name) || self.filter(q, has(q.name) && q.name == p.name).size() == 1)',
        message: 'port names must be unique',
      }],
    },
    service: obj('Extension: a Service named like the VM for `ports`, selecting the VM\'s virt-launcher pod as `virtctl expose` does.', {
      type: enumOf('`ClusterIP`, `NodePort` or `LoadBalancer`.', POD_SERVICE_TYPES),
    }),
    gpus: listMap('Extension: GPUs (or vGPUs) passed through to the guest, rendered as `domain.devices.gpus`.', 'name', MAX_PASSTHROUGH_DEVICES,
      passthroughDeviceSchema()),
    hostDevices: listMap('Extension: PCI or mediated host devices passed through to the guest, rendered as `domain.devices.hostDevices`.', 'name',
      MAX_PASSTHROUGH_DEVICES, passthroughDeviceSchema()),
  }, [], [
    ...SIZING_RULES,
    ...computeRules(),
    {
      rule: `!has(self.ports) || (${POD_NETWORK_ON})`,
      message: "needs podNetwork: true (the ports are forwarded by the pod network's masquerade binding)",
      fieldPath: '.ports',
    },
    {
      rule: '!has(self.service) || (has(self.ports) && self.ports.size() > 0)',
      message: 'Required value: spec.service exposes the forwarded ports: list at least one',
      fieldPath: '.ports',
    },
    {
      rule: '!has(self.service) || !has(self.ports) || self.ports.size() < 2 || self.ports.all(p, has(p.name))',
      message: 'Required value: a Service with several ports needs a name for each',
      fieldPath: '.ports',
    },
    ...['userData', 'userDataSecret', 'sshKeySecret'].map((key) => ({
      rule: `!has(self.sysprep) || !has(self.${key})`,
      message: `may not be combined with ${key}: a sysprep VM has no cloud-init`,
      fieldPath: '.sysprep',
    })),
    {
      rule: "!has(self.userData) || self.userData.startsWith('#cloud-config') || self.userData.startsWith('#!')",
      message: USER_DATA_HEADER,
      fieldPath: '.userData',
    },
    { rule: '!has(self.userData) || !has(self.userDataSecret)', message: NOT_WITH_USER_DATA, fieldPath: '.userDataSecret' },
    RUN_STRATEGY_AGREES_WITH_RESTART_POLICY,
    { rule: 'has(self.osImage) || (has(self.disks) && self.disks.size() > 0)', message: BOOT_DISK_OR_OS_IMAGE, fieldPath: '.disks' },
    {
      rule: `!(${POD_NETWORK_ON}) || !has(self.networks) || !self.networks.exists(n, n.name == '${POD_NETWORK_NAME}')`,
      message: POD_NETWORK_NAME_RESERVED,
      fieldPath: '.networks',
    },
    {
      rule: `!(${POD_NETWORK_ON}) || !has(self.networks) || self.networks.size() < ${KUBEVIRT_MAX_ITEMS}`,
      message: `KubeVirt allows ${KUBEVIRT_MAX_ITEMS} networks, one is the pod network`,
      fieldPath: '.networks',
    },
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// status (types and descriptions: status.ts)

function statusSchema(): CrdSchema {
  const name = (description: string): CrdSchema => str(description, { maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH });
  return obj('Observed state, written by the controller through the status subresource.', {
    phase: enumOf('`Pending`, `Creating`, `Running`, `Stopped` or `Error` (see `PHASE_RULES`).', Object.values(ProfilePhase)),
    vmName: name('Name of the KubeVirt VirtualMachine, `<profile>-vm`.'),
    nodeName: name('Node the VMI runs on.'),
    observedGeneration: int('The `metadata.generation` this status was derived from.', { minimum: 0, format: 'int64' }),
    conditions: listMap('`Ready`, `NetworksConfigured` and `VolumesBound`, always all three, in this order; the controller adds `RestartRequired` while KubeVirt reports one.', 'type', MAX_CONDITIONS, obj('', {
      // Bounds and patterns of metav1.Condition.
      type: str('`Ready`, `NetworksConfigured` or `VolumesBound`.', {
        maxLength: 316,
        pattern: `^(${DNS1123_SUBDOMAIN_FMT}/)?${QUALIFIED_NAME_FMT}$`,
      }),
      status: enumOf('`"True"`, `"False"` or `"Unknown"`.', ['True', 'False', 'Unknown']),
      observedGeneration: int('The `metadata.generation` the condition was set for.', { minimum: 0, format: 'int64' }),
      lastTransitionTime: str('When the condition last changed, copied from the source objects (never the clock).', { format: 'date-time' }),
      reason: str('One CamelCase word saying why.', { maxLength: 1024, minLength: 1, pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$' }),
      message: str('What was found, naming what is missing.', { maxLength: 32768 }),
    }, ['type', 'status', 'reason', 'message'])),
    networks: listMap('One entry per profile network.', 'name', KUBEVIRT_MAX_ITEMS, obj('', {
      name: name('Network name from the profile.'),
      interface: name('Guest interface name: as the guest agent reports it, else `eth<i>` from the network\'s position.'),
      ipAddress: name('IP address as the guest agent reports it (KubeVirt gives no prefix length).'),
      macAddress: name('MAC address: reported by the VMI, else the VM spec\'s `macAddress`.'),
      nadName: name('The NetworkAttachmentDefinition reference: the profile\'s `nadName` (`name` or `ns/name`), else `<network>-nad`.'),
    }, ['name', 'interface', 'nadName'])),
    volumes: listMap('One entry per profile disk.', 'name', KUBEVIRT_MAX_ITEMS, obj('', {
      name: name('Disk name from the profile.'),
      pvcName: name('PVC of the disk, `<profile>-<disk>`.'),
      bound: bool('True when the PVC\'s phase is `Bound`.'),
      size: name('Actual capacity of the PVC (`status.capacity.storage`).'),
    }, ['name', 'pvcName', 'bound'])),
  }, ['phase', 'vmName', 'conditions', 'networks', 'volumes']);
}

/** The `openAPIV3Schema` of v1alpha1: a fresh, deterministic plain object. */
export function profileOpenApiSchema(): CrdSchema {
  return obj('A VirtualMachineProfile as the API server stores it: the manifest kept in Git plus the controller\'s status.', {
    apiVersion: str('Always `vm.example.com/v1alpha1`.'),
    kind: str('Always `VirtualMachineProfile`.'),
    // The API server owns ObjectMeta; a CRD may only constrain name (and generateName): no description either,
    // the server refuses the CRD otherwise.
    metadata: obj('', {
      name: dnsLabel('Profile name; every generated name derives from it (`<name>-vm`, `<name>-<disk>`).', MAX_PROFILE_NAME_LENGTH),
    }),
    spec: specSchema(),
    status: statusSchema(),
  }, ['spec'], [{
    // Root rules may read metadata.name: the DataVolume `<profile>-<disk>` must stay a 63-character name.
    rule: `self.metadata.name.size() > ${MAX_PROFILE_NAME_LENGTH} || !has(self.spec.disks) || ` +
      `self.spec.disks.all(d, self.metadata.name.size() + ${dataVolumeName('', '').length} + d.name.size() <= ${MAX_OBJECT_NAME_LENGTH})`,
    message: `a disk name is too long for this profile name: the DataVolume name ${dataVolumeName('<profile>', '<disk>')} must fit in ${MAX_OBJECT_NAME_LENGTH} characters`,
    fieldPath: '.spec.disks',
  }, {
    rule: "!has(self.spec.service) || self.metadata.name.matches('^[a-z]')",
    message: 'the Service is named like the VM (<name>-vm), and a Service name (a DNS-1035 label) must start with a letter',
    fieldPath: '.spec.service',
  }]);
}

/** Printer columns of `kubectl get vmprofile`; VM is in `-o wide` only since it is always `<name>-vm`. */
function printerColumns() {
  return [
    { name: 'Phase', type: 'string', jsonPath: '.status.phase', description: 'Lifecycle phase.' },
    { name: 'CPU', type: 'integer', jsonPath: '.spec.cpu', description: 'Virtual CPUs.' },
    { name: 'Memory', type: 'string', jsonPath: '.spec.memory', description: 'Guest memory.' },
    { name: 'VM', type: 'string', jsonPath: '.status.vmName', description: 'KubeVirt VirtualMachine.', priority: 1 },
    { name: 'Node', type: 'string', jsonPath: '.status.nodeName', description: 'Node the VM runs on.' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ];
}

/** The whole CRD manifest as plain JSON; deterministic (a fresh object with a fixed key order every call). */
export function profileCrdManifest(): any {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: PROFILE_CRD_NAME },
    spec: {
      group: PROFILE_GROUP,
      names: {
        kind: PROFILE_KIND,
        listKind: `${PROFILE_KIND}List`,
        plural: PROFILE_PLURAL,
        singular: PROFILE_SINGULAR,
        shortNames: [...PROFILE_SHORT_NAMES],
        // Like KubeVirt's VirtualMachine: `kubectl get all` lists profiles next to their VMs.
        categories: ['all'],
      },
      scope: 'Namespaced',
      versions: [{
        name: PROFILE_VERSION,
        served: true,
        storage: true,
        schema: { openAPIV3Schema: profileOpenApiSchema() },
        subresources: { status: {} },
        additionalPrinterColumns: printerColumns(),
      }],
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The construct

/** Wire-form keys whose binding property names differ (the binding maps them back in `toJson`). */
const BINDING_KEYS: Record<string, string> = {
  'x-kubernetes-list-type': 'xKubernetesListType',
  'x-kubernetes-list-map-keys': 'xKubernetesListMapKeys',
  'x-kubernetes-int-or-string': 'xKubernetesIntOrString',
  'x-kubernetes-validations': 'xKubernetesValidations',
};

/**
 * A wire-form schema as the typed binding's `JsonSchemaProps`. `items` and `additionalProperties` are typed
 * `any` in the binding and emitted untouched, so they stay in wire form.
 */
function toJsonSchemaProps(node: CrdSchema): JsonSchemaProps {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, CrdSchema>)
        .map(([name, child]) => [name, toJsonSchemaProps(child)]));
    } else {
      out[BINDING_KEYS[key] ?? key] = value;
    }
  }
  return out as JsonSchemaProps;
}

/** The manifest as props of the typed `KubeCustomResourceDefinition`. */
function toBindingProps(manifest: any): KubeCustomResourceDefinitionProps {
  const [version] = manifest.spec.versions;
  return {
    metadata: manifest.metadata,
    spec: merged(manifest.spec, {
      versions: [merged(version, { schema: { openApiv3Schema: toJsonSchemaProps(version.schema.openAPIV3Schema) } })],
    }),
  };
}

/**
 * The VirtualMachineProfile CRD as a construct: `new VirtualMachineProfileCrd(chart, 'Crd')`.
 * Renders exactly `profileCrdManifest()`, through the typed binding (construct id `Resource`).
 */
export class VirtualMachineProfileCrd extends Construct {
  /** Name of the CRD object, `virtualmachineprofiles.vm.example.com`. */
  public readonly crdName: string = PROFILE_CRD_NAME;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    new KubeCustomResourceDefinition(this, 'Resource', toBindingProps(profileCrdManifest()));
  }
}

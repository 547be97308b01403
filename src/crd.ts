/**
 * The VirtualMachineProfile CustomResourceDefinition (apiextensions.k8s.io/v1).
 *
 * The schema mirrors the types of `profile-spec.ts` (and the status types below): every property, its
 * required-ness and its description (the TSDoc's first paragraph) are checked against the TypeScript
 * sources by test/crd.test.ts, so the CRD cannot drift from the types.
 */
import { Construct } from 'constructs';
import { JsonSchemaProps, KubeCustomResourceDefinition, KubeCustomResourceDefinitionProps } from '../imports/k8s';
import {
  IpMode, NetworkType, PROFILE_GROUP, PROFILE_KIND, PROFILE_VERSION, RestartPolicy, RunStrategy,
  VirtualMachineProfileManifest,
} from './profile-spec';

/** Plural resource name (`kubectl get virtualmachineprofiles`). */
export const PROFILE_PLURAL = 'virtualmachineprofiles';
/** Singular resource name. */
export const PROFILE_SINGULAR = 'virtualmachineprofile';
/** Short names (`kubectl get vmp`); `vmprofile` is the one the spec's troubleshooting section uses. */
export const PROFILE_SHORT_NAMES: readonly string[] = ['vmprofile', 'vmp'];
/** Name of the CRD object. */
export const PROFILE_CRD_NAME = `${PROFILE_PLURAL}.${PROFILE_GROUP}`;

/** Values of `status.phase` (the spec's state diagram). */
export const ProfilePhase = {
  PENDING: 'Pending', CREATING: 'Creating', RUNNING: 'Running', STOPPED: 'Stopped', ERROR: 'Error',
} as const;

/** A status condition, shaped like Kubernetes' metav1.Condition. */
export interface ProfileCondition {
  /** Condition type in CamelCase, e.g. `Ready`, `NetworksConfigured`, `VolumesBound`. */
  readonly type: string;
  /** `True`, `False` or `Unknown`. */
  readonly status: string;
  /**
   * Machine-readable CamelCase reason of the last transition.
   * @default - none
   */
  readonly reason?: string;
  /**
   * Human-readable details of the last transition.
   * @default - none
   */
  readonly message?: string;
  /**
   * When the condition last changed status (RFC 3339).
   * @default - unknown
   */
  readonly lastTransitionTime?: string;
  /**
   * The `metadata.generation` the condition was computed from.
   * @default - unknown
   */
  readonly observedGeneration?: number;
}

/** Observed state of one network (`status.networks[]`). */
export interface ProfileNetworkStatus {
  /** Network name, as in `spec.networks[].name`. */
  readonly name: string;
  /**
   * Guest interface name (`eth0`, `eth1`, ...).
   * @default - not reported yet
   */
  readonly interface?: string;
  /**
   * Address and prefix the guest reports, e.g. `192.168.100.10/24`.
   * @default - not reported yet
   */
  readonly ipAddress?: string;
  /**
   * MAC address of the interface.
   * @default - not reported yet
   */
  readonly macAddress?: string;
  /**
   * NetworkAttachmentDefinition the interface is attached through.
   * @default - not reported yet
   */
  readonly nadName?: string;
}

/** Observed state of one disk (`status.volumes[]`). */
export interface ProfileVolumeStatus {
  /** Disk name, as in `spec.disks[].name`. */
  readonly name: string;
  /**
   * PersistentVolumeClaim of the disk (`<profile>-<disk>`).
   * @default - not reported yet
   */
  readonly pvcName?: string;
  /**
   * Whether the PVC is bound.
   * @default false
   */
  readonly bound?: boolean;
  /**
   * Capacity of the bound PVC, a Kubernetes quantity.
   * @default - not reported yet
   */
  readonly size?: string;
}

/** The `status` of a VirtualMachineProfile, written by the controller (never by users or this library). */
export interface VirtualMachineProfileStatus {
  /**
   * Lifecycle phase: `Pending`, `Creating`, `Running`, `Stopped` or `Error`.
   * @default - not observed yet
   */
  readonly phase?: string;
  /**
   * Name of the KubeVirt VirtualMachine (`<profile>-vm`).
   * @default - not created yet
   */
  readonly vmName?: string;
  /**
   * Node the VM runs on.
   * @default - not scheduled
   */
  readonly nodeName?: string;
  /**
   * Conditions such as `Ready`, `NetworksConfigured` and `VolumesBound`.
   * @default - none
   */
  readonly conditions?: ProfileCondition[];
  /**
   * Observed state of each network.
   * @default - none
   */
  readonly networks?: ProfileNetworkStatus[];
  /**
   * Observed state of each disk.
   * @default - none
   */
  readonly volumes?: ProfileVolumeStatus[];
}

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
// Formats. Patterns are RE2-compatible (the API server compiles them with Go's regexp): no lookarounds.

/** DNS-1123 label (RFC 1123), the format of network and disk names. */
export const DNS1123_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** DNS-1123 subdomain, the format of Kubernetes object names. */
export const DNS1123_SUBDOMAIN_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
/** A Kubernetes quantity, as apimachinery parses it (same grammar as `isQuantity` in quantity.ts). */
export const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$';
/** `name` or `namespace/name` of a NetworkAttachmentDefinition; empty means "create one". */
export const NAD_REF_PATTERN = '^(([a-z0-9]([-a-z0-9]*[a-z0-9])?/)?[a-z0-9]([-.a-z0-9]*[a-z0-9])?)?$';
/** Linux interface name: no whitespace, `/` or `:` (dev_valid_name), at most 15 characters via maxLength. */
export const INTERFACE_NAME_PATTERN = '^[^\\s/:]+$';
/** A MAC address in colon notation. */
export const MAC_ADDRESS_PATTERN = '^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$';

// Bounds that keep every CEL rule inside the API server's cost budget (it multiplies a rule's cost by the
// maximum number of list items and string lengths it may see; unbounded lists are estimated from the 3 MiB
// request limit and make the CRD fail to install).
const MAX_NETWORKS = 16;
const MAX_DISKS = 32;
const MAX_DNS_SERVERS = 8;
const MAX_TOLERATIONS = 32;
const MAX_CONDITIONS = 16;
const QUANTITY_MAX_LENGTH = 64;
const IP_MAX_LENGTH = 45; // longest textual IPv6 address (with an embedded IPv4)
const CIDR_MAX_LENGTH = 49;
const QUALIFIED_NAME_MAX_LENGTH = 317; // DNS subdomain prefix (253) + '/' + name (63)
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
function stringMap(description: string): CrdSchema {
  return { type: 'object', description, additionalProperties: { type: 'string', maxLength: 63 } };
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
/** A quantity of at least `min`; the guard keeps a malformed value to the pattern's error alone. */
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
function dnsLabel(description: string): CrdSchema {
  return str(description, { maxLength: 63, pattern: DNS1123_LABEL_PATTERN });
}

// ---------------------------------------------------------------------------------------------------------------
// spec

function ipConfigSchema(): CrdSchema {
  return obj('IP configuration inside the guest.', {
    mode: enumOf('`static` or `dhcp`.', Object.values(IpMode)),
    address: str('Address and prefix in CIDR form, IPv4 or IPv6 (required with `static`).', {
      'maxLength': CIDR_MAX_LENGTH,
      'x-kubernetes-validations': [{ rule: 'isCIDR(self)', message: 'must be an IP address and prefix length, e.g. 192.168.1.10/24' }],
    }),
    gateway: str('Default gateway, same family as `address` and inside its subnet (`static` only).', {
      'maxLength': IP_MAX_LENGTH,
      'x-kubernetes-validations': [{ rule: 'isIP(self)', message: 'must be an IP address' }],
    }),
    dnsServers: {
      type: 'array',
      description: 'DNS servers.',
      maxItems: MAX_DNS_SERVERS,
      items: {
        'type': 'string',
        'maxLength': IP_MAX_LENGTH,
        'x-kubernetes-validations': [{ rule: 'isIP(self)', message: 'must be an IP address' }],
      },
    },
  }, ['mode'], [
    { rule: "self.mode != 'static' || has(self.address)", message: 'static mode needs an address', fieldPath: '.address' },
    { rule: "self.mode == 'static' || !has(self.address)", message: 'address is only allowed with static mode', fieldPath: '.address' },
    { rule: "self.mode == 'static' || !has(self.gateway)", message: 'gateway is only allowed with static mode', fieldPath: '.gateway' },
    {
      rule: '!has(self.address) || !has(self.gateway) || !isCIDR(self.address) || !isIP(self.gateway) || cidr(self.address).containsIP(self.gateway)',
      message: "gateway must be in the address's subnet (and of the same IP family)",
      fieldPath: '.gateway',
    },
  ]);
}

function nodeNetworkSchema(): CrdSchema {
  return obj('Extension: build the node side with an nmstate NodeNetworkConfigurationPolicy.', {
    uplink: str('Node interface that carries the network: bridge port, OVS port, SR-IOV physical function or macvtap lower device.',
      { maxLength: 15, pattern: INTERFACE_NAME_PATTERN }),
    nodeSelector: stringMap('Nodes the NodeNetworkConfigurationPolicy applies to.'),
    totalVfs: int('Number of SR-IOV virtual functions to create on the uplink (`sriov` only).', { minimum: 1, maximum: 256 }),
  }, ['uplink']);
}

function networkSchema(): CrdSchema {
  return obj('', {
    name: dnsLabel('Network name, unique in the profile (DNS-1123 label).'),
    type: enumOf('`bridge`, `macvlan`, `sriov` or `ovs`.', Object.values(NetworkType)),
    nadName: str('An existing NetworkAttachmentDefinition, `name` or `namespace/name`. Empty: the library creates `<name>-nad`.',
      { maxLength: QUALIFIED_NAME_MAX_LENGTH, pattern: NAD_REF_PATTERN }),
    vlanId: int('VLAN ID, 1-4094 (not for `macvlan`).', { minimum: 1, maximum: 4094 }),
    bridgeName: str('Node bridge (`bridge`, `ovs`), a Linux interface name of at most 15 characters.',
      { maxLength: 15, pattern: INTERFACE_NAME_PATTERN }),
    ipConfig: ipConfigSchema(),
    macAddress: str("Extension: the interface's MAC address.", { maxLength: 17, pattern: MAC_ADDRESS_PATTERN }),
    resourceName: str('Extension: device-plugin resource of a created NAD (`k8s.v1.cni.cncf.io/resourceName`).',
      { maxLength: QUALIFIED_NAME_MAX_LENGTH }),
    nodeNetwork: nodeNetworkSchema(),
  }, ['name', 'type'], [
    { rule: "self.type != 'macvlan' || !has(self.vlanId)", message: 'macvlan networks take no vlanId (use a bridge network for VLANs)', fieldPath: '.vlanId' },
    { rule: "self.type != 'ovs' || has(self.bridgeName)", message: 'ovs networks need a bridgeName', fieldPath: '.bridgeName' },
    { rule: "!has(self.bridgeName) || self.type == 'bridge' || self.type == 'ovs'", message: 'bridgeName applies to bridge and ovs networks only', fieldPath: '.bridgeName' },
    {
      rule: "self.type == 'sriov' || !has(self.nodeNetwork) || !has(self.nodeNetwork.totalVfs)",
      message: 'totalVfs applies to sriov networks only',
      fieldPath: '.nodeNetwork.totalVfs',
    },
  ]);
}

function diskSchema(): CrdSchema {
  return obj('', {
    name: dnsLabel('Disk name, unique in the profile (DNS-1123 label).'),
    size: quantityAtLeast('Size, a Kubernetes quantity of at least 1Gi.', '1Gi'),
    storageClassName: str("StorageClass of the disk's PVC.", { maxLength: 253, pattern: DNS1123_SUBDOMAIN_PATTERN }),
    boot: bool('Boot disk (at most one).'),
    image: str('Import source: a registry image (`repo/image:tag` or `docker://...`) or an `http(s)://` URL.',
      { maxLength: IMAGE_MAX_LENGTH }),
    deleteWithVm: bool('Extension: delete the disk together with the VirtualMachine (a `dataVolumeTemplates` entry).'),
    accessMode: enumOf('Extension: PVC access mode (`ReadWriteOnce`, `ReadWriteMany`, ...).',
      ['ReadWriteOnce', 'ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOncePod']),
  }, ['name', 'size', 'storageClassName']);
}

function tolerationSchema(): CrdSchema {
  return obj('', {
    key: str('Taint key; empty with `Exists` matches every taint.', { maxLength: QUALIFIED_NAME_MAX_LENGTH }),
    operator: enumOf('`Equal` or `Exists`.', ['Equal', 'Exists']),
    value: str('Taint value (`Equal` only).', { maxLength: 63 }),
    effect: enumOf('`NoSchedule`, `PreferNoSchedule` or `NoExecute`; empty matches all effects.',
      ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute']),
    tolerationSeconds: int('How long a `NoExecute` taint is tolerated.'),
  }, [], [
    {
      rule: "(has(self.key) && self.key != '') || (has(self.operator) && self.operator == 'Exists')",
      message: 'an empty key needs operator Exists (match every taint)',
      fieldPath: '.operator',
    },
    {
      rule: "!has(self.operator) || self.operator != 'Exists' || !has(self.value) || self.value == ''",
      message: 'value must be empty with operator Exists',
      fieldPath: '.value',
    },
    {
      rule: "!has(self.tolerationSeconds) || (has(self.effect) && self.effect == 'NoExecute')",
      message: 'tolerationSeconds needs effect NoExecute',
      fieldPath: '.tolerationSeconds',
    },
  ]);
}

function highAvailabilitySchema(): CrdSchema {
  return obj('High availability.', {
    restartPolicy: enumOf('`Always`, `OnFailure` or `Never`; resolved into `spec.runStrategy` (see README).', Object.values(RestartPolicy)),
    antiAffinity: bool('Spread the VMs of one anti-affinity group over nodes (`kubernetes.io/hostname`).'),
    antiAffinityGroup: str('Extension: the anti-affinity group, carried in the template label `vm.example.com/anti-affinity-group`.',
      { maxLength: 63, pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$' }),
    nodeSelector: stringMap('Node selector of the VM.'),
    tolerations: { type: 'array', description: 'Tolerations of the VM.', maxItems: MAX_TOLERATIONS, items: tolerationSchema() },
  });
}

function startStrategySchema(): CrdSchema {
  return obj('Start strategy.', {
    runStrategy: enumOf('`Always`, `RerunOnFailure` or `Manual`.', Object.values(RunStrategy)),
    autoStart: bool('Start the VM when it is created.'),
  }, [], [{
    rule: "!has(self.runStrategy) || self.runStrategy != 'Manual' || !has(self.autoStart) || !self.autoStart",
    message: 'runStrategy Manual never starts the VM on creation: set autoStart to false or choose Always or RerunOnFailure',
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
  message: 'contradicts highAvailability.restartPolicy: Always needs runStrategy Always, OnFailure needs RerunOnFailure, Never needs Manual (or leave runStrategy unset)',
  fieldPath: '.startStrategy.runStrategy',
};

function specSchema(): CrdSchema {
  return obj('Spec.', {
    cpu: int('Virtual CPUs (an integer > 0).', { minimum: 1 }),
    memory: quantityAtLeast('Guest memory, a Kubernetes quantity of at least 512Mi.', '512Mi'),
    osImage: str('Operating system image: import source of the boot disk when it has no `image`.', { maxLength: IMAGE_MAX_LENGTH }),
    sshKeySecret: str('Secret with SSH public keys, propagated through cloud-init NoCloud.',
      { maxLength: 253, pattern: DNS1123_SUBDOMAIN_PATTERN }),
    networks: listMap('Networks, in guest NIC order (`eth0`, `eth1`, ...).', 'name', MAX_NETWORKS, networkSchema()),
    disks: {
      ...listMap('Disks.', 'name', MAX_DISKS, diskSchema()),
      'x-kubernetes-validations': [{
        rule: 'self.filter(d, has(d.boot) && d.boot).size() <= 1',
        message: 'at most one disk can be the boot disk',
      }],
    },
    highAvailability: highAvailabilitySchema(),
    startStrategy: startStrategySchema(),
    podNetwork: bool('Extension: add the pod network (masquerade binding) after the listed networks.'),
  }, ['cpu', 'memory'], [RUN_STRATEGY_AGREES_WITH_RESTART_POLICY]);
}

// ---------------------------------------------------------------------------------------------------------------
// status

function statusSchema(): CrdSchema {
  const optional = (description: string): CrdSchema => str(description, { maxLength: 253 });
  return obj('Observed state, written by the controller through the status subresource.', {
    phase: enumOf('Lifecycle phase: `Pending`, `Creating`, `Running`, `Stopped` or `Error`.', Object.values(ProfilePhase)),
    vmName: optional('Name of the KubeVirt VirtualMachine (`<profile>-vm`).'),
    nodeName: optional('Node the VM runs on.'),
    conditions: listMap('Conditions such as `Ready`, `NetworksConfigured` and `VolumesBound`.', 'type', MAX_CONDITIONS, obj('', {
      // Bounds and patterns are metav1.Condition's; only type and status are required because the spec's
      // own status example lists conditions with nothing else.
      type: str('Condition type in CamelCase, e.g. `Ready`, `NetworksConfigured`, `VolumesBound`.', {
        maxLength: 316,
        pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
      }),
      status: enumOf('`True`, `False` or `Unknown`.', ['True', 'False', 'Unknown']),
      reason: str('Machine-readable CamelCase reason of the last transition.', {
        maxLength: 1024, minLength: 1, pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
      }),
      message: str('Human-readable details of the last transition.', { maxLength: 32768 }),
      lastTransitionTime: str('When the condition last changed status (RFC 3339).', { format: 'date-time' }),
      observedGeneration: { ...int('The `metadata.generation` the condition was computed from.', { minimum: 0 }), format: 'int64' },
    }, ['type', 'status'])),
    networks: listMap('Observed state of each network.', 'name', MAX_NETWORKS, obj('', {
      name: optional('Network name, as in `spec.networks[].name`.'),
      interface: optional('Guest interface name (`eth0`, `eth1`, ...).'),
      ipAddress: optional('Address and prefix the guest reports, e.g. `192.168.100.10/24`.'),
      macAddress: optional('MAC address of the interface.'),
      nadName: optional('NetworkAttachmentDefinition the interface is attached through.'),
    }, ['name'])),
    volumes: listMap('Observed state of each disk.', 'name', MAX_DISKS, obj('', {
      name: optional('Disk name, as in `spec.disks[].name`.'),
      pvcName: optional('PersistentVolumeClaim of the disk (`<profile>-<disk>`).'),
      bound: bool('Whether the PVC is bound.'),
      size: optional('Capacity of the bound PVC, a Kubernetes quantity.'),
    }, ['name'])),
  });
}

/** The `openAPIV3Schema` of v1alpha1: a fresh, deterministic plain object. */
export function profileOpenApiSchema(): CrdSchema {
  return obj('A VirtualMachineProfile as the API server stores it: the manifest kept in Git plus the controller\'s status.', {
    apiVersion: str('Always `vm.example.com/v1alpha1`.'),
    kind: str('Always `VirtualMachineProfile`.'),
    // Only name/generateName may be constrained here; the API server owns the rest of ObjectMeta.
    metadata: { type: 'object', description: 'Metadata.' },
    spec: specSchema(),
    status: statusSchema(),
  }, ['spec']);
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
    spec: {
      ...manifest.spec,
      versions: [{
        ...version,
        schema: { openApiv3Schema: toJsonSchemaProps(version.schema.openAPIV3Schema) },
      }],
    },
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

/**
 * fast-check generators of VirtualMachineProfile manifests: valid ones (which `validateProfile` accepts with
 * zero errors) and corrupted ones (a table of mutations, each of which must produce at least one error).
 * Shared by the validation property tests, tools/fuzz.ts and synth-based property tests.
 */
/* eslint-disable no-bitwise */ // MAC and IP generation is bit arithmetic
import * as fc from 'fast-check';
import { NodeNetworkPlanner, nodeNetworkRequests } from '../src/plan/node-network';
import { planProfile } from '../src/plan/profile-plan';
import {
  ComputeSpec, DISK_BUSES, DiskSpec, HighAvailabilitySpec, IpConfigSpec, NetworkSpec, NIC_MODELS, NodeNetworkSpec, StartStrategySpec, Toleration,
  VirtualMachineProfileManifest, VirtualMachineProfileSpec,
} from '../src/spec/profile-spec';
import { formatIP, IpAddress } from '../src/validate/ip-address';
import { parseQuantity } from '../src/validate/quantity';

/** Drops undefined properties, so optional fields are absent rather than present and undefined. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** fc.option that yields undefined (absent) instead of null. */
function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined });
}

// ---------------------------------------------------------------------------------------------------------------
// Names

/** A DNS-1123 label of 1 to `max` characters. */
export function arbLabel(max: number): fc.Arbitrary<string> {
  return max === 1
    ? fc.stringMatching(/^[a-z0-9]$/)
    : fc.stringMatching(new RegExp(`^[a-z0-9]([-a-z0-9]{0,${max - 2}}[a-z0-9])?$`));
}

/** A DNS-1123 subdomain of one to three short labels. */
export const arbSubdomain: fc.Arbitrary<string> = fc.array(arbLabel(10), { minLength: 1, maxLength: 3 }).map((p) => p.join('.'));

/** A label value (possibly empty). */
export const arbLabelValue: fc.Arbitrary<string> = fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?)?$/);

/** A qualified name, `[prefix/]name`, never the reserved `vmprofile`. */
export const arbQualifiedName: fc.Arbitrary<string> = fc
  .tuple(optional(arbSubdomain), fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/))
  .map(([prefix, name]) => (prefix ? `${prefix}/${name}` : name))
  .filter((k) => k !== 'vmprofile');

/** A label map. */
export const arbLabels: fc.Arbitrary<Record<string, string>> = fc.dictionary(arbQualifiedName, arbLabelValue, { maxKeys: 4 });

/** A node bridge name (`br...`, at most 15 characters, ending alphanumeric so ovs-cni's resource name is valid): never equal to an uplink. */
export const arbBridgeName: fc.Arbitrary<string> = fc.stringMatching(/^br([a-z0-9-]{0,12}[a-z0-9])?$/);

/** A node uplink interface name (`eth1`, `ens1f0`): never equal to a bridge. */
export const arbUplink: fc.Arbitrary<string> = fc.stringMatching(/^(eth|ens|enp|bond)[0-9a-z]{1,6}$/);

/**
 * An image reference, bare or `docker://`, with optional domain and tag. A lone `name:tag` gets a `library/` path:
 * CDI parses `docker://name:tag` as a URL with host `name` and refuses a non-numeric port (validation refuses it too).
 */
export const arbRegistryImage: fc.Arbitrary<string> = fc
  .tuple(
    fc.boolean(),
    optional(fc.constantFrom('quay.io', 'registry.example.com', 'localhost:5000', 'docker.io')),
    fc.array(fc.stringMatching(/^[a-z0-9]+([._-][a-z0-9]+)?$/), { minLength: 1, maxLength: 3 }),
    optional(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,10}$/)),
  )
  .map(([scheme, domain, path, tag]) => {
    const lone = !domain && path.length === 1 && tag !== undefined && !/^[0-9]+$/.test(tag);
    return `${scheme ? 'docker://' : ''}${domain ? `${domain}/` : ''}${lone ? 'library/' : ''}${path.join('/')}${tag ? `:${tag}` : ''}`;
  });

/** An http(s) image URL. */
export const arbHttpImage: fc.Arbitrary<string> = fc
  // No `xn--` label: WHATWG URL parsing decodes it as punycode and refuses invalid ones.
  .tuple(fc.constantFrom('http', 'https'), arbSubdomain.filter((h) => !/(^|\.)xn--/.test(h)), fc.stringMatching(/^[a-z0-9]{1,10}$/))
  // A letter TLD: WHATWG URL parsing takes a numeric last label for an IPv4 address.
  .map(([scheme, host, file]) => `${scheme}://${host}.example/images/${file}.qcow2`);

// ---------------------------------------------------------------------------------------------------------------
// Addresses

/** A locally administered unicast MAC, never KubeVirt's reserved 02:00:00:00:00:00. */
export const arbMac: fc.Arbitrary<string> = fc
  .array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 })
  .map((b) => [(b[0] & 0xfc) | 0x02, ...b.slice(1)].map((x) => x.toString(16).padStart(2, '0')).join(':'))
  .filter((m) => m !== '02:00:00:00:00:00');

/** A global unicast IPv4 address (first octet 1..223, not loopback). */
const arbIPv4: fc.Arbitrary<IpAddress> = fc
  .tuple(fc.integer({ min: 1, max: 223 }).filter((a) => a !== 127), fc.nat(255), fc.nat(255), fc.nat(255))
  .map((b) => ({ family: 4 as const, bytes: b }));

/** A global unicast IPv6 address (2000::/3). */
const arbIPv6: fc.Arbitrary<IpAddress> = fc
  .array(fc.nat(255), { minLength: 15, maxLength: 15 })
  .chain((rest) => fc.integer({ min: 0x20, max: 0x3f }).map((first) => ({ family: 6 as const, bytes: [first, ...rest] })));

/** A valid DNS server address. */
export const arbDnsServer: fc.Arbitrary<string> = fc.oneof(arbIPv4, arbIPv6).map(formatIP);

function withHostBits(ip: IpAddress, prefix: number, host: number): IpAddress {
  const bytes = [...ip.bytes];
  // Clear the host bits, then write `host` into the low bytes (host < 2^16 and fits the host part).
  for (let bit = prefix; bit < bytes.length * 8; bit++) bytes[bit >> 3] &= ~(0x80 >> (bit & 7)) & 0xff;
  bytes[bytes.length - 1] |= host & 0xff;
  bytes[bytes.length - 2] |= (host >> 8) & 0xff;
  return { family: ip.family, bytes };
}

/** A static IP configuration: a host address with its prefix, maybe a gateway in the subnet, maybe DNS servers. */
export const arbStaticIpConfig: fc.Arbitrary<IpConfigSpec> = fc
  .tuple(
    fc.oneof(
      fc.tuple(arbIPv4, fc.integer({ min: 16, max: 30 })),
      fc.tuple(arbIPv6, fc.integer({ min: 48, max: 120 })),
    ),
    fc.integer({ min: 2, max: 3 }),
    fc.constantFrom('none', 'subnet', 'link-local'),
    fc.uniqueArray(arbDnsServer, { maxLength: 3 }),
  )
  .map(([[ip, prefix], hostNo, gatewayKind, dns]) => {
    const address = withHostBits(ip, prefix, hostNo);
    const gateway = gatewayKind === 'none' ? undefined
      : gatewayKind === 'link-local' && ip.family === 6 ? 'fe80::1'
        : formatIP(withHostBits(ip, prefix, 1));
    return compact({
      mode: 'static',
      address: `${formatIP(address)}/${prefix}`,
      gateway,
      dnsServers: dns.length > 0 ? dns : undefined,
    });
  });

/** An IP configuration, static or DHCP. */
export const arbIpConfig: fc.Arbitrary<IpConfigSpec> = fc.oneof(
  arbStaticIpConfig,
  // Dual-stack: an IPv4 address a.b.c.d gets fd00::a:b:c:d/64 too (distinct whenever the IPv4 addresses are).
  arbStaticIpConfig.map((c) => (c.address!.includes(':') ? c
    : Object.assign({}, c, { addresses: [`fd00::${c.address!.split('/')[0].split('.').join(':')}/64`] }))),
  fc.tuple(fc.constantFrom('dhcp', 'dhcp6', 'slaac'), fc.uniqueArray(arbDnsServer, { maxLength: 2 }))
    .map(([mode, dns]) => compact({ mode, dnsServers: dns.length > 0 ? dns : undefined })),
);

// ---------------------------------------------------------------------------------------------------------------
// Networks

/** A NAD reference: empty (the library creates one), `name` or `namespace/name`. */
const arbNadName: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constant(''), weight: 3 },
  { arbitrary: arbSubdomain, weight: 1 },
  { arbitrary: fc.tuple(arbLabel(10), arbSubdomain).map(([ns, n]) => `${ns}/${n}`), weight: 1 },
);

const arbResourceName: fc.Arbitrary<string> = fc
  .tuple(arbSubdomain, fc.stringMatching(/^[a-z0-9]{1,10}$/))
  .map(([p, n]) => `${p}/${n}`);

function arbNodeNetwork(type: string): fc.Arbitrary<NodeNetworkSpec> {
  return fc.record({
    uplink: arbUplink,
    nodeSelector: optional(arbLabels),
    totalVfs: type === 'sriov' ? optional(fc.integer({ min: 1, max: 256 })) : fc.constant(undefined),
  }).map(compact);
}

/** The fields of a network of one type, without name and nadName; built once per type (building is costly). */
function arbNetworkBody(type: string, createsNad: boolean): fc.Arbitrary<Omit<NetworkSpec, 'name' | 'type'>> {
  return fc.record({
    vlanId: type === 'macvlan' ? fc.constant(undefined) : optional(fc.integer({ min: 1, max: 4094 })),
    bridgeName: type === 'ovs' ? arbBridgeName : type === 'bridge' ? optional(arbBridgeName) : fc.constant(undefined),
    ipConfig: optional(arbIpConfig),
    macAddress: optional(arbMac),
    resourceName: optional(arbResourceName),
    nodeNetwork: createsNad ? optional(arbNodeNetwork(type)) : fc.constant(undefined),
    // The guest gets an SR-IOV VF itself: no emulated model.
    model: type === 'sriov' ? fc.constant(undefined) : optional(fc.constantFrom(...NIC_MODELS)),
  });
}

const NETWORK_TYPES = ['bridge', 'macvlan', 'sriov', 'ovs'] as const;
const NETWORK_BODIES = new Map(NETWORK_TYPES.flatMap((t) => [[`${t}/created`, arbNetworkBody(t, true)], [`${t}/existing`, arbNetworkBody(t, false)]]));

/** One network of a given name, of any type, with every field that type allows. */
export function arbNetwork(name: string): fc.Arbitrary<NetworkSpec> {
  return fc.tuple(fc.constantFrom(...NETWORK_TYPES), arbNadName, fc.boolean()).chain(([type, nadName, explicitEmpty]) =>
    NETWORK_BODIES.get(`${type}/${nadName === '' ? 'created' : 'existing'}`)!.map((body) => compact({
      name,
      type,
      nadName: nadName === '' && !explicitEmpty ? undefined : nadName,
      ...body,
    })));
}

/** Drops repeated MACs (the later networks fall back to generated ones). */
function uniqueMacs(networks: NetworkSpec[]): NetworkSpec[] {
  const seen = new Set<string>();
  return networks.map((n) => {
    if (n.macAddress === undefined) return n;
    if (seen.has(n.macAddress)) {
      const { macAddress: _dropped, ...rest } = n;
      return rest;
    }
    seen.add(n.macAddress);
    return n;
  });
}

/**
 * Drops `nodeNetwork` from networks that would contradict an earlier one of the same profile (one bridge on two
 * uplinks, ...): such profiles are invalid, and the corruption table covers that on purpose.
 */
function consistentNodeNetworks(doc: VirtualMachineProfileManifest): VirtualMachineProfileManifest {
  const planner = new NodeNetworkPlanner();
  const plan = planProfile(doc);
  const dropped = new Set<number>();
  for (const request of nodeNetworkRequests(plan)) {
    if (planner.tryAdd(request).length > 0) dropped.add(Number(/\[(\d+)\]/.exec(request.field)![1]));
  }
  if (dropped.size === 0) return doc;
  const networks = doc.spec.networks!.map((n, i) => {
    if (!dropped.has(i)) return n;
    const { nodeNetwork: _dropped, ...rest } = n;
    return rest;
  });
  return { ...doc, spec: { ...doc.spec, networks } };
}

// ---------------------------------------------------------------------------------------------------------------
// Disks

/** A size of at least 1Gi. */
export const arbDiskSize: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 2048 }).map((n) => `${n}Gi`),
  fc.integer({ min: 1, max: 4 }).map((n) => `${n}Ti`),
  fc.integer({ min: 1024, max: 65536 }).map((n) => `${n}Mi`),
  fc.integer({ min: 2, max: 500 }).map((n) => `${n}G`),
);

/** A clone source; the namespace is always given, so a profile without metadata.namespace needs none. */
const arbCloneRef = fc.record({ name: arbSubdomain, namespace: arbLabel(20) });

/** One source per disk: an image (with credentials and a CA, or not), a PVC, a DataSource, a snapshot, or none. */
const arbDiskSource: fc.Arbitrary<Partial<DiskSpec>> = fc.oneof(
  fc.constant({}),
  fc.record({
    image: fc.oneof(arbRegistryImage, arbHttpImage), secretRef: optional(arbSubdomain), certConfigMap: optional(arbSubdomain),
  }).map(compact),
  arbCloneRef.map((pvc) => ({ pvc })),
  fc.oneof(arbCloneRef, fc.record({ name: arbSubdomain })).map((dataSource) => ({ dataSource })),
  arbCloneRef.map((snapshot) => ({ snapshot })),
);

function arbDiskBody(boot: boolean): fc.Arbitrary<Omit<DiskSpec, 'name'>> {
  return fc.record({
    size: arbDiskSize,
    storageClassName: arbSubdomain,
    boot: boot ? fc.constant(true) : fc.constantFrom(undefined, false),
    source: arbDiskSource,
    deleteWithVm: optional(fc.boolean()),
    accessMode: optional(fc.constantFrom('ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod')),
    volumeMode: optional(fc.constantFrom('Filesystem', 'Block')),
    bus: optional(fc.constantFrom(...DISK_BUSES)),
    serial: optional(fc.stringMatching(/^[A-Za-z0-9_.+-]{1,20}$/)),
  }).map(({ source, ...body }) => Object.assign(body, source));
}
const BOOT_DISK_BODY = arbDiskBody(true);
const DATA_DISK_BODY = arbDiskBody(false);

function arbDisk(name: string, boot: boolean): fc.Arbitrary<DiskSpec> {
  return (boot ? BOOT_DISK_BODY : DATA_DISK_BODY).map((body) => compact({ name, ...body }));
}

// ---------------------------------------------------------------------------------------------------------------
// HA and start strategy

/** A toleration Kubernetes accepts. */
export const arbToleration: fc.Arbitrary<Toleration> = fc.oneof(
  fc.record({
    key: optional(arbQualifiedName),
    operator: fc.constant('Exists'),
    effect: optional(fc.constantFrom('', 'NoSchedule', 'PreferNoSchedule')),
  }).map(compact),
  fc.record({
    key: arbQualifiedName,
    operator: fc.constantFrom(undefined, 'Equal'),
    value: optional(arbLabelValue),
    effect: optional(fc.constantFrom('NoSchedule', 'PreferNoSchedule')),
  }).map(compact),
  fc.record({
    key: arbQualifiedName,
    operator: fc.constant('Exists'),
    effect: fc.constant('NoExecute'),
    tolerationSeconds: optional(fc.integer({ min: 0, max: 3600 })),
  }).map(compact),
);

const arbHighAvailability: fc.Arbitrary<HighAvailabilitySpec> = fc.record({
  restartPolicy: optional(fc.constantFrom('Always', 'OnFailure', 'Never')),
  antiAffinity: optional(fc.boolean()),
  antiAffinityGroup: optional(arbLabelValue.filter((v) => v !== '')),
  nodeSelector: optional(arbLabels),
  tolerations: optional(fc.array(arbToleration, { maxLength: 3 })),
}).map(compact);

/** runStrategy values compatible with each restartPolicy (run-strategy.ts). */
const COMPATIBLE_RUN_STRATEGIES: Record<string, string[]> = {
  Always: ['Always'],
  OnFailure: ['RerunOnFailure'],
  Never: ['Manual'],
  none: ['Always', 'RerunOnFailure', 'Manual'],
};

const START_STRATEGIES = new Map(Object.entries(COMPATIBLE_RUN_STRATEGIES).map(([policy, strategies]) => [policy,
  optional(fc.constantFrom(...strategies)).chain((runStrategy) => fc.record({
    runStrategy: fc.constant(runStrategy),
    // Manual never starts on creation, so autoStart true contradicts it.
    autoStart: runStrategy === 'Manual' ? fc.constantFrom(undefined, false) : optional(fc.boolean()),
  }).map(compact))]));

function arbStartStrategy(restartPolicy: string | undefined): fc.Arbitrary<StartStrategySpec> {
  return START_STRATEGIES.get(restartPolicy ?? 'none')!;
}

interface ComputeSeed {
  dedicated: boolean;
  isolate: boolean;
  cpuModel?: string;
  twoThreads: boolean;
  hugepages?: string;
  numa: boolean;
  overcommit: boolean;
  limits: boolean;
}

/**
 * A valid spec.compute from a seed: without an instancetype (sizing given) the KubeVirt rules hold (threads divide
 * cpu, hugepages divide memory, NUMA and an isolated emulator thread next to dedicated CPUs, request below and limits
 * at memory); with one only placement, model and hugepages, which may go with it.
 */
function compute(seed: ComputeSeed, sizing?: { cpu: number; memory: string }): ComputeSpec {
  if (!sizing) {
    return compact({
      dedicatedCpuPlacement: seed.dedicated || undefined,
      isolateEmulatorThread: seed.isolate || undefined,
      cpuModel: seed.cpuModel,
      hugepages: seed.hugepages,
      numaGuestMappingPassthrough: seed.numa || undefined,
    });
  }
  const bytes = parseQuantity(sizing.memory)!;
  const hugepages = seed.hugepages !== undefined && bytes % parseQuantity(seed.hugepages)! === 0 ? seed.hugepages : undefined;
  const overcommit = seed.overcommit && !seed.dedicated && hugepages === undefined;
  return compact({
    dedicatedCpuPlacement: seed.dedicated || undefined,
    isolateEmulatorThread: seed.dedicated && seed.isolate ? true : undefined,
    cpuModel: seed.cpuModel,
    threads: seed.twoThreads && sizing.cpu % 2 === 0 ? 2 : undefined,
    hugepages,
    numaGuestMappingPassthrough: seed.dedicated && hugepages !== undefined && seed.numa ? true : undefined,
    memoryRequest: overcommit ? `${Math.max(1, Math.floor(bytes / 2 / 2 ** 20))}Mi` : undefined,
    memoryLimit: seed.limits ? sizing.memory : undefined,
    cpuLimit: seed.limits ? String(sizing.cpu) : undefined,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Whole profiles

/** Valid profiles: 0..8 networks of every type, 1..16 disks, HA, start strategy and the extensions. */
export const arbProfile: fc.Arbitrary<VirtualMachineProfileManifest> = fc
  .record({
    // name + '-' + disk name stays <= 63: at most 29 + 1 + 32.
    name: arbLabel(29),
    namespace: optional(arbLabel(20)),
    labels: optional(arbLabels),
    annotations: optional(fc.dictionary(arbQualifiedName, fc.string({ maxLength: 20 }), { maxKeys: 2 })),
    podNetwork: optional(fc.boolean()),
    // <= 12 so that the default bridge `br-<name>` fits Linux's 15 characters.
    networkNames: fc.uniqueArray(arbLabel(12).filter((n) => n !== 'pod'), { minLength: 0, maxLength: 8 }),
    diskNames: fc.uniqueArray(arbLabel(32), { minLength: 1, maxLength: 16 }),
    bootDisk: fc.option(fc.nat(), { nil: undefined }),
    cpu: fc.integer({ min: 1, max: 128 }),
    memory: fc.oneof(
      fc.integer({ min: 512, max: 262144 }).map((n) => `${n}Mi`),
      fc.integer({ min: 1, max: 512 }).map((n) => `${n}Gi`),
      fc.constantFrom('0.5Gi', '1.5Gi', '1G', '1e9', '4096M'),
    ),
    sshKeySecret: optional(arbSubdomain),
    highAvailability: optional(arbHighAvailability),
    firmware: optional(fc.oneof(
      fc.record({ bootloader: fc.constant('EFI'), secureBoot: optional(fc.boolean()), persistent: optional(fc.boolean()) }).map(compact),
      fc.constant({ bootloader: 'BIOS' }),
    )),
    tpm: optional(fc.record({ persistent: optional(fc.boolean()) }).map(compact)),
    // An instancetype sizes the VM instead of cpu and memory.
    instancetype: optional(fc.record({
      name: arbSubdomain,
      kind: optional(fc.constantFrom('VirtualMachineClusterInstancetype', 'VirtualMachineInstancetype')),
    }).map(compact)),
    preference: optional(fc.record({
      name: arbSubdomain,
      kind: optional(fc.constantFrom('VirtualMachineClusterPreference', 'VirtualMachinePreference')),
    }).map(compact)),
    gpus: optional(fc.uniqueArray(arbLabel(20), { minLength: 1, maxLength: 4 }).chain((names) => fc.tuple(...names.map((name) => fc
      .constantFrom('nvidia.com/GA102GL_A10', 'nvidia.com/TU104GL_Tesla_T4', 'amd.com/gpu').map((deviceName) => ({ name, deviceName })))))),
    hostDevices: optional(fc.uniqueArray(arbLabel(20), { minLength: 1, maxLength: 2 }).map((names) => names.map((name) => ({ name, deviceName: 'intel.com/qat' })))),
    ports: optional(fc.uniqueArray(fc.constantFrom('ssh', 'http', 'https', 'dns', 'rdp'), { minLength: 1, maxLength: 3 }).chain((names) => fc.tuple(
      ...names.map((name) => fc.record({ name: optional(fc.constant(name)), port: fc.integer({ min: 1, max: 65535 }), protocol: optional(fc.constantFrom('TCP', 'UDP')) }).map(compact))))),
    // Kept only where Kubernetes' Service rules hold (a name starting with a letter, several ports all named).
    service: optional(fc.record({ type: optional(fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer')) }).map(compact)),
    // Made consistent with cpu, memory and the instancetype by compute().
    compute: optional(fc.record({
      dedicated: fc.boolean(),
      isolate: fc.boolean(),
      cpuModel: optional(fc.constantFrom('host-passthrough', 'host-model', 'Skylake-Client-IBRS', 'EPYC-Rome')),
      twoThreads: fc.boolean(),
      hugepages: optional(fc.constantFrom('2Mi', '1Gi')),
      numa: fc.boolean(),
      overcommit: fc.boolean(),
      limits: fc.boolean(),
    })),
    // Inline cloud-config or a script, or a Secret; never both. Or Windows sysprep instead (then no SSH keys).
    cloudInit: optional(fc.oneof(
      fc.oneof(arbSubdomain.map((configMap) => ({ configMap })), arbSubdomain.map((secret) => ({ secret }))).map((sysprep) => ({ sysprep })),
      fc.constantFrom('#cloud-config\n', '#cloud-config\npackages: [nginx]\n', '#!/bin/sh\necho hi\n').map((userData) => ({ userData })),
      arbSubdomain.map((userDataSecret) => ({ userDataSecret })),
    )),
  })
  .chain((base) => fc.record({
    base: fc.constant(base),
    networks: fc.tuple(...base.networkNames.map(arbNetwork)).map((ns) => uniqueMacs(ns as NetworkSpec[])),
    disks: fc.tuple(...base.diskNames.map((n, i) => arbDisk(n, base.bootDisk !== undefined && base.bootDisk % base.diskNames.length === i))),
    // With no boot disk, osImage boots as a containerDisk: registry images only.
    osImage: optional(base.bootDisk !== undefined ? fc.oneof(arbRegistryImage, arbHttpImage) : arbRegistryImage),
    startStrategy: optional(arbStartStrategy(base.highAvailability?.restartPolicy)),
  }))
  .map(({ base, networks, disks, osImage, startStrategy }) => {
    const spec: VirtualMachineProfileSpec = compact({
      cpu: base.instancetype ? undefined : base.cpu,
      memory: base.instancetype ? undefined : base.memory,
      instancetype: base.instancetype,
      preference: base.preference,
      gpus: base.gpus,
      hostDevices: base.hostDevices,
      compute: base.compute && compute(base.compute, base.instancetype ? undefined : { cpu: base.cpu, memory: base.memory }),
      osImage,
      sshKeySecret: base.cloudInit && 'sysprep' in base.cloudInit ? undefined : base.sshKeySecret,
      networks: networks.length > 0 ? networks : undefined,
      disks: disks as DiskSpec[],
      highAvailability: base.highAvailability,
      startStrategy,
      podNetwork: base.podNetwork,
      sysprep: base.cloudInit && 'sysprep' in base.cloudInit ? base.cloudInit.sysprep : undefined,
      ports: base.podNetwork ? base.ports : undefined,
      service: base.podNetwork && base.ports && servable(base.name, base.ports) ? base.service : undefined,
      userData: base.cloudInit && 'userData' in base.cloudInit ? base.cloudInit.userData : undefined,
      userDataSecret: base.cloudInit && 'userDataSecret' in base.cloudInit ? base.cloudInit.userDataSecret : undefined,
      firmware: base.firmware,
      tpm: base.tpm,
    });
    return consistentNodeNetworks({
      apiVersion: 'vm.example.com/v1alpha1',
      kind: 'VirtualMachineProfile',
      metadata: compact({ name: base.name, namespace: base.namespace, labels: base.labels, annotations: base.annotations }),
      spec,
    });
  });

/** Whether a Service can expose `ports` for a profile named `name`: a DNS-1035 name, named ports when several, no pair twice. */
function servable(name: string, ports: readonly { name?: string; port: number; protocol?: string }[]): boolean {
  const pairs = new Set(ports.map((p) => `${p.port}/${p.protocol ?? 'TCP'}`));
  return /^[a-z]/.test(name) && (ports.length < 2 || ports.every((p) => p.name)) && pairs.size === ports.length;
}

// ---------------------------------------------------------------------------------------------------------------
// Corruptions

/** A mutable, untyped view of a manifest, for mutations. */
type Doc = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One way to break a valid profile; `apply` gets a deep copy and a random number to pick targets and values. */
export interface Mutation {
  readonly name: string;
  readonly apply: (doc: Doc, pick: number) => unknown;
}

function pickOf<T>(items: readonly T[], pick: number): T {
  return items[pick % items.length];
}

/** The index of a network, adding a plain bridge network when there is none. */
function someNetwork(doc: Doc, pick: number, atLeast = 1): Doc {
  doc.spec.networks = doc.spec.networks ?? [];
  while (doc.spec.networks.length < atLeast) doc.spec.networks.push({ name: `nx${doc.spec.networks.length}`, type: 'bridge' });
  return doc.spec.networks[pick % doc.spec.networks.length];
}

/** A network made into a created NAD of a given type, shedding fields that type forbids. */
function retype(net: Doc, type: string): Doc {
  net.type = type;
  delete net.nadName;
  delete net.vlanId;
  delete net.bridgeName;
  delete net.nodeNetwork;
  return net;
}

function someDisk(doc: Doc, pick: number): Doc {
  return doc.spec.disks[pick % doc.spec.disks.length];
}

function set(key: string, value: unknown): (o: Doc) => Doc {
  return (o) => { o[key] = value; return o; };
}

/** Every mutation must make any profile of `arbProfile` invalid. */
export const MUTATIONS: readonly Mutation[] = [
  { name: 'document not an object', apply: (_d, p) => pickOf([null, 42, 'profile', [], true, undefined], p) },
  { name: 'wrong apiVersion', apply: (d) => set('apiVersion', 'v1')(d) },
  { name: 'wrong kind', apply: (d) => set('kind', 'VirtualMachine')(d) },
  { name: 'metadata missing', apply: (d) => { delete d.metadata; return d; } },
  { name: 'spec not an object', apply: (d, p) => set('spec', pickOf([[], 'x', null, 3], p))(d) },
  { name: 'name missing', apply: (d) => { delete d.metadata.name; return d; } },
  { name: 'name not a label', apply: (d, p) => { d.metadata.name = pickOf(['Web_Server', 'web.server', '-web', 'web-', ''], p); return d; } },
  { name: 'name too long for <name>-vm', apply: (d) => { d.metadata.name = 'a'.repeat(61); return d; } },
  { name: 'userData neither cloud-config nor a script', apply: (d, p) => { delete d.spec.userDataSecret; d.spec.userData = pickOf(['packages: [a]\n', ' #cloud-config\n', '#cloud-config\n- a\n'], p); return d; } },
  { name: 'Secure Boot without EFI', apply: (d) => { d.spec.firmware = { bootloader: 'BIOS', secureBoot: true }; return d; } },
  { name: 'unknown disk bus', apply: (d, p) => { someDisk(d, p).bus = pickOf(['ide', 'VIRTIO', 'nvme'], p); return d; } },
  { name: 'NIC model on an SR-IOV network', apply: (d, p) => { retype(someNetwork(d, p), 'sriov').model = 'e1000e'; return d; } },
  { name: 'unknown NIC model', apply: (d, p) => { someNetwork(d, p).model = pickOf(['vmxnet3', 'Virtio'], p); return d; } },
  { name: 'userData and userDataSecret', apply: (d) => { d.spec.userData = '#cloud-config\n'; d.spec.userDataSecret = 'ud'; return d; } },
  { name: 'disk name too long for <name>-<disk>', apply: (d) => { d.metadata.name = 'a'.repeat(40); d.spec.disks[0].name = 'b'.repeat(30); return d; } },
  { name: 'namespace invalid', apply: (d) => { d.metadata.namespace = 'Prod.NS'; return d; } },
  { name: 'label value invalid', apply: (d) => { d.metadata.labels = { ...d.metadata.labels, app: 'bad value!' }; return d; } },
  { name: 'label key invalid', apply: (d) => { d.metadata.labels = { ...d.metadata.labels, 'a/b/c': 'x' }; return d; } },
  { name: 'vmprofile label reserved', apply: (d) => { d.metadata.labels = { ...d.metadata.labels, vmprofile: `${d.metadata.name}x` }; return d; } },
  { name: 'unknown metadata field', apply: (d) => { d.metadata.lables = { app: 'x' }; return d; } },
  { name: 'unknown spec field', apply: (d) => { d.spec.cpus = 2; return d; } },
  { name: 'isolateEmulatorThread or NUMA without dedicated CPUs', apply: (d, p) => { delete d.spec.instancetype; d.spec.cpu = d.spec.cpu ?? 2; d.spec.memory = d.spec.memory ?? '4Gi'; d.spec.compute = { [pickOf(['isolateEmulatorThread', 'numaGuestMappingPassthrough'], p)]: true }; return d; } },
  { name: 'memoryRequest above memory', apply: (d) => { delete d.spec.instancetype; d.spec.memory = '4Gi'; d.spec.cpu = d.spec.cpu ?? 2; d.spec.compute = { memoryRequest: '5Gi' }; return d; } },
  { name: 'cpu not a multiple of sockets × threads', apply: (d) => { delete d.spec.instancetype; d.spec.cpu = 3; d.spec.memory = d.spec.memory ?? '4Gi'; d.spec.compute = { sockets: 2 }; return d; } },
  { name: 'duplicate GPU name or deviceName without a domain', apply: (d, p) => { d.spec.gpus = pickOf([[{ name: 'g', deviceName: 'nvidia.com/A10' }, { name: 'g', deviceName: 'nvidia.com/A10' }], [{ name: 'g', deviceName: 'A10' }]], p); return d; } },
  { name: 'two sources on one disk', apply: (d, p) => { const disk = someDisk(d, p); delete disk.claimName; disk.image = disk.image ?? 'quay.io/x/y:1'; disk.size = disk.size ?? '1Gi'; disk.storageClassName = disk.storageClassName ?? 's'; disk[pickOf(['pvc', 'dataSource', 'snapshot'], p)] = { name: 'x', namespace: 'y' }; return d; } },
  { name: 'disk serial with a space', apply: (d, p) => { someDisk(d, p).serial = 'bad serial'; return d; } },
  { name: 'sysprep next to cloud-init user data', apply: (d) => { d.spec.sysprep = { configMap: 'unattend' }; delete d.spec.userDataSecret; d.spec.userData = '#cloud-config\n'; return d; } },
  { name: 'service without ports', apply: (d) => { d.spec.podNetwork = true; delete d.spec.ports; d.spec.service = { type: 'NodePort' }; return d; } },
  { name: 'ports without the pod network or port 0', apply: (d, p) => { if (pickOf([true, false], p)) { delete d.spec.podNetwork; d.spec.ports = [{ port: 22 }]; } else { d.spec.podNetwork = true; d.spec.ports = [{ port: 0 }]; } return d; } },
  { name: 'cpu missing', apply: (d) => { delete d.spec.instancetype; delete d.spec.cpu; return d; } },
  { name: 'cpu or memory next to an instancetype', apply: (d, p) => { d.spec.instancetype = { name: 'u1.medium' }; d.spec[pickOf(['cpu', 'memory'], p)] = pickOf([2, '4Gi'], p); return d; } },
  { name: 'unknown instancetype or preference kind', apply: (d, p) => { d.spec[pickOf(['instancetype', 'preference'], p)] = { name: 'x', kind: pickOf(['Instancetype', 'virtualmachinepreference'], p) }; return d; } },
  { name: 'cpu not positive', apply: (d, p) => { d.spec.cpu = pickOf([0, -1], p); return d; } },
  { name: 'cpu wrong type', apply: (d, p) => { d.spec.cpu = pickOf(['4', 1.5, true, null, {}], p); return d; } },
  { name: 'memory missing', apply: (d) => { delete d.spec.instancetype; delete d.spec.memory; return d; } },
  { name: 'memory too small', apply: (d, p) => { d.spec.memory = pickOf(['256Mi', '511Mi', '0', '-1Gi', '500M'], p); return d; } },
  { name: 'memory bad quantity', apply: (d, p) => { d.spec.memory = pickOf(['8K', '8GB', '8 Gi', 'lots', '8gi', 8589934592], p); return d; } },
  { name: 'osImage invalid', apply: (d, p) => { d.spec.osImage = pickOf(['Not A Ref', 'ftp://x/y.img', 'UPPER/case:1', ''], p); return d; } },
  { name: 'sshKeySecret invalid', apply: (d) => { d.spec.sshKeySecret = 'My_Secret'; return d; } },
  { name: 'networks not an array', apply: (d) => { d.spec.networks = { name: 'a' }; return d; } },
  { name: 'unknown network field', apply: (d, p) => { someNetwork(d, p).vlanID = 100; return d; } },
  { name: 'network name missing', apply: (d, p) => { delete someNetwork(d, p).name; return d; } },
  { name: 'network name not a label', apply: (d, p) => { someNetwork(d, p).name = pickOf(['mgmt.net', 'Mgmt', 'a_b'], p); return d; } },
  { name: 'network name too long', apply: (d, p) => { retype(someNetwork(d, p), 'ovs').bridgeName = 'br0'; someNetwork(d, p).name = 'n'.repeat(60); return d; } },
  { name: 'duplicate network name', apply: (d, p) => { const n = someNetwork(d, p); d.spec.networks.push({ name: n.name, type: 'bridge', bridgeName: 'br0' }); return d; } },
  { name: 'pod network name reserved', apply: (d, p) => { d.spec.podNetwork = true; someNetwork(d, p).name = 'pod'; return d; } },
  { name: 'network type unsupported', apply: (d, p) => { someNetwork(d, p).type = pickOf(['vxlan', 'Bridge', '', 7], p); return d; } },
  { name: 'network type missing', apply: (d, p) => { delete someNetwork(d, p).type; return d; } },
  { name: 'vlan out of range', apply: (d, p) => { retype(someNetwork(d, p), 'bridge').vlanId = pickOf([0, 4095, 5000, -1], p); return d; } },
  { name: 'vlan wrong type', apply: (d, p) => { retype(someNetwork(d, p), 'sriov').vlanId = pickOf(['100', 1.5], p); return d; } },
  { name: 'vlan on macvlan', apply: (d, p) => { retype(someNetwork(d, p), 'macvlan').vlanId = 100; return d; } },
  { name: 'nadName invalid', apply: (d, p) => { someNetwork(d, p).nadName = pickOf(['Bad_NAD', 'a/b/c', 'ns.x/nad'], p); return d; } },
  { name: 'ovs without bridgeName', apply: (d, p) => { retype(someNetwork(d, p), 'ovs'); return d; } },
  { name: 'bridgeName on sriov or macvlan', apply: (d, p) => { retype(someNetwork(d, p), pickOf(['sriov', 'macvlan'], p)).bridgeName = 'br0'; return d; } },
  { name: 'bridgeName not an interface name', apply: (d, p) => { retype(someNetwork(d, p), 'bridge').bridgeName = pickOf(['averyveryverylongbridge', 'br/0', 'br 0', '..'], p); return d; } },
  { name: 'default bridge name too long', apply: (d, p) => { retype(someNetwork(d, p), 'bridge').name = 'abcdefghijklmnop'; return d; } },
  { name: 'ipConfig mode unsupported', apply: (d, p) => { someNetwork(d, p).ipConfig = { mode: pickOf(['manual', 'Static', 'DHCP'], p) }; return d; } },
  { name: 'ipConfig mode missing', apply: (d, p) => { someNetwork(d, p).ipConfig = { dnsServers: ['8.8.8.8'] }; return d; } },
  { name: 'static without address', apply: (d, p) => { someNetwork(d, p).ipConfig = { mode: 'static' }; return d; } },
  {
    name: 'bad CIDR',
    apply: (d, p) => {
      someNetwork(d, p).ipConfig = { mode: 'static', address: pickOf(['300.1.1.1/24', '10.0.0.1', '10.0.0.1/33', '2001:db8::1/129', 'not-an-ip/24', '010.0.0.1/24', '224.0.0.1/24'], p) };
      return d;
    },
  },
  { name: 'addresses with slaac or without a prefix', apply: (d, p) => { someNetwork(d, p).ipConfig = pickOf([{ mode: 'slaac', addresses: ['fd00::5/64'] }, { mode: 'static', address: '10.0.0.5/24', addresses: ['fd00::5'] }], p); return d; } },
  { name: 'address with dhcp', apply: (d, p) => { someNetwork(d, p).ipConfig = { mode: 'dhcp', address: '10.0.0.5/24' }; return d; } },
  { name: 'gateway with dhcp', apply: (d, p) => { someNetwork(d, p).ipConfig = { mode: 'dhcp', gateway: '10.0.0.1' }; return d; } },
  {
    name: 'gateway outside subnet or wrong family',
    apply: (d, p) => {
      someNetwork(d, p).ipConfig = { mode: 'static', address: '10.0.0.5/24', gateway: pickOf(['10.0.1.1', '2001:db8::1', '10.0.0.5', 'gw', '0.0.0.0'], p) };
      return d;
    },
  },
  { name: 'DNS server invalid', apply: (d, p) => { someNetwork(d, p).ipConfig = { mode: 'dhcp', dnsServers: [pickOf(['8.8.8', 'dns.google', '1.1.1.1/32'], p)] }; return d; } },
  { name: 'unknown ipConfig field', apply: (d, p) => { someNetwork(d, p).ipConfig = { mode: 'static', address: '10.0.0.5/24', gateway4: '10.0.0.1' }; return d; } },
  { name: 'MAC invalid', apply: (d, p) => { someNetwork(d, p).macAddress = pickOf(['01:00:5e:00:00:01', '02:00:00:00:00:00', 'zz:11:22:33:44:55', '02-11-22-33-44-55', '00:00:00:00:00:00'], p); return d; } },
  {
    name: 'duplicate MAC',
    apply: (d, p) => {
      someNetwork(d, p, 2);
      d.spec.networks[0].macAddress = '02:aa:bb:cc:dd:ee';
      d.spec.networks[1].macAddress = '02:AA:BB:CC:DD:EE';
      return d;
    },
  },
  { name: 'resourceName without prefix', apply: (d, p) => { someNetwork(d, p).resourceName = pickOf(['nodevice', '/x', 'a/b/c'], p); return d; } },
  { name: 'nodeNetwork with nadName', apply: (d, p) => { const n = someNetwork(d, p); n.nadName = 'existing-nad'; n.nodeNetwork = { uplink: 'eth1' }; return d; } },
  { name: 'nodeNetwork without uplink', apply: (d, p) => { retype(someNetwork(d, p), 'sriov').nodeNetwork = { totalVfs: 4 }; return d; } },
  { name: 'totalVfs out of range', apply: (d, p) => { retype(someNetwork(d, p), 'sriov').nodeNetwork = { uplink: 'ens1f0', totalVfs: pickOf([0, 257, 2.5], p) }; return d; } },
  {
    name: 'one node bridge on two uplinks',
    apply: (d) => {
      d.spec.networks = [...(d.spec.networks ?? []),
        { name: 'zz-node-a', type: 'bridge', bridgeName: 'br-clash', nodeNetwork: { uplink: 'eth7' } },
        { name: 'zz-node-b', type: 'bridge', bridgeName: 'br-clash', nodeNetwork: { uplink: 'eth8' } }];
      return d;
    },
  },
  { name: 'totalVfs on a non-sriov network', apply: (d, p) => { retype(someNetwork(d, p), 'macvlan').nodeNetwork = { uplink: 'ens1f0', totalVfs: 4 }; return d; } },
  { name: 'disks not an array', apply: (d) => { d.spec.disks = 'system'; return d; } },
  { name: 'no disks and no osImage', apply: (d) => { delete d.spec.disks; delete d.spec.osImage; return d; } },
  { name: 'unknown disk field', apply: (d, p) => { someDisk(d, p).bootable = true; return d; } },
  { name: 'duplicate disk name', apply: (d, p) => { d.spec.disks.push({ ...someDisk(d, p), boot: false }); return d; } },
  { name: 'disk name not a label', apply: (d, p) => { someDisk(d, p).name = pickOf(['Data', 'data.disk', ''], p); return d; } },
  { name: 'disk size too small', apply: (d, p) => { someDisk(d, p).size = pickOf(['512Mi', '1000M', '1G', '0'], p); return d; } },
  { name: 'disk size missing', apply: (d, p) => { delete someDisk(d, p).size; return d; } },
  { name: 'storageClassName invalid', apply: (d, p) => { someDisk(d, p).storageClassName = pickOf(['SSD_Fast', '', 42], p); return d; } },
  { name: 'two boot disks', apply: (d) => { d.spec.disks.push({ name: 'second-boot-x', size: '10Gi', storageClassName: 'sc', boot: true }); d.spec.disks[0].boot = true; return d; } },
  { name: 'disk image invalid', apply: (d, p) => { someDisk(d, p).image = pickOf(['http//bad url', 'ftp://x/y', 'https://'], p); return d; } },
  { name: 'accessMode unsupported', apply: (d, p) => { someDisk(d, p).accessMode = pickOf(['RWO', 'readwriteonce'], p); return d; } },
  { name: 'deleteWithVm wrong type', apply: (d, p) => { someDisk(d, p).deleteWithVm = 'yes'; return d; } },
  { name: 'http osImage without boot disk', apply: (d) => { for (const disk of d.spec.disks) delete disk.boot; d.spec.osImage = 'https://example.com/os.qcow2'; return d; } },
  { name: 'too many disks', apply: (d) => { d.spec.disks = Array.from({ length: 257 }, (_, i) => ({ name: `d${i}`, size: '1Gi', storageClassName: 'sc' })); return d; } },
  { name: 'restartPolicy unsupported', apply: (d) => { d.spec.highAvailability = { ...d.spec.highAvailability, restartPolicy: 'Sometimes' }; return d; } },
  { name: 'antiAffinity wrong type', apply: (d) => { d.spec.highAvailability = { ...d.spec.highAvailability, antiAffinity: 'true' }; return d; } },
  { name: 'nodeSelector key invalid', apply: (d) => { d.spec.highAvailability = { ...d.spec.highAvailability, nodeSelector: { '-bad': 'x' } }; return d; } },
  {
    name: 'toleration invalid',
    apply: (d, p) => {
      const bad = pickOf<object>([
        { operator: 'Exists', key: 'k', value: 'x' }, { key: '', operator: 'Equal' }, { key: 'k', effect: 'NoSchedule', tolerationSeconds: 10 },
        { key: 'k', operator: 'In' }, { key: 'k', effect: 'NoRun' }, { key: 'k', tolerationSeconds: 60 },
      ], p);
      d.spec.highAvailability = { ...d.spec.highAvailability, tolerations: [bad] };
      return d;
    },
  },
  { name: 'runStrategy unsupported', apply: (d) => { d.spec.startStrategy = { runStrategy: 'Halted' }; return d; } },
  { name: 'runStrategy contradicts restartPolicy', apply: (d) => { d.spec.highAvailability = { ...d.spec.highAvailability, restartPolicy: 'Always' }; d.spec.startStrategy = { runStrategy: 'Manual' }; return d; } },
  { name: 'Manual with autoStart', apply: (d) => { d.spec.highAvailability = { ...d.spec.highAvailability, restartPolicy: 'Never' }; d.spec.startStrategy = { runStrategy: 'Manual', autoStart: true }; return d; } },
  { name: 'autoStart wrong type', apply: (d) => { d.spec.startStrategy = { autoStart: 'no' }; return d; } },
  { name: 'podNetwork wrong type', apply: (d) => { d.spec.podNetwork = 'yes'; return d; } },
];

/** A corrupted profile and the mutation that broke it. */
export interface Corruption {
  readonly mutation: string;
  readonly doc: unknown;
}

/** Valid profiles broken by one mutation of the table. */
export const arbCorruptedProfile: fc.Arbitrary<Corruption> = fc
  .tuple(arbProfile, fc.constantFrom(...MUTATIONS), fc.nat())
  .map(([profile, mutation, pick]) => ({ mutation: mutation.name, doc: mutation.apply(structuredClone(profile), pick) }));

/** Every path (as keys) to a value inside a JSON-like document. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

/**
 * Valid profiles with one value anywhere replaced by anything (fc.anything): may or may not be valid,
 * but `validateProfile` must never throw on them.
 */
export const arbScrambledProfile: fc.Arbitrary<unknown> = fc
  .tuple(arbProfile, fc.nat(), fc.anything({ maxDepth: 2, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true }))
  .map(([profile, pick, replacement]) => {
    const doc: Doc = structuredClone(profile);
    const all = paths(doc);
    const path = all[pick % all.length];
    if (path.length === 0) return replacement;
    let parent = doc;
    for (const key of path.slice(0, -1)) parent = parent[key];
    parent[path[path.length - 1]] = replacement;
    return doc;
  });

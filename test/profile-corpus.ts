/**
 * A shared corpus of VirtualMachineProfile documents: valid ones, and invalid ones that each break one rule,
 * with the field path the refusal must name. The CRD parity test feeds it to the CRD schema (+ CEL rules)
 * and to `validateProfile`; other tests may use it too.
 */

import { example } from './helpers';

/** One corpus document. */
export interface CorpusCase {
  /** Unique, readable name of the case. */
  readonly name: string;
  /** The document, as parsed from YAML. */
  readonly doc: any;
}

/** A document that must be refused. */
export interface InvalidCase extends CorpusCase {
  /** Field path (apimachinery style, `spec.networks[0].vlanId`) `validateProfile` reports. */
  readonly field: string;
  /** Field path the CRD reports, when a list-level CEL rule cannot point at the item. @default - `field` */
  readonly crdField?: string;
}

type Patch = (doc: any) => void;

/** The smallest valid profile. */
function minimal(): any {
  return {
    apiVersion: 'vm.example.com/v1alpha1',
    kind: 'VirtualMachineProfile',
    metadata: { name: 'vm1', namespace: 'default' },
    spec: {
      cpu: 2,
      memory: '4Gi',
      disks: [{ name: 'system', size: '20Gi', storageClassName: 'standard', boot: true, image: 'quay.io/containerdisks/fedora:41' }],
    },
  };
}

/** A fresh minimal profile changed by `patch`. */
function profile(patch: Patch = () => undefined): any {
  const doc = minimal();
  patch(doc);
  return doc;
}

/** A profile with exactly these networks. */
function withNetworks(...networks: any[]): any {
  return profile((d) => { d.spec.networks = networks; });
}

/** A profile with exactly these disks. */
function withDisks(...disks: any[]): any {
  return profile((d) => { d.spec.disks = disks; });
}

const disk = (name: string, extra: object = {}): object => ({ name, size: '10Gi', storageClassName: 'standard', ...extra });
const net = (name: string, type: string, extra: object = {}): object => ({ name, type, ...extra });
const staticIp = (address: string, extra: object = {}): object => ({ mode: 'static', address, ...extra });

export const VALID_PROFILES: readonly CorpusCase[] = [
  // The spec's four examples, as they sit verbatim in examples/.
  { name: 'spec full example', doc: example('web-server-01') },
  { name: 'spec example 1 (basic)', doc: example('simple-vm') },
  { name: 'spec example 2 (multi-network)', doc: example('multi-net-vm') },
  { name: 'spec example 3 (high availability)', doc: example('ha-vm') },
  { name: 'minimal', doc: profile() },
  { name: 'cloud-config user data', doc: profile((d) => { d.spec.userData = '#cloud-config\npackages: [nginx]\nruncmd:\n  - systemctl enable --now nginx\n'; }) },
  { name: 'user data script', doc: profile((d) => { d.spec.userData = '#!/bin/sh\necho hello > /etc/motd\n'; }) },
  { name: 'user data from a Secret', doc: profile((d) => { d.spec.userDataSecret = 'vm1-userdata'; }) },
  { name: 'instancetype and preference instead of cpu and memory', doc: profile((d) => { delete d.spec.cpu; delete d.spec.memory; d.spec.instancetype = { name: 'u1.medium' }; d.spec.preference = { name: 'fedora' }; }) },
  { name: 'namespaced instancetype and preference', doc: profile((d) => { delete d.spec.cpu; delete d.spec.memory; d.spec.instancetype = { kind: 'VirtualMachineInstancetype', name: 'db.large' }; d.spec.preference = { kind: 'VirtualMachinePreference', name: 'rhel.9' }; }) },
  { name: 'preference with cpu and memory', doc: profile((d) => { d.spec.preference = { kind: 'VirtualMachineClusterPreference', name: 'fedora' }; }) },
  { name: 'dedicated CPUs, NUMA, 1Gi hugepages, topology and limits', doc: profile((d) => { d.spec.cpu = 4; d.spec.compute = { dedicatedCpuPlacement: true, isolateEmulatorThread: true, cpuModel: 'host-passthrough', sockets: 1, threads: 2, hugepages: '1Gi', numaGuestMappingPassthrough: true, memoryRequest: '4Gi', memoryLimit: '4Gi', cpuLimit: '4' }; }) },
  { name: 'memory overcommit with 2Mi hugepages', doc: profile((d) => { d.spec.compute = { memoryRequest: '3Gi', memoryLimit: '6Gi', hugepages: '2Mi', cpuLimit: '1500m' }; }) },
  { name: 'instancetype with dedicated CPUs and NUMA it gives', doc: profile((d) => { delete d.spec.cpu; delete d.spec.memory; d.spec.instancetype = { name: 'cx1.2xlarge' }; d.spec.compute = { numaGuestMappingPassthrough: true, isolateEmulatorThread: true, cpuModel: 'host-model' }; }) },
  { name: 'GPUs and host devices', doc: profile((d) => { d.spec.gpus = [{ name: 'gpu1', deviceName: 'nvidia.com/GA102GL_A10' }, { name: 'gpu2', deviceName: 'nvidia.com/GA102GL_A10' }]; d.spec.hostDevices = [{ name: 'gpu1', deviceName: 'intel.com/qat' }]; }) },
  { name: 'boot disk cloned from a DataSource, data disk from a PVC, one from a snapshot', doc: withDisks(disk('system', { boot: true, dataSource: { name: 'rhel9', namespace: 'openshift-virtualization-os-images' } }), disk('data', { pvc: { name: 'golden-data' } }), disk('restore', { snapshot: { name: 'nightly', namespace: 'backup' } })) },
  { name: 'registry import with a pull Secret and a CA, Block volume, serial', doc: withDisks(disk('system', { boot: true, image: 'registry.example.com/os/rhel:9', secretRef: 'pull-secret', certConfigMap: 'registry-ca', volumeMode: 'Block', serial: 'SYS_01.a+b-c' })) },
  { name: 'dual-stack static: IPv4 address and IPv6 addresses', doc: withNetworks(net('mgmt', 'bridge', { ipConfig: staticIp('192.168.10.5/24', { gateway: '192.168.10.1', addresses: ['2001:db8:10::5/64', 'fd00:10::5/64'] }) })) },
  { name: 'dhcp6 and slaac', doc: withNetworks(net('a', 'bridge', { ipConfig: { mode: 'dhcp6' } }), net('b', 'bridge', { ipConfig: { mode: 'slaac', dnsServers: ['2001:db8::53'] } })) },
  { name: 'Windows sysprep from a ConfigMap', doc: profile((d) => { d.spec.sysprep = { configMap: 'win11-unattend' }; d.spec.firmware = { bootloader: 'EFI', secureBoot: true }; }) },
  { name: 'Windows sysprep from a Secret', doc: profile((d) => { d.spec.sysprep = { secret: 'win-unattend' }; }) },
  { name: 'pod network forwarding SSH and DNS', doc: profile((d) => { d.spec.podNetwork = true; d.spec.ports = [{ name: 'ssh', port: 22 }, { name: 'dns', port: 53, protocol: 'UDP' }, { port: 8443, protocol: 'TCP' }]; }) },
  { name: 'a NodePort Service for SSH and DNS', doc: profile((d) => { d.spec.podNetwork = true; d.spec.ports = [{ name: 'ssh', port: 22 }, { name: 'dns', port: 53, protocol: 'UDP' }]; d.spec.service = { type: 'NodePort' }; }) },
  { name: 'EFI, Secure Boot, persistent variables and TPM', doc: profile((d) => { d.spec.firmware = { bootloader: 'EFI', secureBoot: true, persistent: true }; d.spec.tpm = { persistent: true }; }) },
  { name: 'sata disk and e1000e NIC', doc: profile((d) => { d.spec.disks[0].bus = 'sata'; d.spec.networks = [net('mgmt', 'bridge', { model: 'e1000e' })]; }) },
  { name: 'osImage without disks', doc: profile((d) => { delete d.spec.disks; d.spec.osImage = 'quay.io/containerdisks/fedora:41'; }) },
  { name: 'cpu 1', doc: profile((d) => { d.spec.cpu = 1; }) },
  { name: 'memory exactly 512Mi', doc: profile((d) => { d.spec.memory = '512Mi'; }) },
  { name: 'memory 0.5Gi', doc: profile((d) => { d.spec.memory = '0.5Gi'; }) },
  { name: 'memory in bytes', doc: profile((d) => { d.spec.memory = '536870912'; }) },
  { name: 'memory decimal SI', doc: profile((d) => { d.spec.memory = '1G'; }) },
  { name: 'disk exactly 1Gi', doc: withDisks(disk('system', { size: '1Gi', boot: true })) },
  { name: 'disk 1024Mi and 1.5Gi', doc: withDisks(disk('system', { size: '1024Mi', boot: true }), disk('data', { size: '1.5Gi' })) },
  { name: 'disks without boot flag', doc: withDisks(disk('a'), disk('b')) },
  { name: 'disk extensions', doc: withDisks(disk('system', { boot: true, deleteWithVm: true, accessMode: 'ReadWriteMany', image: 'https://example.com/fedora.qcow2' })) },
  { name: 'disk from an existing claim', doc: withDisks(disk('system', { boot: true, image: 'quay.io/containerdisks/fedora:41' }), { name: 'shared', claimName: 'team-data' }) },
  { name: 'disk image docker://', doc: withDisks(disk('system', { boot: true, image: 'docker://quay.io/containerdisks/fedora:41' })) },
  { name: 'bridge network, default bridge', doc: withNetworks(net('lan', 'bridge')) },
  { name: 'bridge with vlan bounds', doc: withNetworks(net('a', 'bridge', { vlanId: 1 }), net('b', 'bridge', { vlanId: 4094 })) },
  { name: 'ovs with bridgeName', doc: withNetworks(net('tenant', 'ovs', { bridgeName: 'br-tenant', ipConfig: { mode: 'dhcp' } })) },
  { name: 'ovs with existing NAD', doc: withNetworks(net('tenant', 'ovs', { nadName: 'other-ns/tenant-nad' })) },
  { name: 'macvlan without vlan', doc: withNetworks(net('direct', 'macvlan', { nodeNetwork: { uplink: 'ens3' } })) },
  { name: 'sriov with node network', doc: withNetworks(net('fast', 'sriov', { vlanId: 200, resourceName: 'openshift.io/fast', nodeNetwork: { uplink: 'ens1f0', totalVfs: 16, nodeSelector: { 'feature.node.kubernetes.io/sriov': 'true' } } })) },
  { name: 'static IPv6 with link-local gateway', doc: withNetworks(net('v6', 'bridge', { ipConfig: staticIp('2001:db8::10/64', { gateway: 'fe80::1', dnsServers: ['2001:4860:4860::8888'] }) })) },
  { name: 'static IPv6 with global gateway', doc: withNetworks(net('v6', 'bridge', { ipConfig: staticIp('2001:db8::10/64', { gateway: '2001:db8::1' }) })) },
  { name: 'static without gateway', doc: withNetworks(net('lan', 'bridge', { ipConfig: staticIp('10.1.2.3/16') })) },
  { name: 'link-local IPv4 address', doc: withNetworks(net('lan', 'bridge', { ipConfig: staticIp('169.254.10.1/16') })) },
  { name: 'explicit MAC address', doc: withNetworks(net('lan', 'bridge', { macAddress: '02:AB:cd:00:00:01' })) },
  { name: 'pod network with other networks', doc: profile((d) => { d.spec.podNetwork = true; d.spec.networks = [net('lan', 'bridge')]; }) },
  { name: 'restartPolicy OnFailure + RerunOnFailure', doc: profile((d) => { d.spec.highAvailability = { restartPolicy: 'OnFailure' }; d.spec.startStrategy = { runStrategy: 'RerunOnFailure' }; }) },
  { name: 'restartPolicy Never + Manual, autoStart false', doc: profile((d) => { d.spec.highAvailability = { restartPolicy: 'Never' }; d.spec.startStrategy = { runStrategy: 'Manual', autoStart: false }; }) },
  { name: 'restartPolicy Never alone', doc: profile((d) => { d.spec.highAvailability = { restartPolicy: 'Never' }; }) },
  { name: 'autoStart false alone', doc: profile((d) => { d.spec.startStrategy = { autoStart: false }; }) },
  {
    name: 'tolerations: Exists without key, NoExecute with seconds',
    doc: profile((d) => {
      d.spec.highAvailability = {
        antiAffinity: false,
        antiAffinityGroup: 'web',
        tolerations: [{ operator: 'Exists' }, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      };
    }),
  },
  { name: 'eight networks', doc: withNetworks(...Array.from({ length: 8 }, (_, i) => net(`n${i}`, 'bridge', { vlanId: 10 + i }))) },
  { name: 'profile name of 60 characters', doc: profile((d) => { d.metadata.name = 'a'.repeat(60); d.spec.disks = [disk('d', { boot: true })]; }) },
  {
    name: 'with the spec status example',
    doc: profile((d) => {
      d.status = {
        phase: 'Running',
        vmName: 'vm1-vm',
        nodeName: 'worker-node-01',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z', reason: 'VMRunning', message: 'Virtual machine is running' }],
        networks: [{ name: 'management', interface: 'eth0', ipAddress: '192.168.100.10/24', macAddress: 'aa:bb:cc:dd:ee:ff', nadName: 'management-nad' }],
        volumes: [{ name: 'system', pvcName: 'vm1-system', bound: true, size: '20Gi' }],
      };
    }),
  },
];

export const INVALID_PROFILES: readonly InvalidCase[] = [
  // document
  { name: 'wrong apiVersion', field: 'apiVersion', doc: profile((d) => { d.apiVersion = 'vm.example.com/v1'; }) },
  { name: 'wrong kind', field: 'kind', doc: profile((d) => { d.kind = 'VirtualMachine'; }) },
  { name: 'no spec', field: 'spec', doc: profile((d) => { delete d.spec; }) },
  { name: 'profile name not a label', field: 'metadata.name', doc: profile((d) => { d.metadata.name = 'Web_01'; }) },
  { name: 'profile name too long for <name>-vm', field: 'metadata.name', doc: profile((d) => { d.metadata.name = 'a'.repeat(61); }) },
  { name: 'DataVolume name too long', field: 'spec.disks[0].name', crdField: 'spec.disks', doc: profile((d) => { d.metadata.name = 'a'.repeat(50); d.spec.disks = [disk('b'.repeat(13), { boot: true })]; }) },
  // cpu and memory
  { name: 'cpu missing', field: 'spec.cpu', doc: profile((d) => { delete d.spec.cpu; }) },
  { name: 'cpu 0', field: 'spec.cpu', doc: profile((d) => { d.spec.cpu = 0; }) },
  { name: 'cpu fractional', field: 'spec.cpu', doc: profile((d) => { d.spec.cpu = 1.5; }) },
  { name: 'cpu as string', field: 'spec.cpu', doc: profile((d) => { d.spec.cpu = '4'; }) },
  { name: 'memory missing', field: 'spec.memory', doc: profile((d) => { delete d.spec.memory; }) },
  { name: 'memory not a quantity', field: 'spec.memory', doc: profile((d) => { d.spec.memory = '8GB'; }) },
  { name: 'memory below 512Mi', field: 'spec.memory', doc: profile((d) => { d.spec.memory = '511Mi'; }) },
  { name: 'memory as number', field: 'spec.memory', doc: profile((d) => { d.spec.memory = 8589934592; }) },
  { name: 'sshKeySecret not a name', field: 'spec.sshKeySecret', doc: profile((d) => { d.spec.sshKeySecret = 'My Keys'; }) },
  { name: 'no disks and no osImage', field: 'spec.disks', doc: profile((d) => { delete d.spec.disks; }) },
  { name: 'unknown spec field', field: 'spec.cpus', doc: profile((d) => { d.spec.cpus = 2; }) },
  // networks
  { name: 'network without name', field: 'spec.networks[0].name', doc: withNetworks({ type: 'bridge' }) },
  { name: 'network without type', field: 'spec.networks[0].type', doc: withNetworks({ name: 'lan' }) },
  { name: 'network name with uppercase', field: 'spec.networks[0].name', doc: withNetworks(net('Mgmt', 'bridge')) },
  { name: 'network name too long for <name>-nad', field: 'spec.networks[0].name', doc: withNetworks(net('n'.repeat(60), 'bridge', { bridgeName: 'br0' })) },
  { name: 'duplicate network names', field: 'spec.networks[1].name', doc: withNetworks(net('lan', 'bridge'), net('lan', 'ovs', { bridgeName: 'br-ovs' })) },
  { name: 'unknown network type', field: 'spec.networks[0].type', doc: withNetworks(net('lan', 'vxlan')) },
  { name: 'vlanId 0', field: 'spec.networks[0].vlanId', doc: withNetworks(net('lan', 'bridge', { vlanId: 0 })) },
  { name: 'vlanId 4095', field: 'spec.networks[0].vlanId', doc: withNetworks(net('lan', 'bridge', { vlanId: 4095 })) },
  { name: 'macvlan with vlanId', field: 'spec.networks[0].vlanId', doc: withNetworks(net('direct', 'macvlan', { vlanId: 10 })) },
  { name: 'ovs without bridgeName', field: 'spec.networks[0].bridgeName', doc: withNetworks(net('tenant', 'ovs')) },
  { name: 'bridgeName on sriov', field: 'spec.networks[0].bridgeName', doc: withNetworks(net('fast', 'sriov', { bridgeName: 'br0' })) },
  { name: 'bridgeName too long', field: 'spec.networks[0].bridgeName', doc: withNetworks(net('lan', 'bridge', { bridgeName: 'br-0123456789abc' })) },
  { name: 'default bridge name too long', field: 'spec.networks[0].bridgeName', doc: withNetworks(net('management123', 'bridge')) },
  { name: 'nadName with two slashes', field: 'spec.networks[0].nadName', doc: withNetworks(net('lan', 'bridge', { nadName: 'a/b/c' })) },
  { name: 'nodeNetwork with nadName', field: 'spec.networks[0].nodeNetwork', doc: withNetworks(net('lan', 'bridge', { nadName: 'lan-nad', nodeNetwork: { uplink: 'ens3' } })) },
  { name: 'nodeNetwork without uplink', field: 'spec.networks[0].nodeNetwork.uplink', doc: withNetworks(net('lan', 'bridge', { nodeNetwork: {} })) },
  { name: 'uplink equals bridge', field: 'spec.networks[0].nodeNetwork.uplink', doc: withNetworks(net('lan', 'bridge', { nodeNetwork: { uplink: 'br-lan' } })) },
  { name: 'totalVfs on bridge', field: 'spec.networks[0].nodeNetwork.totalVfs', doc: withNetworks(net('lan', 'bridge', { nodeNetwork: { uplink: 'ens3', totalVfs: 4 } })) },
  { name: 'totalVfs 0', field: 'spec.networks[0].nodeNetwork.totalVfs', doc: withNetworks(net('fast', 'sriov', { nodeNetwork: { uplink: 'ens3', totalVfs: 0 } })) },
  { name: 'multicast MAC', field: 'spec.networks[0].macAddress', doc: withNetworks(net('lan', 'bridge', { macAddress: '01:00:5e:00:00:01' })) },
  { name: 'malformed MAC', field: 'spec.networks[0].macAddress', doc: withNetworks(net('lan', 'bridge', { macAddress: '02-00-00-00-00-01' })) },
  { name: 'KubeVirt reserved MAC', field: 'spec.networks[0].macAddress', doc: withNetworks(net('lan', 'bridge', { macAddress: '02:00:00:00:00:00' })) },
  { name: 'resourceName without prefix', field: 'spec.networks[0].resourceName', doc: withNetworks(net('fast', 'sriov', { resourceName: 'fast' })) },
  { name: 'network named pod with podNetwork', field: 'spec.networks[0].name', crdField: 'spec.networks', doc: profile((d) => { d.spec.podNetwork = true; d.spec.networks = [net('pod', 'bridge')]; }) },
  { name: 'unknown network field', field: 'spec.networks[0].vlanID', doc: withNetworks(net('lan', 'bridge', { vlanID: 10 })) },
  // ipConfig
  { name: 'ipConfig without mode', field: 'spec.networks[0].ipConfig.mode', doc: withNetworks(net('lan', 'bridge', { ipConfig: {} })) },
  { name: 'ipConfig mode auto', field: 'spec.networks[0].ipConfig.mode', doc: withNetworks(net('lan', 'bridge', { ipConfig: { mode: 'auto' } })) },
  { name: 'static without address', field: 'spec.networks[0].ipConfig.address', doc: withNetworks(net('lan', 'bridge', { ipConfig: { mode: 'static' } })) },
  { name: 'address without prefix', field: 'spec.networks[0].ipConfig.address', doc: withNetworks(net('lan', 'bridge', { ipConfig: staticIp('192.168.1.10') })) },
  { name: 'address out of range', field: 'spec.networks[0].ipConfig.address', doc: withNetworks(net('lan', 'bridge', { ipConfig: staticIp('300.1.1.1/24') })) },
  { name: 'loopback address', field: 'spec.networks[0].ipConfig.address', doc: withNetworks(net('lan', 'bridge', { ipConfig: staticIp('127.0.0.2/8') })) },
  { name: 'address with dhcp', field: 'spec.networks[0].ipConfig.address', doc: withNetworks(net('lan', 'bridge', { ipConfig: { mode: 'dhcp', address: '10.0.0.2/24' } })) },
  { name: 'gateway with dhcp', field: 'spec.networks[0].ipConfig.gateway', doc: withNetworks(net('lan', 'bridge', { ipConfig: { mode: 'dhcp', gateway: '10.0.0.1' } })) },
  { name: 'gateway outside the subnet', field: 'spec.networks[0].ipConfig.gateway', doc: withNetworks(net('lan', 'bridge', { ipConfig: staticIp('10.0.0.2/24', { gateway: '10.0.1.1' }) })) },
  { name: 'gateway of the other family', field: 'spec.networks[0].ipConfig.gateway', doc: withNetworks(net('lan', 'bridge', { ipConfig: staticIp('10.0.0.2/24', { gateway: '2001:db8::1' }) })) },
  { name: 'gateway equals address', field: 'spec.networks[0].ipConfig.gateway', doc: withNetworks(net('lan', 'bridge', { ipConfig: staticIp('10.0.0.2/24', { gateway: '10.0.0.2' }) })) },
  { name: 'dns server not an IP', field: 'spec.networks[0].ipConfig.dnsServers[0]', doc: withNetworks(net('lan', 'bridge', { ipConfig: { mode: 'dhcp', dnsServers: ['dns.example.com'] } })) },
  { name: 'dns server twice', field: 'spec.networks[0].ipConfig.dnsServers[1]', crdField: 'spec.networks[0].ipConfig.dnsServers', doc: withNetworks(net('lan', 'bridge', { ipConfig: { mode: 'dhcp', dnsServers: ['2001:db8::53', '2001:DB8:0::53'] } })) },
  // disks
  { name: 'disk without storageClassName', field: 'spec.disks[0].storageClassName', doc: withDisks({ name: 'system', size: '10Gi', boot: true }) },
  { name: 'disk without size', field: 'spec.disks[0].size', doc: withDisks({ name: 'system', storageClassName: 'standard', boot: true }) },
  { name: 'claimName together with size', field: 'spec.disks[1].size', doc: withDisks(disk('system', { boot: true }), { name: 'shared', claimName: 'team-data', size: '10Gi' }) },
  { name: 'claimName together with storageClassName', field: 'spec.disks[1].storageClassName', doc: withDisks(disk('system', { boot: true }), { name: 'shared', claimName: 'team-data', storageClassName: 'standard' }) },
  { name: 'disk named like the cloud-init volume', field: 'spec.disks[1].name', doc: withDisks(disk('system', { boot: true }), disk('cloudinitdisk')) },
  { name: 'disk named like the containerDisk volume', field: 'spec.disks[0].name', doc: withDisks(disk('containerdisk', { boot: true })) },
  { name: 'disk size not a quantity', field: 'spec.disks[0].size', doc: withDisks(disk('system', { size: '10 GiB', boot: true })) },
  { name: 'disk below 1Gi', field: 'spec.disks[0].size', doc: withDisks(disk('system', { size: '1023Mi', boot: true })) },
  { name: 'disk name with a dot', field: 'spec.disks[0].name', doc: withDisks(disk('sys.disk', { boot: true })) },
  { name: 'duplicate disk names', field: 'spec.disks[1].name', doc: withDisks(disk('data', { boot: true }), disk('data')) },
  { name: 'two boot disks', field: 'spec.disks[1].boot', crdField: 'spec.disks', doc: withDisks(disk('a', { boot: true }), disk('b', { boot: true })) },
  { name: 'storageClassName with uppercase', field: 'spec.disks[0].storageClassName', doc: withDisks(disk('system', { storageClassName: 'Fast', boot: true })) },
  { name: 'unknown accessMode', field: 'spec.disks[0].accessMode', doc: withDisks(disk('system', { accessMode: 'RWX', boot: true })) },
  { name: 'boot as string', field: 'spec.disks[0].boot', doc: withDisks(disk('system', { boot: 'true' })) },
  // high availability and start strategy
  { name: 'unknown restartPolicy', field: 'spec.highAvailability.restartPolicy', doc: profile((d) => { d.spec.highAvailability = { restartPolicy: 'Sometimes' }; }) },
  { name: 'antiAffinity as string', field: 'spec.highAvailability.antiAffinity', doc: profile((d) => { d.spec.highAvailability = { antiAffinity: 'yes' }; }) },
  { name: 'antiAffinityGroup not a label value', field: 'spec.highAvailability.antiAffinityGroup', doc: profile((d) => { d.spec.highAvailability = { antiAffinityGroup: 'web group' }; }) },
  { name: 'nodeSelector value not a label value', field: 'spec.highAvailability.nodeSelector[zone]', doc: profile((d) => { d.spec.highAvailability = { nodeSelector: { zone: 'eu west' } }; }) },
  { name: 'toleration operator unknown', field: 'spec.highAvailability.tolerations[0].operator', doc: profile((d) => { d.spec.highAvailability = { tolerations: [{ key: 'k', operator: 'In' }] }; }) },
  { name: 'toleration effect unknown', field: 'spec.highAvailability.tolerations[0].effect', doc: profile((d) => { d.spec.highAvailability = { tolerations: [{ key: 'k', effect: 'NoRun' }] }; }) },
  { name: 'toleration empty key with Equal', field: 'spec.highAvailability.tolerations[0].operator', doc: profile((d) => { d.spec.highAvailability = { tolerations: [{ operator: 'Equal', value: 'x' }] }; }) },
  { name: 'toleration Exists with value', field: 'spec.highAvailability.tolerations[0].value', doc: profile((d) => { d.spec.highAvailability = { tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }; }) },
  { name: 'tolerationSeconds without NoExecute', field: 'spec.highAvailability.tolerations[0].effect', doc: profile((d) => { d.spec.highAvailability = { tolerations: [{ key: 'k', effect: 'NoSchedule', tolerationSeconds: 60 }] }; }) },
  { name: 'unknown runStrategy', field: 'spec.startStrategy.runStrategy', doc: profile((d) => { d.spec.startStrategy = { runStrategy: 'Once' }; }) },
  { name: 'Always restartPolicy vs Manual', field: 'spec.startStrategy.runStrategy', doc: profile((d) => { d.spec.highAvailability = { restartPolicy: 'Always' }; d.spec.startStrategy = { runStrategy: 'Manual', autoStart: false }; }) },
  { name: 'OnFailure vs Always', field: 'spec.startStrategy.runStrategy', doc: profile((d) => { d.spec.highAvailability = { restartPolicy: 'OnFailure' }; d.spec.startStrategy = { runStrategy: 'Always' }; }) },
  { name: 'Never vs RerunOnFailure', field: 'spec.startStrategy.runStrategy', doc: profile((d) => { d.spec.highAvailability = { restartPolicy: 'Never' }; d.spec.startStrategy = { runStrategy: 'RerunOnFailure' }; }) },
  { name: 'Manual with autoStart true', field: 'spec.startStrategy.autoStart', doc: profile((d) => { d.spec.startStrategy = { runStrategy: 'Manual', autoStart: true }; }) },
  { name: 'podNetwork as string', field: 'spec.podNetwork', doc: profile((d) => { d.spec.podNetwork = 'true'; }) },
  // devices
  { name: 'unknown disk bus', field: 'spec.disks[0].bus', doc: withDisks(disk('system', { boot: true, bus: 'ide' })) },
  { name: 'unknown NIC model', field: 'spec.networks[0].model', doc: withNetworks(net('mgmt', 'bridge', { model: 'vmxnet3' })) },
  { name: 'NIC model on SR-IOV', field: 'spec.networks[0].model', doc: withNetworks(net('fast', 'sriov', { model: 'e1000e' })) },
  { name: 'Secure Boot without EFI', field: 'spec.firmware.secureBoot', doc: profile((d) => { d.spec.firmware = { bootloader: 'BIOS', secureBoot: true }; }) },
  { name: 'persistent EFI variables without EFI', field: 'spec.firmware.persistent', doc: profile((d) => { d.spec.firmware = { persistent: true }; }) },
  { name: 'cpu next to an instancetype', field: 'spec.cpu', doc: profile((d) => { delete d.spec.memory; d.spec.instancetype = { name: 'u1.medium' }; }) },
  { name: 'memory next to an instancetype', field: 'spec.memory', doc: profile((d) => { delete d.spec.cpu; d.spec.instancetype = { name: 'u1.medium' }; }) },
  { name: 'no cpu without an instancetype', field: 'spec.cpu', doc: profile((d) => { delete d.spec.cpu; d.spec.preference = { name: 'fedora' }; }) },
  { name: 'instancetype without a name', field: 'spec.instancetype.name', doc: profile((d) => { delete d.spec.cpu; delete d.spec.memory; d.spec.instancetype = { kind: 'VirtualMachineInstancetype' }; }) },
  { name: 'unknown instancetype kind', field: 'spec.instancetype.kind', doc: profile((d) => { delete d.spec.cpu; delete d.spec.memory; d.spec.instancetype = { kind: 'InstanceType', name: 'u1.medium' }; }) },
  { name: 'preference name not an object name', field: 'spec.preference.name', doc: profile((d) => { d.spec.preference = { name: 'Fedora_41' }; }) },
  { name: 'isolateEmulatorThread without dedicated CPUs', field: 'spec.compute.isolateEmulatorThread', doc: profile((d) => { d.spec.compute = { isolateEmulatorThread: true }; }) },
  { name: 'NUMA passthrough without hugepages', field: 'spec.compute.numaGuestMappingPassthrough', doc: profile((d) => { d.spec.compute = { dedicatedCpuPlacement: true, numaGuestMappingPassthrough: true }; }) },
  { name: 'three threads with dedicated CPUs', field: 'spec.compute.threads', doc: profile((d) => { d.spec.cpu = 3; d.spec.compute = { dedicatedCpuPlacement: true, threads: 3 }; }) },
  { name: 'cpu not a multiple of sockets × threads', field: 'spec.cpu', doc: profile((d) => { d.spec.cpu = 3; d.spec.compute = { threads: 2 }; }) },
  { name: 'memory not a multiple of the hugepage size', field: 'spec.compute.hugepages', doc: profile((d) => { d.spec.memory = '1536Mi'; d.spec.compute = { hugepages: '1Gi' }; }) },
  { name: 'unknown hugepage size', field: 'spec.compute.hugepages', doc: profile((d) => { d.spec.compute = { hugepages: '16Gi' }; }) },
  { name: 'memoryRequest above memory', field: 'spec.compute.memoryRequest', doc: profile((d) => { d.spec.compute = { memoryRequest: '5Gi' }; }) },
  { name: 'memoryLimit below memory', field: 'spec.compute.memoryLimit', doc: profile((d) => { d.spec.compute = { memoryLimit: '2Gi' }; }) },
  { name: 'memoryRequest zero', field: 'spec.compute.memoryRequest', doc: profile((d) => { d.spec.compute = { memoryRequest: '0' }; }) },
  { name: 'cpuLimit other than cpu with dedicated CPUs', field: 'spec.compute.cpuLimit', doc: profile((d) => { d.spec.compute = { dedicatedCpuPlacement: true, cpuLimit: '1' }; }) },
  { name: 'memory request and limit differ with dedicated CPUs', field: 'spec.compute.memoryLimit', doc: profile((d) => { d.spec.compute = { dedicatedCpuPlacement: true, memoryRequest: '4Gi', memoryLimit: '8Gi' }; }) },
  { name: 'sockets next to an instancetype', field: 'spec.compute.sockets', doc: profile((d) => { delete d.spec.cpu; delete d.spec.memory; d.spec.instancetype = { name: 'u1.medium' }; d.spec.compute = { sockets: 2 }; }) },
  { name: 'CPU model with a space', field: 'spec.compute.cpuModel', doc: profile((d) => { d.spec.compute = { cpuModel: 'host passthrough' }; }) },
  { name: 'CPU model of 254 characters', field: 'spec.compute.cpuModel', doc: profile((d) => { d.spec.compute = { cpuModel: `m${'x'.repeat(253)}` }; }) },
  { name: 'duplicate GPU name', field: 'spec.gpus[1].name', doc: profile((d) => { d.spec.gpus = [{ name: 'gpu', deviceName: 'nvidia.com/A10' }, { name: 'gpu', deviceName: 'nvidia.com/A10' }]; }) },
  { name: 'GPU deviceName without a domain', field: 'spec.gpus[0].deviceName', doc: profile((d) => { d.spec.gpus = [{ name: 'gpu', deviceName: 'A10' }]; }) },
  { name: 'host device without deviceName', field: 'spec.hostDevices[0].deviceName', doc: profile((d) => { d.spec.hostDevices = [{ name: 'qat' }]; }) },
  { name: 'host device name not a label', field: 'spec.hostDevices[0].name', doc: profile((d) => { d.spec.hostDevices = [{ name: 'QAT.0', deviceName: 'intel.com/qat' }]; }) },
  { name: 'image and a PVC clone', field: 'spec.disks[0].pvc', doc: withDisks(disk('system', { boot: true, image: 'quay.io/containerdisks/fedora:41', pvc: { name: 'golden' } })) },
  { name: 'PVC and DataSource', field: 'spec.disks[0].dataSource', doc: withDisks(disk('system', { boot: true, pvc: { name: 'golden' }, dataSource: { name: 'fedora' } })) },
  { name: 'snapshot on an existing claim', field: 'spec.disks[0].snapshot', doc: withDisks({ name: 'system', boot: true, claimName: 'old', snapshot: { name: 's' } }) },
  { name: 'DataSource without a name', field: 'spec.disks[0].dataSource.name', doc: withDisks(disk('system', { boot: true, dataSource: { namespace: 'os-images' } })) },
  { name: 'secretRef without an image', field: 'spec.disks[0].secretRef', doc: withDisks(disk('system', { boot: true, secretRef: 'creds' })) },
  { name: 'serial with a space', field: 'spec.disks[0].serial', doc: withDisks(disk('system', { boot: true, serial: 'SYS 01' })) },
  { name: 'serial too long', field: 'spec.disks[0].serial', doc: withDisks(disk('system', { boot: true, serial: 'x'.repeat(257) })) },
  { name: 'unknown volumeMode', field: 'spec.disks[0].volumeMode', doc: withDisks(disk('system', { boot: true, volumeMode: 'block' })) },
  { name: 'volumeMode on an existing claim', field: 'spec.disks[0].volumeMode', doc: withDisks({ name: 'system', boot: true, claimName: 'old', volumeMode: 'Block' }) },
  { name: 'addresses with slaac', field: 'spec.networks[0].ipConfig.addresses', doc: withNetworks(net('a', 'bridge', { ipConfig: { mode: 'slaac', addresses: ['fd00::5/64'] } })) },
  { name: 'addresses entry without a prefix', field: 'spec.networks[0].ipConfig.addresses[0]', doc: withNetworks(net('a', 'bridge', { ipConfig: staticIp('10.0.0.5/24', { addresses: ['fd00::5'] }) })) },
  { name: 'addresses multicast', field: 'spec.networks[0].ipConfig.addresses[0]', doc: withNetworks(net('a', 'bridge', { ipConfig: staticIp('10.0.0.5/24', { addresses: ['ff02::1/64'] }) })) },
  { name: 'sysprep with userData', field: 'spec.sysprep', doc: profile((d) => { d.spec.sysprep = { configMap: 'u' }; d.spec.userData = '#cloud-config\n'; }) },
  { name: 'sysprep with sshKeySecret', field: 'spec.sysprep', doc: profile((d) => { d.spec.sysprep = { secret: 'u' }; d.spec.sshKeySecret = 'keys'; }) },
  { name: 'sysprep from both a ConfigMap and a Secret', field: 'spec.sysprep.secret', doc: profile((d) => { d.spec.sysprep = { configMap: 'a', secret: 'b' }; }) },
  { name: 'sysprep without a source', field: 'spec.sysprep.configMap', doc: profile((d) => { d.spec.sysprep = {}; }) },
  { name: 'disk named sysprep', field: 'spec.disks[0].name', doc: withDisks(disk('sysprep', { boot: true })) },
  { name: 'ports without the pod network', field: 'spec.ports', doc: profile((d) => { d.spec.ports = [{ port: 22 }]; }) },
  { name: 'a Service without ports', field: 'spec.ports', doc: profile((d) => { d.spec.podNetwork = true; d.spec.service = {}; }) },
  { name: 'a Service of type ExternalName', field: 'spec.service.type', doc: profile((d) => { d.spec.podNetwork = true; d.spec.ports = [{ port: 22 }]; d.spec.service = { type: 'ExternalName' }; }) },
  { name: 'a Service for a profile name with a digit first', field: 'spec.service', doc: profile((d) => { d.metadata.name = '9web'; d.spec.podNetwork = true; d.spec.ports = [{ port: 22 }]; d.spec.service = {}; }) },
  { name: 'a Service with an unnamed port of two', field: 'spec.ports[1].name', crdField: 'spec.ports', doc: profile((d) => { d.spec.podNetwork = true; d.spec.ports = [{ name: 'ssh', port: 22 }, { port: 80 }]; d.spec.service = {}; }) },
  { name: 'port 0', field: 'spec.ports[0].port', doc: profile((d) => { d.spec.podNetwork = true; d.spec.ports = [{ port: 0 }]; }) },
  { name: 'port protocol SCTP', field: 'spec.ports[0].protocol', doc: profile((d) => { d.spec.podNetwork = true; d.spec.ports = [{ port: 22, protocol: 'SCTP' }]; }) },
  { name: 'port name with two hyphens', field: 'spec.ports[0].name', doc: profile((d) => { d.spec.podNetwork = true; d.spec.ports = [{ name: 'a--b', port: 22 }]; }) },
  { name: 'port name without a letter', field: 'spec.ports[0].name', doc: profile((d) => { d.spec.podNetwork = true; d.spec.ports = [{ name: '8080', port: 8080 }]; }) },
  { name: 'duplicate port names', field: 'spec.ports[1].name', crdField: 'spec.ports', doc: profile((d) => { d.spec.podNetwork = true; d.spec.ports = [{ name: 'web', port: 80 }, { name: 'web', port: 8080 }]; }) },
  { name: 'unknown bootloader', field: 'spec.firmware.bootloader', doc: profile((d) => { d.spec.firmware = { bootloader: 'UEFI' }; }) },
  // cloud-init user data
  { name: 'userData neither cloud-config nor a script', field: 'spec.userData', doc: profile((d) => { d.spec.userData = 'packages: [nginx]\n'; }) },
  { name: 'userData over the inline limit', field: 'spec.userData', doc: profile((d) => { d.spec.userData = `#cloud-config\n#${'x'.repeat(2100)}\n`; }) },
  { name: 'userData and userDataSecret', field: 'spec.userDataSecret', doc: profile((d) => { d.spec.userData = '#cloud-config\n'; d.spec.userDataSecret = 'vm1-userdata'; }) },
  { name: 'userDataSecret not a DNS-1123 subdomain', field: 'spec.userDataSecret', doc: profile((d) => { d.spec.userDataSecret = 'User_Data'; }) },
];

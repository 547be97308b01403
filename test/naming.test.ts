import { createHash } from 'node:crypto';
import { minimal, only, synthProfile } from './helpers';
import { createdNadName, dataVolumeName, defaultBridgeName, interfaceName, profileSubject, stableMacAddress, vmName } from '../src/plan/naming';

const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;

describe('generated names (docs/names-and-labels.md)', () => {
  test('the VirtualMachine is <profile>-vm', () => {
    // GIVEN a profile name WHEN the VM is named THEN it is <profile>-vm
    expect(vmName('web-server-01')).toBe('web-server-01-vm');
  });

  test('a DataVolume is <profile>-<disk>', () => {
    // GIVEN a profile and a disk WHEN the DataVolume is named THEN it is <profile>-<disk>
    expect(dataVolumeName('web-server-01', 'system')).toBe('web-server-01-system');
  });

  test('a created NAD is <network>-nad', () => {
    // GIVEN a network name WHEN its NAD is named THEN it is <network>-nad
    expect(createdNadName('management')).toBe('management-nad');
  });

  test.each([[0, 'eth0'], [1, 'eth1'], [7, 'eth7']])('interface %d is %s', (index, name) => {
    // GIVEN the i-th network WHEN its guest NIC is named THEN it is eth<i>
    expect(interfaceName(index)).toBe(name);
  });

  test('the default bridge is br-<network>', () => {
    // GIVEN a bridge network without bridgeName WHEN defaulted THEN br-<network> (mgmt → br-mgmt)
    expect(defaultBridgeName('mgmt')).toBe('br-mgmt');
  });

  test('GIVEN a profile WHEN synthesized THEN its objects carry the documented labels and volume names (public API)', () => {
    // GIVEN a profile booting a container disk, with a data disk, anti-affinity and a node network
    const objects = synthProfile(minimal({
      osImage: 'quay.io/containerdisks/fedora:40',
      disks: [{ name: 'data', size: '20Gi', storageClassName: 'fast' }],
      highAvailability: { antiAffinity: true },
      networks: [{ name: 'mgmt', type: 'bridge', nodeNetwork: { uplink: 'ens3' } }],
    }, 'web'));
    // WHEN synthesized THEN the profile's own objects are labelled vmprofile=<profile>
    for (const o of objects.filter((x) => x.kind !== 'NodeNetworkConfigurationPolicy')) expect(o.metadata.labels).toEqual({ vmprofile: 'web' });
    // AND the VM's pods carry the anti-affinity group label, which the anti-affinity term selects
    const vm = only(objects, 'VirtualMachine').spec.template;
    expect(vm.metadata.labels).toEqual({ 'vmprofile': 'web', 'vm.example.com/anti-affinity-group': 'web' });
    const term = vm.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm;
    expect(term.labelSelector).toEqual({ matchLabels: { 'vm.example.com/anti-affinity-group': 'web' } });
    // AND the node network's policy is labelled with its interface
    expect(only(objects, 'NodeNetworkConfigurationPolicy').metadata.labels).toEqual(expect.objectContaining({ 'vm.example.com/node-network': 'br-mgmt' }));
    // AND the reserved volumes are containerdisk and cloudinitdisk, next to the disk's own name
    expect(vm.spec.volumes.map((v: { name: string }) => v.name)).toEqual(['containerdisk', 'data', 'cloudinitdisk']);
    expect(vm.spec.domain.devices.disks.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining(['containerdisk', 'cloudinitdisk']));
  });
});

describe('stableMacAddress', () => {
  test('a pinned input keeps its MAC (MACs are public API: guests match NICs by them)', () => {
    // GIVEN the spec example's first network (docs/cloud-init.md) WHEN its MAC is derived THEN it is this exact value
    expect(stableMacAddress('production', 'web-server-01', 'management')).toBe('02:98:89:79:0c:59');
  });

  test('it is 02 followed by the first five bytes of SHA-256 of namespace/profile/network', () => {
    // GIVEN an input WHEN its MAC is derived THEN it follows the recipe of docs/cloud-init.md
    const digest = createHash('sha256').update('ns1/vm1/data').digest('hex');
    const expected = ['02', ...digest.slice(0, 10).match(/../g)!].join(':');
    expect(stableMacAddress('ns1', 'vm1', 'data')).toBe(expected);
  });

  test('it is deterministic', () => {
    // GIVEN the same inputs twice WHEN derived THEN the MACs are equal
    expect(stableMacAddress('ns', 'vm', 'net')).toBe(stableMacAddress('ns', 'vm', 'net'));
  });

  test.each([
    ['ns1', 'vm1', 'a'], ['default', 'web', 'management'], [undefined, 'x', 'pod'], ['production', 'web-server-01', 'business'],
  ])('%s/%s/%s is a lowercase, locally administered unicast MAC', (ns, profile, network) => {
    // GIVEN any input WHEN derived THEN six lowercase hex octets, the first 0x02 (locally administered, unicast)
    const mac = stableMacAddress(ns, profile, network);
    expect(mac).toMatch(MAC);
    const first = parseInt(mac.slice(0, 2), 16);
    expect(first).toBe(0x02);
    expect(first % 2).toBe(0); // I/G bit clear: unicast
    expect(Math.floor(first / 2) % 2).toBe(1); // U/L bit set: locally administered
  });

  test('it differs by namespace, profile and network', () => {
    // GIVEN inputs that differ in one part each WHEN derived THEN every MAC is different
    const macs = [
      stableMacAddress('ns1', 'vm1', 'net'),
      stableMacAddress('ns2', 'vm1', 'net'),
      stableMacAddress('ns1', 'vm2', 'net'),
      stableMacAddress('ns1', 'vm1', 'net2'),
      stableMacAddress(undefined, 'vm1', 'net'),
    ];
    expect(new Set(macs).size).toBe(macs.length);
  });

  test('no namespace hashes as the empty namespace', () => {
    // GIVEN a profile without namespace WHEN derived THEN it equals the empty namespace's MAC
    expect(stableMacAddress(undefined, 'vm1', 'net')).toBe(stableMacAddress('', 'vm1', 'net'));
  });
});

describe('profileSubject', () => {
  test.each([
    [{ name: 'web', namespace: 'prod' }, 'VirtualMachineProfile/prod/web'],
    [{ name: 'web' }, 'VirtualMachineProfile/web'],
    [{ name: 'web', namespace: '' }, 'VirtualMachineProfile/web'],
    [{ name: 7, namespace: 'prod' }, 'VirtualMachineProfile/prod/<unnamed>'],
    [{ name: 'web', namespace: ['prod'] }, 'VirtualMachineProfile/web'],
    [undefined, 'VirtualMachineProfile/<unnamed>'],
    ['web', 'VirtualMachineProfile/<unnamed>'],
  ])('GIVEN metadata %j THEN the subject is %s, kubectl\'s namespace/name', (metadata, subject) => {
    expect(profileSubject(metadata)).toBe(subject);
  });
});

import { ApiObject, Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { example, minimal, only, synthProfile } from './helpers';
import { VirtualMachineProfile } from '../src/constructs/virtual-machine-profile';
import { VmDisk } from '../src/constructs/vm-disk';
import { VmNetwork } from '../src/constructs/vm-network';
import { networkData } from '../src/render/cloud-init';
import { ValidationError } from '../src/validate/validation';

describe('VirtualMachineProfile: the spec\'s full example (web-server-01)', () => {
  // GIVEN the spec's complete example
  const objects = synthProfile(example('web-server-01'));
  const vm = only(objects, 'VirtualMachine');
  const tmpl = vm.spec.template.spec;

  test('one kubevirt.io/v1 VirtualMachine <name>-vm in the profile namespace', () => {
    expect(vm.apiVersion).toBe('kubevirt.io/v1');
    expect(vm.metadata.name).toBe('web-server-01-vm');
    expect(vm.metadata.namespace).toBe('production');
  });

  test('cpu -> vCPU cores, memory -> guest memory', () => {
    expect(tmpl.domain.cpu).toEqual({ cores: 4 });
    expect(tmpl.domain.memory).toEqual({ guest: '8Gi' });
  });

  test('every object and the VM template carry the profile labels plus vmprofile=<name>', () => {
    for (const o of objects) {
      expect(o.metadata.labels).toEqual(expect.objectContaining({ app: 'web-server', tier: 'frontend', vmprofile: 'web-server-01' }));
    }
    expect(vm.spec.template.metadata.labels).toEqual(expect.objectContaining({ app: 'web-server', vmprofile: 'web-server-01' }));
  });

  test('runStrategy, never the deprecated running', () => {
    expect(vm.spec.runStrategy).toBe('Always');
    expect(vm.spec.running).toBeUndefined();
  });

  test('disks: one standalone DataVolume <name>-<disk> each, with the storage API', () => {
    const dvs = objects.filter((o) => o.kind === 'DataVolume');
    expect(dvs.map((d) => d.metadata.name)).toEqual(['web-server-01-system', 'web-server-01-data', 'web-server-01-logs']);
    const system = only(objects, 'DataVolume', 'web-server-01-system');
    expect(system.apiVersion).toBe('cdi.kubevirt.io/v1beta1');
    expect(system.metadata.namespace).toBe('production');
    expect(system.spec.source).toEqual({ registry: { url: 'docker://registry.example.com/centos-stream:8' } });
    expect(system.spec.storage).toEqual({ resources: { requests: { storage: '80Gi' } }, storageClassName: 'huamei-sc-ssd' });
    expect(only(objects, 'DataVolume', 'web-server-01-data').spec.source).toEqual({ blank: {} });
    expect(only(objects, 'DataVolume', 'web-server-01-data').spec.storage.storageClassName).toBe('huamei-sc-hdd');
  });

  test('data outlives the VM: no dataVolumeTemplates, volumes refer to standalone DataVolumes, CDI GC off', () => {
    expect(vm.spec.dataVolumeTemplates).toBeUndefined();
    expect(tmpl.volumes.filter((v: any) => v.dataVolume).map((v: any) => v.dataVolume.name))
      .toEqual(['web-server-01-system', 'web-server-01-data', 'web-server-01-logs']);
    for (const dv of objects.filter((o) => o.kind === 'DataVolume')) {
      expect(dv.metadata.annotations['cdi.kubevirt.io/storage.deleteAfterCompletion']).toBe('false');
    }
  });

  test('the boot disk gets bootOrder 1, the others none', () => {
    expect(tmpl.domain.devices.disks.map((d: any) => [d.name, d.bootOrder])).toEqual([
      ['system', 1], ['data', undefined], ['logs', undefined], ['cloudinitdisk', undefined],
    ]);
  });

  test('sshKeySecret -> accessCredentials from the Secret with noCloud propagation and a cloudInitNoCloud volume', () => {
    expect(tmpl.accessCredentials).toEqual([{
      sshPublicKey: { source: { secret: { secretName: 'web-server-ssh-keys' } }, propagationMethod: { noCloud: {} } },
    }]);
    expect(tmpl.volumes.find((v: any) => v.name === 'cloudinitdisk').cloudInitNoCloud).toBeDefined();
    expect(JSON.stringify(objects)).not.toMatch(/ssh-(rsa|ed25519)/);
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  });

  test('networks in order become interfaces and multus networks; no pod network', () => {
    expect(tmpl.networks).toEqual([
      { name: 'management', multus: { networkName: 'management-nad' } },
      { name: 'business', multus: { networkName: 'business-sriov-nad' } },
      { name: 'storage', multus: { networkName: 'storage-nad' } },
    ]);
    expect(tmpl.domain.devices.interfaces.map((i: any) => i.name)).toEqual(['management', 'business', 'storage']);
    expect(tmpl.domain.devices.autoattachPodInterface).toBe(false);
    expect(tmpl.networks.some((n: any) => n.pod)).toBe(false);
  });

  test('bindings: bridge -> bridge, sriov -> sriov, macvlan -> macvtap binding plugin', () => {
    const [mgmt, business, storage] = tmpl.domain.devices.interfaces;
    expect(mgmt.bridge).toEqual({});
    expect(business.sriov).toEqual({});
    expect(storage.binding).toEqual({ name: 'macvtap' });
    expect(storage.bridge).toBeUndefined();
  });

  test('nadName set -> referenced, nothing created; empty -> <network>-nad created', () => {
    const nads = objects.filter((o) => o.kind === 'NetworkAttachmentDefinition');
    expect(nads.map((n) => n.metadata.name)).toEqual(['management-nad', 'storage-nad']);
    expect(nads.every((n) => n.metadata.namespace === 'production')).toBe(true);
  });

  test('bridge NAD: bridge CNI with bridge, vlan, preserveDefaultVlan false and ipam {}', () => {
    const nad = only(objects, 'NetworkAttachmentDefinition', 'management-nad');
    expect(JSON.parse(nad.spec.config)).toEqual({
      cniVersion: '0.3.1', name: 'management-nad', type: 'bridge', bridge: 'br-mgmt', vlan: 100, preserveDefaultVlan: false, ipam: {},
    });
  });

  test('macvlan NAD: macvtap CNI with the macvtap device-plugin resource', () => {
    const nad = only(objects, 'NetworkAttachmentDefinition', 'storage-nad');
    expect(JSON.parse(nad.spec.config)).toEqual({ cniVersion: '0.3.1', name: 'storage-nad', type: 'macvtap' });
    expect(nad.metadata.annotations).toEqual({ 'k8s.v1.cni.cncf.io/resourceName': 'macvtap.network.kubevirt.io/eth0' });
  });

  test('cloud-init: stable MACs, netplan v2 matched by MAC, static with default route and DNS, dhcp', () => {
    const macs = tmpl.domain.devices.interfaces.map((i: any) => i.macAddress);
    macs.forEach((m: string) => expect(m).toMatch(/^02(:[0-9a-f]{2}){5}$/));
    expect(new Set(macs).size).toBe(3);
    const cloudInit = tmpl.volumes.find((v: any) => v.name === 'cloudinitdisk').cloudInitNoCloud;
    expect(cloudInit.userData).toMatch(/^#cloud-config/);
    const nd = parse(cloudInit.networkData);
    expect(nd.version).toBe(2);
    expect(nd.ethernets.eth0).toEqual({
      'match': { macaddress: macs[0] },
      'set-name': 'eth0',
      'addresses': ['192.168.100.10/24'],
      'routes': [{ to: '0.0.0.0/0', via: '192.168.100.1' }],
      'nameservers': { addresses: ['8.8.8.8', '8.8.4.4'] },
    });
    expect(nd.ethernets.eth1).toEqual({ 'match': { macaddress: macs[1] }, 'set-name': 'eth1', 'dhcp4': true, 'dhcp6': true });
    expect(nd.ethernets.eth2).toEqual({ 'match': { macaddress: macs[2] }, 'set-name': 'eth2', 'addresses': ['10.0.0.10/24'] });
    expect(cloudInit.networkData).not.toMatch(/gateway4/);
  });

  test('HA: nodeSelector and tolerations to the template, antiAffinity -> podAntiAffinity on hostname over the group label', () => {
    expect(tmpl.nodeSelector).toEqual({ 'kubernetes.io/arch': 'amd64', 'node-role.kubernetes.io/worker': '' });
    expect(tmpl.tolerations).toEqual([{ key: 'virtualization', operator: 'Equal', value: 'enabled', effect: 'NoSchedule' }]);
    expect(vm.spec.template.metadata.labels['vm.example.com/anti-affinity-group']).toBe('web-server');
    expect(tmpl.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([{
      weight: 100,
      podAffinityTerm: {
        topologyKey: 'kubernetes.io/hostname',
        labelSelector: { matchLabels: { 'vm.example.com/anti-affinity-group': 'web-server' } },
      },
    }]);
  });

  test('snapshot', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('VirtualMachineProfile: mapping details', () => {
  test('MACs are stable across synths and derived from namespace/profile/network', () => {
    // GIVEN the same profile in two namespaces
    const a = synthProfile(example('web-server-01'));
    const b = synthProfile(example('web-server-01'));
    const other = synthProfile({ ...example('web-server-01'), metadata: { name: 'web-server-01', namespace: 'staging' } });
    const macsOf = (objs: any[]) => only(objs, 'VirtualMachine').spec.template.spec.domain.devices.interfaces.map((i: any) => i.macAddress);
    // THEN same input, same MACs; another namespace, other MACs
    expect(macsOf(a)).toEqual(macsOf(b));
    expect(macsOf(other)).not.toEqual(macsOf(a));
  });

  test('a MAC can be overridden', () => {
    const objs = synthProfile(minimal({ networks: [{ name: 'net', type: 'bridge', macAddress: '02:AA:00:00:00:01', ipConfig: { mode: 'dhcp' } }] }));
    const vm = only(objs, 'VirtualMachine');
    expect(vm.spec.template.spec.domain.devices.interfaces[0].macAddress).toBe('02:aa:00:00:00:01');
  });

  test('ovs: ovs-cni NAD with bridge, vlan and the ovs-cni resource annotation; bridge binding', () => {
    const objs = synthProfile(minimal({ networks: [{ name: 'tenant', type: 'ovs', bridgeName: 'br-tenant', vlanId: 7 }] }));
    const nad = only(objs, 'NetworkAttachmentDefinition', 'tenant-nad');
    expect(JSON.parse(nad.spec.config)).toEqual({ cniVersion: '0.3.1', name: 'tenant-nad', type: 'ovs', bridge: 'br-tenant', vlan: 7 });
    expect(nad.metadata.annotations['k8s.v1.cni.cncf.io/resourceName']).toBe('ovs-cni.network.kubevirt.io/br-tenant');
    expect(only(objs, 'VirtualMachine').spec.template.spec.domain.devices.interfaces[0].bridge).toEqual({});
  });

  test('sriov: sriov CNI with vlan and ipam {}, default resourceName openshift.io/<name>, overridable', () => {
    const objs = synthProfile(minimal({
      networks: [
        { name: 'fast-net', type: 'sriov', vlanId: 200 },
        { name: 'other', type: 'sriov', resourceName: 'intel.com/mlnx_sriov' },
      ],
    }));
    const nad = only(objs, 'NetworkAttachmentDefinition', 'fast-net-nad');
    expect(JSON.parse(nad.spec.config)).toEqual({ cniVersion: '0.3.1', name: 'fast-net-nad', type: 'sriov', vlan: 200, ipam: {} });
    expect(nad.metadata.annotations['k8s.v1.cni.cncf.io/resourceName']).toBe('openshift.io/fast_net');
    expect(only(objs, 'NetworkAttachmentDefinition', 'other-nad').metadata.annotations['k8s.v1.cni.cncf.io/resourceName']).toBe('intel.com/mlnx_sriov');
  });

  test('bridge without bridgeName uses br-<network> (the spec\'s examples 1-3 omit it)', () => {
    const nad = only(synthProfile(example('simple-vm')), 'NetworkAttachmentDefinition');
    expect(JSON.parse(nad.spec.config).bridge).toBe('br-default');
    expect(JSON.parse(nad.spec.config).vlan).toBeUndefined();
  });

  test('nadName namespace/name is passed to multus as is', () => {
    const objs = synthProfile(minimal({ networks: [{ name: 'shared', type: 'bridge', nadName: 'infra/shared-vlan' }] }));
    expect(only(objs, 'VirtualMachine').spec.template.spec.networks).toEqual([{ name: 'shared', multus: { networkName: 'infra/shared-vlan' } }]);
    expect(objs.some((o) => o.kind === 'NetworkAttachmentDefinition')).toBe(false);
  });

  test('image sources: bare -> registry docker://, docker:// kept, http(s) -> http, none -> blank; osImage feeds the boot disk', () => {
    const objs = synthProfile(minimal({
      osImage: 'quay.io/os/image:1',
      disks: [
        { name: 'boot', size: '10Gi', storageClassName: 'sc', boot: true },
        { name: 'a', size: '1Gi', storageClassName: 'sc', image: 'docker://quay.io/x/y:2' },
        { name: 'b', size: '1Gi', storageClassName: 'sc', image: 'https://example.com/disk.qcow2' },
        { name: 'c', size: '1Gi', storageClassName: 'sc' },
      ],
    }));
    const source = (name: string) => only(objs, 'DataVolume', `vm1-${name}`).spec.source;
    expect(source('boot')).toEqual({ registry: { url: 'docker://quay.io/os/image:1' } });
    expect(source('a')).toEqual({ registry: { url: 'docker://quay.io/x/y:2' } });
    expect(source('b')).toEqual({ http: { url: 'https://example.com/disk.qcow2' } });
    expect(source('c')).toEqual({ blank: {} });
  });

  test('osImage with no boot disk boots an ephemeral containerDisk', () => {
    const objs = synthProfile(minimal({ osImage: 'quay.io/containerdisks/fedora:40', disks: [{ name: 'data', size: '5Gi', storageClassName: 'sc' }] }));
    const tmpl = only(objs, 'VirtualMachine').spec.template.spec;
    expect(tmpl.domain.devices.disks[0]).toEqual({ name: 'containerdisk', disk: { bus: 'virtio' }, bootOrder: 1 });
    expect(tmpl.volumes[0]).toEqual({ name: 'containerdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:40' } });
  });

  test('deleteWithVm puts the disk in dataVolumeTemplates instead of a standalone DataVolume', () => {
    const objs = synthProfile(minimal({ disks: [{ name: 'scratch', size: '2Gi', storageClassName: 'sc', deleteWithVm: true, boot: true }] }));
    expect(objs.some((o) => o.kind === 'DataVolume')).toBe(false);
    const vm = only(objs, 'VirtualMachine');
    expect(vm.spec.dataVolumeTemplates).toEqual([{
      metadata: { name: 'vm1-scratch', labels: { vmprofile: 'vm1' } },
      spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '2Gi' } }, storageClassName: 'sc' } },
    }]);
    expect(vm.spec.template.spec.volumes[0]).toEqual({ name: 'scratch', dataVolume: { name: 'vm1-scratch' } });
  });

  test('podNetwork opt-in adds a masquerade pod interface after the listed networks', () => {
    const objs = synthProfile(minimal({ podNetwork: true, networks: [{ name: 'net', type: 'bridge' }] }));
    const tmpl = only(objs, 'VirtualMachine').spec.template.spec;
    expect(tmpl.networks).toEqual([{ name: 'net', multus: { networkName: 'net-nad' } }, { name: 'pod', pod: {} }]);
    expect(tmpl.domain.devices.interfaces[1]).toEqual(expect.objectContaining({ name: 'pod', masquerade: {} }));
    expect(tmpl.domain.devices.autoattachPodInterface).toBeUndefined();
  });

  test('IPv6 static: default route ::/0', () => {
    const nd = parse(networkData([{
      name: 'v6',
      type: 'bridge',
      interfaceName: 'eth0',
      macAddress: '02:00:00:00:00:01',
      binding: 'bridge',
      ipConfig: { mode: 'static', address: 'fd00::10/64', gateway: 'fd00::1', dnsServers: ['fd00::53'] },
    }]));
    expect(nd.ethernets.eth0.routes).toEqual([{ to: '::/0', via: 'fd00::1' }]);
    expect(nd.ethernets.eth0.addresses).toEqual(['fd00::10/64']);
  });

  test.each([
    [undefined, undefined, undefined, 'Always'],
    ['Always', undefined, undefined, 'Always'],
    ['OnFailure', undefined, undefined, 'RerunOnFailure'],
    ['Never', undefined, undefined, 'Once'],
    [undefined, 'Manual', undefined, 'Manual'],
    [undefined, 'RerunOnFailure', undefined, 'RerunOnFailure'],
    ['Always', 'Always', false, 'Halted'],
    [undefined, 'Manual', false, 'Manual'],
    ['Never', 'Manual', undefined, 'Manual'],
  ])('run strategy: restartPolicy %s, runStrategy %s, autoStart %s -> %s', (restartPolicy, runStrategy, autoStart, expected) => {
    const objs = synthProfile(minimal({
      highAvailability: restartPolicy ? { restartPolicy } : undefined,
      startStrategy: { ...(runStrategy ? { runStrategy } : {}), ...(autoStart !== undefined ? { autoStart } : {}) },
    }));
    expect(only(objs, 'VirtualMachine').spec.runStrategy).toBe(expected);
  });

  test('fails: contradictory restartPolicy and runStrategy', () => {
    expect(() => synthProfile(minimal({ highAvailability: { restartPolicy: 'Always' }, startStrategy: { runStrategy: 'Manual' } })))
      .toThrow(/spec\.startStrategy\.runStrategy: Invalid value: "Manual"/);
  });

  test('two synths are byte-identical', () => {
    const chart1 = Testing.chart();
    const chart2 = Testing.chart();
    VirtualMachineProfile.fromManifest(chart1, undefined, example('web-server-01'));
    VirtualMachineProfile.fromManifest(chart2, undefined, example('web-server-01'));
    expect(JSON.stringify(Testing.synth(chart1))).toBe(JSON.stringify(Testing.synth(chart2)));
  });
});

describe('VirtualMachineProfile: shared networks', () => {
  test('two profiles needing the same NAD with the same config share one object', () => {
    // GIVEN two profiles in two charts of one app with the same inline network
    const app = Testing.app();
    const c1 = new Chart(app, 'c1');
    const c2 = new Chart(app, 'c2');
    VirtualMachineProfile.fromManifest(c1, undefined, minimal({ networks: [{ name: 'mgmt', type: 'bridge', vlanId: 10 }] }, 'a'));
    VirtualMachineProfile.fromManifest(c2, undefined, minimal({ networks: [{ name: 'mgmt', type: 'bridge', vlanId: 10 }] }, 'b'));
    // THEN one NAD in all, marked shared and naming both users, and both VMs attach to it
    const all = [...Testing.synth(c1), ...Testing.synth(c2)];
    const [nad, ...others] = all.filter((o) => o.kind === 'NetworkAttachmentDefinition');
    expect(others).toEqual([]);
    expect(nad.metadata).toEqual({
      name: 'mgmt-nad', namespace: 'ns1', labels: { 'vm.example.com/shared': 'true' }, annotations: { 'vm.example.com/profiles': 'ns1/a,ns1/b' },
    });
    for (const vm of all.filter((o) => o.kind === 'VirtualMachine')) {
      expect(vm.spec.template.spec.networks).toEqual([{ name: 'mgmt', multus: { networkName: 'mgmt-nad' } }]);
    }
  });

  test('fails: same NAD with a different config names both profiles and the differing field', () => {
    const chart = Testing.chart();
    VirtualMachineProfile.fromManifest(chart, undefined, minimal({ networks: [{ name: 'mgmt', type: 'bridge', vlanId: 10 }] }, 'a'));
    expect(() => VirtualMachineProfile.fromManifest(chart, undefined, minimal({ networks: [{ name: 'mgmt', type: 'bridge', vlanId: 20 }] }, 'b')))
      .toThrow('VirtualMachineProfile/ns1/b: spec.networks[0].vlanId: Invalid value: 20: NetworkAttachmentDefinition ns1/mgmt-nad is already defined by VirtualMachineProfile/ns1/a (spec.networks[0]) with vlanId 10');
  });
});

describe('VmNetwork and VmDisk', () => {
  test('a VmNetwork creates its NAD; addNetwork attaches a profile to it', () => {
    const chart = Testing.chart();
    const net = new VmNetwork(chart, 'Mgmt', { name: 'mgmt', type: 'bridge', vlanId: 5, namespace: 'infra' });
    const profile = VirtualMachineProfile.fromManifest(chart, undefined, minimal());
    profile.addNetwork(net, { ipConfig: { mode: 'dhcp' } });
    const objs = Testing.synth(chart);
    expect(only(objs, 'NetworkAttachmentDefinition', 'mgmt-nad').metadata.namespace).toBe('infra');
    expect(only(objs, 'VirtualMachine').spec.template.spec.networks).toEqual([{ name: 'mgmt', multus: { networkName: 'infra/mgmt-nad' } }]);
    expect(profile.toManifest().spec.networks).toEqual([{ name: 'mgmt', type: 'bridge', nadName: 'infra/mgmt-nad', ipConfig: { mode: 'dhcp' } }]);
  });

  test('VmNetwork.fromNadName creates nothing', () => {
    const chart = Testing.chart();
    const profile = VirtualMachineProfile.fromManifest(chart, undefined, minimal());
    profile.addNetwork(VmNetwork.fromNadName(chart, 'Existing', 'infra/vlan-200', { name: 'biz', type: 'sriov' }));
    const objs = Testing.synth(chart);
    expect(objs.filter((o) => o.kind === 'NetworkAttachmentDefinition')).toHaveLength(0);
    expect(only(objs, 'VirtualMachine').spec.template.spec.domain.devices.interfaces[0]).toEqual(expect.objectContaining({ name: 'biz', sriov: {} }));
  });

  test('VmDisk.fromPvcName mounts an existing claim', () => {
    const chart = Testing.chart();
    const profile = VirtualMachineProfile.fromManifest(chart, undefined, minimal());
    profile.addDisk(VmDisk.fromPvcName(chart, 'Archive', 'archive-claim', { name: 'archive' }));
    const vm = only(Testing.synth(chart), 'VirtualMachine');
    expect(vm.spec.template.spec.volumes).toContainEqual({ name: 'archive', persistentVolumeClaim: { claimName: 'archive-claim' } });
  });

  test('a standalone VmDisk creates a DataVolume', () => {
    const chart = Testing.chart();
    new VmDisk(chart, 'Golden', { name: 'golden', dataVolumeName: 'golden-fedora', size: '10Gi', storageClassName: 'sc', image: 'quay.io/containerdisks/fedora:40' });
    const dv = only(Testing.synth(chart), 'DataVolume');
    expect(dv.metadata.name).toBe('golden-fedora');
    expect(dv.spec.source).toEqual({ registry: { url: 'docker://quay.io/containerdisks/fedora:40' } });
  });

  test('fails: invalid props raise one ValidationError with every problem', () => {
    const chart = Testing.chart();
    let error: unknown;
    try {
      new VirtualMachineProfile(chart, 'bad', { metadata: { name: 'bad' }, spec: { cpu: 0, memory: '1Mi', networks: [{ name: 'n', type: 'bridge', vlanId: 5000 }] } });
    } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['spec.cpu', 'spec.memory', 'spec.networks[0].vlanId']));
    expect((error as Error).message).toContain('spec.networks[0].vlanId: Invalid value: 5000: must be between 1 and 4094');
  });
});

describe('VirtualMachineProfile.toManifest', () => {
  test.each(['web-server-01', 'simple-vm', 'multi-net-vm', 'ha-vm'])('YAML -> construct -> YAML is lossless for %s', (name) => {
    // GIVEN the spec example as parsed YAML WHEN it goes through the construct THEN the document comes back unchanged
    const doc = example(name);
    expect(VirtualMachineProfile.fromManifest(Testing.chart(), undefined, doc).toManifest()).toEqual(doc);
  });
});

describe('VirtualMachineProfile: cloud-init data too long to inline', () => {
  const bigNetworks = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({
    name: `net${from + i}`,
    type: 'bridge',
    vlanId: 10 + from + i,
    ipConfig: { mode: 'static', address: `10.${from + i}.0.5/24`, dnsServers: ['10.0.0.53', '10.0.1.53', '10.0.2.53'] },
  }));

  test('goes into a Secret <name>-vm-cloudinit, referenced by networkDataSecretRef', () => {
    // GIVEN 12 networks with DNS servers (over KubeVirt's 2048-byte inline limit)
    const objs = synthProfile(minimal({ networks: bigNetworks(12) }));
    // THEN the network data is in a Secret, not inline
    const secret = only(objs, 'Secret', 'vm1-vm-cloudinit');
    expect(secret.metadata.labels.vmprofile).toBe('vm1');
    expect(Buffer.byteLength(secret.stringData.networkdata)).toBeGreaterThan(2048);
    const cloudInit = only(objs, 'VirtualMachine').spec.template.spec.volumes.find((v: any) => v.name === 'cloudinitdisk').cloudInitNoCloud;
    expect(cloudInit).toEqual({ userData: '#cloud-config\n', networkDataSecretRef: { name: 'vm1-vm-cloudinit' } });
  });

  test('networks added later move the data to a Secret and keep it current', () => {
    // GIVEN a profile whose data fits inline
    const chart = Testing.chart();
    const profile = VirtualMachineProfile.fromManifest(chart, undefined, minimal({ networks: bigNetworks(2) }));
    // WHEN many networks are added
    for (const n of bigNetworks(11, 2)) {
      profile.addNetwork(VmNetwork.fromNadName(chart, n.name, `${n.name}-nad`, { name: n.name, type: 'bridge' }), { ipConfig: n.ipConfig });
    }
    // THEN the Secret holds the data of all 13 interfaces
    const objs = Testing.synth(chart);
    expect(parse(only(objs, 'Secret').stringData.networkdata).ethernets.eth12.addresses).toEqual(['10.12.0.5/24']);
  });
});

describe('VirtualMachineProfile.fromManifest construct ids', () => {
  test('profiles of one name in two namespaces share a chart; ids are <namespace>.<name> or <name>', () => {
    // GIVEN one chart WHEN the same name comes in two namespaces and without one
    const chart = Testing.chart();
    const a = VirtualMachineProfile.fromManifest(chart, undefined, minimal({}, 'web', 'prod'));
    const b = VirtualMachineProfile.fromManifest(chart, undefined, minimal({}, 'web', 'staging'));
    const c = VirtualMachineProfile.fromManifest(chart, undefined, { ...minimal({}, 'web'), metadata: { name: 'web' } });
    // THEN three profiles with stable ids and three VMs
    expect([a.node.id, b.node.id, c.node.id]).toEqual(['prod.web', 'staging.web', 'web']);
    expect(Testing.synth(chart).filter((o) => o.kind === 'VirtualMachine').map((o) => `${o.metadata.namespace}/${o.metadata.name}`))
      .toEqual(['prod/web-vm', 'staging/web-vm', 'undefined/web-vm']);
  });
});

describe('VirtualMachineProfile construct tree (public API: escape hatches find objects by these ids)', () => {
  test('the objects are the profile\'s direct children: Network-<network>, Disk-<disk>, CloudInit, Resource', () => {
    // GIVEN a profile with a referenced network, 12 created ones (network data too long to inline) and two disks
    const chart = Testing.chart();
    const networks = [
      { name: 'existing', type: 'bridge', nadName: 'shared/existing-nad' },
      ...Array.from({ length: 12 }, (_, i) => ({
        name: `net${i}`,
        type: 'bridge',
        vlanId: 10 + i,
        ipConfig: { mode: 'static', address: `10.${i}.0.5/24`, dnsServers: ['10.0.0.53', '10.0.1.53', '10.0.2.53'] },
      })),
    ];
    const disks = [
      { name: 'root', size: '20Gi', storageClassName: 'fast', boot: true },
      { name: 'data', size: '100Gi', storageClassName: 'fast' },
    ];
    // WHEN it is built
    const profile = VirtualMachineProfile.fromManifest(chart, undefined, minimal({ networks, disks }));
    // THEN each object sits right under the profile with a stable id (nothing for the referenced network),
    // and the VM is the default child
    const children = profile.node.children.map((c) => [c.node.id, (c as ApiObject).kind]);
    expect(children).toEqual([
      ...networks.slice(1).map((n) => [`Network-${n.name}`, 'NetworkAttachmentDefinition']),
      ['Disk-root', 'DataVolume'],
      ['Disk-data', 'DataVolume'],
      ['CloudInit', 'Secret'],
      ['Resource', 'VirtualMachine'],
    ]);
    expect(ApiObject.of(profile).kind).toBe('VirtualMachine');
    // AND an escape hatch reaches a disk's DataVolume by id
    ApiObject.of(profile.node.findChild('Disk-data')).metadata.addAnnotation('example.com/backup', 'daily');
    const dv = Testing.synth(chart).find((o) => o.kind === 'DataVolume' && o.metadata.name === 'vm1-data');
    expect(dv.metadata.annotations['example.com/backup']).toBe('daily');
  });
});

describe('VirtualMachineProfile: constructs keep their word (addDisk, addNetwork, fromManifest)', () => {
  const volumeOf = (chart: Chart, name: string) => only(Testing.synth(chart), 'VirtualMachine').spec.template.spec.volumes
    .find((v: any) => v.name === name);

  test('GIVEN a VmDisk WHEN added THEN the VM mounts its DataVolume as dataVolume (KubeVirt waits for the import), not as a claim', () => {
    // GIVEN a standalone DataVolume next to the profile
    const chart = Testing.chart();
    const profile = VirtualMachineProfile.fromManifest(chart, 'web', minimal());
    const disk = new VmDisk(chart, 'Data', { name: 'data', dataVolumeName: 'web-data', namespace: 'ns1', size: '10Gi', storageClassName: 'sc' });
    // WHEN it is added
    profile.addDisk(disk);
    // THEN the volume is a dataVolume volume naming it
    expect(volumeOf(chart, 'data')).toEqual({ name: 'data', dataVolume: { name: 'web-data' } });
  });

  test('GIVEN VmDisk.fromDataVolumeName WHEN added THEN dataVolume; fromPvcName THEN persistentVolumeClaim', () => {
    const chart = Testing.chart();
    const profile = VirtualMachineProfile.fromManifest(chart, 'web', minimal());
    // WHEN an existing DataVolume and an existing claim are added
    profile.addDisk(VmDisk.fromDataVolumeName(chart, 'Golden', 'golden-dv', { name: 'golden' }));
    profile.addDisk(VmDisk.fromPvcName(chart, 'Old', 'old-pvc', { name: 'old' }));
    // THEN each is mounted by its kind
    expect(volumeOf(chart, 'golden')).toEqual({ name: 'golden', dataVolume: { name: 'golden-dv' } });
    expect(volumeOf(chart, 'old')).toEqual({ name: 'old', persistentVolumeClaim: { claimName: 'old-pvc' } });
    // AND the document still reads claimName for both (it has no field for an existing DataVolume)
    expect(profile.toManifest().spec.disks!.slice(1)).toEqual([{ name: 'golden', claimName: 'golden-dv' }, { name: 'old', claimName: 'old-pvc' }]);
  });

  test('GIVEN an HA profile WHEN SR-IOV, macvtap and a second gateway are added THEN its warnings say so', () => {
    // GIVEN an HA profile with ReadWriteMany disks: no warning
    const chart = Testing.chart();
    const profile = VirtualMachineProfile.fromManifest(chart, 'ha', minimal({
      highAvailability: { restartPolicy: 'Always' },
      disks: [{ name: 'system', size: '20Gi', storageClassName: 'fast', boot: true, image: 'quay.io/containerdisks/fedora:40', accessMode: 'ReadWriteMany' }],
      networks: [{ name: 'mgmt', type: 'bridge', ipConfig: { mode: 'static', address: '10.0.0.5/24', gateway: '10.0.0.1' } }],
    }));
    expect(profile.warnings).toEqual([]);
    // WHEN networks that cannot migrate, and a second default route, are added
    profile.addNetwork(VmNetwork.fromNadName(chart, 'Fast', 'fast-nad', { name: 'fast', type: 'sriov' }));
    profile.addNetwork(VmNetwork.fromNadName(chart, 'Tap', 'tap-nad', { name: 'tap', type: 'macvlan' }),
      { ipConfig: { mode: 'static', address: '10.1.0.5/24', gateway: '10.1.0.1' } });
    // THEN the warnings name each one
    const warnings = profile.warnings.join('\n');
    expect(warnings).toContain('spec.networks[1].type ("sriov"): an SR-IOV interface cannot live-migrate, so the VM gets evictionStrategy "None"');
    expect(warnings).toContain('spec.networks[2].type ("macvlan"): a macvlan (macvtap) interface cannot live-migrate');
    expect(warnings).toContain('spec.networks[2].ipConfig.gateway ("10.1.0.1"): spec.networks[0].ipConfig.gateway already sets an IPv4 default route');
  });

  test('GIVEN a profile booting osImage as a containerDisk WHEN a boot disk is added THEN the containerDisk warning is gone', () => {
    // GIVEN osImage and no disk: an ephemeral containerDisk, with a warning
    const chart = Testing.chart();
    const profile = VirtualMachineProfile.fromManifest(chart, 'eph', minimal({ disks: undefined, osImage: 'quay.io/containerdisks/fedora:40' }));
    expect(profile.warnings.join('\n')).toContain('ephemeral containerDisk');
    // WHEN a boot disk is added
    profile.addDisk(new VmDisk(chart, 'Root', { name: 'root', dataVolumeName: 'eph-root', namespace: 'ns1', size: '20Gi', storageClassName: 'sc' }), { boot: true });
    // THEN the warning is gone and the VM boots from the disk
    expect(profile.warnings.join('\n')).not.toContain('containerDisk');
    const vm = only(Testing.synth(chart), 'VirtualMachine');
    expect(vm.spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['root', 'cloudinitdisk']);
    expect(vm.spec.template.spec.domain.devices.disks[0]).toEqual({ name: 'root', disk: { bus: 'virtio' }, bootOrder: 1 });
  });

  test('fails: a VmNetwork without namespace for a VM in "prod" (its NAD would land elsewhere)', () => {
    // GIVEN a VmNetwork without namespace in a chart without one, and a profile in prod
    const chart = Testing.chart();
    const net = new VmNetwork(chart, 'Mgmt', { name: 'mgmt', type: 'bridge' });
    const profile = VirtualMachineProfile.fromManifest(chart, 'web', minimal({}, 'web', 'prod'));
    // WHEN attached THEN refused with our error, naming both namespaces
    expect(() => profile.addNetwork(net)).toThrow(ValidationError);
    expect(() => profile.addNetwork(net)).toThrow('VirtualMachineProfile/prod/web: network: Invalid value: "mgmt-nad": VmNetwork test/Mgmt creates its ' +
      'NetworkAttachmentDefinition in kubectl\'s current namespace (none set) while this VM lives in namespace "prod", where Multus would look for it: ' +
      'give the VmNetwork namespace "prod"');
  });

  test('GIVEN a VmNetwork without namespace in a Chart of namespace "prod" WHEN a prod VM attaches THEN accepted', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'infra', { namespace: 'prod' });
    const net = new VmNetwork(chart, 'Mgmt', { name: 'mgmt', type: 'bridge' });
    const profile = VirtualMachineProfile.fromManifest(chart, 'web', minimal({}, 'web', 'prod'));
    profile.addNetwork(net);
    const objs = Testing.synth(chart);
    expect(only(objs, 'NetworkAttachmentDefinition').metadata.namespace).toBe('prod');
    expect(only(objs, 'VirtualMachine').spec.template.spec.networks).toEqual([{ name: 'mgmt', multus: { networkName: 'mgmt-nad' } }]);
  });

  test('fails: a VmDisk of another namespace (a VM mounts claims of its own namespace only)', () => {
    const chart = Testing.chart();
    const disk = new VmDisk(chart, 'Data', { name: 'data', dataVolumeName: 'web-data', namespace: 'staging', size: '10Gi', storageClassName: 'sc' });
    const profile = VirtualMachineProfile.fromManifest(chart, 'web', minimal({}, 'web', 'prod'));
    expect(() => profile.addDisk(disk)).toThrow(/^VirtualMachineProfile\/prod\/web: disk: Invalid value: "web-data": VmDisk test\/Data creates its DataVolume in namespace "staging" while this VM lives in namespace "prod"/);
  });

  test('fromManifest(scope, id, doc) takes the id second like every importer; the old order still works for JavaScript callers', () => {
    // GIVEN one chart WHEN both orders are used
    const chart = Testing.chart();
    const a = VirtualMachineProfile.fromManifest(chart, 'Custom', minimal({}, 'a'));
    const b = VirtualMachineProfile.fromManifest(chart, undefined, minimal({}, 'b'));
    const c = VirtualMachineProfile.fromManifest(chart, minimal({}, 'c') as any, 'Old');
    // THEN the ids are as given, or derived
    expect([a.node.id, b.node.id, c.node.id]).toEqual(['Custom', 'ns1.b', 'Old']);
  });

  test.each([
    ['fromManifest(scope, id, null)', (chart: Chart) => VirtualMachineProfile.fromManifest(chart, 'x', null)],
    ['fromManifest(scope, null)', (chart: Chart) => VirtualMachineProfile.fromManifest(chart, undefined, null as any)],
    ['fromManifest with a throwing metadata getter', (chart: Chart) => VirtualMachineProfile.fromManifest(chart, 'x',
      { apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfile', get metadata(): never { throw new TypeError('boom'); }, spec: {} })],
    ['new VirtualMachineProfile(scope, id, null)', (chart: Chart) => new VirtualMachineProfile(chart, 'x', null as any)],
    ['new VirtualMachineProfile(scope, id, [])', (chart: Chart) => new VirtualMachineProfile(chart, 'x', [] as any)],
    ['addNetwork(null)', (chart: Chart) => VirtualMachineProfile.fromManifest(chart, 'x', minimal()).addNetwork(null as any)],
    ['addNetwork({})', (chart: Chart) => VirtualMachineProfile.fromManifest(chart, 'x', minimal()).addNetwork({} as any)],
    ['addDisk(undefined)', (chart: Chart) => VirtualMachineProfile.fromManifest(chart, 'x', minimal()).addDisk(undefined as any)],
    ['addDisk(disk, null)', (chart: Chart) => VirtualMachineProfile.fromManifest(chart, 'x', minimal())
      .addDisk(VmDisk.fromPvcName(chart, 'd', 'claim', { name: 'd' }), null as any)],
  ])('fails: %s is a ValidationError, not a TypeError', (_name, run) => {
    // GIVEN a chart WHEN JavaScript passes the wrong thing THEN our error type, one kubectl-style line each
    let error: unknown;
    try {
      run(Testing.chart());
    } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).not.toMatch(/TypeError|Cannot read/);
  });
});

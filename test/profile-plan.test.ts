import { stableMacAddress } from '../src/plan/naming';
import {
  antiAffinityLabels, assessMigration, containerImage, imageSource, planNad, planProfile, POD_NETWORK_NAME, RESOURCE_NAME_ANNOTATION,
} from '../src/plan/profile-plan';
import { VirtualMachineProfileManifest, VirtualMachineProfileSpec } from '../src/spec/profile-spec';
import { ValidationError } from '../src/validate/field-error';
import { imageSourceKind } from '../src/validate/kube-names';

function profile(spec: Partial<VirtualMachineProfileSpec>, metadata: Partial<VirtualMachineProfileManifest['metadata']> = {}): VirtualMachineProfileManifest {
  return {
    apiVersion: 'vm.example.com/v1alpha1',
    kind: 'VirtualMachineProfile',
    metadata: { name: 'web', namespace: 'prod', ...metadata },
    spec: { cpu: 2, memory: '4Gi', ...spec },
  };
}

const SYSTEM_DISK = { name: 'system', size: '20Gi', storageClassName: 'fast', boot: true, image: 'registry.example.com/centos-stream:8' };

describe('planProfile: identity and labels', () => {
  test('names, namespace, cpu, memory and the vmprofile label', () => {
    // GIVEN a profile with labels WHEN planned
    const plan = planProfile(profile({ disks: [SYSTEM_DISK] }, { labels: { app: 'web-server', tier: 'front' } }));
    // THEN its labels gain vmprofile: <name>, the VM is <name>-vm, and cpu/memory pass through
    expect(plan.name).toBe('web');
    expect(plan.namespace).toBe('prod');
    expect(plan.vmName).toBe('web-vm');
    expect(plan.labels).toEqual({ app: 'web-server', tier: 'front', vmprofile: 'web' });
    expect(plan.cpu).toBe(2);
    expect(plan.memory).toBe('4Gi');
  });

  test('the vmprofile label always equals the name', () => {
    // GIVEN a profile that sets vmprofile itself WHEN planned THEN the name wins
    expect(planProfile(profile({ disks: [SYSTEM_DISK] }, { labels: { vmprofile: 'web' } })).labels).toEqual({ vmprofile: 'web' });
    expect(planProfile(profile({ disks: [SYSTEM_DISK] })).labels).toEqual({ vmprofile: 'web' });
  });

  test('the run strategy is resolved', () => {
    // GIVEN restartPolicy OnFailure, or autoStart false WHEN planned THEN RerunOnFailure, Halted
    expect(planProfile(profile({ disks: [SYSTEM_DISK], highAvailability: { restartPolicy: 'OnFailure' } })).runStrategy).toBe('RerunOnFailure');
    expect(planProfile(profile({ disks: [SYSTEM_DISK], startStrategy: { autoStart: false } })).runStrategy).toBe('Halted');
    expect(planProfile(profile({ disks: [SYSTEM_DISK] })).runStrategy).toBe('Always');
  });

  test('an empty sshKeySecret counts as none', () => {
    // GIVEN sshKeySecret "" and "keys" WHEN planned THEN undefined and "keys"
    expect(planProfile(profile({ disks: [SYSTEM_DISK], sshKeySecret: '' })).sshKeySecret).toBeUndefined();
    expect(planProfile(profile({ disks: [SYSTEM_DISK], sshKeySecret: 'keys' })).sshKeySecret).toBe('keys');
  });
});

describe('planProfile: networks', () => {
  const doc = profile({
    disks: [SYSTEM_DISK],
    networks: [
      { name: 'mgmt', type: 'bridge', vlanId: 100, ipConfig: { mode: 'static', address: '10.0.0.5/24', gateway: '10.0.0.1' } },
      { name: 'business', type: 'sriov', nadName: 'infra/business-sriov-nad', nodeNetwork: { uplink: 'ens1f0' } },
      { name: 'storage', type: 'ovs', bridgeName: 'br-storage', macAddress: '02:AA:BB:CC:DD:EE' },
      { name: 'tap', type: 'macvlan', nodeNetwork: { uplink: 'ens3' } },
    ],
  });
  const plan = planProfile(doc);

  test('each network becomes eth<i> in order with its binding', () => {
    // GIVEN four networks WHEN planned THEN eth0..eth3, bridge/sriov/bridge(ovs)/macvtap bindings
    expect(plan.networks.map((n) => [n.name, n.type, n.interfaceName, n.binding])).toEqual([
      ['mgmt', 'bridge', 'eth0', 'bridge'],
      ['business', 'sriov', 'eth1', 'sriov'],
      ['storage', 'ovs', 'eth2', 'bridge'],
      ['tap', 'macvlan', 'eth3', 'macvtap'],
    ]);
  });

  test('MACs are stable per namespace/profile/network unless given, and lowercased', () => {
    // GIVEN networks with and without macAddress WHEN planned THEN generated or the lowercased override
    expect(plan.networks[0].macAddress).toBe(stableMacAddress('prod', 'web', 'mgmt'));
    expect(plan.networks[1].macAddress).toBe(stableMacAddress('prod', 'web', 'business'));
    expect(plan.networks[2].macAddress).toBe('02:aa:bb:cc:dd:ee');
  });

  test('a created network gets <network>-nad, an existing nadName is used as is', () => {
    // GIVEN networks with and without nadName WHEN planned THEN networkName and nad follow
    expect(plan.networks[0].networkName).toBe('mgmt-nad');
    expect(plan.networks[0].nad).toMatchObject({ name: 'mgmt-nad', namespace: 'prod' });
    expect(plan.networks[1].networkName).toBe('infra/business-sriov-nad');
    expect(plan.networks[1].nad).toBeUndefined();
  });

  test('bridgeName defaults to br-<network> for bridge only; vlan and ipConfig pass through', () => {
    // GIVEN a bridge without bridgeName, an ovs with one, a sriov WHEN planned THEN br-mgmt, br-storage, none
    expect(plan.networks[0].bridgeName).toBe('br-mgmt');
    expect(plan.networks[0].nad!.cniConfig.bridge).toBe('br-mgmt');
    expect(plan.networks[2].bridgeName).toBe('br-storage');
    expect(plan.networks[1].bridgeName).toBeUndefined();
    expect(plan.networks[3].bridgeName).toBeUndefined();
    expect(plan.networks[0].vlanId).toBe(100);
    expect(plan.networks[0].ipConfig).toEqual({ mode: 'static', address: '10.0.0.5/24', gateway: '10.0.0.1' });
  });

  test('nodeNetwork is kept only for created networks', () => {
    // GIVEN nodeNetwork on an existing NAD and on a created one WHEN planned THEN only the created one keeps it
    expect(plan.networks[1].nodeNetwork).toBeUndefined();
    expect(plan.networks[3].nodeNetwork).toEqual({ uplink: 'ens3' });
    expect(plan.networks[3].nad!.annotations).toEqual({ [RESOURCE_NAME_ANNOTATION]: 'macvtap.network.kubevirt.io/ens3' });
  });

  test('no pod network unless asked for', () => {
    // GIVEN podNetwork unset WHEN planned THEN no masquerade interface
    expect(plan.networks.some((n) => n.binding === 'masquerade')).toBe(false);
  });

  test('podNetwork appends a masquerade pod interface after the listed networks', () => {
    // GIVEN one network and podNetwork true WHEN planned
    const p = planProfile(profile({ disks: [SYSTEM_DISK], podNetwork: true, networks: [{ name: 'mgmt', type: 'bridge' }] }));
    // THEN eth0 stays mgmt and the pod network is eth1, dhcp, without Multus network or NAD
    expect(p.networks).toHaveLength(2);
    expect(p.networks[0].name).toBe('mgmt');
    expect(p.networks[1]).toEqual({
      name: POD_NETWORK_NAME,
      type: 'pod',
      interfaceName: 'eth1',
      macAddress: stableMacAddress('prod', 'web', 'pod'),
      binding: 'masquerade',
      ipConfig: { mode: 'dhcp' },
    });
  });

  test('podNetwork alone is eth0', () => {
    // GIVEN no networks and podNetwork true WHEN planned THEN the pod interface is eth0
    const p = planProfile(profile({ disks: [SYSTEM_DISK], podNetwork: true }));
    expect(p.networks.map((n) => [n.name, n.interfaceName])).toEqual([['pod', 'eth0']]);
  });
});

describe('planProfile: disks', () => {
  test('DataVolume disks, claims and the disk order', () => {
    // GIVEN a boot disk, a claim and a data disk WHEN planned
    const plan = planProfile(profile({
      disks: [
        { name: 'old', claimName: 'legacy-pvc' },
        SYSTEM_DISK,
        { name: 'data', size: '100Gi', storageClassName: 'slow', accessMode: 'ReadWriteMany', deleteWithVm: true },
      ],
    }));
    // THEN DataVolume disks and claims are split, and diskOrder keeps the spec order
    expect(plan.diskOrder).toEqual(['old', 'system', 'data']);
    expect(plan.claims).toEqual([{ name: 'old', claimName: 'legacy-pvc', boot: false }]);
    expect(plan.disks).toEqual([
      {
        name: 'system',
        dataVolumeName: 'web-system',
        size: '20Gi',
        storageClassName: 'fast',
        accessMode: undefined,
        image: 'registry.example.com/centos-stream:8',
        source: { registry: { url: 'docker://registry.example.com/centos-stream:8' } },
        boot: true,
        deleteWithVm: false,
      },
      {
        name: 'data',
        dataVolumeName: 'web-data',
        size: '100Gi',
        storageClassName: 'slow',
        accessMode: 'ReadWriteMany',
        image: undefined,
        source: { blank: {} },
        boot: false,
        deleteWithVm: true,
      },
    ]);
    expect(plan.containerDiskImage).toBeUndefined();
  });

  test('a boot disk without image imports osImage; other disks never do', () => {
    // GIVEN osImage, a boot disk and a data disk without image WHEN planned THEN only the boot disk imports it
    const plan = planProfile(profile({
      osImage: 'https://images.example.com/fedora.qcow2',
      disks: [{ name: 'system', size: '20Gi', storageClassName: 'fast', boot: true }, { name: 'data', size: '1Gi', storageClassName: 'fast' }],
    }));
    expect(plan.disks[0].image).toBe('https://images.example.com/fedora.qcow2');
    expect(plan.disks[0].source).toEqual({ http: { url: 'https://images.example.com/fedora.qcow2' } });
    expect(plan.disks[1].source).toEqual({ blank: {} });
    expect(plan.containerDiskImage).toBeUndefined();
  });

  test('a claim marked boot is the boot disk', () => {
    // GIVEN a boot claim and osImage WHEN planned THEN the claim boots and no containerDisk is added
    const plan = planProfile(profile({ osImage: 'quay.io/fedora:40', disks: [{ name: 'root', claimName: 'root-pvc', boot: true }] }));
    expect(plan.claims).toEqual([{ name: 'root', claimName: 'root-pvc', boot: true }]);
    expect(plan.containerDiskImage).toBeUndefined();
  });

  test('no boot disk and osImage: osImage boots as a containerDisk, without docker://', () => {
    // GIVEN osImage and only a data disk WHEN planned THEN containerDiskImage is the image reference
    const plan = planProfile(profile({ osImage: 'docker://quay.io/containerdisks/fedora:40', disks: [{ name: 'data', size: '1Gi', storageClassName: 'fast' }] }));
    expect(plan.containerDiskImage).toBe('quay.io/containerdisks/fedora:40');
    expect(plan.disks[0].source).toEqual({ blank: {} });
    expect(planProfile(profile({ osImage: 'quay.io/fedora:40' })).containerDiskImage).toBe('quay.io/fedora:40');
  });

  test('no boot disk and no osImage: no containerDisk', () => {
    // GIVEN neither WHEN planned THEN containerDiskImage is undefined and diskOrder empty without disks
    const plan = planProfile(profile({ disks: [{ name: 'data', size: '1Gi', storageClassName: 'fast' }] }));
    expect(plan.containerDiskImage).toBeUndefined();
    expect(planProfile(profile({})).diskOrder).toEqual([]);
  });

  test('containerImage strips docker:// only', () => {
    expect(containerImage('docker://quay.io/a:1')).toBe('quay.io/a:1');
    expect(containerImage('quay.io/a:1')).toBe('quay.io/a:1');
  });
});

describe('planProfile: high availability', () => {
  test('nodeSelector and tolerations only when non-empty', () => {
    // GIVEN empty and non-empty selectors and tolerations WHEN planned THEN only the non-empty ones are kept
    const tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'vm', effect: 'NoSchedule' }];
    const set = planProfile(profile({ disks: [SYSTEM_DISK], highAvailability: { nodeSelector: { zone: 'a' }, tolerations } }));
    expect(set.nodeSelector).toEqual({ zone: 'a' });
    expect(set.tolerations).toEqual(tolerations);
    const empty = planProfile(profile({ disks: [SYSTEM_DISK], highAvailability: { nodeSelector: {}, tolerations: [] } }));
    expect(empty.nodeSelector).toBeUndefined();
    expect(empty.tolerations).toBeUndefined();
  });

  test.each<[string, { antiAffinityGroup?: string }, Record<string, string> | undefined, string]>([
    ['the group when given', { antiAffinityGroup: 'db' }, { app: 'web-server' }, 'db'],
    ['else the app label', {}, { app: 'web-server' }, 'web-server'],
    ['else the profile name', {}, { tier: 'front' }, 'web'],
    ['else the profile name (no labels)', {}, undefined, 'web'],
  ])('antiAffinityGroup is %s', (_, ha, labels, group) => {
    // GIVEN antiAffinity on WHEN planned THEN the group is antiAffinityGroup > app label > name
    const plan = planProfile(profile({ disks: [SYSTEM_DISK], highAvailability: { antiAffinity: true, ...ha } }, { labels }));
    expect(plan.antiAffinityGroup).toBe(group);
    expect(antiAffinityLabels(plan)).toEqual({ 'vm.example.com/anti-affinity-group': group });
  });

  test('no group without antiAffinity', () => {
    // GIVEN antiAffinity off (with a group) WHEN planned THEN no group and no label
    const plan = planProfile(profile({ disks: [SYSTEM_DISK], highAvailability: { antiAffinity: false, antiAffinityGroup: 'db' } }, { labels: { app: 'x' } }));
    expect(plan.antiAffinityGroup).toBeUndefined();
    expect(antiAffinityLabels(plan)).toEqual({});
  });
});

describe('planProfile: evictionStrategy (the HA truth table)', () => {
  const RWX = { name: 'system', size: '20Gi', storageClassName: 'cephfs', boot: true, accessMode: 'ReadWriteMany' };
  const RWO = { ...RWX, accessMode: 'ReadWriteOnce' };
  const UNSET = { name: 'system', size: '20Gi', storageClassName: 'fast', boot: true };
  const CLAIM = { name: 'system', claimName: 'old-root', boot: true };
  const SRIOV = { name: 'fast', type: 'sriov' };
  const TAP = { name: 'tap', type: 'macvlan', nodeNetwork: { uplink: 'ens1' } };
  const BRIDGE = { name: 'mgmt', type: 'bridge' };
  test.each<[string, Partial<VirtualMachineProfileSpec>, string]>([
    ['every disk RWX, bridge NIC and pod network', { disks: [RWX], networks: [BRIDGE], podNetwork: true }, 'LiveMigrate'],
    ['a disk without accessMode (StorageProfile decides)', { disks: [UNSET] }, 'LiveMigrateIfPossible'],
    ['an existing claim', { disks: [CLAIM] }, 'LiveMigrateIfPossible'],
    ['a ReadWriteOnce disk', { disks: [RWO] }, 'None'],
    ['an SR-IOV NIC with RWX disks', { disks: [RWX], networks: [SRIOV] }, 'None'],
    ['a macvtap NIC next to an unknown disk', { disks: [UNSET], networks: [TAP] }, 'None'],
    ['a GPU with RWX disks', { disks: [RWX], gpus: [{ name: 'gpu1', deviceName: 'nvidia.com/A10' }] }, 'None'],
    ['a host device with RWX disks', { disks: [RWX], hostDevices: [{ name: 'qat', deviceName: 'intel.com/qat' }] }, 'None'],
  ])('GIVEN restartPolicy Always and %s WHEN planned THEN evictionStrategy %s', (_, spec, strategy) => {
    const plan = planProfile(profile({ ...spec, highAvailability: { restartPolicy: 'Always' } }));
    expect(plan.evictionStrategy).toBe(strategy);
  });

  test('GIVEN antiAffinity alone WHEN planned THEN an evictionStrategy too; GIVEN no availability asked THEN none (the cluster default)', () => {
    expect(planProfile(profile({ disks: [RWX], highAvailability: { antiAffinity: true } })).evictionStrategy).toBe('LiveMigrate');
    expect(planProfile(profile({ disks: [RWX], highAvailability: { restartPolicy: 'OnFailure', nodeSelector: { a: 'b' } } })).evictionStrategy).toBeUndefined();
    expect(planProfile(profile({ disks: [RWX] })).evictionStrategy).toBeUndefined();
  });

  test('GIVEN blockers and unknowns WHEN assessed THEN each is named by its field', () => {
    const a = assessMigration(profile({ disks: [UNSET, { ...RWO, name: 'data', boot: false }], networks: [BRIDGE, SRIOV] }).spec);
    expect(a.blockers.map((b) => b.field)).toEqual(['spec.networks[1].type', 'spec.disks[1].accessMode']);
    expect(a.unknowns.map((b) => b.field)).toEqual(['spec.disks[0].accessMode']);
  });

  test('GIVEN GPUs and a host device WHEN assessed THEN each blocks migration, named by its entry', () => {
    const a = assessMigration(profile({
      disks: [RWX],
      gpus: [{ name: 'g1', deviceName: 'nvidia.com/A10' }, { name: 'g2', deviceName: 'nvidia.com/A10' }],
      hostDevices: [{ name: 'qat', deviceName: 'intel.com/qat' }],
    }).spec);
    expect(a.blockers.map((b) => `${b.field}: ${b.what}`)).toEqual([
      'spec.gpus[0]: a passed-through GPU', 'spec.gpus[1]: a passed-through GPU', 'spec.hostDevices[0]: a passed-through host device',
    ]);
  });
});

describe('planProfile: disk sources beyond images', () => {
  const DISK = { name: 'root', size: '30Gi', storageClassName: 'fast', boot: true };

  test('GIVEN a PVC, a DataSource and a snapshot WHEN planned THEN CDI pvc and snapshot sources (namespace defaulted) and a sourceRef; osImage unused', () => {
    const plan = planProfile(profile({
      osImage: 'quay.io/containerdisks/fedora:41',
      disks: [
        { ...DISK, pvc: { name: 'golden-root' } },
        { ...DISK, name: 'db', boot: false, dataSource: { name: 'rhel9', namespace: 'openshift-virtualization-os-images' } },
        { ...DISK, name: 'restore', boot: false, snapshot: { name: 'nightly', namespace: 'backup' } },
      ],
    }));
    expect(plan.disks.map((d) => [d.source, d.sourceRef, d.image])).toEqual([
      [{ pvc: { namespace: 'prod', name: 'golden-root' } }, undefined, undefined],
      [undefined, { kind: 'DataSource', name: 'rhel9', namespace: 'openshift-virtualization-os-images' }, undefined],
      [{ snapshot: { namespace: 'backup', name: 'nightly' } }, undefined, undefined],
    ]);
  });

  test('GIVEN secretRef and certConfigMap on registry and http images, volumeMode and serial WHEN planned THEN on the source and the plan', () => {
    const plan = planProfile(profile({
      disks: [
        { ...DISK, image: 'registry.example.com/os:1', secretRef: 'pull', certConfigMap: 'ca', volumeMode: 'Block', serial: 'ROOT-1' },
        { ...DISK, name: 'iso', boot: false, image: 'https://example.com/w.iso', secretRef: 'web-creds' },
      ],
    }));
    expect(plan.disks.map((d) => d.source)).toEqual([
      { registry: { url: 'docker://registry.example.com/os:1', secretRef: 'pull', certConfigMap: 'ca' } },
      { http: { url: 'https://example.com/w.iso', secretRef: 'web-creds' } },
    ]);
    expect([plan.disks[0].volumeMode, plan.disks[0].serial]).toEqual(['Block', 'ROOT-1']);
  });
});

describe('planProfile: anti-affinity mode and hostname', () => {
  test('GIVEN antiAffinity without mode or key WHEN planned THEN Preferred on kubernetes.io/hostname; GIVEN both THEN kept', () => {
    const d = planProfile(profile({ disks: [SYSTEM_DISK], highAvailability: { antiAffinity: true } }));
    expect([d.antiAffinityMode, d.antiAffinityTopologyKey]).toEqual(['Preferred', 'kubernetes.io/hostname']);
    const r = planProfile(profile({ disks: [SYSTEM_DISK], highAvailability: { antiAffinity: true, antiAffinityMode: 'Required', antiAffinityTopologyKey: 'topology.kubernetes.io/zone' } }));
    expect([r.antiAffinityMode, r.antiAffinityTopologyKey]).toEqual(['Required', 'topology.kubernetes.io/zone']);
  });

  test('GIVEN no hostname WHEN planned THEN the profile name (not <name>-vm); GIVEN one THEN it', () => {
    expect(planProfile(profile({ disks: [SYSTEM_DISK] })).hostname).toBe('web');
    expect(planProfile(profile({ disks: [SYSTEM_DISK], hostname: 'db1' })).hostname).toBe('db1');
  });
});

describe('imageSource', () => {
  test.each<[string | undefined, unknown]>([
    ['registry.example.com/centos-stream:8', { registry: { url: 'docker://registry.example.com/centos-stream:8' } }],
    ['docker://quay.io/fedora:40', { registry: { url: 'docker://quay.io/fedora:40' } }],
    ['http://images.example.com/a.qcow2', { http: { url: 'http://images.example.com/a.qcow2' } }],
    ['https://images.example.com/a.img', { http: { url: 'https://images.example.com/a.img' } }],
    [undefined, { blank: {} }],
    ['', { blank: {} }],
  ])('%j → %j', (image, source) => {
    // GIVEN an image reference WHEN turned into a CDI source THEN bare → docker://, docker:// kept, http(s) → http, none → blank
    expect(imageSource(image)).toEqual(source);
  });
});

describe('planNad', () => {
  const resource = (value: string) => ({ [RESOURCE_NAME_ANNOTATION]: value });

  test('bridge with VLAN: bridge CNI, vlan, preserveDefaultVlan false, empty ipam, no annotation', () => {
    // GIVEN a tagged bridge network WHEN its NAD is planned THEN the bridge config of docs/networks.md
    const nad = planNad({ name: 'mgmt', type: 'bridge', vlanId: 100 }, 'mgmt-nad', 'prod', 'br-mgmt');
    expect(nad).toEqual({
      name: 'mgmt-nad',
      namespace: 'prod',
      cniConfig: { cniVersion: '0.3.1', name: 'mgmt-nad', type: 'bridge', bridge: 'br-mgmt', vlan: 100, preserveDefaultVlan: false, ipam: {} },
      annotations: {},
    });
  });

  test('untagged bridge: no vlan and no preserveDefaultVlan', () => {
    const nad = planNad({ name: 'mgmt', type: 'bridge' }, 'mgmt-nad', undefined, 'br-mgmt');
    expect(nad.cniConfig).toEqual({ cniVersion: '0.3.1', name: 'mgmt-nad', type: 'bridge', bridge: 'br-mgmt', ipam: {} });
    expect(nad.namespace).toBeUndefined();
  });

  test('ovs: ovs-cni config and the bridge resource', () => {
    // GIVEN an ovs network WHEN planned THEN type ovs, bridge, vlan and ovs-cni.network.kubevirt.io/<bridge>
    const nad = planNad({ name: 'storage', type: 'ovs', vlanId: 20 }, 'storage-nad', 'prod', 'br-ovs');
    expect(nad.cniConfig).toEqual({ cniVersion: '0.3.1', name: 'storage-nad', type: 'ovs', bridge: 'br-ovs', vlan: 20 });
    expect(nad.annotations).toEqual(resource('ovs-cni.network.kubevirt.io/br-ovs'));
  });

  test('sriov: sriov CNI config and openshift.io/<network> with - → _', () => {
    // GIVEN an sriov network with dashes WHEN planned THEN the resource name uses underscores
    const nad = planNad({ name: 'fast-data', type: 'sriov', vlanId: 300 }, 'fast-data-nad', 'prod', undefined);
    expect(nad.cniConfig).toEqual({ cniVersion: '0.3.1', name: 'fast-data-nad', type: 'sriov', vlan: 300, ipam: {} });
    expect(nad.annotations).toEqual(resource('openshift.io/fast_data'));
  });

  test('macvlan: macvtap CNI and the uplink resource, eth0 by default', () => {
    // GIVEN macvlan networks with and without an uplink WHEN planned THEN macvtap on <uplink or eth0>
    const withUplink = planNad({ name: 'tap', type: 'macvlan', nodeNetwork: { uplink: 'ens3' } }, 'tap-nad', 'prod', undefined);
    expect(withUplink.cniConfig).toEqual({ cniVersion: '0.3.1', name: 'tap-nad', type: 'macvtap' });
    expect(withUplink.annotations).toEqual(resource('macvtap.network.kubevirt.io/ens3'));
    expect(planNad({ name: 'tap', type: 'macvlan' }, 'tap-nad', 'prod', undefined).annotations).toEqual(resource('macvtap.network.kubevirt.io/eth0'));
  });

  test('macvlan ignores vlanId (macvtap CNI has no VLAN)', () => {
    expect(planNad({ name: 'tap', type: 'macvlan', vlanId: 5 }, 'tap-nad', 'prod', undefined).cniConfig).not.toHaveProperty('vlan');
  });

  test.each<[string, string | undefined]>([['sriov', undefined], ['ovs', 'br-ovs'], ['macvlan', undefined], ['bridge', 'br-x']])(
    'resourceName overrides the %s default', (type, bridge) => {
      // GIVEN resourceName WHEN planned THEN it is the annotation, whatever the type's default
      const nad = planNad({ name: 'n', type, resourceName: 'example.com/custom' }, 'n-nad', 'prod', bridge);
      expect(nad.annotations).toEqual(resource('example.com/custom'));
    });
});

describe('imageSource: one parser with validation (imageSourceKind)', () => {
  test.each([
    ['HTTPS://images.example.com/f.qcow2', { http: { url: 'https://images.example.com/f.qcow2' } }],
    ['Http://images.example.com/f.qcow2', { http: { url: 'http://images.example.com/f.qcow2' } }],
    ['https://images.example.com/F.qcow2', { http: { url: 'https://images.example.com/F.qcow2' } }],
    ['docker://quay.io/x/y:1', { registry: { url: 'docker://quay.io/x/y:1' } }],
    ['quay.io/x/y:1', { registry: { url: 'docker://quay.io/x/y:1' } }],
  ])('GIVEN %s WHEN planned THEN %j, the kind validation saw', (image, source) => {
    expect(imageSource(image)).toEqual(source);
    expect(Object.keys(imageSource(image))[0]).toBe(imageSourceKind(image));
  });

  test('GIVEN a boot disk from HTTPS://... WHEN synthesized THEN an http source, never docker://HTTPS://', () => {
    const plan = planProfile(profile({ disks: [{ name: 'root', size: '20Gi', storageClassName: 'sc', boot: true, image: 'HTTPS://images.example.com/f.qcow2' }] }));
    expect(plan.disks[0].source).toEqual({ http: { url: 'https://images.example.com/f.qcow2' } });
  });
});

describe('planProfile on what is not a profile', () => {
  test.each([null, undefined, 'web', {}, { metadata: { name: 'x' } }])('fails: %p is our ValidationError pointing to validateProfile', (doc) => {
    expect(() => planProfile(doc as any)).toThrow(ValidationError);
    expect(() => planProfile(doc as any)).toThrow(/check it with validateProfile first/);
  });
});

import { Testing } from 'cdk8s';
import { VirtualMachine } from '../imports/kubevirt-vm-kubevirt.io';
import { DiskPlan, NetworkAttachmentPlan, ProfilePlan } from '../src/plan/profile-plan';
import { CloudInitPlan, networkData, planCloudInit, USER_DATA } from '../src/render/cloud-init';
import { virtualMachineProps } from '../src/render/virtual-machine';

const NICS: Record<string, NetworkAttachmentPlan> = {
  mgmt: { name: 'mgmt', type: 'bridge', interfaceName: 'eth0', macAddress: '02:00:00:00:00:01', binding: 'bridge', networkName: 'mgmt-nad' },
  business: { name: 'business', type: 'sriov', interfaceName: 'eth1', macAddress: '02:00:00:00:00:02', binding: 'sriov', networkName: 'infra/business-nad' },
  tap: { name: 'tap', type: 'macvlan', interfaceName: 'eth2', macAddress: '02:00:00:00:00:03', binding: 'macvtap', networkName: 'tap-nad' },
  pod: { name: 'pod', type: 'pod', interfaceName: 'eth3', macAddress: '02:00:00:00:00:04', binding: 'masquerade', ipConfig: { mode: 'dhcp' } },
};

function disk(name: string, extra: Partial<DiskPlan> = {}): DiskPlan {
  return { name, dataVolumeName: `web-${name}`, size: '10Gi', storageClassName: 'sc', source: { blank: {} }, boot: false, deleteWithVm: false, ...extra };
}

/** A hand-made plan: one bridge NIC, one boot disk. */
function plan(overrides: Partial<ProfilePlan> = {}): ProfilePlan {
  return {
    name: 'web',
    namespace: 'prod',
    labels: { app: 'web-server', vmprofile: 'web' },
    vmName: 'web-vm',
    hostname: 'web',
    cpu: 4,
    memory: '8Gi',
    runStrategy: 'RerunOnFailure',
    networks: [NICS.mgmt],
    disks: [disk('system', { boot: true })],
    claims: [],
    diskOrder: ['system'],
    ...overrides,
  };
}

/** The VirtualMachine as it is synthesized. */
function vm(p: ProfilePlan, cloudInit?: CloudInitPlan): any {
  const chart = Testing.chart();
  new VirtualMachine(chart, 'vm', virtualMachineProps(p, cloudInit));
  const [object] = Testing.synth(chart);
  return object;
}

describe('virtualMachineProps: the VM object', () => {
  test('name, namespace, labels, runStrategy, cpu and memory', () => {
    // GIVEN a plan WHEN rendered THEN the VM carries the plan's identity and sizing, and never spec.running
    const v = vm(plan());
    expect(v.apiVersion).toBe('kubevirt.io/v1');
    expect(v.kind).toBe('VirtualMachine');
    expect(v.metadata).toEqual({ name: 'web-vm', namespace: 'prod', labels: { app: 'web-server', vmprofile: 'web' } });
    expect(v.spec.runStrategy).toBe('RerunOnFailure');
    expect(v.spec).not.toHaveProperty('running');
    expect(v.spec.template.metadata.labels).toEqual({ app: 'web-server', vmprofile: 'web' });
    expect(v.spec.template.spec.domain.cpu).toEqual({ cores: 4 });
    expect(v.spec.template.spec.domain.memory).toEqual({ guest: '8Gi' });
  });

  test('no namespace key without a namespace', () => {
    expect(vm(plan({ namespace: undefined })).metadata).not.toHaveProperty('namespace');
  });
});

describe('virtualMachineProps: disks and volumes', () => {
  test('disks follow diskOrder, the boot disk alone has bootOrder 1, cloudinitdisk is last', () => {
    // GIVEN a data disk, a boot claim and a DataVolume, in that spec order
    const p = plan({
      disks: [disk('data'), disk('scratch')],
      claims: [{ name: 'root', claimName: 'root-pvc', boot: true }],
      diskOrder: ['data', 'root', 'scratch'],
    });
    // WHEN rendered
    const spec = vm(p).spec.template.spec;
    // THEN disks keep that order, only the boot claim boots, and the cloud-init disk comes last
    expect(spec.domain.devices.disks).toEqual([
      { name: 'data', disk: { bus: 'virtio' } },
      { name: 'root', disk: { bus: 'virtio' }, bootOrder: 1 },
      { name: 'scratch', disk: { bus: 'virtio' } },
      { name: 'cloudinitdisk', disk: { bus: 'virtio' } },
    ]);
    // AND DataVolumes are dataVolume volumes, claims persistentVolumeClaim volumes
    expect(spec.volumes.map((v: any) => v.name)).toEqual(['data', 'root', 'scratch', 'cloudinitdisk']);
    expect(spec.volumes[0]).toEqual({ name: 'data', dataVolume: { name: 'web-data' } });
    expect(spec.volumes[1]).toEqual({ name: 'root', persistentVolumeClaim: { claimName: 'root-pvc' } });
    expect(spec.volumes[2]).toEqual({ name: 'scratch', dataVolume: { name: 'web-scratch' } });
  });

  test('a containerDisk comes first and boots', () => {
    // GIVEN an ephemeral boot image and a data disk WHEN rendered THEN containerdisk is first with bootOrder 1
    const spec = vm(plan({ containerDiskImage: 'quay.io/containerdisks/fedora:40', disks: [disk('data')], diskOrder: ['data'] })).spec.template.spec;
    expect(spec.domain.devices.disks.map((d: any) => [d.name, d.bootOrder])).toEqual([
      ['containerdisk', 1], ['data', undefined], ['cloudinitdisk', undefined],
    ]);
    expect(spec.volumes[0]).toEqual({ name: 'containerdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:40' } });
  });

  test('the cloud-init volume inlines user and network data', () => {
    // GIVEN short network data WHEN rendered THEN cloudInitNoCloud carries both inline
    const p = plan();
    const volumes = vm(p).spec.template.spec.volumes;
    expect(volumes[volumes.length - 1]).toEqual({
      name: 'cloudinitdisk', cloudInitNoCloud: { userData: USER_DATA, networkData: networkData(p.networks) },
    });
  });

  test('long network data is referenced by networkDataSecretRef', () => {
    // GIVEN a cloud-init plan with a Secret WHEN rendered THEN networkDataSecretRef names it and networkData is absent
    const p = plan();
    const volumes = vm(p, { ...planCloudInit(p), networkDataSecret: 'web-vm-cloudinit' }).spec.template.spec.volumes;
    expect(volumes[volumes.length - 1]).toEqual({
      name: 'cloudinitdisk', cloudInitNoCloud: { userData: USER_DATA, networkDataSecretRef: { name: 'web-vm-cloudinit' } },
    });
  });

  test('GIVEN a sata boot disk, a scsi claim and an e1000e NIC WHEN rendered THEN the buses and the model are the VM\'s; others stay virtio', () => {
    const spec = vm(plan({
      networks: [{ ...NICS.mgmt, model: 'e1000e' }, NICS.business],
      disks: [disk('system', { boot: true, bus: 'sata' })],
      claims: [{ name: 'old', claimName: 'old-pvc', boot: false, bus: 'scsi' }],
      diskOrder: ['system', 'old'],
    })).spec.template.spec;
    expect(spec.domain.devices.disks.map((d: any) => [d.name, d.disk.bus])).toEqual([['system', 'sata'], ['old', 'scsi'], ['cloudinitdisk', 'virtio']]);
    expect(spec.domain.devices.interfaces.map((i: any) => i.model)).toEqual(['e1000e', undefined]);
  });

  test('GIVEN EFI with Secure Boot WHEN rendered THEN efi.secureBoot and the SMM it needs; plain EFI writes secureBoot false', () => {
    const secure = vm(plan({ firmware: { bootloader: 'EFI', secureBoot: true, persistent: true } })).spec.template.spec.domain;
    expect(secure.firmware).toEqual({ bootloader: { efi: { secureBoot: true, persistent: true } } });
    expect(secure.features).toEqual({ smm: { enabled: true } });
    // KubeVirt's own default under EFI is Secure Boot on, which needs SMM: off unless asked
    const plain = vm(plan({ firmware: { bootloader: 'EFI' } })).spec.template.spec.domain;
    expect(plain.firmware).toEqual({ bootloader: { efi: { secureBoot: false } } });
    expect(plain).not.toHaveProperty('features');
    expect(vm(plan({ firmware: { bootloader: 'BIOS' } })).spec.template.spec.domain.firmware).toEqual({ bootloader: { bios: {} } });
    expect(vm(plan()).spec.template.spec.domain).not.toHaveProperty('firmware');
  });

  test('GIVEN an instancetype and a preference, no cpu and memory WHEN rendered THEN spec.instancetype/preference and no domain cpu or memory', () => {
    const object = vm(plan({
      cpu: undefined,
      memory: undefined,
      instancetype: { kind: 'VirtualMachineClusterInstancetype', name: 'u1.medium' },
      preference: { kind: 'VirtualMachinePreference', name: 'fedora' },
    }));
    expect(object.spec.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: 'u1.medium' });
    expect(object.spec.preference).toEqual({ kind: 'VirtualMachinePreference', name: 'fedora' });
    expect(object.spec.template.spec.domain).not.toHaveProperty('cpu');
    expect(object.spec.template.spec.domain).not.toHaveProperty('memory');
    // without them: sized by cpu and memory, no references
    const plain = vm(plan());
    expect(plain.spec).not.toHaveProperty('instancetype');
    expect(plain.spec).not.toHaveProperty('preference');
    expect(plain.spec.template.spec.domain.cpu).toEqual({ cores: 4 });
    expect(plain.spec.template.spec.domain.memory).toEqual({ guest: '8Gi' });
  });

  test('GIVEN compute with dedicated CPUs, topology, hugepages, NUMA, a memory request and limits WHEN rendered THEN domain cpu, memory and resources', () => {
    const domain = vm(plan({
      cpu: 8,
      memory: '16Gi',
      compute: {
        dedicatedCpuPlacement: true,
        isolateEmulatorThread: true,
        cpuModel: 'host-passthrough',
        sockets: 2,
        threads: 2,
        hugepages: '1Gi',
        numaGuestMappingPassthrough: true,
        memoryRequest: '16Gi',
        memoryLimit: '16Gi',
        cpuLimit: '8',
      },
    })).spec.template.spec.domain;
    // cores = cpu / (sockets × threads): cpu stays the vCPU count
    expect(domain.cpu).toEqual({
      cores: 2,
      sockets: 2,
      threads: 2,
      model: 'host-passthrough',
      dedicatedCpuPlacement: true,
      isolateEmulatorThread: true,
      numa: { guestMappingPassthrough: {} },
    });
    expect(domain.memory).toEqual({ guest: '16Gi', hugepages: { pageSize: '1Gi' } });
    expect(domain.resources).toEqual({ requests: { memory: '16Gi' }, limits: { cpu: '8', memory: '16Gi' } });
    // overcommit: only the request; without compute: no resources at all
    expect(vm(plan({ compute: { memoryRequest: '6Gi' } })).spec.template.spec.domain.resources).toEqual({ requests: { memory: '6Gi' } });
    expect(vm(plan()).spec.template.spec.domain).not.toHaveProperty('resources');
  });

  test('GIVEN an instancetype and a CPU model with dedicated CPUs WHEN rendered THEN domain cpu without cores, no memory', () => {
    const domain = vm(plan({
      cpu: undefined,
      memory: undefined,
      instancetype: { kind: 'VirtualMachineClusterInstancetype', name: 'cx1.large' },
      compute: { cpuModel: 'host-model', dedicatedCpuPlacement: true },
    })).spec.template.spec.domain;
    expect(domain.cpu).toEqual({ model: 'host-model', dedicatedCpuPlacement: true });
    expect(domain).not.toHaveProperty('memory');
  });

  test('GIVEN GPUs and host devices WHEN rendered THEN domain.devices.gpus and hostDevices by name and deviceName; none without', () => {
    const devices = vm(plan({
      gpus: [{ name: 'gpu1', deviceName: 'nvidia.com/GA102GL_A10' }],
      hostDevices: [{ name: 'qat', deviceName: 'intel.com/qat' }],
    })).spec.template.spec.domain.devices;
    expect(devices.gpus).toEqual([{ name: 'gpu1', deviceName: 'nvidia.com/GA102GL_A10' }]);
    expect(devices.hostDevices).toEqual([{ name: 'qat', deviceName: 'intel.com/qat' }]);
    expect(vm(plan()).spec.template.spec.domain.devices).not.toHaveProperty('gpus');
    expect(vm(plan()).spec.template.spec.domain.devices).not.toHaveProperty('hostDevices');
  });

  test('GIVEN a serial on a created disk and on a claim WHEN rendered THEN disks[].serial; none without', () => {
    const disks = vm(plan({
      disks: [disk('system', { boot: true, serial: 'SYS-01' })],
      claims: [{ name: 'old', claimName: 'old-pvc', boot: false, serial: 'OLD.2' }],
      diskOrder: ['system', 'old'],
    })).spec.template.spec.domain.devices.disks;
    expect(disks.map((d: any) => d.serial)).toEqual(['SYS-01', 'OLD.2', undefined]);
    expect(vm(plan()).spec.template.spec.domain.devices.disks[0]).not.toHaveProperty('serial');
  });

  test('GIVEN sysprep from a ConfigMap or a Secret WHEN rendered THEN a sata CD-ROM with the sysprep volume, no cloud-init disk', () => {
    const spec = vm(plan({ sysprep: { configMap: 'win11-unattend' } })).spec.template.spec;
    expect(spec.domain.devices.disks.at(-1)).toEqual({ name: 'sysprep', cdrom: { bus: 'sata' } });
    expect(spec.volumes.at(-1)).toEqual({ name: 'sysprep', sysprep: { configMap: { name: 'win11-unattend' } } });
    expect(spec.volumes.map((v: any) => v.name)).not.toContain('cloudinitdisk');
    expect(vm(plan({ sysprep: { secret: 'unattend' } })).spec.template.spec.volumes.at(-1)).toEqual({ name: 'sysprep', sysprep: { secret: { name: 'unattend' } } });
  });

  test('GIVEN forwarded ports on the pod network WHEN rendered THEN masquerade ports with the protocol written out; none without', () => {
    const pod = { ...NICS.pod, ports: [{ name: 'ssh', port: 22 }, { port: 53, protocol: 'UDP' }] };
    const interfaces = vm(plan({ networks: [NICS.mgmt, pod] })).spec.template.spec.domain.devices.interfaces;
    expect(interfaces[1]).toEqual({ name: 'pod', masquerade: {}, macAddress: '02:00:00:00:00:04', ports: [{ name: 'ssh', port: 22, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] });
    expect(vm(plan({ networks: [NICS.pod] })).spec.template.spec.domain.devices.interfaces[0]).not.toHaveProperty('ports');
  });

  test('GIVEN a TPM, persistent or not WHEN rendered THEN devices.tpm; none without', () => {
    expect(vm(plan({ tpm: { persistent: true } })).spec.template.spec.domain.devices.tpm).toEqual({ persistent: true });
    expect(vm(plan({ tpm: {} })).spec.template.spec.domain.devices.tpm).toEqual({ persistent: false });
    expect(vm(plan()).spec.template.spec.domain.devices).not.toHaveProperty('tpm');
  });

  test('GIVEN the user\'s inline user data WHEN rendered THEN cloudInitNoCloud carries it instead of the empty cloud-config', () => {
    const userData = '#cloud-config\npackages: [nginx]\n';
    const volumes = vm(plan({ userData })).spec.template.spec.volumes;
    expect(volumes[volumes.length - 1].cloudInitNoCloud).toEqual({ userData, networkData: networkData(plan().networks) });
  });

  test('GIVEN a user-data Secret, with and without long network data WHEN rendered THEN secretRef names it and no userData is inlined', () => {
    const p = plan({ userDataSecret: 'web-userdata' });
    expect(vm(p).spec.template.spec.volumes.at(-1).cloudInitNoCloud).toEqual({
      secretRef: { name: 'web-userdata' }, networkData: networkData(p.networks),
    });
    expect(vm(p, { ...planCloudInit(p), networkDataSecret: 'web-vm-cloudinit' }).spec.template.spec.volumes.at(-1).cloudInitNoCloud).toEqual({
      secretRef: { name: 'web-userdata' }, networkDataSecretRef: { name: 'web-vm-cloudinit' },
    });
  });

  test('deleteWithVm disks also become dataVolumeTemplates; none otherwise', () => {
    // GIVEN one owned disk and one standalone WHEN rendered THEN one template, labelled like the VM
    const owned = vm(plan({ disks: [disk('system', { boot: true }), disk('tmp', { deleteWithVm: true })], diskOrder: ['system', 'tmp'] }));
    expect(owned.spec.dataVolumeTemplates).toHaveLength(1);
    expect(owned.spec.dataVolumeTemplates[0].metadata).toEqual({ name: 'web-tmp', labels: { app: 'web-server', vmprofile: 'web' } });
    expect(owned.spec.template.spec.volumes[1]).toEqual({ name: 'tmp', dataVolume: { name: 'web-tmp' } });
    expect(vm(plan()).spec).not.toHaveProperty('dataVolumeTemplates');
  });
});

describe('virtualMachineProps: interfaces and networks', () => {
  test('each binding renders as KubeVirt expects, with the MAC', () => {
    // GIVEN bridge, sriov, macvtap and pod NICs WHEN rendered
    const spec = vm(plan({ networks: [NICS.mgmt, NICS.business, NICS.tap, NICS.pod] })).spec.template.spec;
    // THEN bridge: {}, sriov: {}, the macvtap binding plugin and masquerade: {}, in order
    expect(spec.domain.devices.interfaces).toEqual([
      { name: 'mgmt', bridge: {}, macAddress: '02:00:00:00:00:01' },
      { name: 'business', sriov: {}, macAddress: '02:00:00:00:00:02' },
      { name: 'tap', binding: { name: 'macvtap' }, macAddress: '02:00:00:00:00:03' },
      { name: 'pod', masquerade: {}, macAddress: '02:00:00:00:00:04' },
    ]);
    // AND Multus networks by networkName, the pod network as pod: {}
    expect(spec.networks).toEqual([
      { name: 'mgmt', multus: { networkName: 'mgmt-nad' } },
      { name: 'business', multus: { networkName: 'infra/business-nad' } },
      { name: 'tap', multus: { networkName: 'tap-nad' } },
      { name: 'pod', pod: {} },
    ]);
    // AND with a pod network KubeVirt may attach it: no autoattachPodInterface
    expect(spec.domain.devices).not.toHaveProperty('autoattachPodInterface');
  });

  test('without a pod network autoattachPodInterface is false', () => {
    // GIVEN only Multus NICs, or no NIC at all WHEN rendered THEN KubeVirt must not add a pod network
    expect(vm(plan()).spec.template.spec.domain.devices.autoattachPodInterface).toBe(false);
    const none = vm(plan({ networks: [] })).spec.template.spec;
    expect(none.domain.devices.autoattachPodInterface).toBe(false);
    // AND the empty lists are left out: KubeVirt's webhook drops them (omitempty), so the VM is stored as applied
    expect(none).not.toHaveProperty('networks');
    expect(none.domain.devices).not.toHaveProperty('interfaces');
  });
});

describe('virtualMachineProps: access and scheduling', () => {
  test('accessCredentials only with sshKeySecret', () => {
    // GIVEN an SSH key Secret WHEN rendered THEN noCloud propagation of the Secret; without it, no accessCredentials
    expect(vm(plan({ sshKeySecret: 'web-keys' })).spec.template.spec.accessCredentials).toEqual([{
      sshPublicKey: { source: { secret: { secretName: 'web-keys' } }, propagationMethod: { noCloud: {} } },
    }]);
    expect(vm(plan()).spec.template.spec).not.toHaveProperty('accessCredentials');
  });

  test('nodeSelector, tolerations and affinity only when set', () => {
    // GIVEN a plan without scheduling settings WHEN rendered THEN none of the keys
    const spec = vm(plan()).spec.template.spec;
    expect(spec).not.toHaveProperty('nodeSelector');
    expect(spec).not.toHaveProperty('tolerations');
    expect(spec).not.toHaveProperty('affinity');
    expect(vm(plan()).spec.template.metadata.labels).not.toHaveProperty(['vm.example.com/anti-affinity-group']);
  });

  test('nodeSelector and tolerations go to the template', () => {
    const tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'vm', effect: 'NoSchedule', tolerationSeconds: 30 }];
    const spec = vm(plan({ nodeSelector: { zone: 'a' }, tolerations })).spec.template.spec;
    expect(spec.nodeSelector).toEqual({ zone: 'a' });
    expect(spec.tolerations).toEqual(tolerations);
  });

  test('a toleration\'s empty effect and value are left out', () => {
    // GIVEN tolerations with empty strings (all effects; no value) WHEN rendered THEN the keys are absent: KubeVirt's
    // webhook drops an empty value and refuses an empty effect against its schema's enum
    const tolerations = [{ key: 'a', operator: 'Exists', effect: '' }, { key: 'b', operator: 'Equal', value: '' }];
    expect(vm(plan({ tolerations })).spec.template.spec.tolerations).toEqual([{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Equal' }]);
  });

  test('an anti-affinity group: template label and preferred podAntiAffinity on the hostname', () => {
    // GIVEN a group WHEN rendered THEN the template is labelled with it and a weight-100 preferred term selects it
    const v = vm(plan({ antiAffinityGroup: 'web-server' }));
    expect(v.spec.template.metadata.labels).toEqual({ 'app': 'web-server', 'vmprofile': 'web', 'vm.example.com/anti-affinity-group': 'web-server' });
    expect(v.metadata.labels).not.toHaveProperty(['vm.example.com/anti-affinity-group']);
    expect(v.spec.template.spec.affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100,
          podAffinityTerm: {
            topologyKey: 'kubernetes.io/hostname',
            labelSelector: { matchLabels: { 'vm.example.com/anti-affinity-group': 'web-server' } },
          },
        }],
      },
    });
    expect(v.spec.template.spec.affinity.podAntiAffinity).not.toHaveProperty('requiredDuringSchedulingIgnoredDuringExecution');
  });

  test('GIVEN antiAffinityMode Required and a zone topologyKey WHEN rendered THEN a required term on that key, no preferred one', () => {
    const v = vm(plan({ antiAffinityGroup: 'db', antiAffinityMode: 'Required', antiAffinityTopologyKey: 'topology.kubernetes.io/zone' }));
    expect(v.spec.template.spec.affinity).toEqual({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{
          topologyKey: 'topology.kubernetes.io/zone',
          labelSelector: { matchLabels: { 'vm.example.com/anti-affinity-group': 'db' } },
        }],
      },
    });
  });

  test('GIVEN a plan with an evictionStrategy WHEN rendered THEN the template carries it; without one THEN no key', () => {
    expect(vm(plan({ evictionStrategy: 'LiveMigrate' })).spec.template.spec.evictionStrategy).toBe('LiveMigrate');
    expect(vm(plan())).not.toHaveProperty(['spec', 'template', 'spec', 'evictionStrategy']);
  });

  test('GIVEN a plan hostname WHEN rendered THEN it is the template hostname (not the VMI name KubeVirt would use)', () => {
    expect(vm(plan({ hostname: 'db-primary' })).spec.template.spec.hostname).toBe('db-primary');
  });
});

describe('virtualMachineProps: volumes of existing claims', () => {
  test('GIVEN a claim that is a DataVolume and one that is a PVC WHEN rendered THEN dataVolume and persistentVolumeClaim volumes', () => {
    // GIVEN a plan with the boot disk, an existing DataVolume and an existing claim
    const p = plan({
      claims: [{ name: 'golden', claimName: 'golden-dv', boot: false, dataVolume: true }, { name: 'old', claimName: 'old-pvc', boot: false }],
      diskOrder: ['system', 'golden', 'old'],
    });
    // WHEN rendered
    const volumes = vm(p).spec.template.spec.volumes;
    // THEN KubeVirt waits for the DataVolume's import, the claim is mounted as it is
    expect(volumes.slice(0, 3)).toEqual([
      { name: 'system', dataVolume: { name: 'web-system' } },
      { name: 'golden', dataVolume: { name: 'golden-dv' } },
      { name: 'old', persistentVolumeClaim: { claimName: 'old-pvc' } },
    ]);
  });
});

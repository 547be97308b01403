import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { conformanceErrors, describeConformance, SCHEMAS_PRESENT } from './conformance';
import { example, EXAMPLES_DIR, synthProfile } from './helpers';
import { VALID_PROFILES } from './profile-corpus';
import { synthProfiles, toYamlStream } from '../src/synth/synth';
import { validateProfile } from '../src/validate/validation';

const SPEC_EXAMPLES = ['web-server-01', 'simple-vm', 'multi-net-vm', 'ha-vm'];

describe('the spec\'s examples synthesize as-is', () => {
  test.each(SPEC_EXAMPLES)('%s', (name) => {
    // GIVEN the example exactly as the spec has it
    const doc = example(name);
    // WHEN it is synthesized
    const objects = synthProfile(doc);
    // THEN there is a VM <name>-vm, one DataVolume per disk and a NAD per network without nadName
    expect(objects.filter((o) => o.kind === 'VirtualMachine').map((o) => o.metadata.name)).toEqual([`${name}-vm`]);
    expect(objects.filter((o) => o.kind === 'DataVolume')).toHaveLength(doc.spec.disks!.length);
    expect(objects.filter((o) => o.kind === 'NetworkAttachmentDefinition'))
      .toHaveLength(doc.spec.networks!.filter((n) => !n.nadName).length);
  });

  test('examples/ holds each spec example verbatim', () => {
    const spec = path.resolve(__dirname, '..', '..', 'shared', 'spec', 'VirtualMachineProfile-API.zh.md');
    if (!fs.existsSync(spec)) {
      // eslint-disable-next-line no-console
      console.warn('*** SKIPPED: ../shared/spec not found; examples/ not compared with the spec ***');
      return;
    }
    const blocks = [...fs.readFileSync(spec, 'utf8').matchAll(/```yaml\n(apiVersion: vm\.example\.com[\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toHaveLength(4);
    for (const block of blocks) {
      const name = /name: (\S+)/.exec(block)![1];
      expect(fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.yaml`), 'utf8')).toBe(block);
    }
  });
});

describeConformance('every emitted object passes the upstream schemas (ajv)', () => {
  test.each(SPEC_EXAMPLES)('%s', (name) => {
    const objects = synthProfile(example(name));
    expect(objects.flatMap(conformanceErrors)).toEqual([]);
  });

  test('a profile using every network type, nodeNetwork, podNetwork, deleteWithVm and HA', () => {
    const objects = synthProfile({
      apiVersion: 'vm.example.com/v1alpha1',
      kind: 'VirtualMachineProfile',
      metadata: { name: 'kitchen-sink', namespace: 'lab', labels: { app: 'sink' } },
      spec: {
        cpu: 8,
        memory: '16Gi',
        osImage: 'https://images.example.com/os.qcow2',
        sshKeySecret: 'keys',
        podNetwork: true,
        networks: [
          { name: 'mgmt', type: 'bridge', vlanId: 10, nodeNetwork: { uplink: 'ens3' }, ipConfig: { mode: 'static', address: '10.0.0.5/24', gateway: '10.0.0.1' } },
          { name: 'tenant', type: 'ovs', bridgeName: 'br-ovs', nodeNetwork: { uplink: 'ens4' }, ipConfig: { mode: 'dhcp' } },
          { name: 'fast', type: 'sriov', vlanId: 30, nodeNetwork: { uplink: 'ens5f0', totalVfs: 16 } },
          { name: 'direct', type: 'macvlan', nodeNetwork: { uplink: 'ens6' }, ipConfig: { mode: 'static', address: 'fd00::5/64', gateway: 'fd00::1' } },
        ],
        disks: [
          { name: 'root', size: '40Gi', storageClassName: 'ssd', boot: true },
          { name: 'scratch', size: '10Gi', storageClassName: 'ssd', deleteWithVm: true, accessMode: 'ReadWriteMany' },
        ],
        highAvailability: { restartPolicy: 'OnFailure', antiAffinity: true, tolerations: [{ operator: 'Exists' }] },
        startStrategy: { autoStart: false },
      },
    });
    expect(new Set(objects.map((o) => o.kind))).toEqual(new Set(['NetworkAttachmentDefinition', 'DataVolume', 'VirtualMachine', 'NodeNetworkConfigurationPolicy']));
    expect(objects.flatMap(conformanceErrors)).toEqual([]);
  });
});

describe('the workload examples: Windows 11, a database and a GPU VM', () => {
  const vmOf = (objects: any[]) => objects.find((o) => o.kind === 'VirtualMachine');

  test('GIVEN windows-11 WHEN synthesized THEN EFI with Secure Boot and SMM, a persistent TPM, sysprep on a CD-ROM, a sata system disk', () => {
    const objects = synthProfile(example('windows-11'));
    const spec = vmOf(objects).spec.template.spec;
    expect(spec.domain.firmware).toEqual({ bootloader: { efi: { secureBoot: true, persistent: true } } });
    expect(spec.domain.features).toEqual({ smm: { enabled: true } });
    expect(spec.domain.devices.tpm).toEqual({ persistent: true });
    expect(spec.domain.devices.disks).toEqual([
      { name: 'system', disk: { bus: 'sata' }, bootOrder: 1 },
      { name: 'sysprep', cdrom: { bus: 'sata' } },
    ]);
    expect(spec.volumes.find((v: any) => v.name === 'sysprep')).toEqual({ name: 'sysprep', sysprep: { secret: { name: 'win11-unattend' } } });
    expect(vmOf(objects).spec.preference).toEqual({ kind: 'VirtualMachineClusterPreference', name: 'windows.11' });
    expect(objects.find((o) => o.kind === 'DataVolume').spec.source.http)
      .toEqual({ url: 'https://images.example.com/windows/win11-23h2-en-us.qcow2', secretRef: 'windows-image-download', certConfigMap: 'images-ca' });
  });

  test('GIVEN database-vm WHEN synthesized THEN dedicated CPUs, hugepages, NUMA, required anti-affinity and a boot disk cloned from a DataSource', () => {
    const objects = synthProfile(example('database-vm'));
    const spec = vmOf(objects).spec.template.spec;
    expect(spec.domain.cpu).toEqual({
      cores: 4, threads: 2, model: 'host-passthrough', dedicatedCpuPlacement: true, isolateEmulatorThread: true, numa: { guestMappingPassthrough: {} },
    });
    expect(spec.domain.memory).toEqual({ guest: '32Gi', hugepages: { pageSize: '1Gi' } });
    expect(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector)
      .toEqual({ matchLabels: { 'vm.example.com/anti-affinity-group': 'postgres' } });
    const [system, pgdata] = objects.filter((o) => o.kind === 'DataVolume');
    expect(system.spec).not.toHaveProperty('source');
    expect(system.spec.sourceRef).toEqual({ kind: 'DataSource', name: 'rhel9', namespace: 'openshift-virtualization-os-images' });
    expect(pgdata.spec.storage.volumeMode).toBe('Block');
    expect(spec.domain.devices.disks.find((d: any) => d.name === 'pgdata').serial).toBe('PGDATA01');
  });

  test('GIVEN gpu-vm WHEN synthesized THEN an instancetype instead of cpu and memory, and the GPU', () => {
    const vm = vmOf(synthProfile(example('gpu-vm')));
    expect(vm.spec.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: 'u1.4xlarge' });
    expect(vm.spec.template.spec.domain).not.toHaveProperty('cpu');
    expect(vm.spec.template.spec.domain).not.toHaveProperty('memory');
    expect(vm.spec.template.spec.domain.devices.gpus).toEqual([{ name: 'gpu1', deviceName: 'nvidia.com/GA102GL_A10' }]);
  });

  test.each(['windows-11', 'database-vm', 'gpu-vm'])('GIVEN %s WHEN validated THEN no errors; every emitted object passes the upstream schemas', (name) => {
    expect(validateProfile(example(name)).errors).toEqual([]);
    expect(synthProfile(example(name)).flatMap(SCHEMAS_PRESENT ? conformanceErrors : () => [])).toEqual([]);
  });
});

describe('the CLI path gives the library path\'s objects', () => {
  test.each(SPEC_EXAMPLES)('synthProfiles + YAML stream of %s parses back to the construct output', (name) => {
    const { manifests } = synthProfiles([{ doc: example(name), source: `${name}.yaml` }]);
    const reparsed = toYamlStream(manifests).split(/^---$/m).map((d) => parse(d));
    expect(reparsed).toEqual(synthProfile(example(name)));
  });

  test('fails: multi-net-vm and ha-vm in one namespace both need mgmt-nad, with different VLANs', () => {
    // GIVEN two spec examples that both define an inline network "mgmt" in the default namespace
    const inputs = ['multi-net-vm', 'ha-vm'].map((n) => ({ doc: example(n), source: `${n}.yaml` }));
    // THEN synthesizing them together is refused, naming both profiles and the field
    expect(() => synthProfiles(inputs)).toThrow(
      'ha-vm.yaml: VirtualMachineProfile/ha-vm: spec.networks[0].vlanId: Invalid value: null: NetworkAttachmentDefinition ' +
      'mgmt-nad is already defined by VirtualMachineProfile/multi-net-vm (spec.networks[0]) with vlanId 100',
    );
  });
});

describe('examples/fleet: many profiles sharing networks', () => {
  const fleet = ['web', 'db'].flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(EXAMPLES_DIR, 'fleet', `${f}.yaml`), 'utf8')).map((d) => d.toJS()));

  test('one NAD per shared network, one NNCP per node interface with the VLANs merged', () => {
    // GIVEN 4 web and 3 db profiles in one namespace WHEN synthesized together
    const { manifests } = synthProfiles(fleet.map((doc) => ({ doc })));
    // THEN the shared objects exist once
    expect(manifests.filter((o) => o.kind === 'VirtualMachine')).toHaveLength(7);
    expect(manifests.filter((o) => o.kind === 'NetworkAttachmentDefinition').map((o) => o.metadata.name).sort())
      .toEqual(['frontend-nad', 'management-nad', 'replication-nad']);
    const nncps = manifests.filter((o) => o.kind === 'NodeNetworkConfigurationPolicy');
    expect(nncps.map((o) => o.metadata.name)).toEqual(['br-mgmt-ens3', 'sriov-ens5f0']);
    const bridge = nncps[0].spec.desiredState.interfaces.find((i: any) => i.name === 'br-mgmt');
    expect(bridge.bridge.port[0].vlan['trunk-tags']).toEqual([{ id: 100 }, { id: 110 }]);
    expect(nncps[1].spec.desiredState.interfaces[0].ethernet['sr-iov']['total-vfs']).toBe(16);
    expect(manifests.flatMap(SCHEMAS_PRESENT ? conformanceErrors : () => [])).toEqual([]);
  });
});

describe('GitOps: Argo CD keeps disks and leaves runStrategy to virtctl', () => {
  const ARGO = 'argocd.argoproj.io/sync-options';

  test('GIVEN every valid corpus profile and the fleet WHEN synthesized THEN every standalone DataVolume says Prune=false,Delete=false and nothing else does', () => {
    const fleet = ['web', 'db'].flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(EXAMPLES_DIR, 'fleet', `${f}.yaml`), 'utf8')).map((d) => d.toJS()));
    const docs = [...VALID_PROFILES.map((c) => c.doc), ...fleet];
    let dataVolumes = 0;
    let templates = 0;
    for (const doc of docs) {
      for (const o of synthProfiles([{ doc }]).manifests) {
        if (o.kind === 'DataVolume') {
          dataVolumes++;
          expect(o.metadata.annotations[ARGO]).toBe('Prune=false,Delete=false');
        } else {
          expect(o.metadata.annotations?.[ARGO]).toBeUndefined();
        }
        for (const t of o.kind === 'VirtualMachine' ? o.spec.dataVolumeTemplates ?? [] : []) {
          templates++;
          // Owned by the VM: KubeVirt deletes it with the VM, and Argo CD never sees it as its own object.
          expect(t.metadata.annotations?.[ARGO]).toBeUndefined();
        }
      }
    }
    // The corpus must hold both kinds, or the test proves nothing.
    expect(dataVolumes).toBeGreaterThan(5);
    expect(templates).toBeGreaterThan(0);
  });

  test('GIVEN examples/argocd/application.yaml WHEN read THEN runStrategy of VirtualMachines is ignored, also when syncing', () => {
    const app = parse(fs.readFileSync(path.join(EXAMPLES_DIR, 'argocd', 'application.yaml'), 'utf8'));
    expect(app.spec.ignoreDifferences).toContainEqual({ group: 'kubevirt.io', kind: 'VirtualMachine', jsonPointers: ['/spec/runStrategy'] });
    expect(app.spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
  });
});

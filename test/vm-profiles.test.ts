import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES_DIR, example } from './helpers';
import { profileCrdManifest } from '../src/commands/crd';
import { explain } from '../src/commands/explain';
import { ProfilePhase } from '../src/commands/status';
import { NetworkType, RunStrategy } from '../src/spec/profile-spec';
import { ProfileSynthError, synthProfiles, toYamlStream } from '../src/synth/synth';
import { VmProfiles } from '../src/vm-profiles';

const EXAMPLE_FILES = ['web-server-01', 'multi-net-vm', 'ha-vm', 'simple-vm'];

describe('VmProfiles: the functions jsii carries to Python, Java and Go', () => {
  test.each(EXAMPLE_FILES)('GIVEN examples/%s.yaml WHEN synthYaml THEN the bytes synthProfiles + toYamlStream give', (name) => {
    const text = fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.yaml`), 'utf8');
    const expected = toYamlStream(synthProfiles([{ doc: example(name) }]).manifests);
    const yaml = VmProfiles.synthYaml(text);
    expect(yaml).toBe(expected);
    expect(parseAllDocuments(yaml).map((d) => d.toJS().kind)).toContain('VirtualMachine');
  });

  test('GIVEN two broken documents WHEN synthYaml THEN one error names both, with their lines and field paths', () => {
    const text = [
      'apiVersion: vm.example.com/v1alpha1', 'kind: VirtualMachineProfile', 'metadata: {name: a}',
      'spec: {cpu: 2, memory: 4Gi, osImage: ubuntu, networks: [{name: n, type: bridge, vlanId: 5000}]}',
      '---',
      'apiVersion: vm.example.com/v1alpha1', 'kind: VirtualMachineProfile', 'metadata: {name: b}', 'spec: {cpu: 0, memory: 4Gi, osImage: ubuntu}',
    ].join('\n');
    let message = '';
    try {
      VmProfiles.synthYaml(text);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^line 1: .*spec\.networks\[0\]\.vlanId: Invalid value: 5000: must be between 1 and 4094/m);
    expect(message).toMatch(/^line 5: .*spec\.cpu: Invalid value: 0/m);
  });

  test('GIVEN YAML that does not parse WHEN synthYaml THEN the syntax error, with its line', () => {
    expect(() => VmProfiles.synthYaml('a: [1,\n')).toThrow(ProfileSynthError);
    expect(() => VmProfiles.synthYaml('a: [1,\n')).toThrow(/line \d+, column \d+/);
  });

  test('GIVEN a profile with an out-of-range VLAN WHEN validate THEN the field error, not a throw', () => {
    const doc = example('web-server-01') as any;
    doc.spec.networks[0].vlanId = 5000;
    const result = VmProfiles.validate(doc);
    expect(result.errors).toEqual([expect.objectContaining({ type: 'Invalid', field: 'spec.networks[0].vlanId', value: 5000 })]);
    expect(VmProfiles.validate(example('web-server-01')).errors).toEqual([]);
  });

  test('GIVEN a profile and no cluster objects WHEN deriveStatus THEN Pending (nothing created yet)', () => {
    expect(VmProfiles.deriveStatus(example('web-server-01'), []).phase).toBe(ProfilePhase.PENDING);
  });

  test('WHEN crdManifest, explain and mermaid THEN what the CLI prints', () => {
    expect(VmProfiles.crdManifest()).toEqual(profileCrdManifest());
    expect(VmProfiles.explain('spec.networks.vlanId')).toBe(explain('spec.networks.vlanId'));
    expect(VmProfiles.mermaid([example('web-server-01')])).toMatch(/^flowchart LR\n/);
    expect(() => VmProfiles.mermaid([{ kind: 'VirtualMachineProfile' }])).toThrow(/metadata/);
    // Two profiles needing one NAD configured two ways are refused, as `vmprofile graph` refuses them.
    const vlan = (name: string, vlanId: number) => ({
      ...example('simple-vm'),
      metadata: { name, namespace: 'prod' },
      spec: { ...example('simple-vm').spec, networks: [{ name: 'mgmt', type: 'bridge', vlanId }] },
    });
    expect(() => VmProfiles.dot([vlan('a', 10), vlan('b', 20)])).toThrow(ProfileSynthError);
  });

  test('GIVEN a document built from API_VERSION and KIND WHEN validated THEN it is a profile', () => {
    const doc = { apiVersion: VmProfiles.API_VERSION, kind: VmProfiles.KIND, metadata: { name: 'web' }, spec: { cpu: 1, memory: '1Gi', osImage: 'quay.io/containerdisks/fedora:40' } };
    expect(VmProfiles.validate(doc).errors).toEqual([]);
  });

  test('GIVEN the spec example WHEN its generated names are asked of VmProfiles THEN the names its objects carry', () => {
    const objects = synthProfiles([{ doc: example('web-server-01') }]).manifests;
    const vm = objects.find((o) => o.kind === 'VirtualMachine');
    expect(vm.metadata.name).toBe(VmProfiles.vmName('web-server-01'));
    expect(vm.metadata.labels[VmProfiles.PROFILE_LABEL]).toBe('web-server-01');
    expect(objects.filter((o) => o.kind === 'DataVolume').map((o) => o.metadata.name)).toContain(VmProfiles.dataVolumeName('web-server-01', 'data'));
    expect(objects.filter((o) => o.kind === 'NetworkAttachmentDefinition').map((o) => o.metadata.name)).toContain(VmProfiles.createdNadName('management'));
    const interfaces = vm.spec.template.spec.domain.devices.interfaces;
    expect(interfaces[0].macAddress).toBe(VmProfiles.stableMacAddress('web-server-01', 'management', 'production'));
    expect(VmProfiles.stableMacAddress('web-server-01', 'management')).not.toBe(interfaces[0].macAddress);
    expect(VmProfiles.interfaceName(0)).toMatch(/^[a-z]+0$/);
    expect(VmProfiles.dot([example('web-server-01')])).toMatch(/^digraph vmprofile \{/);
  });

  test('GIVEN the enum-like classes WHEN read as values THEN the YAML strings, in declaration order', () => {
    expect(NetworkType.BRIDGE).toBe('bridge');
    expect(Object.values(NetworkType)).toEqual(['bridge', 'macvlan', 'sriov', 'ovs']);
    expect(Object.values(RunStrategy)).toEqual(['Always', 'RerunOnFailure', 'Manual']);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import * as api from '../src';

describe('the package entry (src/index.ts): the public API', () => {
  test('GIVEN the entry WHEN its run-time exports are listed THEN exactly the curated names (a new one is a decision)', () => {
    expect(Object.keys(api).sort()).toEqual([
      'AntiAffinityMode', 'Bootloader', 'FIELD_MANAGER', 'InstancetypeKind', 'IpMode', 'NetworkType', 'NodeNetworkConflictError',
      'PROFILE_API_VERSION', 'PROFILE_GROUP', 'PROFILE_KIND', 'PROFILE_LABEL', 'PROFILE_VERSION', 'PreferenceKind', 'ProfileConditionType',
      'ProfileController', 'ProfilePhase', 'ProfileSynthError', 'RUN_STRATEGY_ANNOTATION', 'RestartPolicy', 'RunStrategy', 'SHARED_LABEL',
      'ValidationError', 'VirtualMachineProfile', 'VirtualMachineProfileController', 'VirtualMachineProfileCrd', 'VmDisk', 'VmNetwork',
      'VmProfiles', 'assertValidProfile', 'createdNadName', 'dataVolumeName', 'derivePhase', 'deriveStatus', 'explain',
      'fieldReferenceMarkdown', 'formatFieldError', 'interfaceName', 'parseDocuments', 'profileCrdManifest', 'profileGraph',
      'profileOpenApiSchema', 'stableMacAddress', 'synthApp', 'synthAppYaml', 'synthProfiles', 'toDot', 'toMermaid', 'toYamlStream',
      'validateProfile', 'vmName',
    ]);
  });

  test('GIVEN an invalid profile WHEN constructed THEN the error is the exported ValidationError, with every field error', () => {
    let caught: unknown;
    try {
      new api.VirtualMachineProfile(Testing.chart(), 'p', { metadata: { name: 'web' }, spec: { cpu: 0, memory: '4Gi', osImage: 'fedora' } });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(api.ValidationError);
    expect((caught as api.ValidationError).errors).toEqual([expect.objectContaining({ field: 'spec.cpu', value: 0 })]);
  });

  // The assembly exists once `npx projen compile` (jsii) ran, as in CI before the tests.
  const assembly = path.join(__dirname, '..', '.jsii');
  (fs.existsSync(assembly) ? test : test.skip)('GIVEN the jsii assembly WHEN read THEN the constructs, VmProfiles and the enum-like classes cross to other languages; no error class', () => {
    const all: Record<string, { kind: string }> = JSON.parse(fs.readFileSync(assembly, 'utf8')).types;
    const types = Object.keys(all).map((t) => t.replace(/^cdk8s-vmprofile\./, ''));
    expect(types).toEqual(expect.arrayContaining([
      'VirtualMachineProfile', 'VmNetwork', 'VmDisk', 'VirtualMachineProfileController', 'VirtualMachineProfileCrd', 'VmProfiles',
      'NetworkType', 'IpMode', 'RunStrategy', 'VirtualMachineProfileSpec', 'NetworkSpec', 'DiskSpec',
    ]));
    const classes = Object.entries(all).filter(([, t]) => t.kind === 'class').map(([name]) => name.replace(/^cdk8s-vmprofile\./, ''));
    expect(classes.filter((name) => name.endsWith('Error') || name === 'ProfileController')).toEqual([]);
  });
});

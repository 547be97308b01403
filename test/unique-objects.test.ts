import { Testing } from 'cdk8s';
import { minimal } from './helpers';
import { duplicateObjects } from '../src/constructs/unique-objects';
import { VirtualMachineProfile } from '../src/constructs/virtual-machine-profile';
import { VmDisk } from '../src/constructs/vm-disk';
import { ProfileSynthError, synthProfiles } from '../src/synth/synth';

/** Profile `a-b` with disk `c` and profile `a` with disk `b-c`: both DataVolumes are named `a-b-c`. */
const colliding = () => [
  minimal({ disks: [{ name: 'c', size: '10Gi', storageClassName: 'sc', boot: true }] }, 'a-b'),
  minimal({ disks: [{ name: 'b-c', size: '10Gi', storageClassName: 'sc', boot: true }] }, 'a'),
];

describe('duplicateObjects', () => {
  test('same apiVersion, kind, namespace and name is a duplicate; another namespace or kind is not', () => {
    const o = { apiVersion: 'v1', kind: 'Secret', namespace: 'ns', name: 'x' };
    expect(duplicateObjects([
      { ...o, emitter: 'one' }, { ...o, namespace: 'other', emitter: 'two' }, { ...o, kind: 'ConfigMap', emitter: 'three' }, { ...o, emitter: 'four' },
    ])).toEqual(['Secret ns/x is emitted twice, by one and by four: rename one']);
  });
});

describe('generated names that collide are refused', () => {
  test('synthProfiles (CLI): a ProfileSynthError naming both profiles', () => {
    // GIVEN two profiles whose disks get the same DataVolume name WHEN synthesized THEN refused, both named
    let error: ProfileSynthError | undefined;
    try {
      synthProfiles(colliding().map((doc) => ({ doc })));
    } catch (e) { error = e as ProfileSynthError; }
    expect(error?.problems).toEqual([
      'DataVolume ns1/a-b-c is emitted twice, by VirtualMachineProfile/ns1/a-b and by VirtualMachineProfile/ns1/a: rename one',
    ]);
  });

  test('constructs: synthesis fails naming both construct paths', () => {
    const chart = Testing.chart();
    for (const doc of colliding()) VirtualMachineProfile.fromManifest(chart, undefined, doc);
    expect(() => Testing.synth(chart)).toThrow(/DataVolume ns1\/a-b-c is emitted twice, by test\/ns1\.a-b\/Disk-c and by test\/ns1\.a\/Disk-b-c: rename one/);
  });

  test('constructs: a standalone VmDisk that takes a profile disk\'s name', () => {
    const chart = Testing.chart();
    VirtualMachineProfile.fromManifest(chart, undefined, minimal());
    new VmDisk(chart, 'Golden', { name: 'g', dataVolumeName: 'vm1-system', namespace: 'ns1', size: '10Gi', storageClassName: 'sc' });
    expect(() => Testing.synth(chart)).toThrow(/DataVolume ns1\/vm1-system is emitted twice/);
  });
});

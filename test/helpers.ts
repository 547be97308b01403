import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { VirtualMachineProfile, VirtualMachineProfileProps } from '../src/constructs/virtual-machine-profile';
import { VirtualMachineProfileManifest } from '../src/spec/profile-spec';
import { ValidationError } from '../src/validate/validation';

export const EXAMPLES_DIR = path.join(__dirname, '..', 'examples');

/** A spec example from examples/, parsed. */
export function example(name: string): VirtualMachineProfileManifest {
  return parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.yaml`), 'utf8'));
}

/** Synthesizes one profile in a fresh chart; returns its objects. */
export function synthProfile(props: VirtualMachineProfileProps | VirtualMachineProfileManifest): any[] {
  const chart = Testing.chart();
  if ('apiVersion' in props) VirtualMachineProfile.fromManifest(chart, undefined, props);
  else new VirtualMachineProfile(chart, 'profile', props);
  return Testing.synth(chart);
}

/** The one object of a kind (and name). */
export function only(objects: any[], kind: string, name?: string): any {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0];
}

/** A minimal valid profile, to vary in tests. */
export function minimal(overrides: Partial<VirtualMachineProfileManifest['spec']> = {}, name = 'vm1', namespace = 'ns1'): VirtualMachineProfileManifest {
  return {
    apiVersion: 'vm.example.com/v1alpha1',
    kind: 'VirtualMachineProfile',
    metadata: { name, namespace },
    spec: {
      cpu: 2,
      memory: '4Gi',
      disks: [{ name: 'system', size: '20Gi', storageClassName: 'fast', boot: true, image: 'quay.io/containerdisks/fedora:40' }],
      ...overrides,
    },
  };
}

/** A profile with two mistakes (cpu 0, VLAN 5000), as YAML. */
export const BAD_PROFILE_YAML = `apiVersion: vm.example.com/v1alpha1
kind: VirtualMachineProfile
metadata: {name: bad-vm}
spec:
  cpu: 0
  memory: 4Gi
  networks:
    - {name: a, type: bridge, vlanId: 5000}
  disks:
    - {name: system, size: 20Gi, storageClassName: sc, boot: true}
`;

/** What `run` throws; fails the test when it throws nothing. */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

/** The ValidationError `run` throws; fails the test on another error or none. */
export function validationErrorOf(run: () => unknown): ValidationError {
  const e = thrown(run);
  if (e instanceof ValidationError) return e;
  throw e;
}

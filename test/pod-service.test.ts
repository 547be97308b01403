import { planProfile } from '../src/plan/profile-plan';
import { podServiceProps, vmiIdLabelValue } from '../src/render/pod-service';
import { synthProfiles } from '../src/synth/synth';

function profile(spec: object, name = 'web'): any {
  return {
    apiVersion: 'vm.example.com/v1alpha1',
    kind: 'VirtualMachineProfile',
    metadata: { name, namespace: 'prod' },
    spec: { cpu: 2, memory: '4Gi', osImage: 'quay.io/containerdisks/fedora:41', podNetwork: true, ...spec },
  };
}

describe('vmiIdLabelValue', () => {
  test('GIVEN a VMI name of at most 63 characters WHEN labelled THEN the name itself', () => {
    expect(vmiIdLabelValue('web-vm')).toBe('web-vm');
    expect(vmiIdLabelValue('a'.repeat(63))).toBe('a'.repeat(63));
  });

  test('GIVEN a longer name WHEN labelled THEN its first 54 characters and 8 hex digits of its SHA-1, as KubeVirt computes it', () => {
    // Expected value computed with Python's hashlib, as KubeVirt's CalculateVirtualMachineInstanceID does in Go.
    expect(vmiIdLabelValue(`${'a'.repeat(70)}-vm`)).toBe(`${'a'.repeat(54)}-b9038c03`);
  });
});

describe('podServiceProps', () => {
  test('GIVEN spec.service and two ports WHEN rendered THEN a Service named like the VM selects its launcher pod on both ports', () => {
    const doc = profile({ ports: [{ name: 'ssh', port: 22 }, { name: 'dns', port: 53, protocol: 'UDP' }], service: { type: 'NodePort' } });
    const props = podServiceProps(planProfile(doc))!;
    expect(props.metadata).toEqual({ name: 'web-vm', namespace: 'prod', labels: { vmprofile: 'web' } });
    expect(props.spec).toEqual({
      type: 'NodePort',
      // KubeVirt's label on the launcher pod, spelled out: a misspelt key would select no pod
      selector: { 'vmi.kubevirt.io/id': 'web-vm' },
      ports: [{ name: 'ssh', port: 22, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }],
    });
  });

  test('GIVEN no spec.service WHEN rendered THEN no Service', () => {
    expect(podServiceProps(planProfile(profile({ ports: [{ port: 22 }] })))).toBeUndefined();
  });

  test('GIVEN spec.service without a type WHEN synthesized THEN a ClusterIP Service after the VM', () => {
    const kinds = synthProfiles([{ doc: profile({ ports: [{ port: 22 }], service: {} }) }]).manifests.map((m: any) => `${m.kind}/${m.spec?.type ?? ''}`);
    expect(kinds.slice(-2)).toEqual(['VirtualMachine/', 'Service/ClusterIP']);
  });
});

import { Testing } from 'cdk8s';
import { minimal } from './helpers';
import { VirtualMachineProfile } from '../src/constructs/virtual-machine-profile';
import { VmNetwork } from '../src/constructs/vm-network';
import { ValidationError } from '../src/validate/validation';

describe('GuestAddresses: MACs and static IPs across the whole app', () => {
  const withNet = (name: string, net: Record<string, unknown>) => minimal({ networks: [{ name: 'mgmt', type: 'bridge', ...net } as any] }, name);

  test('fails: two profiles with the same macAddress, kubectl-style, naming the first', () => {
    // GIVEN a chart with a profile using a MAC
    const chart = Testing.chart();
    VirtualMachineProfile.fromManifest(chart, undefined, withNet('a', { macAddress: '02:00:00:00:00:aa' }));
    // WHEN a second profile uses it (in another case) THEN refused
    expect(() => VirtualMachineProfile.fromManifest(chart, undefined, withNet('b', { macAddress: '02:00:00:00:00:AA' })))
      .toThrow('VirtualMachineProfile/ns1/b: spec.networks[0].macAddress: Duplicate value: "02:00:00:00:00:aa": already used by VirtualMachineProfile/ns1/a (spec.networks[0])');
  });

  test('fails: a MAC added with addNetwork that another profile uses; the network is not added', () => {
    const chart = Testing.chart();
    VirtualMachineProfile.fromManifest(chart, undefined, withNet('a', { macAddress: '02:00:00:00:00:bb' }));
    const b = VirtualMachineProfile.fromManifest(chart, undefined, minimal({}, 'b'));
    expect(() => b.addNetwork(VmNetwork.fromNadName(chart, 'Ext', 'ext-nad', { name: 'ext', type: 'bridge' }), { macAddress: '02:00:00:00:00:bb' }))
      .toThrow(ValidationError);
    expect(b.toManifest().spec.networks).toBeUndefined();
  });

  test('GIVEN two profiles with the same static IP on the same network WHEN built THEN the second warns; on another network nothing', () => {
    const chart = Testing.chart();
    const ip = { ipConfig: { mode: 'static', address: '10.0.0.5/24' } };
    VirtualMachineProfile.fromManifest(chart, undefined, withNet('a', ip));
    const b = VirtualMachineProfile.fromManifest(chart, undefined, withNet('b', ip));
    const c = VirtualMachineProfile.fromManifest(chart, undefined, minimal({ networks: [{ name: 'other', type: 'bridge', ...ip } as any] }, 'c'));
    expect(b.warnings).toContain('spec.networks[0].ipConfig.address ("10.0.0.5/24"): VirtualMachineProfile/ns1/a (spec.networks[0].ipConfig.address) ' +
      'has the same address on network ns1/mgmt-nad: only one of the two VMs may run at a time, or both lose traffic');
    expect(c.warnings.join('\n')).not.toContain('same address');
  });

  test('GIVEN two dual-stack profiles sharing only the IPv6 address WHEN built THEN the second warns on its addresses entry', () => {
    const chart = Testing.chart();
    VirtualMachineProfile.fromManifest(chart, undefined, withNet('a', { ipConfig: { mode: 'static', address: '10.0.0.5/24', addresses: ['fd00::5/64'] } }));
    const b = VirtualMachineProfile.fromManifest(chart, undefined, withNet('b', { ipConfig: { mode: 'static', address: '10.0.0.6/24', addresses: ['fd00:0::5/64'] } }));
    expect(b.warnings).toContain('spec.networks[0].ipConfig.addresses[0] ("fd00:0::5/64"): VirtualMachineProfile/ns1/a (spec.networks[0].ipConfig.addresses[0]) ' +
      'has the same address on network ns1/mgmt-nad: only one of the two VMs may run at a time, or both lose traffic');
  });

  test('GIVEN two apps WHEN the same MAC is used once in each THEN no error (one registry per App)', () => {
    VirtualMachineProfile.fromManifest(Testing.chart(), undefined, withNet('a', { macAddress: '02:00:00:00:00:cc' }));
    expect(() => VirtualMachineProfile.fromManifest(Testing.chart(), undefined, withNet('b', { macAddress: '02:00:00:00:00:cc' }))).not.toThrow();
  });
});

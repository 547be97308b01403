import { App, Chart, Testing } from 'cdk8s';
import { validationErrorOf } from './helpers';
import { VirtualMachineProfile } from '../src/constructs/virtual-machine-profile';
import { networkSpecOf, VmNetwork } from '../src/constructs/vm-network';
import { NadPlan, planNad, RESOURCE_NAME_ANNOTATION } from '../src/plan/profile-plan';
import { networkAttachmentDefinitionProps, SharedNetworks } from '../src/render/network-attachment-definition';
import { synthProfiles } from '../src/synth/synth';
import { ValidationError } from '../src/validate/field-error';

function nads(chart: Chart): any[] {
  return Testing.synth(chart).filter((o) => o.kind === 'NetworkAttachmentDefinition');
}

describe('VmNetwork', () => {
  test('creates one NAD <name>-nad with namespace, labels and the bridge CNI config', () => {
    // GIVEN a tagged bridge network in a namespace
    const chart = Testing.chart();
    const network = new VmNetwork(chart, 'Mgmt', { name: 'mgmt', type: 'bridge', vlanId: 100, namespace: 'prod', labels: { team: 'net' } });
    // WHEN synthesized
    const [nad, ...rest] = nads(chart);
    // THEN one k8s.cni.cncf.io/v1 NAD named mgmt-nad in prod, labelled, with br-mgmt and VLAN 100
    expect(rest).toEqual([]);
    expect(nad.apiVersion).toBe('k8s.cni.cncf.io/v1');
    expect(nad.metadata).toEqual({ name: 'mgmt-nad', namespace: 'prod', labels: { team: 'net' } });
    expect(JSON.parse(nad.spec.config)).toEqual({
      cniVersion: '0.3.1', name: 'mgmt-nad', type: 'bridge', bridge: 'br-mgmt', vlan: 100, preserveDefaultVlan: false, ipam: {},
    });
    // AND the construct refers to it as namespace/name
    expect(network.nadName).toBe('prod/mgmt-nad');
    expect(network.namespace).toBe('prod');
    expect(network.name).toBe('mgmt');
    expect(network.type).toBe('bridge');
  });

  test('without a namespace the NAD has none and nadName is the bare name', () => {
    // GIVEN no namespace WHEN synthesized THEN no metadata.namespace and nadName mgmt-nad
    const chart = Testing.chart();
    const network = new VmNetwork(chart, 'Mgmt', { name: 'mgmt', type: 'bridge' });
    const [nad] = nads(chart);
    expect(nad.metadata.namespace).toBeUndefined();
    expect(network.nadName).toBe('mgmt-nad');
    expect(network.namespace).toBeUndefined();
  });

  test('an explicit bridgeName replaces br-<name>', () => {
    const chart = Testing.chart();
    new VmNetwork(chart, 'Mgmt', { name: 'mgmt', type: 'bridge', bridgeName: 'br0' });
    expect(JSON.parse(nads(chart)[0].spec.config).bridge).toBe('br0');
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    ['sriov', { vlanId: 300 }, { type: 'sriov', vlan: 300, ipam: {} }, 'openshift.io/fast_net'],
    ['ovs', { bridgeName: 'br-ovs' }, { type: 'ovs', bridge: 'br-ovs' }, 'ovs-cni.network.kubevirt.io/br-ovs'],
    ['macvlan', { nodeNetwork: { uplink: 'ens3' } }, { type: 'macvtap' }, 'macvtap.network.kubevirt.io/ens3'],
  ])('%s NADs carry the type\'s CNI config and resource annotation', (type, extra, config, resourceName) => {
    // GIVEN a network of each device-plugin type WHEN synthesized THEN the config and annotation of docs/networks.md
    const chart = Testing.chart();
    new VmNetwork(chart, 'N', { name: 'fast-net', type, namespace: 'prod', ...extra });
    const [nad] = nads(chart);
    expect(JSON.parse(nad.spec.config)).toEqual({ cniVersion: '0.3.1', name: 'fast-net-nad', ...config });
    expect(nad.metadata.annotations).toEqual({ [RESOURCE_NAME_ANNOTATION]: resourceName });
  });

  test('resourceName overrides the annotation', () => {
    const chart = Testing.chart();
    new VmNetwork(chart, 'N', { name: 'data', type: 'sriov', resourceName: 'intel.com/sriov_data' });
    expect(nads(chart)[0].metadata.annotations).toEqual({ [RESOURCE_NAME_ANNOTATION]: 'intel.com/sriov_data' });
  });

  test('a bridge NAD has no annotations key', () => {
    const chart = Testing.chart();
    new VmNetwork(chart, 'N', { name: 'mgmt', type: 'bridge' });
    expect(nads(chart)[0].metadata).not.toHaveProperty('annotations');
  });

  test('fromNadName creates nothing and keeps the reference as given', () => {
    // GIVEN an existing NAD referenced by namespace/name WHEN synthesized THEN no object, and the reference is kept
    const chart = Testing.chart();
    const network = VmNetwork.fromNadName(chart, 'Biz', 'infra/business-sriov-nad', { name: 'business', type: 'sriov' });
    expect(Testing.synth(chart)).toEqual([]);
    expect(network.nadName).toBe('infra/business-sriov-nad');
    expect(network.name).toBe('business');
    expect(network.type).toBe('sriov');
  });
});

describe('networkSpecOf', () => {
  test('a created network becomes a spec entry with its nadName and the attachment', () => {
    // GIVEN a VmNetwork and an ipConfig WHEN turned into a spec entry THEN name, type, nadName and ipConfig
    const chart = Testing.chart();
    const network = new VmNetwork(chart, 'Mgmt', { name: 'mgmt', type: 'bridge', namespace: 'prod' });
    expect(networkSpecOf(network, { ipConfig: { mode: 'dhcp' } }))
      .toEqual({ name: 'mgmt', type: 'bridge', nadName: 'prod/mgmt-nad', ipConfig: { mode: 'dhcp' } });
  });

  test('an imported network without attachment', () => {
    const chart = Testing.chart();
    const network = VmNetwork.fromNadName(chart, 'Biz', 'business-nad', { name: 'business', type: 'macvlan' });
    expect(networkSpecOf(network)).toEqual({ name: 'business', type: 'macvlan', nadName: 'business-nad' });
  });
});

describe('networkAttachmentDefinitionProps', () => {
  test('labels are copied and config is the JSON of the CNI config', () => {
    // GIVEN a planned NAD and labels WHEN turned into props THEN a copy of the labels and serialized config
    const labels = { vmprofile: 'web' };
    const nad = planNad({ name: 'mgmt', type: 'bridge' }, 'mgmt-nad', 'prod', 'br-mgmt');
    const props = networkAttachmentDefinitionProps(nad, labels);
    expect(props.metadata!.labels).toEqual(labels);
    expect(props.metadata!.labels).not.toBe(labels);
    expect(JSON.parse(props.spec!.config!)).toEqual(nad.cniConfig);
  });
});

describe('SharedNetworks.claim', () => {
  const bridge = (vlanId?: number, bridgeName = 'br-mgmt'): NadPlan => planNad({ name: 'mgmt', type: 'bridge', vlanId }, 'mgmt-nad', 'default', bridgeName);

  test('the first user creates, a user with the same config shares', () => {
    // GIVEN two profiles needing the same NAD with the same config WHEN claimed THEN true, then false
    const shared = SharedNetworks.of(Testing.app());
    expect(shared.claim('VirtualMachineProfile/default/a', 'spec.networks[0]', bridge(100))).toBe(true);
    expect(shared.claim('VirtualMachineProfile/default/b', 'spec.networks[1]', bridge(100))).toBe(false);
    expect(shared.claim('VirtualMachineProfile/default/c', 'spec.networks[0]', bridge(100))).toBe(false);
  });

  test('the same name in another namespace is another NAD', () => {
    // GIVEN mgmt-nad in two namespaces with different configs WHEN claimed THEN both create
    const shared = SharedNetworks.of(Testing.app());
    expect(shared.claim('a', 'spec.networks[0]', bridge(100))).toBe(true);
    expect(shared.claim('b', 'spec.networks[0]', { ...bridge(200), namespace: 'other' })).toBe(true);
  });

  /** The ValidationError `claim` throws for the second user. */
  function conflict(first: NadPlan, second: NadPlan): ValidationError {
    const shared = SharedNetworks.of(Testing.app());
    shared.claim('VirtualMachineProfile/default/multi-net-vm', 'spec.networks[0]', first);
    try {
      shared.claim('VirtualMachineProfile/default/ha-vm', 'spec.networks[2]', second);
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      return e as ValidationError;
    }
    throw new Error('claim did not throw');
  }

  test('a different vlanId fails naming both users and the field', () => {
    // GIVEN the spec's multi-net-vm and ha-vm with mgmt on VLAN 100 and 200 WHEN the second claims THEN one error
    const e = conflict(bridge(100), bridge(200));
    expect(e.errors).toEqual([{
      type: 'Invalid',
      field: 'spec.networks[2].vlanId',
      value: 200,
      detail: 'NetworkAttachmentDefinition default/mgmt-nad is already defined by VirtualMachineProfile/default/multi-net-vm ' +
        '(spec.networks[0]) with vlanId 100; use the same settings or another network name',
    }]);
    // AND the message names the second user first
    expect(e.message).toBe('VirtualMachineProfile/default/ha-vm: spec.networks[2].vlanId: Invalid value: 200: NetworkAttachmentDefinition ' +
      'default/mgmt-nad is already defined by VirtualMachineProfile/default/multi-net-vm (spec.networks[0]) with vlanId 100; ' +
      'use the same settings or another network name');
  });

  test('tagged vs untagged: the missing side reads null and unset', () => {
    // GIVEN the first with a VLAN and the second without WHEN claimed THEN value null and "vlanId 100"; reversed "unset"
    const e = conflict(bridge(100), bridge(undefined));
    expect(e.errors[0]).toMatchObject({ field: 'spec.networks[2].vlanId', value: null });
    const reversed = conflict(bridge(undefined), bridge(100));
    expect(reversed.errors[0].value).toBe(100);
    expect(reversed.errors[0].detail).toContain('with vlanId unset;');
  });

  test('a different type is named as type', () => {
    // GIVEN a bridge and an ovs network of one name WHEN claimed THEN the field is type
    const ovs = planNad({ name: 'mgmt', type: 'ovs', vlanId: 100 }, 'mgmt-nad', 'default', 'br-mgmt');
    const e = conflict(bridge(100), ovs);
    expect(e.errors[0]).toMatchObject({ field: 'spec.networks[2].type', value: 'ovs' });
    expect(e.errors[0].detail).toContain('with type "bridge";');
    expect(e.message).toContain('VirtualMachineProfile/default/ha-vm:');
    expect(e.message).toContain('VirtualMachineProfile/default/multi-net-vm');
  });

  test('a different bridge is named as bridgeName', () => {
    const e = conflict(bridge(100, 'br-mgmt'), bridge(100, 'br0'));
    expect(e.errors[0]).toMatchObject({ field: 'spec.networks[2].bridgeName', value: 'br0' });
    expect(e.errors[0].detail).toContain('with bridgeName "br-mgmt";');
  });

  test('a different resource is named as resourceName', () => {
    // GIVEN two sriov networks with different device-plugin resources WHEN claimed THEN the field is resourceName
    const first = planNad({ name: 'mgmt', type: 'sriov' }, 'mgmt-nad', 'default', undefined);
    const second = planNad({ name: 'mgmt', type: 'sriov', resourceName: 'intel.com/mgmt' }, 'mgmt-nad', 'default', undefined);
    const e = conflict(first, second);
    expect(e.errors[0]).toMatchObject({ field: 'spec.networks[2].resourceName', value: 'intel.com/mgmt' });
    expect(e.errors[0].detail).toContain('with resourceName "openshift.io/mgmt";');
  });

  test('a failed claim does not replace the first user', () => {
    // GIVEN a refused second claim WHEN a third claims with the first's config THEN it shares
    const shared = SharedNetworks.of(Testing.app());
    shared.claim('a', 'spec.networks[0]', bridge(100));
    expect(() => shared.claim('b', 'spec.networks[0]', bridge(200))).toThrow(ValidationError);
    expect(shared.claim('c', 'spec.networks[0]', bridge(100))).toBe(false);
  });
});

describe('SharedNetworks.of', () => {
  test('is one registry per App, shared by its charts and constructs', () => {
    // GIVEN one App with two charts WHEN asked from either chart or the app THEN the same registry
    const app = new App();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    const shared = SharedNetworks.of(a);
    expect(SharedNetworks.of(b)).toBe(shared);
    expect(SharedNetworks.of(app)).toBe(shared);
    expect(SharedNetworks.of(new VmNetwork(b, 'N', { name: 'x', type: 'bridge' }))).toBe(shared);
  });

  test('another App has its own registry', () => {
    // GIVEN two Apps WHEN a NAD is claimed in one THEN the other still lets its first user create it
    const nad = planNad({ name: 'mgmt', type: 'bridge' }, 'mgmt-nad', 'default', 'br-mgmt');
    const first = SharedNetworks.of(new App());
    const second = SharedNetworks.of(new App());
    expect(second).not.toBe(first);
    expect(first.claim('a', 'f', nad)).toBe(true);
    expect(second.claim('a', 'f', nad)).toBe(true);
  });
});

describe('VmNetwork and inline profile networks share one NAD per name and namespace', () => {
  const profileWith = (vlanId: number) => ({
    apiVersion: 'vm.example.com/v1alpha1',
    kind: 'VirtualMachineProfile',
    metadata: { name: 'web', namespace: 'prod' },
    spec: { cpu: 2, memory: '4Gi', networks: [{ name: 'mgmt', type: 'bridge', vlanId }], disks: [{ name: 'system', size: '10Gi', storageClassName: 'sc', boot: true }] },
  });
  const nadsOf = (chart: Chart) => Testing.synth(chart).filter((o) => o.kind === 'NetworkAttachmentDefinition');

  /** The VM's networks in `chart`. */
  const vmNetworksOf = (chart: Chart) => Testing.synth(chart).find((o) => o.kind === 'VirtualMachine').spec.template.spec.networks;

  test('VmNetwork first, then a profile with the same network: one NAD', () => {
    // GIVEN a standalone VmNetwork WHEN a profile defines the same network inline THEN one object, the VmNetwork's
    // (its author's metadata: no vmprofile label), and the VM attaches to it
    const chart = Testing.chart();
    new VmNetwork(chart, 'Mgmt', { name: 'mgmt', type: 'bridge', vlanId: 100, namespace: 'prod' });
    VirtualMachineProfile.fromManifest(chart, undefined, profileWith(100));
    expect(nadsOf(chart).map((n) => n.metadata)).toEqual([{ name: 'mgmt-nad', namespace: 'prod' }]);
    expect(vmNetworksOf(chart)).toEqual([{ name: 'mgmt', multus: { networkName: 'mgmt-nad' } }]);
  });

  test('a profile first, then a VmNetwork of the same config: one NAD', () => {
    // GIVEN a profile WHEN a VmNetwork of its network follows THEN one object, the profile's, which its VM attaches to
    const chart = Testing.chart();
    VirtualMachineProfile.fromManifest(chart, undefined, profileWith(100));
    new VmNetwork(chart, 'Mgmt', { name: 'mgmt', type: 'bridge', vlanId: 100, namespace: 'prod' });
    expect(nadsOf(chart).map((n) => n.metadata)).toEqual([{ name: 'mgmt-nad', namespace: 'prod', labels: { vmprofile: 'web' } }]);
    expect(vmNetworksOf(chart)).toEqual([{ name: 'mgmt', multus: { networkName: 'mgmt-nad' } }]);
  });

  test('fails: the same NAD with another VLAN names both', () => {
    const chart = Testing.chart();
    new VmNetwork(chart, 'Mgmt', { name: 'mgmt', type: 'bridge', vlanId: 100, namespace: 'prod' });
    expect(() => VirtualMachineProfile.fromManifest(chart, undefined, profileWith(200)))
      .toThrow('VirtualMachineProfile/prod/web: spec.networks[0].vlanId: Invalid value: 200: NetworkAttachmentDefinition prod/mgmt-nad is already defined by VmNetwork test/Mgmt (props) with vlanId 100');
  });
});

describe('a NAD several profiles share does not look like one profile\'s own', () => {
  const profile = (name: string, labels: Record<string, string>) => ({
    apiVersion: 'vm.example.com/v1alpha1',
    kind: 'VirtualMachineProfile',
    metadata: { name, namespace: 'db', labels },
    spec: {
      cpu: 2,
      memory: '4Gi',
      networks: [{ name: 'replication', type: 'bridge', vlanId: 30 }, { name: `own-${name}`, type: 'bridge' }],
      disks: [{ name: 'system', size: '20Gi', storageClassName: 'fast', boot: true }],
    },
  });
  const docs = [profile('pg-1', { app: 'pg', tier: 'db' }), profile('pg-0', { app: 'pg', tier: 'data' })];

  test.each<[string, () => any[]]>([
    ['through a Chart', () => {
      const chart = Testing.chart();
      for (const doc of docs) VirtualMachineProfile.fromManifest(chart, undefined, doc);
      return Testing.synth(chart);
    }],
    ['through synthProfiles', () => synthProfiles(docs.map((doc) => ({ doc }))).manifests],
  ])('GIVEN pg-1 and pg-0 sharing replication-nad WHEN synthesized %s THEN no vmprofile label, the shared label, common labels and the users annotation', (_, synth) => {
    const created = synth().filter((o) => o.kind === 'NetworkAttachmentDefinition');
    const shared = created.find((o) => o.metadata.name === 'replication-nad');
    expect(shared.metadata.labels).toEqual({ 'app': 'pg', 'vm.example.com/shared': 'true' });
    expect(shared.metadata.annotations).toEqual({ 'vm.example.com/profiles': 'db/pg-0,db/pg-1' });
    // A NAD only one profile uses stays that profile's own.
    const own = created.find((o) => o.metadata.name === 'own-pg-0-nad');
    expect(own.metadata.labels).toEqual({ app: 'pg', tier: 'data', vmprofile: 'pg-0' });
    expect(own.metadata).not.toHaveProperty('annotations');
  });

  test('GIVEN a shared SR-IOV NAD WHEN synthesized THEN its resourceName annotation stays next to the users', () => {
    const sriov = (name: string) => ({ ...profile(name, {}), spec: { ...profile(name, {}).spec, networks: [{ name: 'fast', type: 'sriov' }] } });
    const [nad] = synthProfiles([sriov('a'), sriov('b')].map((doc) => ({ doc }))).manifests.filter((o) => o.kind === 'NetworkAttachmentDefinition');
    expect(nad.metadata.annotations).toEqual({ [RESOURCE_NAME_ANNOTATION]: 'openshift.io/fast', 'vm.example.com/profiles': 'db/a,db/b' });
  });
});

describe('VmNetwork validates its props with the profile\'s rules', () => {
  test('fails: type bogus, vlanId 99999, a bad namespace and label, all at once, kubectl-style', () => {
    // GIVEN props with four mistakes
    const chart = Testing.chart();
    // WHEN a VmNetwork is made of them
    const error = validationErrorOf(() => new VmNetwork(chart, 'Bad', {
      name: 'biz', type: 'bogus', vlanId: 99999, namespace: 'Prod', labels: { tier: 'a b' },
    }));
    // THEN one ValidationError names each field, value and rule, and nothing was created
    expect(error.message.split('\n')).toEqual([
      'VmNetwork test/Bad: props.type: Unsupported value: "bogus": supported values: "bridge", "macvlan", "sriov", "ovs"',
      'VmNetwork test/Bad: props.vlanId: Invalid value: 99999: must be between 1 and 4094',
      expect.stringMatching(/^VmNetwork test\/Bad: props\.namespace: Invalid value: "Prod": a lowercase RFC 1123 label/),
      expect.stringMatching(/^VmNetwork test\/Bad: props\.labels\[tier\]: Invalid value: "a b": a valid label/),
    ]);
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('fails: missing name and type, an unknown prop (JavaScript) and a macvlan VLAN', () => {
    const error = validationErrorOf(() => new VmNetwork(Testing.chart(), 'Bad', { vlanID: 5 } as any));
    expect(error.errors.map((e) => `${e.field} ${e.type}`)).toEqual(['props.name Required', 'props.type Required', 'props.vlanID Forbidden']);
    expect(error.message).toContain('props.vlanID: Forbidden: unknown field; did you mean "vlanId"?');
    const macvlan = validationErrorOf(() => new VmNetwork(Testing.chart(), 'Tap', { name: 'tap', type: 'macvlan', vlanId: 10 }));
    expect(macvlan.message).toBe('VmNetwork test/Tap: props.vlanId: Forbidden: macvlan does not support VLANs; use type bridge');
  });

  test.each([null, 'bridge', []])('fails: props %p is our ValidationError, not a TypeError', (props) => {
    expect(validationErrorOf(() => new VmNetwork(Testing.chart(), 'Bad', props as any)).errors[0]).toMatchObject({ field: 'props', type: 'Invalid' });
  });

  test('fails: a throwing getter in the props is our ValidationError', () => {
    const props = { name: 'n', get type(): string { throw new Error('boom'); } };
    expect(validationErrorOf(() => new VmNetwork(Testing.chart(), 'Bad', props)).message).toContain('could not read the input: boom');
  });

  test('fails: fromNadName with a bad reference, name and type', () => {
    const error = validationErrorOf(() => VmNetwork.fromNadName(Testing.chart(), 'Ext', 'a/b/c', { name: 'Biz', type: 'bogus' }));
    expect(error.errors.map((e) => e.field)).toEqual(['nadName', 'options.name', 'options.type']);
    expect(error.message).toContain('VmNetwork test/Ext: nadName: Invalid value: "a/b/c": must be "name" or "namespace/name"');
    expect(validationErrorOf(() => VmNetwork.fromNadName(Testing.chart(), 'Ext', 'x', null as any)).errors[0]).toMatchObject({ field: 'options' });
  });

  test('GIVEN valid props WHEN made THEN no warnings and the NAD as before', () => {
    const chart = Testing.chart();
    const net = new VmNetwork(chart, 'Ok', { name: 'ok', type: 'bridge', vlanId: 4094, namespace: 'prod' });
    expect(net.warnings).toEqual([]);
    expect(JSON.parse(nads(chart)[0].spec.config).vlan).toBe(4094);
  });
});

describe('VmNetwork warnings', () => {
  test('GIVEN macvlan without an uplink WHEN made THEN the eth0 assumption is a warning of the VmNetwork', () => {
    const net = new VmNetwork(Testing.chart(), 'Tap', { name: 'tap', type: 'macvlan' });
    expect(net.warnings).toEqual([expect.stringMatching(/^props\.nodeNetwork\.uplink: assumed to be "eth0"/)]);
  });

  test('GIVEN a bridge with nodeNetwork and no nodeSelector WHEN made THEN no NNCP warning (a VmNetwork writes no policy)', () => {
    expect(new VmNetwork(Testing.chart(), 'Br', { name: 'br', type: 'bridge', nodeNetwork: { uplink: 'ens3' } }).warnings).toEqual([]);
  });
});

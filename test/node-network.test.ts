import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { App, Chart, Testing } from 'cdk8s';
import { NodeNetworkConfigurationPolicy } from '../imports/nmstate-nmstate.io';
import { NodeNetworkPolicies } from '../src/constructs/node-network-policies';
import { NODE_NETWORK_LABEL, NODE_NETWORK_PROFILES_ANNOTATION } from '../src/plan/naming';
import {
  NodeNetworkConflictError,
  NodeNetworkPlanner,
  NodeNetworkRequest,
  nodeNetworkPolicyName,
  who,
} from '../src/plan/node-network';
import { trunkTags } from '../src/render/node-network-policy';
import { FieldError, formatFieldError, ValidationError } from '../src/validate/field-error';

const SCHEMA_PATH = path.resolve(__dirname, '../../shared/schemas/jsonschema/nodenetworkconfigurationpolicy_v1.json');

interface ReqOptions extends Partial<NodeNetworkRequest> {
  readonly index?: number;
  readonly nodeSelector?: Record<string, string>;
  readonly totalVfs?: number;
}

function req(profile: string, type: string, uplink: string, extra: ReqOptions = {}): NodeNetworkRequest {
  const { index, nodeSelector, totalVfs, ...rest } = extra;
  return {
    profile,
    field: `spec.networks[${index ?? 0}]`,
    type,
    nodeNetwork: { uplink, ...(nodeSelector ? { nodeSelector } : {}), ...(totalVfs !== undefined ? { totalVfs } : {}) },
    ...rest,
  };
}

function iface(props: any): any {
  return props.spec.desiredState.interfaces[0];
}

function nncps(manifests: any[]): any[] {
  return manifests.filter((m) => m.kind === 'NodeNetworkConfigurationPolicy');
}

/** tryAdd's errors as the lines a NodeNetworkConflictError would print. */
function lines(errors: FieldError[], request: NodeNetworkRequest): string[] {
  return errors.map((e) => `${who(request)}: ${formatFieldError(e)}`);
}

function conflictsOf(fn: () => void): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NodeNetworkConflictError);
    const err = e as NodeNetworkConflictError;
    expect(err).toBeInstanceOf(ValidationError);
    return err.message.split('\n');
  }
  throw new Error('expected a NodeNetworkConflictError');
}

describe('NodeNetworkPlanner: one policy per type', () => {
  test('bridge: linux-bridge with the uplink as its only port, STP off, no IP, trunking the VLAN', () => {
    // GIVEN
    const planner = new NodeNetworkPlanner();
    // WHEN
    planner.add(req('prod/web-01', 'bridge', 'ens3', { bridgeName: 'br-mgmt', vlanId: 100, nodeSelector: { 'node-role.kubernetes.io/worker': '' } }));
    // THEN
    const [p] = planner.policies();
    expect(planner.policies()).toHaveLength(1);
    expect(p.metadata).toEqual({
      name: 'br-mgmt-ens3',
      labels: { [NODE_NETWORK_LABEL]: 'br-mgmt', 'app.kubernetes.io/managed-by': 'cdk8s-vmprofile' },
      annotations: { [NODE_NETWORK_PROFILES_ANNOTATION]: 'prod/web-01' },
    });
    expect(p.metadata!.namespace).toBeUndefined();
    expect(p.spec!.nodeSelector).toEqual({ 'node-role.kubernetes.io/worker': '' });
    expect(p.spec!.desiredState).toEqual({
      interfaces: [{
        name: 'br-mgmt',
        type: 'linux-bridge',
        state: 'up',
        ipv4: { enabled: false },
        ipv6: { enabled: false },
        bridge: {
          options: { stp: { enabled: false } },
          port: [{ name: 'ens3', vlan: { 'mode': 'trunk', 'trunk-tags': [{ id: 100 }] } }],
        },
      }],
    });
  });

  test('bridge, untagged networks only: no vlan section (VLAN filtering stays off)', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/web-01', 'bridge', 'ens3', { bridgeName: 'br-flat' }));
    planner.add(req('prod/db-01', 'bridge', 'ens3', { bridgeName: 'br-flat' }));
    const port = iface(planner.policies()[0]).bridge.port;
    expect(port).toEqual([{ name: 'ens3' }]);
    expect(planner.policies()[0].spec!.nodeSelector).toBeUndefined();
  });

  test('bridge, tagged and untagged mixed: trunk plus native VLAN 1', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/web-01', 'bridge', 'ens3', { bridgeName: 'br-mix', vlanId: 20 }));
    planner.add(req('prod/web-01', 'bridge', 'ens3', { bridgeName: 'br-mix', index: 1 }));
    expect(iface(planner.policies()[0]).bridge.port[0].vlan).toEqual({
      'mode': 'trunk', 'enable-native': true, 'tag': 1, 'trunk-tags': [{ id: 20 }],
    });
  });

  test('ovs: ovs-bridge with the uplink as port, STP off, no VLAN config', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/web-01', 'ovs', 'ens5', { bridgeName: 'br-ovs', vlanId: 300 }));
    const [p] = planner.policies();
    expect(p.metadata!.name).toBe('br-ovs-ens5');
    expect(p.metadata!.labels![NODE_NETWORK_LABEL]).toBe('br-ovs');
    expect(p.spec!.desiredState).toEqual({
      interfaces: [{ name: 'br-ovs', type: 'ovs-bridge', state: 'up', bridge: { options: { stp: false }, port: [{ name: 'ens5' }] } }],
    });
  });

  test('sriov: the PF as ethernet with total-vfs, default 8, max over profiles', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/web-01', 'sriov', 'ens1f0'));
    expect(iface(planner.policies()[0])).toEqual({ name: 'ens1f0', type: 'ethernet', state: 'up', ethernet: { 'sr-iov': { 'total-vfs': 8 } } });
    planner.add(req('prod/db-01', 'sriov', 'ens1f0', { totalVfs: 16 }));
    planner.add(req('dev/x', 'sriov', 'ens1f0', { totalVfs: 4 }));
    const [p] = planner.policies();
    expect(p.metadata!.name).toBe('sriov-ens1f0');
    expect(p.metadata!.labels![NODE_NETWORK_LABEL]).toBe('ens1f0');
    expect(p.metadata!.annotations![NODE_NETWORK_PROFILES_ANNOTATION]).toBe('dev/x,prod/db-01,prod/web-01');
    expect(iface(p).ethernet['sr-iov']['total-vfs']).toBe(16);
  });

  test('macvlan: no policy (the uplink is only the macvtap lower device)', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/web-01', 'macvlan', 'ens6'));
    planner.add(req('prod/db-01', 'macvlan', 'ens6'));
    expect(planner.policies()).toEqual([]);
    expect(nodeNetworkPolicyName(req('prod/web-01', 'macvlan', 'ens6'))).toBeUndefined();
  });
});

describe('VLAN merging', () => {
  test('trunkTags sorts, dedupes and coalesces consecutive runs', () => {
    expect(trunkTags([30, 12, 10, 11, 100, 21, 20, 12])).toEqual([
      { 'id-range': { min: 10, max: 12 } }, { 'id-range': { min: 20, max: 21 } }, { id: 30 }, { id: 100 },
    ]);
    expect(trunkTags([])).toEqual([]);
    expect(trunkTags([4094])).toEqual([{ id: 4094 }]);
  });

  test('the VLANs of every profile on one bridge are merged into one trunk', () => {
    // GIVEN three profiles on br-data/ens4 with VLANs 12, 10, 11, 40 and a repeat
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/web-01', 'bridge', 'ens4', { bridgeName: 'br-data', vlanId: 12 }));
    planner.add(req('prod/db-01', 'bridge', 'ens4', { bridgeName: 'br-data', vlanId: 10 }));
    planner.add(req('prod/db-01', 'bridge', 'ens4', { bridgeName: 'br-data', vlanId: 40, index: 1 }));
    planner.add(req('dev/app', 'bridge', 'ens4', { bridgeName: 'br-data', vlanId: 11 }));
    planner.add(req('dev/app2', 'bridge', 'ens4', { bridgeName: 'br-data', vlanId: 12 }));
    // THEN
    const ps = planner.policies();
    expect(ps).toHaveLength(1);
    expect(iface(ps[0]).bridge.port[0].vlan['trunk-tags']).toEqual([{ 'id-range': { min: 10, max: 12 } }, { id: 40 }]);
    expect(ps[0].metadata!.annotations![NODE_NETWORK_PROFILES_ANNOTATION]).toBe('dev/app,dev/app2,prod/db-01,prod/web-01');
  });
});

describe('naming', () => {
  test('<bridge>-<uplink>, sriov-<uplink>, lowercased with invalid characters replaced', () => {
    expect(nodeNetworkPolicyName(req('a/b', 'bridge', 'ens3', { bridgeName: 'br-mgmt' }))).toBe('br-mgmt-ens3');
    expect(nodeNetworkPolicyName(req('a/b', 'ovs', 'Eth_1', { bridgeName: 'BR_Ovs' }))).toBe('br-ovs-eth-1');
    expect(nodeNetworkPolicyName(req('a/b', 'bridge', 'bond0.100', { bridgeName: 'br100' }))).toBe('br100-bond0.100');
    expect(nodeNetworkPolicyName(req('a/b', 'sriov', 'enp1s0f0@x'))).toBe('sriov-enp1s0f0-x');
    const planner = new NodeNetworkPlanner();
    planner.add(req('a/b', 'ovs', 'Eth_1', { bridgeName: 'BR_Ovs' }));
    const [p] = planner.policies();
    expect(p.metadata!.name).toBe('br-ovs-eth-1');
    // the label keeps the interface name (label values may hold upper case and '_')
    expect(p.metadata!.labels![NODE_NETWORK_LABEL]).toBe('BR_Ovs');
    expect(iface(p).name).toBe('BR_Ovs');
  });

  test('policies() is sorted by name and independent of the order of requests', () => {
    const requests = [
      req('prod/web-01', 'bridge', 'ens3', { bridgeName: 'br-mgmt', vlanId: 7 }),
      req('prod/db-01', 'sriov', 'ens1f0', { totalVfs: 4 }),
      req('prod/db-01', 'bridge', 'ens3', { bridgeName: 'br-mgmt', vlanId: 5, index: 1 }),
      req('dev/x', 'ovs', 'ens5', { bridgeName: 'br-ovs' }),
      req('dev/y', 'sriov', 'ens1f0', { totalVfs: 12 }),
      req('dev/y', 'bridge', 'ens3', { bridgeName: 'br-mgmt', vlanId: 6, index: 1 }),
    ];
    const forward = new NodeNetworkPlanner();
    requests.forEach((r) => forward.add(r));
    const backward = new NodeNetworkPlanner();
    [...requests].reverse().forEach((r) => backward.add(r));
    expect(forward.policies().map((p) => p.metadata!.name)).toEqual(['br-mgmt-ens3', 'br-ovs-ens5', 'sriov-ens1f0']);
    expect(JSON.stringify(backward.policies())).toBe(JSON.stringify(forward.policies()));
    expect(iface(forward.policies()[0]).bridge.port[0].vlan['trunk-tags']).toEqual([{ 'id-range': { min: 5, max: 7 } }]);
  });
});

describe('conflicts name both profiles', () => {
  const P = 'VirtualMachineProfile';

  test('one bridge on two uplinks', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/db-01', 'bridge', 'ens3', { bridgeName: 'br-mgmt' }));
    expect(conflictsOf(() => planner.add(req('prod/web-01', 'bridge', 'ens4', { bridgeName: 'br-mgmt' })))).toEqual([
      `${P}/prod/web-01: spec.networks[0].nodeNetwork.uplink: Invalid value: "ens4": bridge "br-mgmt" is already attached to uplink "ens3" by ${P}/prod/db-01`,
    ]);
  });

  test('one uplink in two bridges', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/db-01', 'bridge', 'ens3', { bridgeName: 'br-a' }));
    expect(conflictsOf(() => planner.add(req('prod/web-01', 'bridge', 'ens3', { bridgeName: 'br-b', index: 2 })))).toEqual([
      `${P}/prod/web-01: spec.networks[2].nodeNetwork.uplink: Invalid value: "ens3": uplink "ens3" is already attached to bridge "br-a" by ${P}/prod/db-01`,
    ]);
  });

  test('bridge port used as SR-IOV PF, and SR-IOV PF used as bridge port', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/db-01', 'bridge', 'ens3', { bridgeName: 'br-a' }));
    expect(conflictsOf(() => planner.add(req('prod/web-01', 'sriov', 'ens3')))).toEqual([
      `${P}/prod/web-01: spec.networks[0].nodeNetwork.uplink: Invalid value: "ens3": uplink "ens3" cannot be used as SR-IOV physical function: it is already attached to bridge "br-a" by ${P}/prod/db-01`,
    ]);
    planner.add(req('prod/db-01', 'sriov', 'ens1f0', { index: 1 }));
    expect(conflictsOf(() => planner.add(req('prod/web-01', 'ovs', 'ens1f0', { bridgeName: 'br-o' })))).toEqual([
      `${P}/prod/web-01: spec.networks[0].nodeNetwork.uplink: Invalid value: "ens1f0": uplink "ens1f0" is already used as SR-IOV physical function by ${P}/prod/db-01`,
    ]);
  });

  test('OVS port used as macvtap lower device', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/db-01', 'ovs', 'ens5', { bridgeName: 'br-o' }));
    expect(conflictsOf(() => planner.add(req('prod/web-01', 'macvlan', 'ens5')))).toEqual([
      `${P}/prod/web-01: spec.networks[0].nodeNetwork.uplink: Invalid value: "ens5": uplink "ens5" cannot be used as macvtap lower device: it is already attached to OVS bridge "br-o" by ${P}/prod/db-01`,
    ]);
  });

  test('bridge vs ovs type clash for one bridge name', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/db-01', 'bridge', 'ens3', { bridgeName: 'br1' }));
    expect(conflictsOf(() => planner.add(req('prod/web-01', 'ovs', 'ens3', { bridgeName: 'br1' })))).toEqual([
      `${P}/prod/web-01: spec.networks[0].type: Invalid value: "ovs": bridge "br1" is already a linux-bridge of ${P}/prod/db-01`,
    ]);
  });

  test('differing nodeSelector on a shared policy (none counts as every node)', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/db-01', 'bridge', 'ens3', { bridgeName: 'br-mgmt', nodeSelector: { rack: 'a' } }));
    planner.add(req('prod/db-02', 'bridge', 'ens3', { bridgeName: 'br-mgmt', nodeSelector: { rack: 'a' } }));
    expect(conflictsOf(() => planner.add(req('prod/web-01', 'bridge', 'ens3', { bridgeName: 'br-mgmt' })))).toEqual([
      `${P}/prod/web-01: spec.networks[0].nodeNetwork.nodeSelector: Invalid value: {}: NodeNetworkConfigurationPolicy "br-mgmt-ens3" already selects {"rack":"a"} for ${P}/prod/db-01; profiles sharing a node network must use the same nodeSelector`,
    ]);
    planner.add(req('prod/db-01', 'sriov', 'ens1f0'));
    expect(conflictsOf(() => planner.add(req('prod/web-01', 'sriov', 'ens1f0', { nodeSelector: { sriov: 'true' } })))).toEqual([
      `${P}/prod/web-01: spec.networks[0].nodeNetwork.nodeSelector: Invalid value: {"sriov":"true"}: NodeNetworkConfigurationPolicy "sriov-ens1f0" already selects {} for ${P}/prod/db-01; profiles sharing a node network must use the same nodeSelector`,
    ]);
  });

  test('VLAN 1 tagged on a bridge that carries untagged networks natively', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/db-01', 'bridge', 'ens3', { bridgeName: 'br-mgmt' }));
    expect(conflictsOf(() => planner.add(req('prod/web-01', 'bridge', 'ens3', { bridgeName: 'br-mgmt', vlanId: 1 })))).toEqual([
      `${P}/prod/web-01: spec.networks[0].vlanId: Invalid value: 1: VLAN 1 is the native VLAN that carries the untagged networks of bridge "br-mgmt" (${P}/prod/db-01) and cannot also be trunked tagged`,
    ]);
  });

  test('untagged network on a bridge that trunks VLAN 1; bridge on a macvtap lower device', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/db-01', 'bridge', 'ens3', { bridgeName: 'br-mgmt', vlanId: 1 }));
    expect(conflictsOf(() => planner.add(req('prod/web-01', 'bridge', 'ens3', { bridgeName: 'br-mgmt' })))).toEqual([
      `${P}/prod/web-01: spec.networks[0].vlanId: Required value: bridge "br-mgmt" trunks VLAN 1 tagged for ${P}/prod/db-01, so it cannot carry untagged networks natively on VLAN 1`,
    ]);
    planner.add(req('prod/db-01', 'macvlan', 'ens6', { index: 1 }));
    expect(conflictsOf(() => planner.add(req('prod/web-01', 'bridge', 'ens6', { bridgeName: 'br-x' })))).toEqual([
      `${P}/prod/web-01: spec.networks[0].nodeNetwork.uplink: Invalid value: "ens6": uplink "ens6" is already used as macvtap lower device by ${P}/prod/db-01`,
    ]);
    // an SR-IOV PF may also be a macvtap lower device
    expect(lines(planner.tryAdd(req('prod/web-01', 'sriov', 'ens6')), req('prod/web-01', 'sriov', 'ens6'))).toEqual([]);
  });

  test('an interface used as bridge and as uplink; NNCP name collisions', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/db-01', 'bridge', 'ens3', { bridgeName: 'br-a' }));
    expect(conflictsOf(() => planner.add(req('prod/web-01', 'sriov', 'br-a')))).toEqual([
      `${P}/prod/web-01: spec.networks[0].nodeNetwork.uplink: Invalid value: "br-a": "br-a" is the linux-bridge created by ${P}/prod/db-01, not an uplink`,
    ]);
    planner.add(req('prod/db-01', 'bridge', 'b-c', { bridgeName: 'br-x', index: 1 }));
    expect(conflictsOf(() => planner.add(req('prod/web-01', 'bridge', 'c', { bridgeName: 'br-x-b' })))).toEqual([
      `${P}/prod/web-01: spec.networks[0].bridgeName: Invalid value: "br-x-b": NodeNetworkConfigurationPolicy name "br-x-b-c" is already taken by bridge "br-x" on uplink "b-c" of ${P}/prod/db-01`,
    ]);
  });

  test('tryAdd reports all problems of a request and leaves the plan unchanged', () => {
    const planner = new NodeNetworkPlanner();
    planner.add(req('prod/db-01', 'bridge', 'ens3', { bridgeName: 'br-mgmt', vlanId: 10 }));
    planner.add(req('prod/db-01', 'bridge', 'ens4', { bridgeName: 'br-data', index: 1 }));
    const before = JSON.stringify(planner.policies());
    const found = lines(planner.tryAdd(req('prod/web-01', 'bridge', 'ens4', { bridgeName: 'br-mgmt', vlanId: 99 })), req('prod/web-01', 'bridge', 'ens4', { bridgeName: 'br-mgmt', vlanId: 99 }));
    expect(found).toEqual([
      'VirtualMachineProfile/prod/web-01: spec.networks[0].nodeNetwork.uplink: Invalid value: "ens4": bridge "br-mgmt" is already attached to uplink "ens3" by VirtualMachineProfile/prod/db-01',
      'VirtualMachineProfile/prod/web-01: spec.networks[0].nodeNetwork.uplink: Invalid value: "ens4": uplink "ens4" is already attached to bridge "br-data" by VirtualMachineProfile/prod/db-01',
    ]);
    expect(JSON.stringify(planner.policies())).toBe(before);
  });

  test('invalid input: missing uplink, missing bridge, bad VLAN, bad totalVfs', () => {
    const planner = new NodeNetworkPlanner();
    expect(lines(planner.tryAdd(req('a/b', 'bridge', '', { bridgeName: 'br0' })), req('a/b', 'bridge', '', { bridgeName: 'br0' }))).toEqual([
      'VirtualMachineProfile/a/b: spec.networks[0].nodeNetwork.uplink: Required value: the node interface that carries the network',
    ]);
    expect(lines(planner.tryAdd(req('a/b', 'ovs', 'ens3')), req('a/b', 'ovs', 'ens3'))).toEqual([
      'VirtualMachineProfile/a/b: spec.networks[0].bridgeName: Required value: type "ovs" needs the name of an existing OVS bridge',
    ]);
    expect(lines(planner.tryAdd(req('a/b', 'bridge', 'ens3', { bridgeName: 'br0', vlanId: 4095 })), req('a/b', 'bridge', 'ens3', { bridgeName: 'br0', vlanId: 4095 }))).toEqual([
      'VirtualMachineProfile/a/b: spec.networks[0].vlanId: Invalid value: 4095: must be between 1 and 4094',
    ]);
    expect(lines(planner.tryAdd(req('a/b', 'sriov', 'ens1f0', { totalVfs: 0 })), req('a/b', 'sriov', 'ens1f0', { totalVfs: 0 }))).toEqual([
      'VirtualMachineProfile/a/b: spec.networks[0].nodeNetwork.totalVfs: Invalid value: 0: must be between 1 and 256',
    ]);
    // the same limits and wording as validateProfile's
    expect(lines(planner.tryAdd(req('a/b', 'sriov', 'ens1f0', { totalVfs: 257 })), req('a/b', 'sriov', 'ens1f0', { totalVfs: 257 }))).toEqual([
      'VirtualMachineProfile/a/b: spec.networks[0].nodeNetwork.totalVfs: Invalid value: 257: must be between 1 and 256',
    ]);
    expect(lines(planner.tryAdd(req('a/b', 'bridge', 'br0', { bridgeName: 'br0' })), req('a/b', 'bridge', 'br0', { bridgeName: 'br0' }))).toEqual([
      'VirtualMachineProfile/a/b: spec.networks[0].nodeNetwork.uplink: Invalid value: "br0": must differ from the bridge it is a port of',
    ]);
    expect(planner.policies()).toEqual([]);
  });
});

describe('NodeNetworkPolicies construct', () => {
  test('one NNCP per App, in the first Chart that asked, shared by profiles in two charts', () => {
    // GIVEN an App with two charts (one namespaced and labelled, like a profile chart)
    const app = Testing.app();
    const prod = new Chart(app, 'prod', { namespace: 'prod', labels: { vmprofile: 'web-01' } });
    const other = new Chart(app, 'other', { namespace: 'other' });
    // WHEN both profiles use br-mgmt on ens3
    NodeNetworkPolicies.of(prod).add(req('prod/web-01', 'bridge', 'ens3', { bridgeName: 'br-mgmt', vlanId: 10 }));
    NodeNetworkPolicies.of(other).add(req('other/db-01', 'bridge', 'ens3', { bridgeName: 'br-mgmt', vlanId: 11 }));
    NodeNetworkPolicies.of(other).add(req('other/db-01', 'sriov', 'ens1f0', { index: 1 }));
    // THEN
    expect(NodeNetworkPolicies.of(prod)).toBe(NodeNetworkPolicies.of(other));
    expect(NodeNetworkPolicies.of(prod).node.path).toBe('prod/NodeNetworkPolicies');
    const fromProd = nncps(Testing.synth(prod));
    expect(nncps(Testing.synth(other))).toEqual([]);
    expect(fromProd.map((m) => m.metadata.name)).toEqual(['br-mgmt-ens3', 'sriov-ens1f0']);
    const [bridge] = fromProd;
    expect(bridge.apiVersion).toBe('nmstate.io/v1');
    // cluster-scoped and not labelled as one profile's object, even in a namespaced, labelled Chart
    expect(bridge.metadata).toEqual({
      name: 'br-mgmt-ens3',
      labels: { [NODE_NETWORK_LABEL]: 'br-mgmt', 'app.kubernetes.io/managed-by': 'cdk8s-vmprofile' },
      annotations: { [NODE_NETWORK_PROFILES_ANNOTATION]: 'other/db-01,prod/web-01' },
    });
    expect(bridge.spec.desiredState.interfaces[0].bridge.port[0].vlan['trunk-tags']).toEqual([{ 'id-range': { min: 10, max: 11 } }]);
    // the whole App synthesizes too, with no NNCP twice
    const out = app.synthYaml();
    expect(out.match(/kind: NodeNetworkConfigurationPolicy/g)).toHaveLength(2);
    expect(out).not.toMatch(/name: br-mgmt-ens3\n\s+namespace:/);
  });

  test('spec and annotation are computed at synth time: profiles added later still count', () => {
    const chart = Testing.chart();
    const policies = NodeNetworkPolicies.of(chart);
    policies.add(req('a/one', 'bridge', 'ens3', { bridgeName: 'br0', vlanId: 5 }));
    const obj = policies.policyObject('br0-ens3');
    expect(obj).toBeInstanceOf(NodeNetworkConfigurationPolicy);
    policies.add(req('a/two', 'bridge', 'ens3', { bridgeName: 'br0', vlanId: 6 }));
    policies.add(req('a/three', 'bridge', 'ens3', { bridgeName: 'br0' }));
    const [m] = nncps(Testing.synth(chart));
    expect(m.metadata.annotations[NODE_NETWORK_PROFILES_ANNOTATION]).toBe('a/one,a/three,a/two');
    expect(m.spec.desiredState.interfaces[0].bridge.port[0].vlan).toEqual({
      'mode': 'trunk', 'enable-native': true, 'tag': 1, 'trunk-tags': [{ 'id-range': { min: 5, max: 6 } }],
    });
    expect(chart.node.findAll().filter((c) => c instanceof NodeNetworkConfigurationPolicy)).toHaveLength(1);
  });

  test('conflicts throw from the construct too and create nothing', () => {
    const chart = Testing.chart();
    const policies = NodeNetworkPolicies.of(chart);
    policies.add(req('prod/db-01', 'bridge', 'ens3', { bridgeName: 'br-mgmt' }));
    expect(() => policies.add(req('prod/web-01', 'sriov', 'ens3'))).toThrow(NodeNetworkConflictError);
    expect(nncps(Testing.synth(chart)).map((m) => m.metadata.name)).toEqual(['br-mgmt-ens3']);
  });

  test('macvlan creates no object; separate Apps get separate instances', () => {
    const a = Testing.chart();
    const b = Testing.chart();
    NodeNetworkPolicies.of(a).add(req('x/y', 'macvlan', 'ens6'));
    expect(nncps(Testing.synth(a))).toEqual([]);
    expect(NodeNetworkPolicies.of(a)).not.toBe(NodeNetworkPolicies.of(b));
  });

  test('of() outside any Chart fails with a clear message', () => {
    const app = new App();
    expect(() => NodeNetworkPolicies.of(app)).toThrow(/is not inside a cdk8s Chart/);
  });

  test('synthesis is deterministic', () => {
    const build = () => {
      const app = Testing.app();
      const c1 = new Chart(app, 'c1', { namespace: 'prod' });
      const c2 = new Chart(app, 'c2');
      NodeNetworkPolicies.of(c1).add(req('prod/b', 'bridge', 'ens3', { bridgeName: 'br-mgmt', vlanId: 30 }));
      NodeNetworkPolicies.of(c2).add(req('dev/a', 'bridge', 'ens3', { bridgeName: 'br-mgmt', vlanId: 20 }));
      NodeNetworkPolicies.of(c2).add(req('dev/a', 'ovs', 'ens5', { bridgeName: 'br-ovs', index: 1 }));
      return app.synthYaml();
    };
    expect(build()).toBe(build());
  });
});

const schemaPresent = fs.existsSync(SCHEMA_PATH);
if (!schemaPresent) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED conformance: ../shared not found (${SCHEMA_PATH})`);
}

(schemaPresent ? describe : describe.skip)('conformance with the NodeNetworkConfigurationPolicy schema', () => {
  test('every emitted NNCP validates', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')));
    // GIVEN every kind of policy, in a namespaced Chart
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'prod', labels: { team: 'x' } });
    const policies = NodeNetworkPolicies.of(chart);
    policies.add(req('prod/a', 'bridge', 'ens3', { bridgeName: 'br-mgmt', vlanId: 10, nodeSelector: { 'kubernetes.io/os': 'linux' } }));
    policies.add(req('prod/b', 'bridge', 'ens3', { bridgeName: 'br-mgmt', nodeSelector: { 'kubernetes.io/os': 'linux' } }));
    policies.add(req('prod/a', 'bridge', 'ens4', { bridgeName: 'br-flat' }));
    policies.add(req('prod/a', 'ovs', 'ens5', { bridgeName: 'br-ovs' }));
    policies.add(req('prod/a', 'sriov', 'ens1f0', { totalVfs: 32 }));
    const manifests = nncps(Testing.synth(chart));
    expect(manifests).toHaveLength(4);
    for (const m of manifests) {
      const ok = validate(m);
      expect({ name: m.metadata.name, errors: validate.errors ?? null }).toEqual({ name: m.metadata.name, errors: null });
      expect(ok).toBe(true);
      expect(m.metadata.namespace).toBeUndefined();
      expect(m.metadata.labels.team).toBeUndefined();
    }
    // and the planner's props rendered through the typed binding
    for (const props of policies.planner.policies()) {
      expect(validate(NodeNetworkConfigurationPolicy.manifest(props))).toBe(true);
    }
  });
});

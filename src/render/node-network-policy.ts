/**
 * The NNCP of a planned node network (see `src/plan/node-network.ts` for what is planned and refused): the nmstate
 * desired state of the node interface, and the labels and annotation every policy carries.
 */
import { merged } from './object-merge';
import { NodeNetworkConfigurationPolicyProps, NodeNetworkConfigurationPolicySpec } from '../../imports/nmstate-nmstate.io';
import { NODE_NETWORK_LABEL, NODE_NETWORK_PROFILES_ANNOTATION } from '../plan/naming';
import { DNS1123_LABEL_MAX_LENGTH } from '../validate/kube-names';

const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
const MANAGED_BY_VALUE = 'cdk8s-vmprofile';
/** VLAN the untagged networks of a Linux bridge use (the kernel's default PVID), carried natively on the uplink. */
export const NATIVE_VLAN = 1;

/** The nmstate interface type of a node bridge. */
export type BridgeType = 'linux-bridge' | 'ovs-bridge';

/** A planned bridge NNCP, as rendering reads it. */
export interface PlannedBridgePolicy {
  readonly kind: 'bridge';
  readonly name: string;
  readonly bridgeType: BridgeType;
  readonly bridge: string;
  readonly uplink: string;
  readonly nodeSelector: Record<string, string>;
  readonly profiles: ReadonlySet<string>;
  /** The tagged VLANs on the bridge (the keys). */
  readonly vlans: ReadonlyMap<number, unknown>;
  /** Set when untagged networks use the bridge too. */
  readonly untagged?: unknown;
}

/** A planned SR-IOV NNCP, as rendering reads it. */
export interface PlannedSriovPolicy {
  readonly kind: 'sriov';
  readonly name: string;
  readonly uplink: string;
  readonly nodeSelector: Record<string, string>;
  readonly profiles: ReadonlySet<string>;
  readonly totalVfs: number;
}

/** A planned NNCP. */
export type PlannedNodeNetworkPolicy = PlannedBridgePolicy | PlannedSriovPolicy;

/** A label value from an interface name: characters outside `[A-Za-z0-9_.-]` become `-`, ends alphanumeric. */
function toLabelValue(raw: string): string {
  return raw.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, DNS1123_LABEL_MAX_LENGTH).replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
}

/** Sorted VLAN IDs as nmstate trunk-tags, consecutive runs coalesced into `id-range`. */
export function trunkTags(vlanIds: Iterable<number>): Array<{ id: number } | { 'id-range': { min: number; max: number } }> {
  const sorted = [...new Set(vlanIds)].sort((a, b) => a - b);
  const tags: Array<{ id: number } | { 'id-range': { min: number; max: number } }> = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    tags.push(j > i ? { 'id-range': { min: sorted[i], max: sorted[j] } } : { id: sorted[i] });
    i = j + 1;
  }
  return tags;
}

function desiredInterface(policy: PlannedNodeNetworkPolicy): Record<string, unknown> {
  if (policy.kind === 'sriov') {
    return { name: policy.uplink, type: 'ethernet', state: 'up', ethernet: { 'sr-iov': { 'total-vfs': policy.totalVfs } } };
  }
  if (policy.bridgeType === 'ovs-bridge') {
    return { name: policy.bridge, type: 'ovs-bridge', state: 'up', bridge: { options: { stp: false }, port: [{ name: policy.uplink }] } };
  }
  const port: Record<string, unknown> = { name: policy.uplink };
  if (policy.vlans.size > 0) {
    port.vlan = {
      'mode': 'trunk',
      ...(policy.untagged ? { 'enable-native': true, 'tag': NATIVE_VLAN } : {}),
      'trunk-tags': trunkTags(policy.vlans.keys()),
    };
  }
  return {
    name: policy.bridge,
    type: 'linux-bridge',
    state: 'up',
    ipv4: { enabled: false },
    ipv6: { enabled: false },
    bridge: { options: { stp: { enabled: false } }, port: [port] },
  };
}

function metadataOf(policy: PlannedNodeNetworkPolicy): { name: string; labels: Record<string, string> } {
  return {
    name: policy.name,
    labels: {
      [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
      [NODE_NETWORK_LABEL]: toLabelValue(policy.kind === 'bridge' ? policy.bridge : policy.uplink),
    },
  };
}

function profilesOf(policy: PlannedNodeNetworkPolicy): string {
  return [...policy.profiles].sort().join(',');
}

function specOf(policy: PlannedNodeNetworkPolicy): NodeNetworkConfigurationPolicySpec {
  return {
    desiredState: { interfaces: [desiredInterface(policy)] },
    ...(Object.keys(policy.nodeSelector).length > 0 ? { nodeSelector: merged(policy.nodeSelector) } : {}),
  };
}

/** The NNCP of a planned node network: its desired interface, node selector, labels and profiles annotation. */
export function nodeNetworkPolicyProps(policy: PlannedNodeNetworkPolicy): NodeNetworkConfigurationPolicyProps {
  return {
    metadata: merged(metadataOf(policy), { annotations: { [NODE_NETWORK_PROFILES_ANNOTATION]: profilesOf(policy) } }),
    spec: specOf(policy),
  };
}

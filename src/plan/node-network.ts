/**
 * Node networking: nmstate NodeNetworkConfigurationPolicies (NNCPs) for the node side of a profile's networks.
 *
 * A network with `nodeNetwork` (and no `nadName`: a user-supplied NAD means the node side is theirs too) gets
 * the node interface it needs, built by kubernetes-nmstate:
 *
 * | type      | NNCP `spec.desiredState.interfaces`                                                                   |
 * | --------- | ----------------------------------------------------------------------------------------------------- |
 * | `bridge`  | `linux-bridge` `<bridgeName>` (default `br-<network>`), port `<uplink>`, STP off, no IPv4/IPv6       |
 * | `ovs`     | `ovs-bridge` `<bridgeName>`, `bridge: {options: {stp: false}, port: [{name: <uplink>}]}`              |
 * | `sriov`   | `<uplink>` as `type: ethernet, state: up, ethernet: {sr-iov: {total-vfs: N}}` (default 8)           |
 * | `macvlan` | nothing: the uplink is only the macvtap lower device and needs no configuration                      |
 *
 * **VLANs on a Linux bridge.** The uplink port of a `linux-bridge` trunks exactly the VLANs the networks on that
 * bridge use, merged over every profile of the App, as sorted `trunk-tags` (`{id: N}`; consecutive runs become
 * `{id-range: {min, max}}`). Untagged networks (no `vlanId`) are handled as follows:
 * - all networks on the bridge untagged: the port gets no `vlan` section, so nmstate leaves VLAN filtering off and
 *   the bridge is a plain L2 bridge;
 * - tagged only: `vlan: {mode: trunk, trunk-tags: [...]}`; untagged frames from the wire are dropped;
 * - tagged and untagged mixed: the trunk also carries the native VLAN, `enable-native: true, tag: 1`. VM ports of
 *   untagged networks sit in the bridge's default PVID 1, so their traffic leaves the uplink untagged. VLAN 1 is
 *   therefore reserved: a network with `vlanId: 1` on a bridge that also has untagged networks is refused.
 *
 * OVS bridges need no VLAN configuration: an OVS port without `tag` trunks every VLAN, and ovs-cni tags the VM
 * ports. SR-IOV: `total-vfs` is the largest `totalVfs` of the profiles sharing the PF. nmstate only *creates* the
 * VFs; binding them to vfio-pci and advertising them as node resources still takes the SR-IOV network operator
 * (SriovNetworkNodePolicy, `deviceType: vfio-pci`) or the SR-IOV device plugin.
 *
 * **Shared, not per VM.** NNCPs are cluster-scoped and belong to nodes, so they are named after the node
 * interfaces, never after a profile: `<bridge>-<uplink>` for `bridge` and `ovs`, `sriov-<uplink>` for `sriov`
 * (lowercased, characters outside `[a-z0-9.-]` replaced by `-`, a DNS-1123 subdomain). Each is emitted once per
 * cdk8s App however many profiles use it. They never carry `metadata.namespace` (even in a Chart with a namespace)
 * nor the labels of the Chart they happen to be synthesized in (the first Chart that asked), because they are shared.
 * Every NNCP carries:
 * - label `vm.example.com/node-network: <bridge>` (`<uplink>` for SR-IOV): `kubectl get nncp -l vm.example.com/node-network`;
 * - label `app.kubernetes.io/managed-by: cdk8s-vmprofile`;
 * - annotation `vm.example.com/profiles: ns/a,ns/b` (sorted), the profiles that depend on it. The policies of one
 *   profile: `kubectl get nncp -l vm.example.com/node-network -o json | jq -r '.items[] |
 *   select(.metadata.annotations["vm.example.com/profiles"] | split(",") | index("prod/web-01")) | .metadata.name'`.
 *
 * **Contradictions are refused**, naming both profiles: one bridge on two uplinks; one uplink used by two bridges,
 * or as a bridge/OVS port and also as SR-IOV PF or macvtap lower device (a port's traffic belongs to the bridge);
 * one bridge name as `linux-bridge` and as `ovs-bridge`; an interface used both as bridge and as uplink; profiles
 * sharing an NNCP with different `nodeSelector`s; two different node networks whose NNCP names collide.
 */
import type { ProfilePlan } from './profile-plan';
import { NodeNetworkConfigurationPolicyProps } from '../../imports/nmstate-nmstate.io';
import {
  BridgeType, NATIVE_VLAN, nodeNetworkPolicyProps, PlannedBridgePolicy, PlannedSriovPolicy,
} from '../render/node-network-policy';
import { NetworkType, NodeNetworkSpec, PROFILE_KIND } from '../spec/profile-spec';
import { FieldError, goQuote, ValidationError } from '../validate/field-error';
import { DNS1123_SUBDOMAIN_MAX_LENGTH } from '../validate/kube-names';
import { OVS_BRIDGE_REQUIRED, TOTAL_VFS_SRIOV_ONLY, totalVfsProblem, UPLINK_IS_BRIDGE, vlanIdProblem } from '../validate/network-rules';

/** Default `total-vfs` of an SR-IOV uplink. */
const DEFAULT_TOTAL_VFS = 8;


/** One network's need for node networking, as the profile construct hands it over. */
export interface NodeNetworkRequest {
  /** The profile, `namespace/name` (just `name` without namespace). */
  readonly profile: string;
  /** Path of the network in the profile, e.g. `spec.networks[0]`; error messages start from it. */
  readonly field: string;
  /** Network type: `bridge`, `ovs`, `sriov` or `macvlan`. */
  readonly type: string;
  /**
   * Node bridge (`bridge`, `ovs`), already defaulted by the caller (`br-<network>` for `bridge`).
   * @default - none; required for `bridge` and `ovs`
   */
  readonly bridgeName?: string;
  /**
   * VLAN ID of the network (`bridge` only: trunked on the uplink).
   * @default - untagged
   */
  readonly vlanId?: number;
  /** The network's `nodeNetwork`. */
  readonly nodeNetwork: NodeNetworkSpec;
}

/**
 * Contradictory node networking requests: a ValidationError of the profile that asked last (each detail names the
 * profile it contradicts), one `VirtualMachineProfile/ns/name: field: Invalid value: ...` line per problem.
 */
export class NodeNetworkConflictError extends ValidationError {
  constructor(errors: FieldError[], subject: string) {
    super(errors, subject);
    this.name = 'NodeNetworkConflictError';
  }
}

interface BridgePolicy extends PlannedBridgePolicy {
  readonly first: NodeNetworkRequest;
  readonly profiles: Set<string>;
  readonly vlans: Map<number, NodeNetworkRequest>;
  untagged?: NodeNetworkRequest;
}

interface SriovPolicy extends PlannedSriovPolicy {
  readonly first: NodeNetworkRequest;
  readonly profiles: Set<string>;
  totalVfs: number;
}

type Policy = BridgePolicy | SriovPolicy;

const BRIDGE_TYPES: Record<string, BridgeType> = { bridge: 'linux-bridge', ovs: 'ovs-bridge' };
const NETWORK_TYPES: readonly string[] = Object.values(NetworkType);

/** `<bridge>-<uplink>` or `sriov-<uplink>`, made a DNS-1123 subdomain: lowercased, other characters `-`. */
function toDnsSubdomain(raw: string): string {
  const labels = raw.toLowerCase().replace(/[^a-z0-9.-]/g, '-').split('.')
    .map((l) => l.replace(/^-+|-+$/g, ''))
    .filter((l) => l.length > 0);
  return labels.join('.').slice(0, DNS1123_SUBDOMAIN_MAX_LENGTH).replace(/[.-]+$/, '') || 'node-network';
}

/**
 * Name of the NNCP a request maps to: `<bridge>-<uplink>` (bridge, ovs), `sriov-<uplink>` (sriov),
 * undefined for `macvlan` and for requests without the fields the name needs.
 */
export function nodeNetworkPolicyName(request: Pick<NodeNetworkRequest, 'type' | 'bridgeName' | 'nodeNetwork'>): string | undefined {
  const uplink = request.nodeNetwork?.uplink;
  if (!uplink) return undefined;
  if (BRIDGE_TYPES[request.type]) return request.bridgeName ? toDnsSubdomain(`${request.bridgeName}-${uplink}`) : undefined;
  if (request.type === 'sriov') return toDnsSubdomain(`sriov-${uplink}`);
  return undefined;
}

function selectorOf(spec: NodeNetworkSpec): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(spec.nodeSelector ?? {}).sort()) out[key] = spec.nodeSelector![key];
  return out;
}

function sameSelector(a: Record<string, string>, b: Record<string, string>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The node networks a planned profile asks for: its created networks that have `nodeNetwork`. */
export function nodeNetworkRequests(plan: ProfilePlan): NodeNetworkRequest[] {
  const profile = plan.namespace ? `${plan.namespace}/${plan.name}` : plan.name;
  return plan.networks.flatMap((n, i) => (n.nad && n.nodeNetwork
    ? [{ profile, field: `spec.networks[${i}]`, type: n.type, bridgeName: n.bridgeName, vlanId: n.vlanId, nodeNetwork: n.nodeNetwork }]
    : []));
}

/** `VirtualMachineProfile/ns/name`: the subject of a request's errors, and how details name other profiles. */
export function who(request: NodeNetworkRequest): string {
  return `${PROFILE_KIND}/${request.profile}`;
}

function invalid(request: NodeNetworkRequest, subfield: string, value: unknown, detail: string): FieldError {
  return { type: 'Invalid', field: `${request.field}.${subfield}`, value, detail };
}

function required(request: NodeNetworkRequest, subfield: string, detail: string): FieldError {
  return { type: 'Required', field: `${request.field}.${subfield}`, detail };
}

/**
 * Collects the node networking needs of every profile of an App, refuses contradictions as they arrive, and renders
 * one NNCP per node interface at the end. Pure: no constructs.
 */
export class NodeNetworkPlanner {
  /** Policies by NNCP name. */
  private readonly byName = new Map<string, Policy>();
  /** Bridge policies by bridge name. */
  private readonly bridges = new Map<string, BridgePolicy>();
  /** Bridge policies by uplink (the bridge port). */
  private readonly ports = new Map<string, BridgePolicy>();
  /** SR-IOV policies by uplink (the PF). */
  private readonly pfs = new Map<string, SriovPolicy>();
  /** First request using an uplink as macvtap lower device. */
  private readonly macvtapLowers = new Map<string, NodeNetworkRequest>();

  /** Adds a request; throws {@link NodeNetworkConflictError} if it contradicts an earlier one (and adds nothing). */
  public add(request: NodeNetworkRequest): void {
    const conflicts = this.tryAdd(request);
    if (conflicts.length > 0) throw new NodeNetworkConflictError(conflicts, who(request));
  }

  /** Adds a request and returns nothing, or adds nothing and returns one error per contradiction. */
  public tryAdd(request: NodeNetworkRequest): FieldError[] {
    const conflicts = this.check(request);
    if (conflicts.length === 0) this.record(request);
    return conflicts;
  }

  /** Names of the policies planned so far, sorted. */
  public policyNames(): string[] {
    return [...this.byName.keys()].sort();
  }

  /** The rendered policy of that name, if planned. */
  public policy(name: string): NodeNetworkConfigurationPolicyProps | undefined {
    const p = this.byName.get(name);
    return p ? nodeNetworkPolicyProps(p) : undefined;
  }

  /** Every planned policy, sorted by name; deterministic for the same set of requests in any order. */
  public policies(): NodeNetworkConfigurationPolicyProps[] {
    return this.policyNames().map((n) => nodeNetworkPolicyProps(this.byName.get(n)!));
  }

  private check(request: NodeNetworkRequest): FieldError[] {
    const errors: FieldError[] = [];
    const uplink = request.nodeNetwork?.uplink;
    if (!NETWORK_TYPES.includes(request.type)) {
      return [{ type: 'NotSupported', field: `${request.field}.type`, value: request.type, detail: `supported values: ${NETWORK_TYPES.map(goQuote).join(', ')}` }];
    }
    if (!uplink) return [required(request, 'nodeNetwork.uplink', 'the node interface that carries the network')];
    if (request.nodeNetwork.totalVfs !== undefined && request.type !== 'sriov') {
      errors.push({ type: 'Forbidden', field: `${request.field}.nodeNetwork.totalVfs`, detail: TOTAL_VFS_SRIOV_ONLY });
    }

    // An interface that is a bridge cannot also be an uplink.
    const uplinkIsBridge = this.bridges.get(uplink);
    if (uplinkIsBridge) {
      errors.push(invalid(request, 'nodeNetwork.uplink', uplink, `"${uplink}" is the ${uplinkIsBridge.bridgeType} created by ${who(uplinkIsBridge.first)}, not an uplink`));
    }

    const bridgeType = BRIDGE_TYPES[request.type];
    if (bridgeType) {
      errors.push(...this.checkBridge(request, bridgeType, uplink));
    } else if (request.type === 'sriov') {
      errors.push(...this.checkPort(request, uplink, 'as SR-IOV physical function'));
      const totalVfs = request.nodeNetwork.totalVfs;
      const vfsProblem = totalVfs === undefined ? undefined : totalVfsProblem(totalVfs);
      if (vfsProblem) errors.push(invalid(request, 'nodeNetwork.totalVfs', totalVfs, vfsProblem));
      errors.push(...this.checkShared(request, toDnsSubdomain(`sriov-${uplink}`), (p) => p.kind === 'sriov' && p.uplink === uplink));
    } else {
      errors.push(...this.checkPort(request, uplink, 'as macvtap lower device'));
    }
    return errors;
  }

  private checkBridge(request: NodeNetworkRequest, bridgeType: BridgeType, uplink: string): FieldError[] {
    const errors: FieldError[] = [];
    const bridge = request.bridgeName;
    if (!bridge) return [required(request, 'bridgeName', request.type === NetworkType.OVS ? OVS_BRIDGE_REQUIRED : 'the node bridge of a bridge network')];
    if (bridge === uplink) return [invalid(request, 'nodeNetwork.uplink', uplink, UPLINK_IS_BRIDGE)];
    const usedAsUplink = this.ports.get(bridge)?.first ?? this.pfs.get(bridge)?.first ?? this.macvtapLowers.get(bridge);
    if (usedAsUplink) {
      errors.push(invalid(request, 'bridgeName', bridge, `interface "${bridge}" is already used as uplink by ${who(usedAsUplink)}`));
    }
    const existing = this.bridges.get(bridge);
    if (existing && existing.bridgeType !== bridgeType) {
      errors.push(invalid(request, 'type', request.type, `bridge "${bridge}" is already a ${existing.bridgeType} of ${who(existing.first)}`));
    } else if (existing && existing.uplink !== uplink) {
      errors.push(invalid(request, 'nodeNetwork.uplink', uplink, `bridge "${bridge}" is already attached to uplink "${existing.uplink}" by ${who(existing.first)}`));
    }
    const port = this.ports.get(uplink);
    if (port && port.bridge !== bridge) {
      errors.push(invalid(request, 'nodeNetwork.uplink', uplink, `uplink "${uplink}" is already attached to bridge "${port.bridge}" by ${who(port.first)}`));
    }
    const pf = this.pfs.get(uplink);
    if (pf) errors.push(invalid(request, 'nodeNetwork.uplink', uplink, `uplink "${uplink}" is already used as SR-IOV physical function by ${who(pf.first)}`));
    const lower = this.macvtapLowers.get(uplink);
    if (lower) errors.push(invalid(request, 'nodeNetwork.uplink', uplink, `uplink "${uplink}" is already used as macvtap lower device by ${who(lower)}`));

    const vlanId = request.vlanId;
    const vlanProblem = vlanId === undefined ? undefined : vlanIdProblem(vlanId);
    if (vlanProblem) errors.push(invalid(request, 'vlanId', vlanId, vlanProblem));
    if (bridgeType === 'linux-bridge' && existing && existing.bridgeType === bridgeType) {
      const vlan1 = existing.vlans.get(NATIVE_VLAN);
      if (vlanId === NATIVE_VLAN && existing.untagged) {
        errors.push(invalid(request, 'vlanId', vlanId, `VLAN ${NATIVE_VLAN} is the native VLAN that carries the untagged networks of bridge "${bridge}" (${who(existing.untagged)}) and cannot also be trunked tagged`));
      } else if (vlanId === undefined && vlan1) {
        errors.push(required(request, 'vlanId', `bridge "${bridge}" trunks VLAN ${NATIVE_VLAN} tagged for ${who(vlan1)}, so it cannot carry untagged networks natively on VLAN ${NATIVE_VLAN}`));
      }
    }
    errors.push(...this.checkShared(request, toDnsSubdomain(`${bridge}-${uplink}`),
      (p) => p.kind === 'bridge' && p.bridge === bridge && p.uplink === uplink));
    return errors;
  }

  /** An SR-IOV PF or macvtap lower device cannot be a bridge port. */
  private checkPort(request: NodeNetworkRequest, uplink: string, usage: string): FieldError[] {
    const port = this.ports.get(uplink);
    return port
      ? [invalid(request, 'nodeNetwork.uplink', uplink, `uplink "${uplink}" cannot be used ${usage}: it is already attached to ${port.bridgeType === 'ovs-bridge' ? 'OVS ' : ''}bridge "${port.bridge}" by ${who(port.first)}`)]
      : [];
  }

  /** Same NNCP: the nodeSelector must agree; another node network with the same NNCP name is a collision. */
  private checkShared(request: NodeNetworkRequest, name: string, same: (p: Policy) => boolean): FieldError[] {
    const existing = this.byName.get(name);
    if (!existing) return [];
    if (!same(existing)) {
      const what = existing.kind === 'bridge' ? `bridge "${existing.bridge}" on uplink "${existing.uplink}"` : `SR-IOV uplink "${existing.uplink}"`;
      return [invalid(request, request.type === 'sriov' ? 'nodeNetwork.uplink' : 'bridgeName', request.type === 'sriov' ? request.nodeNetwork.uplink : request.bridgeName,
        `NodeNetworkConfigurationPolicy name "${name}" is already taken by ${what} of ${who(existing.first)}`)];
    }
    const selector = selectorOf(request.nodeNetwork);
    if (!sameSelector(selector, existing.nodeSelector)) {
      return [invalid(request, 'nodeNetwork.nodeSelector', selector,
        `NodeNetworkConfigurationPolicy "${name}" already selects ${JSON.stringify(existing.nodeSelector)} for ${who(existing.first)}; profiles sharing a node network must use the same nodeSelector`)];
    }
    return [];
  }

  private record(request: NodeNetworkRequest): void {
    const uplink = request.nodeNetwork.uplink;
    const bridgeType = BRIDGE_TYPES[request.type];
    if (bridgeType) {
      const bridge = request.bridgeName!;
      let policy = this.bridges.get(bridge);
      if (!policy) {
        policy = {
          kind: 'bridge',
          name: toDnsSubdomain(`${bridge}-${uplink}`),
          bridgeType,
          bridge,
          uplink,
          nodeSelector: selectorOf(request.nodeNetwork),
          first: request,
          profiles: new Set(),
          vlans: new Map(),
        };
        this.bridges.set(bridge, policy);
        this.ports.set(uplink, policy);
        this.byName.set(policy.name, policy);
      }
      policy.profiles.add(request.profile);
      if (bridgeType === 'linux-bridge') {
        if (request.vlanId === undefined) policy.untagged ??= request;
        else if (!policy.vlans.has(request.vlanId)) policy.vlans.set(request.vlanId, request);
      }
    } else if (request.type === 'sriov') {
      let policy = this.pfs.get(uplink);
      if (!policy) {
        policy = {
          kind: 'sriov',
          name: toDnsSubdomain(`sriov-${uplink}`),
          uplink,
          nodeSelector: selectorOf(request.nodeNetwork),
          first: request,
          profiles: new Set(),
          totalVfs: 0,
        };
        this.pfs.set(uplink, policy);
        this.byName.set(policy.name, policy);
      }
      policy.profiles.add(request.profile);
      policy.totalVfs = Math.max(policy.totalVfs, request.nodeNetwork.totalVfs ?? DEFAULT_TOTAL_VFS);
    } else if (!this.macvtapLowers.has(uplink)) {
      this.macvtapLowers.set(uplink, request);
    }
  }
}

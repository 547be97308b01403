/**
 * The rules of a network's fields, in one place: the validators (src/validate/), the node-network planner (which also
 * runs on requests that never went through validation), the renderers and the CRD schema (crd.ts) all read them here.
 */
import { POD_NETWORK_NAME } from '../plan/profile-plan';

/** A MAC address in colon notation, anchored (RE2 and ECMAScript alike: the CRD's pattern is this text). */
export const MAC_ADDRESS_PATTERN = '^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$';

/** The MAC KubeVirt reserves for the in-pod bridge. */
export const RESERVED_MAC = '02:00:00:00:00:00';
/** The all-zeros MAC. */
export const ZERO_MAC = '00:00:00:00:00:00';
/** Detail of a multicast MAC (Invalid). */
export const MAC_NOT_UNICAST = 'must be a unicast address (the lowest bit of the first octet must be 0)';
/** Detail of {@link ZERO_MAC} (Invalid). */
export const MAC_ALL_ZEROS = 'must not be all zeros';
/** Detail of {@link RESERVED_MAC} (Invalid). */
export const MAC_RESERVED = 'is reserved by KubeVirt for the in-pod bridge';
/** Most `ipConfig.addresses` (a bound the CRD's CEL cost needs; a NIC rarely has more than one per family). */
export const MAX_EXTRA_ADDRESSES = 16;

/** Detail of `address`, `gateway` or `addresses` without mode `static` (Forbidden). */
export const STATIC_ONLY = 'may only be set with mode "static"';
/** Detail of mode `static` without `address` (Required). */
export const STATIC_NEEDS_ADDRESS = 'mode "static" needs an address in CIDR form';
/** Detail of a network named like the pod network while `spec.podNetwork` is on (Duplicate). */
export const POD_NETWORK_NAME_RESERVED = `the name ${JSON.stringify(POD_NETWORK_NAME)} is reserved for the pod network (spec.podNetwork: true)`;

/** Detail of `vlanId` on a `macvlan` network (Forbidden). */
export const MACVLAN_NO_VLAN = 'macvlan does not support VLANs; use type bridge';
/** Detail of `model` on an `sriov` network (Forbidden). */
export const SRIOV_NO_MODEL = 'an SR-IOV interface is the virtual function itself: it has no emulated model';

/** Lowest usable VLAN ID (IEEE 802.1Q reserves 0 and 4095). */
export const VLAN_ID_MIN = 1;
/** Highest usable VLAN ID. */
export const VLAN_ID_MAX = 4094;
/** Fewest SR-IOV virtual functions `nodeNetwork.totalVfs` may ask for. */
export const TOTAL_VFS_MIN = 1;
/** Most SR-IOV virtual functions `nodeNetwork.totalVfs` may ask for. */
export const TOTAL_VFS_MAX = 256;

/** Why `value` is not an integer in [min, max], kubectl-style, or undefined. */
function integerRangeProblem(value: number, min: number, max: number): string | undefined {
  return Number.isInteger(value) && value >= min && value <= max ? undefined : `must be between ${min} and ${max}`;
}

/** Why `value` is no usable VLAN ID, or undefined. */
export function vlanIdProblem(value: number): string | undefined {
  return integerRangeProblem(value, VLAN_ID_MIN, VLAN_ID_MAX);
}

/** Why `value` is no valid `nodeNetwork.totalVfs`, or undefined. */
export function totalVfsProblem(value: number): string | undefined {
  return integerRangeProblem(value, TOTAL_VFS_MIN, TOTAL_VFS_MAX);
}

/** Detail of `nodeNetwork.totalVfs` on a network that is not `sriov` (Forbidden). */
export const TOTAL_VFS_SRIOV_ONLY = 'only for type "sriov"';
/** Detail of an `ovs` network without `bridgeName` (Required): the library does not create OVS bridges' names. */
export const OVS_BRIDGE_REQUIRED = 'type "ovs" needs the name of an existing OVS bridge';
/** Detail of a `nodeNetwork.uplink` that is the network's own bridge (Invalid). */
export const UPLINK_IS_BRIDGE = 'must differ from the bridge it is a port of';

/** Lowest port number of a forwarded pod-network port. */
export const PORT_MIN = 1;
/** Highest port number. */
export const PORT_MAX = 65535;
/** Most forwarded pod-network ports. */
export const MAX_POD_PORTS = 64;
/** The protocol of a port that names none (`spec.ports[].protocol`), as KubeVirt and Kubernetes default it. */
const DEFAULT_PORT_PROTOCOL = 'TCP';

/** Why `value` is no port number, or undefined. */
export function portProblem(value: number): string | undefined {
  return integerRangeProblem(value, PORT_MIN, PORT_MAX);
}

/** The protocol of a port: its own, else {@link DEFAULT_PORT_PROTOCOL}. */
export function portProtocolOf<P>(port: { readonly protocol?: P }): P | typeof DEFAULT_PORT_PROTOCOL {
  return port.protocol ?? DEFAULT_PORT_PROTOCOL;
}

/** Longest IANA service name (a port name). */
export const IANA_SVC_NAME_MAX_LENGTH = 15;
/** The characters of an IANA service name, anchored; it also needs a letter and no `--` (apimachinery IsValidPortName). */
export const IANA_SVC_NAME_PATTERN = '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$';
/** Detail of a port name with `--`. */
export const IANA_SVC_NAME_NO_DOUBLE_HYPHEN = 'must not contain consecutive hyphens';
/** Detail of a port name without a letter. */
export const IANA_SVC_NAME_NEEDS_LETTER = 'must contain at least one letter (a-z)';

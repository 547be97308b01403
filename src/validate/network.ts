/**
 * `spec.networks`: each network's name, type, NAD, VLAN, bridge, MAC and `ipConfig` (addresses, gateway, DNS),
 * and the rules across networks (duplicate names and MACs, default routes, generated MACs without a namespace).
 */
import { Context } from './context';
import { goQuote } from './field-error';
import { defaultBridgeTooLong, MAX_DEFAULT_BRIDGE_NETWORK_NAME_LENGTH, MAX_NETWORK_NAME_LENGTH, MAX_OBJECT_NAME_LENGTH } from './generated-names';
import {
  Cidr, cidrContains, formatIP, hostAddressProblem, IpAddress, isIPv6LinkLocal, networkAddress, parseCidr, parseIP, unicastProblem,
} from './ip-address';
import { dns1123LabelErrors, dns1123SubdomainErrors, linuxInterfaceNameErrors, prefixedQualifiedNameErrors } from './kube-names';
import { KUBEVIRT_MAX_ITEMS } from './kubevirt-rules';
import {
  MAC_ADDRESS_PATTERN, MAC_ALL_ZEROS, MAC_NOT_UNICAST, MAC_RESERVED, MACVLAN_NO_VLAN, MAX_EXTRA_ADDRESSES, OVS_BRIDGE_REQUIRED,
  POD_NETWORK_NAME_RESERVED, RESERVED_MAC, SRIOV_NO_MODEL, STATIC_NEEDS_ADDRESS, STATIC_ONLY, vlanIdProblem, ZERO_MAC,
} from './network-rules';
import { validateNodeNetwork } from './node-network';
import {
  duplicate, expectArray, expectEnum, expectInteger, expectNonEmptyString, expectObject, expectRequiredString, expectString, forbidden, has,
  invalid, isObject, Obj, peekEnum, peekObject, peekString, Report, required, syntaxOnly, tooLong, tooMany, walk,
} from './report';
import { bridgeNameOf, createdNadName, defaultBridgeName } from '../plan/naming';
import { DEFAULT_MACVTAP_DEVICE, defaultResourceName, POD_NETWORK_NAME, RESOURCE_NAME_ANNOTATION } from '../plan/profile-plan';
import { IpMode, NetworkType, NIC_MODELS } from '../spec/profile-spec';

const RECOMMENDED_MAX_NETWORKS = 8;

/** glibc reads at most 3 nameservers from resolv.conf. */
const MAX_USEFUL_DNS_SERVERS = 3;

const MAC_ADDRESS = new RegExp(MAC_ADDRESS_PATTERN);

const NETWORK_TYPES: readonly string[] = Object.values(NetworkType);

const IP_MODES: readonly string[] = Object.values(IpMode);

interface NetworkState {
  readonly names: Map<string, number>;
  readonly macs: Map<string, number>;
  /** First static gateway of each IP family, for the two-default-routes warning. */
  readonly gateways: Map<4 | 6, string>;
  /** Field and value of every static gateway, for the DHCP-default-route warning. */
  readonly staticGateways?: Array<{ field: string; value: string; family: 4 | 6 }>;
  /** Field of the first network that gets its address by DHCP. */
  dhcp?: string;
}

function validateIpConfig(r: Report, field: string, v: unknown, state: NetworkState): void {
  if (!expectObject(r, field, v)) return;
  const mode = peekEnum(v, 'mode', IP_MODES);
  const addressText = peekString(v, 'address');
  const cidr: Cidr | undefined = addressText !== undefined ? parseCidr(addressText) : undefined;
  walk(r, v, field, {
    mode: (value, f) => {
      if (expectRequiredString(r, f, value)) expectEnum(r, f, value, IP_MODES);
    },
    address: (value, f) => {
      if (mode !== undefined && mode !== IpMode.STATIC) {
        r.error(forbidden(f, STATIC_ONLY));
        return;
      }
      if (!expectRequiredString(r, f, value)) return;
      if (!cidr) {
        const bare = parseIP(value) !== undefined;
        r.error(invalid(f, value, bare
          ? `must include a prefix length, e.g. ${goQuote(`${value}/${value.includes(':') ? 64 : 24}`)}`
          : 'must be an IPv4 or IPv6 address with a prefix length (CIDR), e.g. "192.168.1.10/24" or "2001:db8::10/64"'));
        return;
      }
      const problem = unicastProblem(cidr.address);
      if (problem) r.error(invalid(f, value, problem));
      const hostProblem = hostAddressProblem(cidr);
      if (!problem && hostProblem) r.warn(invalid(f, value, hostProblem));
    },
    gateway: (value, f) => {
      if (mode !== undefined && mode !== IpMode.STATIC) {
        r.error(forbidden(f, STATIC_ONLY));
        return;
      }
      if (!expectNonEmptyString(r, f, value)) return;
      validateGateway(r, f, value, cidr, state);
    },
    addresses: (value, f) => {
      if (mode !== undefined && mode !== IpMode.STATIC) {
        r.error(forbidden(f, STATIC_ONLY));
        return;
      }
      if (!expectArray(r, f, value)) return;
      if (value.length > MAX_EXTRA_ADDRESSES) r.error(tooMany(f, value.length, MAX_EXTRA_ADDRESSES));
      const seen = new Set<string>(cidr ? [formatIP(cidr.address)] : []);
      value.forEach((a, i) => {
        const af = `${f}[${i}]`;
        if (!expectNonEmptyString(r, af, a)) return;
        const extra = parseCidr(a);
        if (!extra) {
          r.error(invalid(af, a, 'must be an IPv4 or IPv6 address with a prefix length (CIDR), e.g. "2001:db8::10/64"'));
          return;
        }
        const problem = unicastProblem(extra.address);
        if (problem) r.error(invalid(af, a, problem));
        else if (seen.has(formatIP(extra.address))) r.error(duplicate(af, a, 'the interface already has this address'));
        seen.add(formatIP(extra.address));
      });
    },
    dnsServers: (value, f) => {
      if (!expectArray(r, f, value)) return;
      const seen = new Set<string>();
      value.forEach((server, i) => {
        const sf = `${f}[${i}]`;
        if (!expectNonEmptyString(r, sf, server)) return;
        const ip = parseIP(server);
        if (!ip) {
          r.error(invalid(sf, server, 'must be a valid IPv4 or IPv6 address'));
          return;
        }
        const problem = unicastProblem(ip);
        if (problem) r.error(invalid(sf, server, problem));
        const canonical = formatIP(ip);
        if (seen.has(canonical)) r.error(duplicate(sf, server));
        seen.add(canonical);
      });
      if (value.length > MAX_USEFUL_DNS_SERVERS) {
        r.warn(tooMany(f, value.length, MAX_USEFUL_DNS_SERVERS, 'the guest resolver reads only the first 3'));
      }
    },
  }, ['mode']);
  if (mode === IpMode.DHCP && state.dhcp === undefined) state.dhcp = field.replace(/\.ipConfig$/, '');
  if (mode === IpMode.STATIC && !has(v, 'address')) r.error(required(`${field}.address`, STATIC_NEEDS_ADDRESS));
}

function validateGateway(r: Report, f: string, value: string, cidr: Cidr | undefined, state: NetworkState): void {
  const ip: IpAddress | undefined = parseIP(value);
  if (!ip) {
    r.error(invalid(f, value, 'must be a valid IPv4 or IPv6 address'));
    return;
  }
  const problem = unicastProblem(ip);
  if (problem) {
    r.error(invalid(f, value, problem));
    return;
  }
  if (cidr) {
    if (cidr.address.family !== ip.family) {
      r.error(invalid(f, value, `must be an IPv${cidr.address.family} address, the family of address`));
      return;
    }
    if (formatIP(ip) === formatIP(cidr.address)) {
      r.error(invalid(f, value, 'must differ from the interface\'s own address'));
      return;
    }
    // An IPv6 router is usually reached by its link-local address, which is outside every global prefix.
    if (!cidrContains(cidr, ip) && !isIPv6LinkLocal(ip)) {
      r.error(invalid(f, value, `must be inside ${formatIP(networkAddress(cidr))}/${cidr.prefixLength}, the subnet of address`));
      return;
    }
  }
  state.staticGateways?.push({ field: f, value, family: ip.family });
  const first = state.gateways.get(ip.family);
  if (first !== undefined) {
    r.warn(invalid(f, value, `${first} already sets an IPv${ip.family} default route: two default routes make the guest's traffic depend on interface order; keep one gateway`));
  } else {
    state.gateways.set(ip.family, f);
  }
}

export function validateNadName(r: Report, f: string, value: string): void {
  if (value === '') return;
  const parts = value.split('/');
  if (parts.length > 2) {
    r.error(invalid(f, value, 'must be "name" or "namespace/name"'));
    return;
  }
  if (parts.length === 2) r.invalidEach(f, value, dns1123LabelErrors(parts[0]).map((p) => `namespace part ${p}`));
  r.invalidEach(f, value, dns1123SubdomainErrors(parts[parts.length - 1]).map((p) => (parts.length === 2 ? `name part ${p}` : p)));
}

function validateMac(r: Report, f: string, value: string, index: number, ctx: Context, state: NetworkState): void {
  if (!MAC_ADDRESS.test(value)) {
    r.error(invalid(f, value, 'must be a MAC address of the form "xx:xx:xx:xx:xx:xx" (hexadecimal)'));
    return;
  }
  const mac = value.toLowerCase();
  if (parseInt(mac.slice(0, 2), 16) % 2 === 1) {
    r.error(invalid(f, value, MAC_NOT_UNICAST));
    return;
  }
  if (mac === ZERO_MAC) {
    r.error(invalid(f, value, MAC_ALL_ZEROS));
    return;
  }
  if (mac === RESERVED_MAC) {
    r.error(invalid(f, value, MAC_RESERVED));
    return;
  }
  const previous = state.macs.get(mac);
  const generatedFor = ctx.generatedMacs.get(mac);
  if (previous !== undefined) {
    r.error(duplicate(f, value, `already used by spec.networks[${previous}]`));
  } else if (generatedFor !== undefined && generatedFor !== index) {
    r.error(duplicate(f, value, `collides with the MAC generated for spec.networks[${generatedFor}]; choose another`));
  }
  state.macs.set(mac, index);
}

/** The bridge a network's NAD uses: explicit, or the default of `bridge` networks. */
function effectiveBridge(n: Obj, type: string | undefined, name: string | undefined): string | undefined {
  return bridgeNameOf({ type, name, bridgeName: peekString(n, 'bridgeName') });
}

/**
 * What a NAD the library creates assumes about the nodes: the macvtap lower device when no uplink names it, the
 * nodes an NNCP without nodeSelector lands on, and whether the derived device-plugin resource is a valid name.
 */
function validateCreatedNadResources(r: Report, field: string, n: Obj, type: string | undefined, name: string | undefined,
  writesPolicies: boolean): void {
  const nodeNetwork = peekObject(n, 'nodeNetwork');
  const uplink = peekString(nodeNetwork, 'uplink');
  if (type === NetworkType.MACVLAN && uplink === undefined && !has(n, 'resourceName')) {
    r.warn(required(`${field}.nodeNetwork.uplink`, `assumed to be ${goQuote(DEFAULT_MACVTAP_DEVICE)}: the NAD asks for ` +
      `${goQuote(`macvtap.network.kubevirt.io/${DEFAULT_MACVTAP_DEVICE}`)}, and on nodes whose NIC is named otherwise (ens*, eno*, bond*) ` +
      'the VM stays Pending for ever; set nodeNetwork.uplink (or resourceName) to the lower device macvtap-cni exposes'));
  }
  // macvlan's uplink is only the macvtap lower device: no policy is written for it.
  if (writesPolicies && nodeNetwork !== undefined && type !== NetworkType.MACVLAN && !has(nodeNetwork, 'nodeSelector')) {
    r.warn(required(`${field}.nodeNetwork.nodeSelector`, 'without it the NodeNetworkConfigurationPolicy applies to every node, ' +
      'control-plane nodes included, and fails (Degraded) on each node that lacks the uplink; select the nodes that have it ' +
      '(e.g. node-role.kubernetes.io/worker: "")'));
  }
  if (has(n, 'resourceName') || name === undefined || type === undefined) return;
  const derived = defaultResourceName({ name, type, nodeNetwork: uplink !== undefined ? { uplink } : undefined }, effectiveBridge(n, type, name));
  if (derived === undefined) return;
  for (const p of prefixedQualifiedNameErrors(derived)) {
    r.error(invalid(field, derived, `the derived ${RESOURCE_NAME_ANNOTATION} is not a valid extended resource name (${p}); set resourceName`));
  }
}

export function validateNetwork(r: Report, field: string, v: unknown, index: number, ctx: Context, state: NetworkState): void {
  if (!expectObject(r, field, v)) return;
  const type = peekEnum(v, 'type', NETWORK_TYPES);
  const name = peekString(v, 'name');
  const nadName = peekString(v, 'nadName') ?? '';
  const usesExistingNad = nadName !== '';
  const ignoredWithNad = (f: string, value: unknown): void => {
    if (usesExistingNad) r.warn(invalid(f, value, `ignored: the existing NetworkAttachmentDefinition ${goQuote(nadName)} (nadName) defines it`));
  };
  walk(r, v, field, {
    name: (value, f) => {
      if (!expectRequiredString(r, f, value)) return;
      // KubeVirt refuses '.' in interface names, so a label, not the spec's subdomain.
      r.invalidEach(f, value, syntaxOnly(dns1123LabelErrors(value)));
      if (value.length > MAX_NETWORK_NAME_LENGTH) {
        r.error(tooLong(f, value, `may not be more than ${MAX_NETWORK_NAME_LENGTH} bytes: the NetworkAttachmentDefinition name ${goQuote(createdNadName(value))} must fit in ${MAX_OBJECT_NAME_LENGTH}`));
      }
      const previous = state.names.get(value);
      if (ctx.podNetwork && value === POD_NETWORK_NAME) {
        r.error(duplicate(f, value, POD_NETWORK_NAME_RESERVED));
      } else if (previous !== undefined) {
        r.error(duplicate(f, value));
      } else {
        state.names.set(value, index);
      }
    },
    type: (value, f) => {
      if (!expectRequiredString(r, f, value) || !expectEnum(r, f, value, NETWORK_TYPES)) return;
    },
    nadName: (value, f) => {
      if (expectString(r, f, value)) validateNadName(r, f, value);
    },
    vlanId: (value, f) => {
      if (type === NetworkType.MACVLAN) {
        r.error(forbidden(f, MACVLAN_NO_VLAN));
        return;
      }
      if (!expectInteger(r, f, value)) return;
      const problem = vlanIdProblem(value);
      if (problem) r.error(invalid(f, value, problem));
      else ignoredWithNad(f, value);
    },
    bridgeName: (value, f) => {
      if (type === NetworkType.MACVLAN || type === NetworkType.SRIOV) {
        r.error(forbidden(f, `only for type "bridge" or "ovs", not ${goQuote(type)}`));
        return;
      }
      if (!expectNonEmptyString(r, f, value)) return;
      if (r.invalidEach(f, value, linuxInterfaceNameErrors(value))) ignoredWithNad(f, value);
    },
    ipConfig: (value, f) => validateIpConfig(r, f, value, state),
    macAddress: (value, f) => {
      if (expectNonEmptyString(r, f, value)) validateMac(r, f, value, index, ctx, state);
    },
    resourceName: (value, f) => {
      if (!expectNonEmptyString(r, f, value)) return;
      if (r.invalidEach(f, value, prefixedQualifiedNameErrors(value))) ignoredWithNad(f, value);
    },
    model: (value, f) => {
      if (!expectEnum(r, f, value, NIC_MODELS)) return;
      if (type === NetworkType.SRIOV) r.error(forbidden(f, SRIOV_NO_MODEL));
    },
    nodeNetwork: (value, f) => {
      if (usesExistingNad) {
        r.error(forbidden(f, `may not be combined with nadName: the node side of an existing NetworkAttachmentDefinition (${goQuote(nadName)}) is managed with it`));
      }
      validateNodeNetwork(r, f, value, type, effectiveBridge(v, type, name));
    },
  }, ['name', 'type']);
  if (!usesExistingNad) validateCreatedNadResources(r, field, v, type, name, ctx.standalone !== true);
  // The bridge is only ours to name when we create the NAD.
  if (!usesExistingNad && !has(v, 'bridgeName')) {
    if (type === NetworkType.OVS) {
      r.error(required(`${field}.bridgeName`, OVS_BRIDGE_REQUIRED));
    } else if (type === NetworkType.BRIDGE && name !== undefined && name.length > MAX_DEFAULT_BRIDGE_NETWORK_NAME_LENGTH) {
      r.error(required(`${field}.bridgeName`, defaultBridgeTooLong(goQuote(defaultBridgeName(name)))));
    }
  }
}

export function validateNetworks(r: Report, field: string, v: unknown, ctx: Context): void {
  if (!expectArray(r, field, v)) return;
  const max = KUBEVIRT_MAX_ITEMS - (ctx.podNetwork ? 1 : 0);
  if (v.length > max) r.error(tooMany(field, v.length, max, ctx.podNetwork ? `KubeVirt allows ${KUBEVIRT_MAX_ITEMS} networks, one is the pod network` : 'KubeVirt limit'));
  else if (v.length > RECOMMENDED_MAX_NETWORKS) r.warn(tooMany(field, v.length, RECOMMENDED_MAX_NETWORKS, 'recommended limit; depends on the node and CNI'));
  const state: NetworkState = { names: new Map(), macs: new Map(), gateways: new Map(), staticGateways: [] };
  v.forEach((n, i) => validateNetwork(r, `${field}[${i}]`, n, i, ctx, state));
  // A DHCP server (the pod network's always) usually sends a default route too: the guest then has two.
  const dhcpRoute = state.dhcp !== undefined ? `${state.dhcp} gets its address by DHCP, whose server usually sends a default route too`
    : ctx.podNetwork ? 'the pod network (spec.podNetwork) gets its address by DHCP with a default route' : undefined;
  // Only the first static gateway: a second one already has its own two-default-routes warning.
  const gateway = state.staticGateways?.[0];
  if (dhcpRoute !== undefined && gateway !== undefined) {
    r.warn(invalid(gateway.field, gateway.value, `${dhcpRoute}: with this static default route as well, the guest's traffic depends on ` +
      'which route wins; keep the gateway on one network only'));
  }
  const generated = v.filter((n) => isObject(n) && !has(n, 'macAddress')).length;
  if (generated > 0 && ctx.namespace === undefined && ctx.name !== undefined) {
    r.warn(required('metadata.namespace', `without it the MACs of ${generated === 1 ? 'the network' : `${generated} networks`} without macAddress ` +
      'derive from the profile name alone: the same output applied in two namespaces gives the same MACs on one L2 segment; ' +
      'set metadata.namespace (or macAddress)'));
  }
}

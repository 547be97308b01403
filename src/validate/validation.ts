/**
 * Validation of a VirtualMachineProfile manifest: every rule of the spec, every refusal KubeVirt, CDI or
 * Multus would make later, and our own decisions (docs/validation.md). All problems are reported at once,
 * in document order, with apimachinery-style field paths, so a user fixes a profile in one round trip.
 */
import * as jsYaml from 'js-yaml';
import { FieldError, goQuote, ValidationError } from './field-error';
import {
  defaultBridgeTooLong, MAX_DEFAULT_BRIDGE_NETWORK_NAME_LENGTH, MAX_NETWORK_NAME_LENGTH, MAX_OBJECT_NAME_LENGTH, MAX_PROFILE_NAME_LENGTH,
} from './generated-names';
import {
  cidrContains, Cidr, formatIP, hostAddressProblem, IpAddress, isIPv6LinkLocal, networkAddress, parseCidr, parseIP, unicastProblem,
} from './ip-address';
import {
  dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, imageSourceErrors, imageSourceKind, labelValueErrors,
  linuxInterfaceNameErrors, prefixedQualifiedNameErrors, qualifiedNameErrors,
} from './kube-names';
import {
  CPU_MODEL_PATTERN, DISK_SERIAL_PATTERN, KUBEVIRT_MAX_ITEMS, LIBRARY_VOLUMES, MAX_DISK_SERIAL_LENGTH, MAX_DISKS, MAX_PASSTHROUGH_DEVICES,
  MIN_DISK_SIZE, MIN_MEMORY,
} from './kubevirt-rules';
import {
  IANA_SVC_NAME_MAX_LENGTH, IANA_SVC_NAME_NEEDS_LETTER, IANA_SVC_NAME_NO_DOUBLE_HYPHEN, IANA_SVC_NAME_PATTERN, MAC_ADDRESS_PATTERN, MAC_ALL_ZEROS,
  MAC_NOT_UNICAST, MAC_RESERVED, MACVLAN_NO_VLAN, MAX_EXTRA_ADDRESSES, MAX_POD_PORTS, OVS_BRIDGE_REQUIRED, POD_NETWORK_NAME_RESERVED, portProblem,
  portProtocolOf, RESERVED_MAC, SRIOV_NO_MODEL, STATIC_NEEDS_ADDRESS, STATIC_ONLY, TOTAL_VFS_SRIOV_ONLY, totalVfsProblem, UPLINK_IS_BRIDGE,
  vlanIdProblem, ZERO_MAC,
} from './network-rules';
import { formatBinaryQuantity, parseQuantity, quantityProblem } from './quantity';
import {
  BOOT_DISK_OR_OS_IMAGE, CLAIM_HAS_SIZE, CLAIM_HAS_STORAGE_CLASS, CLAIM_HAS_VOLUME_MODE, DEDICATED_MEMORY_LIMIT, EMPTY_TOLERATION_KEY,
  EMULATOR_THREAD_NEEDS_DEDICATED, NOT_WITH_INSTANCETYPE, NOT_WITH_USER_DATA, ONE_SYSPREP_SOURCE, PERSISTENT_EFI_NEEDS_EFI, SECURE_BOOT_NEEDS_EFI,
  USER_DATA_HEADER,
} from './vm-rules';
import {
  bridgeNameOf, CLOUD_INIT_VOLUME, CONTAINER_DISK_VOLUME, SYSPREP_VOLUME, createdNadName, dataVolumeName, defaultBridgeName, PROFILE_LABEL,
  stableMacAddress, vmName,
} from '../plan/naming';
import { NodeNetworkPlanner, nodeNetworkRequests } from '../plan/node-network';
import {
  assessMigration, DEFAULT_MACVTAP_DEVICE, defaultResourceName, EvictionStrategy, planProfile, POD_NETWORK_NAME, RESOURCE_NAME_ANNOTATION,
  wantsAvailability,
} from '../plan/profile-plan';
import { resolveRunStrategy } from '../plan/run-strategy';
import { CLOUD_INIT_INLINE_LIMIT } from '../render/cloud-init';
import {
  AntiAffinityMode, Bootloader, DISK_BUSES, HUGEPAGE_SIZES, InstancetypeKind, IpMode, NetworkType, NIC_MODELS, PreferenceKind,
  POD_PORT_PROTOCOLS, POD_SERVICE_TYPES, PROFILE_API_VERSION, PROFILE_KIND, RestartPolicy, RunStrategy, VirtualMachineProfileManifest, VOLUME_MODES,
} from '../spec/profile-spec';
import { closestCandidate } from '../spec/yaml-limits';

export { FieldError, FieldErrorType, formatFieldError, formatFieldWarning, goQuote, readingInput, ValidationError } from './field-error';

/** Errors refuse the profile; warnings say what works but loses something. */
export interface ValidationResult {
  readonly errors: FieldError[];
  readonly warnings: FieldError[];
}

function required(field: string, detail?: string): FieldError {
  return { type: 'Required', field, detail };
}
function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'Invalid', field, value, detail };
}
function duplicate(field: string, value: unknown, detail?: string): FieldError {
  return { type: 'Duplicate', field, value, detail };
}
function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  return { type: 'NotSupported', field, value, detail: `supported values: ${supported.map(goQuote).join(', ')}` };
}
function forbidden(field: string, detail: string): FieldError {
  return { type: 'Forbidden', field, detail };
}
function tooLong(field: string, value: unknown, detail: string): FieldError {
  return { type: 'TooLong', field, value, detail };
}
function tooMany(field: string, actual: number, max: number, why?: string): FieldError {
  return { type: 'TooMany', field, value: actual, detail: `must have at most ${max} items${why ? ` (${why})` : ''}` };
}

// ---------------------------------------------------------------------------------------------------------------
// Limits and enumerations

const RECOMMENDED_MAX_CPU = 64;
const RECOMMENDED_MAX_NETWORKS = 8;
const RECOMMENDED_MAX_DISKS = 16;
/** Volumes the renderer adds next to the profile's disks: they count against KubeVirt's limit and own these names. */
const RESERVED_DISK_NAMES: readonly string[] = [CLOUD_INIT_VOLUME, CONTAINER_DISK_VOLUME, SYSPREP_VOLUME];
/** glibc reads at most 3 nameservers from resolv.conf. */
const MAX_USEFUL_DNS_SERVERS = 3;
const MAC_ADDRESS = new RegExp(MAC_ADDRESS_PATTERN);
const NETWORK_TYPES: readonly string[] = Object.values(NetworkType);
const IP_MODES: readonly string[] = Object.values(IpMode);
const RESTART_POLICIES: readonly string[] = Object.values(RestartPolicy);
const RUN_STRATEGIES: readonly string[] = Object.values(RunStrategy);
const ANTI_AFFINITY_MODES: readonly string[] = Object.values(AntiAffinityMode);
const ACCESS_MODES: readonly string[] = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const TOLERATION_OPERATORS: readonly string[] = ['Equal', 'Exists'];
const TAINT_EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** ObjectMeta fields the API server fills in (`kubectl get -o yaml` output): accepted and ignored. */
const SERVER_METADATA_FIELDS: readonly string[] = [
  'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds',
  'managedFields', 'selfLink', 'ownerReferences', 'finalizers',
];

// ---------------------------------------------------------------------------------------------------------------
// Reading untyped documents

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** `undefined` counts as absent: TypeScript props write `{ x: undefined }` for "not set"; YAML never does. */
function has(o: Obj, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined;
}
/** A field's value when it has the expected type, else undefined: for cross-field rules, which skip broken fields. */
function peekString(o: unknown, key: string): string | undefined {
  return isObject(o) && has(o, key) && typeof o[key] === 'string' ? o[key] as string : undefined;
}
function peekBool(o: unknown, key: string): boolean | undefined {
  return isObject(o) && has(o, key) && typeof o[key] === 'boolean' ? o[key] as boolean : undefined;
}
function peekObject(o: unknown, key: string): Obj | undefined {
  return isObject(o) && has(o, key) && isObject(o[key]) ? o[key] as Obj : undefined;
}
function peekInteger(o: unknown, key: string): number | undefined {
  return isObject(o) && has(o, key) && typeof o[key] === 'number' && Number.isSafeInteger(o[key]) ? o[key] as number : undefined;
}
function peekArray(o: unknown, key: string): unknown[] {
  return isObject(o) && has(o, key) && Array.isArray(o[key]) ? o[key] as unknown[] : [];
}
function peekEnum(o: unknown, key: string, values: readonly string[]): string | undefined {
  const v = peekString(o, key);
  return v !== undefined && values.includes(v) ? v : undefined;
}

/** Collects errors and warnings in the order the walk meets them. */
class Report {
  public readonly errors: FieldError[] = [];
  public readonly warnings: FieldError[] = [];
  error(e: FieldError): void {
    this.errors.push(e);
  }
  warn(e: FieldError): void {
    this.warnings.push(e);
  }
  /** One Invalid error per problem message, the way apimachinery reports name checks. */
  invalidEach(field: string, value: unknown, problems: readonly string[]): boolean {
    for (const p of problems) this.error(invalid(field, value, p));
    return problems.length === 0;
  }
}

function mismatch(r: Report, field: string, value: unknown, expected: string): false {
  const hint = value === null ? ' (null given: omit the field instead)' : '';
  r.error(invalid(field, value, `must be ${expected}${hint}`));
  return false;
}
function expectString(r: Report, field: string, v: unknown): v is string {
  return typeof v === 'string' || mismatch(r, field, v, 'a string');
}
function expectBool(r: Report, field: string, v: unknown): v is boolean {
  return typeof v === 'boolean' || mismatch(r, field, v, 'a boolean');
}
function expectInteger(r: Report, field: string, v: unknown): v is number {
  return (typeof v === 'number' && Number.isSafeInteger(v)) || mismatch(r, field, v, 'an integer');
}
function expectObject(r: Report, field: string, v: unknown): v is Obj {
  return isObject(v) || mismatch(r, field, v, 'an object');
}
function expectArray(r: Report, field: string, v: unknown): v is unknown[] {
  return Array.isArray(v) || mismatch(r, field, v, 'an array');
}
/** A required non-empty string: empty is Required, as apimachinery treats required names. */
function expectRequiredString(r: Report, field: string, v: unknown): v is string {
  if (!expectString(r, field, v)) return false;
  if (v === '') {
    r.error(required(field));
    return false;
  }
  return true;
}
/** An optional string that means nothing when empty: say so rather than guess. */
function expectNonEmptyString(r: Report, field: string, v: unknown): v is string {
  if (!expectString(r, field, v)) return false;
  if (v === '') {
    r.error(invalid(field, v, 'must not be empty (omit the field instead)'));
    return false;
  }
  return true;
}
function expectEnum(r: Report, field: string, v: unknown, values: readonly string[]): v is string {
  if (!expectString(r, field, v)) return false;
  if (!values.includes(v)) {
    r.error(notSupported(field, v, values));
    return false;
  }
  return true;
}

function unknownField(field: string, key: string, known: readonly string[]): FieldError {
  // Bounded: a key of a megabyte costs no more than a short one.
  const guess = closestCandidate(key, known);
  return forbidden(field, `unknown field${guess ? `; did you mean ${goQuote(guess)}?` : ''}`);
}

type Handler = (value: unknown, field: string) => void;

/**
 * Walks an object's fields in document order: known ones go to their handler, unknown ones are Forbidden
 * (strict decoding, so a typo like `vlanID` is not silently dropped), `ignored` ones are skipped.
 * Then reports each missing required field.
 */
function walk(r: Report, o: Obj, path: string, handlers: Record<string, Handler>, requiredKeys: readonly string[] = [],
  ignored: readonly string[] = []): void {
  for (const key of Object.keys(o)) {
    if (o[key] === undefined) continue;
    const field = path ? `${path}.${key}` : key;
    if (has(handlers, key)) handlers[key](o[key], field);
    else if (!ignored.includes(key)) r.error(unknownField(field, key, Object.keys(handlers)));
  }
  for (const key of requiredKeys) {
    if (!has(o, key)) r.error(required(path ? `${path}.${key}` : key));
  }
}

/** Validates a `map[string]string`: keys qualified names, values checked by `checkValue`. */
function validateStringMap(r: Report, field: string, v: unknown, valueProblems: (value: string) => string[]): void {
  if (!expectObject(r, field, v)) return;
  for (const [key, value] of Object.entries(v)) {
    r.invalidEach(field, key, qualifiedNameErrors(key));
    const valueField = `${field}[${key}]`;
    if (expectString(r, valueField, value)) r.invalidEach(valueField, value, valueProblems(value));
  }
}
function validateLabelMap(r: Report, field: string, v: unknown): void {
  validateStringMap(r, field, v, labelValueErrors);
}

/** Name syntax problems without the length one, for names whose length limit is stricter than 63. */
function syntaxOnly(problems: string[]): string[] {
  return problems.filter((p) => !p.startsWith('must be no more than'));
}

/**
 * `image` with the user-info part of its URL (`user:password@`) replaced by `***`, or undefined when it has none:
 * `https://u:p@host/x`, `docker://u:p@host/x` and `u:p@host/x` carry credentials; `repo@sha256:...` is a digest.
 */
export function redactImageCredentials(image: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?([^/]*)@(?=[^/]*\/|[^/]*$)/.exec(image);
  if (!m) return undefined;
  const scheme = m[1] ?? '';
  // Without a path, `name@algo:hex` is a digest reference, not credentials (a URL's host always follows a scheme).
  if (!scheme.match(/^https?:/i) && !image.slice(m[0].length).includes('/')) return undefined;
  return `${scheme}***@${image.slice(m[0].length)}`;
}

function validateImage(r: Report, field: string, v: unknown, registryOnly: boolean, why?: string): void {
  if (!expectNonEmptyString(r, field, v)) return;
  const redacted = redactImageCredentials(v);
  if (redacted !== undefined) {
    // Never echo the secret: the value shown is redacted.
    r.error(invalid(field, redacted, 'must not contain credentials (user:password@): they would be written in clear into the ' +
      'DataVolume and every copy of the output; put them in a Secret (keys accessKeyId and secretKey) and name it in ' +
      'the disk\'s secretRef, which CDI reads'));
    return;
  }
  const problems = imageSourceErrors(v, registryOnly);
  r.invalidEach(field, v, why ? problems.map((p) => `${p}: ${why}`) : problems);
}

// ---------------------------------------------------------------------------------------------------------------
// What the cross-field rules need to know, read leniently before the walk

interface Context {
  readonly name?: string;
  readonly namespace?: string;
  readonly osImage?: string;
  readonly podNetwork: boolean;
  readonly hasBootDisk: boolean;
  /** metadata.labels has an `app` label (the default anti-affinity group). */
  readonly hasAppLabel: boolean;
  /** MAC (lowercase) each network without `macAddress` gets from `stableMacAddress`, by network index. */
  readonly generatedMacs: ReadonlyMap<string, number>;
  /** A VmNetwork's props: no NodeNetworkConfigurationPolicy is written for its nodeNetwork. */
  readonly standalone?: boolean;
}

function readContext(doc: Obj): Context {
  const metadata = peekObject(doc, 'metadata');
  const spec = peekObject(doc, 'spec');
  const name = peekString(metadata, 'name');
  const namespace = peekString(metadata, 'namespace');
  const generatedMacs = new Map<string, number>();
  const networks = peekArray(spec, 'networks');
  // Only an explicit MAC can collide with a generated one: don't hash when there is none.
  if (name !== undefined && networks.some((n) => isObject(n) && has(n, 'macAddress'))) {
    networks.forEach((n, i) => {
      const netName = peekString(n, 'name');
      if (netName !== undefined && !(isObject(n) && has(n, 'macAddress'))) {
        generatedMacs.set(stableMacAddress(namespace, name, netName), i);
      }
    });
  }
  return {
    name,
    namespace,
    osImage: peekString(spec, 'osImage'),
    podNetwork: peekBool(spec, 'podNetwork') === true,
    hasBootDisk: peekArray(spec, 'disks').some((d) => peekBool(d, 'boot') === true),
    hasAppLabel: peekString(peekObject(metadata, 'labels'), 'app') !== undefined,
    generatedMacs,
  };
}


// ---------------------------------------------------------------------------------------------------------------
// metadata

function validateMetadata(r: Report, field: string, v: unknown, ctx: Context): void {
  if (!expectObject(r, field, v)) return;
  walk(r, v, field, {
    name: (value, f) => {
      if (!expectRequiredString(r, f, value)) return;
      r.invalidEach(f, value, syntaxOnly(dns1123LabelErrors(value)));
      if (value.length > MAX_PROFILE_NAME_LENGTH) {
        r.error(tooLong(f, value, `may not be more than ${MAX_PROFILE_NAME_LENGTH} bytes: the VirtualMachine name ${goQuote(vmName(value))} must fit in ${MAX_OBJECT_NAME_LENGTH}`));
      }
    },
    namespace: (value, f) => {
      if (expectString(r, f, value)) r.invalidEach(f, value, dns1123LabelErrors(value));
    },
    labels: (value, f) => {
      validateLabelMap(r, f, value);
      const mine = peekString(value, PROFILE_LABEL);
      if (mine !== undefined && mine !== ctx.name) {
        r.error(forbidden(`${f}[${PROFILE_LABEL}]`, `the label ${goQuote(PROFILE_LABEL)} is reserved: the library sets it to metadata.name on every object it creates`));
      }
    },
    annotations: (value, f) => validateStringMap(r, f, value, () => []),
    generateName: (_value, f) => r.error(forbidden(f, 'not supported: every generated object name derives from metadata.name')),
  }, ['name'], SERVER_METADATA_FIELDS);
}

// ---------------------------------------------------------------------------------------------------------------
// spec.networks

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

function validateNadName(r: Report, f: string, value: string): void {
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

function validateNodeNetwork(r: Report, field: string, v: unknown, type: string | undefined, bridge: string | undefined): void {
  if (!expectObject(r, field, v)) return;
  walk(r, v, field, {
    uplink: (value, f) => {
      if (!expectRequiredString(r, f, value)) return;
      if (!r.invalidEach(f, value, linuxInterfaceNameErrors(value))) return;
      if (bridge !== undefined && value === bridge) r.error(invalid(f, value, UPLINK_IS_BRIDGE));
    },
    nodeSelector: (value, f) => validateLabelMap(r, f, value),
    totalVfs: (value, f) => {
      if (type !== undefined && type !== NetworkType.SRIOV) {
        r.error(forbidden(f, TOTAL_VFS_SRIOV_ONLY));
        return;
      }
      const problem = expectInteger(r, f, value) ? totalVfsProblem(value) : undefined;
      if (problem) r.error(invalid(f, value, problem));
    },
  }, ['uplink']);
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

function validateNetwork(r: Report, field: string, v: unknown, index: number, ctx: Context, state: NetworkState): void {
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

function validateNetworks(r: Report, field: string, v: unknown, ctx: Context): void {
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

// ---------------------------------------------------------------------------------------------------------------
// spec.disks

function validateSize(r: Report, f: string, value: unknown, min: number): void {
  if (!expectRequiredString(r, f, value)) return;
  const problem = quantityProblem(value);
  if (problem) {
    r.error(invalid(f, value, problem));
    return;
  }
  if ((parseQuantity(value) ?? 0) < min) r.error(invalid(f, value, `must be at least ${formatBinaryQuantity(min)}`));
}

function validateDisk(r: Report, field: string, v: unknown, index: number, ctx: Context, names: Map<string, number>,
  boot: { index?: number }): void {
  if (!expectObject(r, field, v)) return;
  const isBoot = peekBool(v, 'boot') === true;
  const claim = has(v, 'claimName');
  walk(r, v, field, {
    name: (value, f) => {
      if (!expectRequiredString(r, f, value)) return;
      // KubeVirt needs disk names to be labels: they can become container names.
      r.invalidEach(f, value, dns1123LabelErrors(value));
      if (RESERVED_DISK_NAMES.includes(value)) r.error(invalid(f, value, `reserved for the volume the library adds (${RESERVED_DISK_NAMES.map(goQuote).join(', ')})`));
      const previous = names.get(value);
      if (previous !== undefined) r.error(duplicate(f, value));
      else names.set(value, index);
      if (ctx.name !== undefined && ctx.name.length <= MAX_PROFILE_NAME_LENGTH &&
          dataVolumeName(ctx.name, value).length > MAX_OBJECT_NAME_LENGTH) {
        r.error(tooLong(f, value, `may not be more than ${MAX_OBJECT_NAME_LENGTH - ctx.name.length - 1} bytes with this profile name: the DataVolume name ${goQuote(dataVolumeName(ctx.name, value))} must fit in ${MAX_OBJECT_NAME_LENGTH}`));
      }
    },
    size: (value, f) => {
      if (claim) r.error(forbidden(f, CLAIM_HAS_SIZE));
      else validateSize(r, f, value, parseQuantity(MIN_DISK_SIZE)!);
    },
    storageClassName: (value, f) => {
      if (claim) r.error(forbidden(f, CLAIM_HAS_STORAGE_CLASS));
      else if (expectRequiredString(r, f, value)) r.invalidEach(f, value, dns1123SubdomainErrors(value));
    },
    claimName: (value, f) => {
      if (expectRequiredString(r, f, value)) r.invalidEach(f, value, dns1123SubdomainErrors(value));
    },
    boot: (value, f) => {
      if (!expectBool(r, f, value) || !value) return;
      if (boot.index !== undefined) r.error(duplicate(f, value, `only one disk may boot; spec.disks[${boot.index}] already has boot: true`));
      else boot.index = index;
    },
    image: (value, f) => validateImage(r, f, value, false),
    deleteWithVm: (value, f) => {
      expectBool(r, f, value);
    },
    accessMode: (value, f) => {
      expectEnum(r, f, value, ACCESS_MODES);
    },
    bus: (value, f) => {
      expectEnum(r, f, value, DISK_BUSES);
    },
    volumeMode: (value, f) => {
      if (claim) r.error(forbidden(f, CLAIM_HAS_VOLUME_MODE));
      else expectEnum(r, f, value, VOLUME_MODES);
    },
    // One source per disk: image, then pvc, dataSource, snapshot (the later one is refused, as the CRD does).
    pvc: (value, f) => validateCloneSource(r, f, value, v, claim, 'PVC', ['image'], ctx),
    dataSource: (value, f) => validateCloneSource(r, f, value, v, claim, 'DataSource', ['image', 'pvc'], undefined),
    snapshot: (value, f) => validateCloneSource(r, f, value, v, claim, 'VolumeSnapshot', ['image', 'pvc', 'dataSource'], ctx),
    secretRef: (value, f) => validateImportOption(r, f, value, v),
    certConfigMap: (value, f) => validateImportOption(r, f, value, v),
    // KubeVirt's disk admission: [A-Za-z0-9_.+-], at most 256 characters.
    serial: (value, f) => {
      if (!expectNonEmptyString(r, f, value)) return;
      if (!DISK_SERIAL.test(value)) r.error(invalid(f, value, 'must be made up of the characters [A-Za-z0-9_.+-] (KubeVirt\'s rule)'));
      else if (value.length > MAX_DISK_SERIAL_LENGTH) r.error(tooLong(f, value, `may not be more than ${MAX_DISK_SERIAL_LENGTH} characters (KubeVirt's limit)`));
    },
  }, claim ? ['name'] : ['name', 'size', 'storageClassName']);
  const cloned = has(v, 'pvc') || has(v, 'dataSource') || has(v, 'snapshot');
  if (isBoot && !claim && !cloned && !has(v, 'image') && ctx.osImage === undefined) {
    r.warn(required(`${field}.image`, 'the boot disk is blank (no image and no spec.osImage): the VM has nothing to boot until an OS is installed'));
  }
}

const DISK_SERIAL = new RegExp(DISK_SERIAL_PATTERN);
const SOURCE_FIELDS: Record<string, string> = { image: 'image', pvc: 'pvc', dataSource: 'dataSource' };

/**
 * `disks[].pvc` / `dataSource` / `snapshot`: a name and an optional namespace, on a created disk with no other
 * source. CDI needs the namespace of a cloned PVC or snapshot: without metadata.namespace to default it to, it is
 * required (`ctx` given); a DataSource's namespace CDI defaults itself.
 */
function validateCloneSource(r: Report, f: string, value: unknown, disk: Obj, claim: boolean, what: string,
  before: readonly string[], ctx: Context | undefined): void {
  if (claim) {
    r.error(forbidden(f, `may not be combined with claimName: the existing claim is mounted as it is, not cloned from a ${what}`));
    return;
  }
  const other = before.find((k) => has(disk, k));
  if (other !== undefined) {
    r.error(forbidden(f, `may not be combined with ${SOURCE_FIELDS[other]}: a disk has one source`));
    return;
  }
  if (!expectObject(r, f, value)) return;
  walk(r, value, f, {
    name: (n, nf) => {
      if (expectRequiredString(r, nf, n)) r.invalidEach(nf, n, dns1123SubdomainErrors(n));
    },
    namespace: (n, nf) => {
      if (expectRequiredString(r, nf, n)) r.invalidEach(nf, n, dns1123LabelErrors(n));
    },
  }, ['name']);
  if (ctx !== undefined && ctx.namespace === undefined && ctx.standalone !== true && !has(value, 'namespace')) {
    r.error(required(`${f}.namespace`, `CDI needs the ${what}'s namespace, and the profile has no metadata.namespace to default it to`));
  }
}

/** `disks[].secretRef` / `certConfigMap`: an object name, for the disk's own registry or http `image`. */
function validateImportOption(r: Report, f: string, value: unknown, disk: Obj): void {
  if (!has(disk, 'image')) {
    r.error(forbidden(f, 'needs the disk\'s image: credentials and CA bundles are for a registry or http import'));
    return;
  }
  if (expectNonEmptyString(r, f, value)) r.invalidEach(f, value, dns1123SubdomainErrors(value));
}

function validateDisks(r: Report, field: string, v: unknown, ctx: Context): void {
  if (!expectArray(r, field, v)) return;
  if (v.length > MAX_DISKS) r.error(tooMany(field, v.length, MAX_DISKS, `KubeVirt limit of ${KUBEVIRT_MAX_ITEMS} volumes, ${LIBRARY_VOLUMES} taken by the library`));
  else if (v.length > RECOMMENDED_MAX_DISKS) r.warn(tooMany(field, v.length, RECOMMENDED_MAX_DISKS, 'recommended limit'));
  const names = new Map<string, number>();
  const boot: { index?: number } = {};
  v.forEach((d, i) => validateDisk(r, `${field}[${i}]`, d, i, ctx, names, boot));
  if (v.length > 0 && !ctx.hasBootDisk && ctx.osImage === undefined) {
    r.warn(required(field, 'no disk has boot: true and spec.osImage is empty: the firmware tries the disks in order'));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// spec.highAvailability and spec.startStrategy

function validateToleration(r: Report, field: string, v: unknown): void {
  if (!expectObject(r, field, v)) return;
  const key = peekString(v, 'key') ?? '';
  const operator = peekString(v, 'operator') ?? 'Equal';
  const effect = peekString(v, 'effect') ?? '';
  walk(r, v, field, {
    key: (value, f) => {
      if (expectString(r, f, value) && value !== '') r.invalidEach(f, value, qualifiedNameErrors(value));
    },
    operator: (value, f) => {
      if (!expectString(r, f, value) || value === '') return;
      if (!TOLERATION_OPERATORS.includes(value)) r.error(notSupported(f, value, TOLERATION_OPERATORS));
    },
    value: (value, f) => {
      if (!expectString(r, f, value)) return;
      if (operator === 'Exists' && value !== '') r.error(invalid(f, value, 'value must be empty when `operator` is \'Exists\''));
      else if (operator !== 'Exists') r.invalidEach(f, value, labelValueErrors(value));
    },
    effect: (value, f) => {
      if (expectString(r, f, value) && value !== '' && !TAINT_EFFECTS.includes(value)) r.error(notSupported(f, value, TAINT_EFFECTS));
    },
    tolerationSeconds: (value, f) => {
      if (expectInteger(r, f, value) && effect !== 'NoExecute') {
        r.error(invalid(`${field}.effect`, effect, 'effect must be \'NoExecute\' when `tolerationSeconds` is set'));
      }
    },
  });
  if (key === '' && operator !== 'Exists') {
    r.error(invalid(`${field}.operator`, operator, EMPTY_TOLERATION_KEY));
  }
}

function validateHighAvailability(r: Report, field: string, v: unknown, ctx: Context): void {
  if (!expectObject(r, field, v)) return;
  const antiAffinity = peekBool(v, 'antiAffinity') === true;
  const ignoredWithoutAntiAffinity = (f: string, value: unknown): void => {
    if (!antiAffinity) r.warn(invalid(f, value, 'ignored: spec.highAvailability.antiAffinity is not true'));
  };
  walk(r, v, field, {
    restartPolicy: (value, f) => {
      expectEnum(r, f, value, RESTART_POLICIES);
    },
    antiAffinity: (value, f) => {
      expectBool(r, f, value);
    },
    antiAffinityGroup: (value, f) => {
      if (expectNonEmptyString(r, f, value)) r.invalidEach(f, value, labelValueErrors(value));
      ignoredWithoutAntiAffinity(f, value);
    },
    antiAffinityMode: (value, f) => {
      if (expectEnum(r, f, value, ANTI_AFFINITY_MODES)) ignoredWithoutAntiAffinity(f, value);
    },
    antiAffinityTopologyKey: (value, f) => {
      if (expectNonEmptyString(r, f, value) && r.invalidEach(f, value, qualifiedNameErrors(value))) ignoredWithoutAntiAffinity(f, value);
    },
    nodeSelector: (value, f) => validateLabelMap(r, f, value),
    tolerations: (value, f) => {
      if (expectArray(r, f, value)) value.forEach((t, i) => validateToleration(r, `${f}[${i}]`, t));
    },
  });
  if (antiAffinity && !has(v, 'antiAffinityGroup') && !ctx.hasAppLabel && ctx.name !== undefined) {
    r.warn(required(`${field}.antiAffinityGroup`, `without it (and without an "app" label) the group is the profile's own name ${goQuote(ctx.name)}, ` +
      'so the rule only keeps this VM away from itself and spreads nothing: give the VMs to spread one antiAffinityGroup or "app" label'));
  }
}

function validateStartStrategy(r: Report, field: string, v: unknown, ha: Obj | undefined): void {
  if (!expectObject(r, field, v)) return;
  walk(r, v, field, {
    runStrategy: (value, f) => {
      expectEnum(r, f, value, RUN_STRATEGIES);
    },
    autoStart: (value, f) => {
      expectBool(r, f, value);
    },
  });
  const resolution = resolveRunStrategy(
    { restartPolicy: peekEnum(ha, 'restartPolicy', RESTART_POLICIES) },
    { runStrategy: peekEnum(v, 'runStrategy', RUN_STRATEGIES), autoStart: peekBool(v, 'autoStart') },
  );
  for (const c of resolution.conflicts) r.error(invalid(c.field, c.value, c.detail));
}

// ---------------------------------------------------------------------------------------------------------------
// spec and the document

function validateSpec(r: Report, field: string, v: unknown, ctx: Context): void {
  if (!expectObject(r, field, v)) return;
  const sizedByInstancetype = has(v, 'instancetype');
  /** KubeVirt refuses a VM that sets CPU or memory next to an instancetype (its conflict check, pkg/instancetype/apply). */
  const notWithInstancetype = (f: string, what: string): boolean => {
    if (!sizedByInstancetype) return false;
    r.error(forbidden(f, `may not be combined with instancetype: the instancetype gives the ${what}, and KubeVirt refuses a VM that sets them next to one`));
    return true;
  };
  walk(r, v, field, {
    cpu: (value, f) => {
      if (notWithInstancetype(f, 'vCPUs') || !expectInteger(r, f, value)) return;
      if (value <= 0) r.error(invalid(f, value, 'must be greater than 0'));
      else if (value > RECOMMENDED_MAX_CPU) r.warn(invalid(f, value, `more than ${RECOMMENDED_MAX_CPU} vCPUs is beyond the recommended limit`));
    },
    memory: (value, f) => {
      if (!notWithInstancetype(f, 'memory')) validateSize(r, f, value, parseQuantity(MIN_MEMORY)!);
    },
    compute: (value, f) => validateCompute(r, f, value, v),
    sysprep: (value, f) => validateSysprep(r, f, value, v),
    ports: (value, f) => validatePodPorts(r, f, value, ctx),
    service: (value, f) => validatePodService(r, f, value, v, ctx),
    gpus: (value, f) => validatePassthroughDevices(r, f, value),
    hostDevices: (value, f) => validatePassthroughDevices(r, f, value),
    instancetype: (value, f) => validateResourceRef(r, f, value, INSTANCETYPE_KINDS),
    preference: (value, f) => validateResourceRef(r, f, value, PREFERENCE_KINDS),
    osImage: (value, f) => {
      // Without a boot disk, osImage boots as an ephemeral containerDisk, which only a registry can serve.
      const why = ctx.hasBootDisk ? undefined : 'with no boot disk, spec.osImage boots as a containerDisk';
      validateImage(r, f, value, !ctx.hasBootDisk, why);
      if (!ctx.hasBootDisk && typeof value === 'string' && imageSourceKind(value) === 'registry') {
        r.warn(invalid(f, value, 'no disk has boot: true, so the OS runs from an ephemeral containerDisk: changes to the root disk are lost at every restart'));
      }
    },
    sshKeySecret: (value, f) => {
      if (expectNonEmptyString(r, f, value)) r.invalidEach(f, value, dns1123SubdomainErrors(value));
    },
    networks: (value, f) => validateNetworks(r, f, value, ctx),
    disks: (value, f) => validateDisks(r, f, value, ctx),
    highAvailability: (value, f) => validateHighAvailability(r, f, value, ctx),
    startStrategy: (value, f) => validateStartStrategy(r, f, value, peekObject(v, 'highAvailability')),
    podNetwork: (value, f) => {
      expectBool(r, f, value);
    },
    // KubeVirt refuses a template hostname that is not a DNS-1123 label.
    hostname: (value, f) => {
      if (expectRequiredString(r, f, value)) r.invalidEach(f, value, dns1123LabelErrors(value));
    },
    userData: (value, f) => validateUserData(r, f, value),
    firmware: (value, f) => validateFirmware(r, f, value),
    tpm: (value, f) => {
      if (expectObject(r, f, value)) walk(r, value, f, { persistent: (p, pf) => { expectBool(r, pf, p); } });
    },
    userDataSecret: (value, f) => {
      if (!expectNonEmptyString(r, f, value)) return;
      r.invalidEach(f, value, dns1123SubdomainErrors(value));
      if (has(v, 'userData')) r.error(forbidden(f, NOT_WITH_USER_DATA));
    },
  });
  if (!sizedByInstancetype) {
    for (const key of ['cpu', 'memory']) {
      if (!has(v, key)) r.error(required(`${field}.${key}`, 'the VM needs cpu and memory unless spec.instancetype sizes it'));
    }
  }
  if ((!has(v, 'disks') || (Array.isArray(v.disks) && v.disks.length === 0)) && !has(v, 'osImage')) {
    r.error(required(`${field}.disks`, BOOT_DISK_OR_OS_IMAGE));
  }
}

/** A CPU model name: `host-passthrough`, `host-model` or a libvirt model such as `Skylake-Client-IBRS`. */
const CPU_MODEL = new RegExp(CPU_MODEL_PATTERN);
const MAX_THREADS_WITH_DEDICATED_CPUS = 2;

/** A quantity greater than zero; its value, or undefined when it is not one. */
function positiveQuantity(r: Report, f: string, value: unknown): number | undefined {
  if (!expectNonEmptyString(r, f, value)) return undefined;
  const problem = quantityProblem(value);
  if (problem) {
    r.error(invalid(f, value, problem));
    return undefined;
  }
  const n = parseQuantity(value)!;
  if (n <= 0) {
    r.error(invalid(f, value, 'must be greater than 0'));
    return undefined;
  }
  return n;
}

/**
 * `spec.compute`, with the rules KubeVirt's VMI admission applies (vmi-create-admitter.go: validateCPUIsolatorThread,
 * validateCpuPinning, validateNUMA, validateHugepagesMemoryRequests, validateGuestMemoryLimit,
 * validateMemoryLimitsNegativeOrNull) and its instancetype conflicts (pkg/instancetype/apply: sockets, threads,
 * requests and limits always conflict). The rules that read the dedicated CPUs or hugepages are skipped next to an
 * instancetype, which may give them.
 */
function validateCompute(r: Report, field: string, v: unknown, spec: Obj): void {
  if (!expectObject(r, field, v)) return;
  const sizedByInstancetype = has(spec, 'instancetype');
  const dedicated = peekBool(v, 'dedicatedCpuPlacement') === true;
  const hugepages = peekEnum(v, 'hugepages', HUGEPAGE_SIZES);
  const memoryText = peekString(spec, 'memory');
  const memory = memoryText !== undefined && quantityProblem(memoryText) === undefined ? parseQuantity(memoryText) : undefined;
  const requestText = peekString(v, 'memoryRequest');
  const request = requestText !== undefined && quantityProblem(requestText) === undefined ? parseQuantity(requestText) : undefined;
  const cpu = isObject(spec) && typeof spec.cpu === 'number' && Number.isSafeInteger(spec.cpu) && spec.cpu > 0 ? spec.cpu : undefined;
  const notWithInstancetype = (f: string): boolean => {
    if (!sizedByInstancetype) return false;
    r.error(forbidden(f, NOT_WITH_INSTANCETYPE));
    return true;
  };
  const topology = (value: unknown, f: string): void => {
    if (notWithInstancetype(f) || !expectInteger(r, f, value)) return;
    if (value < 1) r.error(invalid(f, value, 'must be greater than 0'));
  };
  walk(r, v, field, {
    dedicatedCpuPlacement: (value, f) => {
      expectBool(r, f, value);
    },
    isolateEmulatorThread: (value, f) => {
      if (!expectBool(r, f, value) || !value || dedicated) return;
      if (!sizedByInstancetype) r.error(invalid(f, value, EMULATOR_THREAD_NEEDS_DEDICATED));
      else r.warn(invalid(f, value, INSTANCETYPE_MUST_GIVE('dedicatedCPUPlacement')));
    },
    cpuModel: (value, f) => {
      if (expectNonEmptyString(r, f, value) && !CPU_MODEL.test(value)) {
        r.error(invalid(f, value, 'must be a CPU model name such as "host-passthrough", "host-model" or "Skylake-Client-IBRS"'));
      }
    },
    sockets: topology,
    threads: (value, f) => {
      topology(value, f);
      if (typeof value === 'number' && Number.isSafeInteger(value) && value > MAX_THREADS_WITH_DEDICATED_CPUS && dedicated && !sizedByInstancetype) {
        r.error(invalid(f, value, `must be at most ${MAX_THREADS_WITH_DEDICATED_CPUS} with dedicatedCpuPlacement (KubeVirt's limit)`));
      }
    },
    hugepages: (value, f) => {
      if (!expectEnum(r, f, value, HUGEPAGE_SIZES)) return;
      // A malformed memoryRequest has its own error; the CRD skips the rule then too.
      const backed = requestText !== undefined ? request : memory;
      const page = parseQuantity(value)!;
      if (backed !== undefined && backed % page !== 0) {
        r.error(invalid(f, value, `${request !== undefined ? 'compute.memoryRequest' : 'memory'} (${requestText ?? memoryText}) must be a multiple of the page size`));
      }
    },
    numaGuestMappingPassthrough: (value, f) => {
      if (!expectBool(r, f, value) || !value) return;
      const missing = [...(dedicated ? [] : ['dedicatedCpuPlacement: true']), ...(hugepages !== undefined || has(v, 'hugepages') ? [] : ['hugepages'])];
      if (missing.length === 0) return;
      if (!sizedByInstancetype) r.error(invalid(f, value, `needs ${missing.join(' and ')} (KubeVirt maps the guest's NUMA nodes from dedicated CPUs and hugepages)`));
      else r.warn(invalid(f, value, INSTANCETYPE_MUST_GIVE(missing.map((m) => m.replace('dedicatedCpuPlacement: true', 'dedicatedCPUPlacement')).join(' and '))));
    },
    memoryRequest: (value, f) => {
      if (notWithInstancetype(f)) return;
      const n = positiveQuantity(r, f, value);
      if (n !== undefined && memory !== undefined && n > memory) {
        r.error(invalid(f, value, `must be at most memory (${memoryText}): the request overcommits the guest memory, it never exceeds it`));
      }
    },
    memoryLimit: (value, f) => {
      if (notWithInstancetype(f)) return;
      const n = positiveQuantity(r, f, value);
      if (n === undefined) return;
      if (memory !== undefined && n < memory) {
        r.error(invalid(f, value, `must be at least memory (${memoryText}): KubeVirt refuses a guest memory above the memory limit`));
      } else if (dedicated && request !== undefined && n !== request) {
        r.error(invalid(f, value, DEDICATED_MEMORY_LIMIT));
      }
    },
    cpuLimit: (value, f) => {
      if (notWithInstancetype(f)) return;
      const n = positiveQuantity(r, f, value);
      if (n !== undefined && dedicated && cpu !== undefined && n !== cpu) {
        r.error(invalid(f, value, `must equal cpu (${cpu}) with dedicatedCpuPlacement: each vCPU gets a whole host CPU`));
      }
    },
  });
  const sockets = peekInteger(v, 'sockets') ?? 1;
  const threads = peekInteger(v, 'threads') ?? 1;
  if (cpu !== undefined && sockets > 0 && threads > 0 && cpu % (sockets * threads) !== 0) {
    r.error(invalid(`${field.replace(/\.compute$/, '')}.cpu`, cpu, `must be a multiple of compute.sockets × compute.threads (${sockets * threads}): cores = cpu / (sockets × threads)`));
  }
}

const IANA_SVC_NAME = new RegExp(IANA_SVC_NAME_PATTERN);

/** IANA service name problems, as apimachinery's IsValidPortName reports them (KubeVirt checks forwarded ports so). */
function portNameErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > IANA_SVC_NAME_MAX_LENGTH) errors.push(`must be no more than ${IANA_SVC_NAME_MAX_LENGTH} characters`);
  if (!IANA_SVC_NAME.test(value)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), starting and ending alphanumeric');
  if (value.includes('--')) errors.push(IANA_SVC_NAME_NO_DOUBLE_HYPHEN);
  if (!/[a-z]/.test(value)) errors.push(IANA_SVC_NAME_NEEDS_LETTER);
  return errors;
}

/** `spec.ports`: the masquerade binding's forwarded ports, by KubeVirt's rules (pkg/network/admitter: validatePortConfiguration). */
function validatePodPorts(r: Report, field: string, v: unknown, ctx: Context): void {
  if (!ctx.podNetwork) {
    r.error(forbidden(field, 'needs podNetwork: true (the ports are forwarded by the pod network\'s masquerade binding)'));
    return;
  }
  if (!expectArray(r, field, v)) return;
  if (v.length > MAX_POD_PORTS) r.error(tooMany(field, v.length, MAX_POD_PORTS));
  const names = new Set<string>();
  v.forEach((p, i) => {
    const f = `${field}[${i}]`;
    if (!expectObject(r, f, p)) return;
    walk(r, p, f, {
      name: (value, nf) => {
        if (!expectNonEmptyString(r, nf, value) || !r.invalidEach(nf, value, portNameErrors(value))) return;
        if (names.has(value)) r.error(duplicate(nf, value));
        names.add(value);
      },
      port: (value, pf) => {
        const problem = expectInteger(r, pf, value) ? portProblem(value) : undefined;
        if (problem) r.error(invalid(pf, value, problem));
      },
      protocol: (value, pf) => {
        expectEnum(r, pf, value, POD_PORT_PROTOCOLS);
      },
    }, ['port']);
  });
}

/**
 * `spec.service`: a Service for the forwarded ports, named like the VM. Kubernetes' Service rules that the ports meet
 * only because of it: a Service name is a DNS-1035 label, and a Service with several ports names each one.
 */
function validatePodService(r: Report, field: string, v: unknown, spec: Obj, ctx: Context): void {
  if (!expectObject(r, field, v)) return;
  walk(r, v, field, { type: (value, f) => { expectEnum(r, f, value, POD_SERVICE_TYPES); } });
  const ports = spec.ports;
  if (!Array.isArray(ports) || ports.length === 0) {
    r.error(required('spec.ports', 'spec.service exposes the forwarded ports: list at least one'));
    return;
  }
  if (typeof ctx.name === 'string' && ctx.name !== '') {
    const name = vmName(ctx.name);
    const problems = dns1035LabelErrors(name);
    if (problems.length > 0) {
      r.error(invalid(field, name, `the Service is named like the VM, and a Service name must be a DNS-1035 label: ${problems.join('; ')}`));
    }
  }
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    if (!isObject(p)) return;
    if (ports.length > 1 && !has(p, 'name')) r.error(required(`spec.ports[${i}].name`, 'a Service with several ports needs a name for each'));
    const pair = `${String(p.port)}/${String(portProtocolOf(p))}`;
    if (seen.has(pair)) r.error(duplicate(`spec.ports[${i}].port`, p.port));
    seen.add(pair);
  });
}

/** Fields that need cloud-init, which a sysprep VM does not have. */
const CLOUD_INIT_ONLY: Record<string, string> = {
  userData: 'userData',
  userDataSecret: 'userDataSecret',
  sshKeySecret: 'sshKeySecret (KubeVirt propagates the keys through the cloud-init NoCloud disk)',
};

/** `spec.sysprep`: exactly one of configMap and secret, and nothing that needs cloud-init beside it. */
function validateSysprep(r: Report, field: string, v: unknown, spec: Obj): void {
  if (!expectObject(r, field, v)) return;
  for (const key of Object.keys(CLOUD_INIT_ONLY)) {
    if (has(spec, key)) r.error(forbidden(field, `may not be combined with ${CLOUD_INIT_ONLY[key]}: a sysprep VM has no cloud-init`));
  }
  const name = (value: unknown, f: string): void => {
    if (expectNonEmptyString(r, f, value)) r.invalidEach(f, value, dns1123SubdomainErrors(value));
  };
  walk(r, v, field, { configMap: name, secret: name });
  if (has(v, 'configMap') && has(v, 'secret')) r.error(forbidden(`${field}.secret`, ONE_SYSPREP_SOURCE));
  if (!has(v, 'configMap') && !has(v, 'secret')) r.error(required(`${field}.configMap`, 'a ConfigMap or a Secret (secret) with autounattend.xml'));
  for (const [i, n] of peekArray(spec, 'networks').entries()) {
    const ip = peekObject(n, 'ipConfig');
    if (ip && (peekString(ip, 'mode') === IpMode.STATIC || has(ip, 'dnsServers'))) {
      r.warn(invalid(`spec.networks[${i}].ipConfig`, undefined, 'not applied with spec.sysprep: Windows takes its IP configuration from the answer file, not from cloud-init network data'));
    }
  }
}

/** Most GPUs or host devices of one profile: no KubeVirt limit, a bound the CRD's CEL cost needs (a node has fewer). */

/** `spec.gpus` / `spec.hostDevices`: unique label names, each a device-plugin resource name. */
function validatePassthroughDevices(r: Report, field: string, v: unknown): void {
  if (!expectArray(r, field, v)) return;
  if (v.length > MAX_PASSTHROUGH_DEVICES) r.error(tooMany(field, v.length, MAX_PASSTHROUGH_DEVICES));
  const names = new Set<string>();
  v.forEach((d, i) => {
    const f = `${field}[${i}]`;
    if (!expectObject(r, f, d)) return;
    walk(r, d, f, {
      name: (value, nf) => {
        if (!expectRequiredString(r, nf, value) || !r.invalidEach(nf, value, dns1123LabelErrors(value))) return;
        if (names.has(value)) r.error(duplicate(nf, value));
        names.add(value);
      },
      deviceName: (value, df) => {
        if (expectRequiredString(r, df, value)) {
          r.invalidEach(df, value, prefixedQualifiedNameErrors(value).map((p) => `must be a device-plugin resource name such as "nvidia.com/GA102GL_A10": ${p}`));
        }
      },
    }, ['name', 'deviceName']);
  });
}

const INSTANCETYPE_KINDS: readonly string[] = [InstancetypeKind.CLUSTER, InstancetypeKind.NAMESPACED];
const PREFERENCE_KINDS: readonly string[] = [PreferenceKind.CLUSTER, PreferenceKind.NAMESPACED];

/**
 * The warning for a compute setting that needs what only the instancetype can give: KubeVirt applies the instancetype
 * first, then refuses the VM if the combination lacks it (and validates the VM alone while the instancetype is missing).
 */
const INSTANCETYPE_MUST_GIVE = (what: string): string => `relies on the instancetype giving ${what}: KubeVirt refuses the VM `
  + 'if it does not, or while the instancetype does not exist yet (create instancetypes before VMs)';

/** An instancetype or preference reference: a name (an object name) and one of KubeVirt's two kinds. */
function validateResourceRef(r: Report, field: string, v: unknown, kinds: readonly string[]): void {
  if (!expectObject(r, field, v)) return;
  walk(r, v, field, {
    name: (value, f) => {
      if (expectRequiredString(r, f, value)) r.invalidEach(f, value, dns1123SubdomainErrors(value));
    },
    kind: (value, f) => {
      expectEnum(r, f, value, kinds);
    },
  }, ['name']);
}

const BOOTLOADERS: readonly string[] = Object.values(Bootloader);

/** Firmware: Secure Boot and persistent variables are EFI features (KubeVirt refuses them on BIOS). */
function validateFirmware(r: Report, field: string, v: unknown): void {
  if (!expectObject(r, field, v)) return;
  const efi = peekString(v, 'bootloader') === Bootloader.EFI;
  walk(r, v, field, {
    bootloader: (value, f) => {
      expectEnum(r, f, value, BOOTLOADERS);
    },
    secureBoot: (value, f) => {
      if (expectBool(r, f, value) && value && !efi) r.error(forbidden(f, SECURE_BOOT_NEEDS_EFI));
    },
    persistent: (value, f) => {
      if (expectBool(r, f, value) && value && !efi) r.error(forbidden(f, PERSISTENT_EFI_NEEDS_EFI));
    },
  });
}

/** cloud-config keys that would fight what the library writes itself (network data, the template's hostname). */
const USER_DATA_OVERLAPS: Record<string, string> = {
  network: 'cloud-init takes the network configuration from the NoCloud network data the library writes, not from user data',
  hostname: 'renames the guest inside, away from spec.hostname (KubeVirt\'s hostname of the VM, by default the profile name)',
  fqdn: 'renames the guest inside, away from spec.hostname (KubeVirt\'s hostname of the VM, by default the profile name)',
};

/** Inline user data: a cloud-config document or a script, within KubeVirt's inline limit. */
function validateUserData(r: Report, f: string, value: unknown): void {
  if (!expectNonEmptyString(r, f, value)) return;
  const bytes = Buffer.byteLength(value);
  if (bytes > CLOUD_INIT_INLINE_LIMIT) {
    r.error(tooLong(f, undefined, `may not be more than ${CLOUD_INIT_INLINE_LIMIT} bytes (KubeVirt's inline limit; this is ${bytes}): ` +
      'put it in a Secret (key userdata) and name that in spec.userDataSecret'));
    return;
  }
  if (value.startsWith('#!')) return;
  if (!value.startsWith('#cloud-config')) {
    r.error(invalid(f, value.split('\n', 1)[0], USER_DATA_HEADER));
    return;
  }
  let config: unknown;
  try {
    // Only the top-level keys are read: aliases are never walked.
    config = jsYaml.load(value, { schema: jsYaml.CORE_SCHEMA });
  } catch (e) {
    r.error(invalid(f, '#cloud-config', `is not valid YAML: ${e instanceof Error ? e.message.split('\n', 1)[0] : String(e)}`));
    return;
  }
  if (config === null || config === undefined) return;
  if (!isObject(config)) {
    r.error(invalid(f, '#cloud-config', 'must be a YAML mapping (cloud-config keys such as packages, runcmd, write_files)'));
    return;
  }
  for (const key of Object.keys(config)) {
    if (Object.prototype.hasOwnProperty.call(USER_DATA_OVERLAPS, key)) r.warn(invalid(`${f}[${key}]`, undefined, USER_DATA_OVERLAPS[key]));
  }
}

function validateDocument(r: Report, doc: unknown): void {
  if (!isObject(doc)) {
    r.error(invalid('', doc, `must be a ${PROFILE_KIND} manifest (an object with apiVersion, kind, metadata and spec)`));
    return;
  }
  const ctx = readContext(doc);
  walk(r, doc, '', {
    apiVersion: (value, f) => {
      if (expectRequiredString(r, f, value) && value !== PROFILE_API_VERSION) r.error(notSupported(f, value, [PROFILE_API_VERSION]));
    },
    kind: (value, f) => {
      if (expectRequiredString(r, f, value) && value !== PROFILE_KIND) r.error(notSupported(f, value, [PROFILE_KIND]));
    },
    metadata: (value, f) => validateMetadata(r, f, value, ctx),
    spec: (value, f) => validateSpec(r, f, value, ctx),
  }, ['apiVersion', 'kind', 'metadata', 'spec'], ['status']);
}

/** One profile's node networks, through the planner that merges them app-wide (one bridge, one uplink, ...). */
function validateNodeNetworks(r: Report, doc: VirtualMachineProfileManifest): void {
  if (!doc.spec.networks?.some((n) => n.nodeNetwork)) return;
  const planner = new NodeNetworkPlanner();
  for (const request of nodeNetworkRequests(planProfile(doc))) {
    for (const e of planner.tryAdd(request)) r.error(e);
  }
}

/**
 * What a node drain does to the VM, said once per cause: the evictionStrategy the library chose
 * ({@link assessMigration}) and what the run strategy does next. Only for profiles that ask for availability.
 */
function validateAvailability(r: Report, doc: VirtualMachineProfileManifest): void {
  if (!wantsAvailability(doc.spec)) return;
  const { evictionStrategy, blockers, unknowns } = assessMigration(doc.spec);
  const runStrategy = resolveRunStrategy(doc.spec.highAvailability, doc.spec.startStrategy).runStrategy;
  const restart = runStrategy === RunStrategy.ALWAYS
    ? 'runStrategy "Always" starts it again on another node (a reboot, not a migration)'
    : `runStrategy ${goQuote(runStrategy)} decides whether it starts again (only "Always" restarts it for certain)`;
  if (evictionStrategy === EvictionStrategy.NONE) {
    for (const b of blockers) {
      r.warn(invalid(b.field, b.value, `${b.what} cannot live-migrate, so the VM gets evictionStrategy "None": a node drain ` +
        `shuts it down instead of waiting for a migration that cannot happen, and ${restart}`));
    }
  } else if (evictionStrategy === EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE) {
    for (const u of unknowns) {
      r.warn(invalid(u.field, u.value, `${u.what} decides whether the VM can live-migrate, so it gets evictionStrategy ` +
        `"LiveMigrateIfPossible": a node drain migrates it if the volume is ReadWriteMany and otherwise shuts it down, and ${restart}; ` +
        'set accessMode: ReadWriteMany on a created disk to make migration certain'));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// VmNetwork and VmDisk props: the profile's own rules, on the fields a construct has

/** A context for the rules of one network or disk outside a profile: no profile name, no pod network, no boot disk. */
function standaloneContext(namespace: unknown): Context {
  return {
    namespace: typeof namespace === 'string' ? namespace : undefined,
    podNetwork: false,
    hasBootDisk: false,
    hasAppLabel: false,
    generatedMacs: new Map(),
    standalone: true,
  };
}

/**
 * Runs `check` on the fields of `props` that the profile's validator of one list entry knows (`entryKeys`), and the
 * construct's own (`namespace`, `labels`, and `own`) beside it; every other field is unknown. All under `props.`.
 */
function validateConstructProps(r: Report, props: unknown, what: string, entryKeys: readonly string[],
  own: Record<string, Handler>, check: (entry: Obj) => void): void {
  if (!isObject(props)) {
    r.error(invalid('props', props, `must be an object (the ${what} props)`));
    return;
  }
  const entry: Obj = Object.create(null);
  const rest: Obj = Object.create(null);
  for (const key of Object.keys(props)) {
    if (entryKeys.includes(key)) entry[key] = props[key];
    else rest[key] = props[key];
  }
  check(entry);
  // The entry's keys are handled above; listed here so a typo of one gets its did-you-mean.
  const entryHandlers: Record<string, Handler> = Object.fromEntries(entryKeys.map((k) => [k, () => undefined]));
  walk(r, rest, 'props', Object.assign(entryHandlers, {
    namespace: (value: unknown, f: string) => {
      if (expectString(r, f, value)) r.invalidEach(f, value, dns1123LabelErrors(value));
    },
    labels: (value: unknown, f: string) => validateLabelMap(r, f, value),
  }, own));
}

/** Keys of {@link VmNetworkProps} that a profile's network entry has too. */
const VM_NETWORK_ENTRY_KEYS: readonly string[] = ['name', 'type', 'vlanId', 'bridgeName', 'resourceName', 'nodeNetwork'];

/**
 * Validates the props of a `VmNetwork` with the rules of a profile's `spec.networks[i]` (`type: bogus` and
 * `vlanId: 99999` are refused the same way), plus its `namespace` and `labels`. Never throws.
 */
export function validateVmNetworkProps(props: unknown): ValidationResult {
  const r = new Report();
  guarded(r, () => validateConstructProps(r, props, 'VmNetwork', VM_NETWORK_ENTRY_KEYS, {}, (entry) => {
    const ctx = standaloneContext(isObject(props) ? props.namespace : undefined);
    validateNetwork(r, 'props', entry, 0, ctx, { names: new Map(), macs: new Map(), gateways: new Map() });
  }));
  return { errors: r.errors, warnings: r.warnings };
}

/** Keys of {@link VmDiskProps} that a profile's disk entry has too. */
const VM_DISK_ENTRY_KEYS: readonly string[] = ['name', 'size', 'storageClassName', 'image', 'accessMode'];

/** A DataVolume name: a DNS-1123 subdomain CDI caps at 63 characters. */
function validateDataVolumeName(r: Report, f: string, value: unknown): void {
  if (!expectRequiredString(r, f, value)) return;
  r.invalidEach(f, value, syntaxOnly(dns1123SubdomainErrors(value)));
  if (value.length > MAX_OBJECT_NAME_LENGTH) r.error(tooLong(f, value, `may not be more than ${MAX_OBJECT_NAME_LENGTH} bytes: CDI refuses longer DataVolume names`));
}

/**
 * Validates the props of a `VmDisk` with the rules of a profile's `spec.disks[i]` (a size `huge` is refused the
 * same way), plus the DataVolume name, `namespace` and `labels`. Never throws.
 */
export function validateVmDiskProps(props: unknown): ValidationResult {
  const r = new Report();
  guarded(r, () => {
    validateConstructProps(r, props, 'VmDisk', VM_DISK_ENTRY_KEYS, {
      dataVolumeName: (value, f) => validateDataVolumeName(r, f, value),
    }, (entry) => validateDisk(r, 'props', entry, 0, standaloneContext(undefined), new Map(), {}));
    if (isObject(props) && !has(props, 'dataVolumeName')) r.error(required('props.dataVolumeName'));
  });
  return { errors: r.errors, warnings: r.warnings };
}

/**
 * Validates the arguments of `VmDisk.fromPvcName` / `fromDataVolumeName`: the claim as a profile's claimName (a
 * DataVolume as a DataVolume name), `options.name` as a profile's disk name. Never throws.
 */
export function validateImportedDisk(options: unknown, claimName: unknown, isDataVolume: boolean): ValidationResult {
  const r = new Report();
  guarded(r, () => {
    if (isDataVolume) validateDataVolumeName(r, 'dataVolumeName', claimName);
    else if (expectRequiredString(r, 'claimName', claimName)) r.invalidEach('claimName', claimName, dns1123SubdomainErrors(claimName));
    if (!expectObject(r, 'options', options)) return;
    const name = options.name;
    // The claim is named by the other argument, checked below: a placeholder stands for it in the disk entry.
    validateDisk(r, 'options', { name, claimName: 'claim' }, 0, standaloneContext(undefined), new Map(), {});
  });
  return { errors: r.errors, warnings: r.warnings };
}

/**
 * Validates the arguments of `VmNetwork.fromNadName`: the reference as a profile's nadName, the name and type as a
 * profile's network's. Never throws.
 */
export function validateImportedNetwork(nadName: unknown, options: unknown): ValidationResult {
  const r = new Report();
  guarded(r, () => {
    if (expectRequiredString(r, 'nadName', nadName)) validateNadName(r, 'nadName', nadName);
    if (!expectObject(r, 'options', options)) return;
    // The NAD is named by the other argument, checked above: a placeholder stands for it in the network entry.
    const entry = { name: options.name, type: options.type, nadName: 'nad' };
    validateNetwork(r, 'options', entry, 0, standaloneContext(undefined), { names: new Map(), macs: new Map(), gateways: new Map() });
  });
  return { errors: r.errors, warnings: r.warnings };
}

/** Runs a validator so that nothing (a throwing getter, a proxy) escapes as anything but an error in `r`. */
function guarded(r: Report, run: () => void): void {
  try {
    run();
  } catch (e) {
    r.error(invalid('', undefined, `could not read the input: ${e instanceof Error ? e.message : String(e)}`));
  }
}

/**
 * Validates a whole VirtualMachineProfile manifest. Never throws: any input, however broken, gives errors.
 * Errors and warnings come in document order.
 */
export function validateProfile(doc: unknown): ValidationResult {
  const r = new Report();
  try {
    validateDocument(r, doc);
    // Networks that share node interfaces must agree with each other; checked on a well-formed profile only.
    if (r.errors.length === 0) validateNodeNetworks(r, doc as VirtualMachineProfileManifest);
    if (r.errors.length === 0) validateAvailability(r, doc as VirtualMachineProfileManifest);
  } catch (e) {
    // Defence in depth (getters, proxies): a validator bug must not take the CLI down with a stack trace.
    r.error(invalid('', undefined, `internal validation error: ${e instanceof Error ? e.message : String(e)}`));
  }
  return { errors: r.errors, warnings: r.warnings };
}

/** Validates and throws a `ValidationError` listing every error; returns the result (its warnings) otherwise. */
export function assertValidProfile(doc: unknown, subject?: string): ValidationResult {
  const result = validateProfile(doc);
  if (result.errors.length > 0) throw new ValidationError(result.errors, subject);
  return result;
}

/**
 * Validation of a VirtualMachineProfile manifest: every rule of the spec, every refusal KubeVirt, CDI or
 * Multus would make later, and our own decisions (docs/validation.md). All problems are reported at once,
 * in document order, with apimachinery-style field paths, so a user fixes a profile in one round trip.
 */
import { validateAvailability, validateHighAvailability, validateStartStrategy } from './availability';
import { validateCompute } from './compute';
import { Context, readContext, standaloneContext } from './context';
import { validateDataVolumeName, validateDisk, validateDisks } from './disk';
import { FieldError, ValidationError } from './field-error';
import { validateFirmware, validateTpm } from './firmware';
import { validateSysprep, validateUserData } from './guest-init';
import { validateImage } from './image';
import { INSTANCETYPE_KINDS, PREFERENCE_KINDS, validateResourceRef } from './instancetype';
import { dns1123LabelErrors, dns1123SubdomainErrors, imageSourceKind } from './kube-names';
import { MIN_MEMORY } from './kubevirt-rules';
import { validateMetadata } from './metadata';
import { validateNadName, validateNetwork, validateNetworks } from './network';
import { validateNodeNetworks } from './node-network';
import { validatePassthroughDevices } from './passthrough-devices';
import { validatePodPorts, validatePodService } from './pod-network';
import { parseQuantity } from './quantity';
import {
  expectBool, expectInteger, expectNonEmptyString, expectObject, expectRequiredString, expectString, forbidden, Handler, has, invalid, isObject,
  notSupported, Obj, peekObject, Report, required, validateLabelMap, validateSize, walk,
} from './report';
import { BOOT_DISK_OR_OS_IMAGE, NOT_WITH_USER_DATA } from './vm-rules';
import { PROFILE_API_VERSION, PROFILE_KIND, VirtualMachineProfileManifest } from '../spec/profile-spec';

export { FieldError, FieldErrorType, formatFieldError, formatFieldWarning, goQuote, readingInput, ValidationError } from './field-error';

/** Errors refuse the profile; warnings say what works but loses something. */
export interface ValidationResult {
  readonly errors: FieldError[];
  readonly warnings: FieldError[];
}

// ---------------------------------------------------------------------------------------------------------------
// spec and the document

const RECOMMENDED_MAX_CPU = 64;

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
    tpm: (value, f) => validateTpm(r, f, value),
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

// ---------------------------------------------------------------------------------------------------------------
// VmNetwork and VmDisk props: the profile's own rules, on the fields a construct has

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

/**
 * `spec.disks`: each disk's name, size, storage, source (image, claim, PVC, DataSource or snapshot) and the rules
 * across disks (one boot disk, KubeVirt's volume limit); DataVolume names of VmDisk.
 */
import { Context } from './context';
import { goQuote } from './field-error';
import { MAX_OBJECT_NAME_LENGTH, MAX_PROFILE_NAME_LENGTH } from './generated-names';
import { validateImage } from './image';
import { dns1123LabelErrors, dns1123SubdomainErrors } from './kube-names';
import { DISK_SERIAL_PATTERN, KUBEVIRT_MAX_ITEMS, LIBRARY_VOLUMES, MAX_DISK_SERIAL_LENGTH, MAX_DISKS, MIN_DISK_SIZE } from './kubevirt-rules';
import { parseQuantity } from './quantity';
import {
  duplicate, expectArray, expectBool, expectEnum, expectNonEmptyString, expectObject, expectRequiredString, forbidden, has, invalid, Obj, peekBool,
  Report, required, syntaxOnly, tooLong, tooMany, validateSize, walk,
} from './report';
import { CLAIM_HAS_SIZE, CLAIM_HAS_STORAGE_CLASS, CLAIM_HAS_VOLUME_MODE } from './vm-rules';
import { CLOUD_INIT_VOLUME, CONTAINER_DISK_VOLUME, dataVolumeName, SYSPREP_VOLUME } from '../plan/naming';
import { DISK_BUSES, VOLUME_MODES } from '../spec/profile-spec';

const RECOMMENDED_MAX_DISKS = 16;

/** Volumes the renderer adds next to the profile's disks: they count against KubeVirt's limit and own these names. */
const RESERVED_DISK_NAMES: readonly string[] = [CLOUD_INIT_VOLUME, CONTAINER_DISK_VOLUME, SYSPREP_VOLUME];

const ACCESS_MODES: readonly string[] = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

export function validateDisk(r: Report, field: string, v: unknown, index: number, ctx: Context, names: Map<string, number>,
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

export function validateDisks(r: Report, field: string, v: unknown, ctx: Context): void {
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

/** A DataVolume name: a DNS-1123 subdomain CDI caps at 63 characters. */
export function validateDataVolumeName(r: Report, f: string, value: unknown): void {
  if (!expectRequiredString(r, f, value)) return;
  r.invalidEach(f, value, syntaxOnly(dns1123SubdomainErrors(value)));
  if (value.length > MAX_OBJECT_NAME_LENGTH) r.error(tooLong(f, value, `may not be more than ${MAX_OBJECT_NAME_LENGTH} bytes: CDI refuses longer DataVolume names`));
}

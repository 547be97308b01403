/**
 * Limits and syntaxes of KubeVirt's admission (and the library's own bounds and minimums) that the validator
 * (src/validate/) and the CRD schema (crd.ts) both enforce: each is defined here once.
 */

/** Least guest memory, a quantity. */
export const MIN_MEMORY = '512Mi';
/** Smallest disk, a quantity. */
export const MIN_DISK_SIZE = '1Gi';

/** KubeVirt's (and the API server's) MaxItems of networks, interfaces, disks and volumes. */
export const KUBEVIRT_MAX_ITEMS = 256;
/** Volumes the renderer may add next to the profile's disks: the containerDisk, and the cloud-init or the sysprep disk. */
export const LIBRARY_VOLUMES = 2;
/** Most disks of a profile: KubeVirt's volumes less the library's. */
export const MAX_DISKS = KUBEVIRT_MAX_ITEMS - LIBRARY_VOLUMES;
/** Most GPUs or host devices of one profile. */
export const MAX_PASSTHROUGH_DEVICES = 32;

/** A disk serial, anchored (KubeVirt's disk admission; RE2 and ECMAScript alike: the CRD's pattern is this text). */
export const DISK_SERIAL_PATTERN = '^[A-Za-z0-9_.+-]+$';
/** Longest disk serial KubeVirt accepts. */
export const MAX_DISK_SERIAL_LENGTH = 256;
/** Longest CPU model name taken (libvirt's are far shorter; the CRD needs a bound for its CEL cost). */
export const MAX_CPU_MODEL_LENGTH = 253;
/** A CPU model name (`host-passthrough`, `Skylake-Client-IBRS`), anchored. */
export const CPU_MODEL_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';

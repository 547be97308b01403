/**
 * Details of the whole-VM, disk, cloud-init and firmware rules that the validators (src/validate/) reports and the
 * CRD's CEL rules (crd.ts) restate: one wording for both.
 */

/** Detail of a profile with neither disks nor `osImage` (Required). */
export const BOOT_DISK_OR_OS_IMAGE = 'a VM needs a boot disk or spec.osImage';
/** Detail of `size` next to `claimName` (Forbidden). */
export const CLAIM_HAS_SIZE = 'may not be combined with claimName: the existing claim has its size';
/** Detail of `storageClassName` next to `claimName` (Forbidden). */
export const CLAIM_HAS_STORAGE_CLASS = 'may not be combined with claimName: the existing claim has its StorageClass';
/** Detail of `volumeMode` next to `claimName` (Forbidden). */
export const CLAIM_HAS_VOLUME_MODE = 'may not be combined with claimName: the existing claim has its volume mode';
/** Detail of `userDataSecret` next to `userData` (Forbidden). */
export const NOT_WITH_USER_DATA = 'may not be combined with userData';
/** Detail of `userData` that is neither cloud-config nor a script (Invalid). */
export const USER_DATA_HEADER = 'must start with "#cloud-config" (cloud-config YAML) or "#!" (a script)';
/** Detail of `sysprep.secret` next to `sysprep.configMap` (Forbidden). */
export const ONE_SYSPREP_SOURCE = 'may not be combined with configMap: one answer-file source';
/** Detail of CPU topology, requests or limits next to `instancetype` (Forbidden). */
export const NOT_WITH_INSTANCETYPE = 'may not be combined with instancetype: KubeVirt refuses a VM that sets CPU topology, requests or limits next to one';
/** Detail of `compute.memoryLimit` other than `memoryRequest` with dedicated CPUs (Invalid). */
export const DEDICATED_MEMORY_LIMIT = 'must equal compute.memoryRequest with dedicatedCpuPlacement (KubeVirt: requests and limits of memory must be equal)';
/** Detail of `isolateEmulatorThread` without dedicated CPUs (Invalid). */
export const EMULATOR_THREAD_NEEDS_DEDICATED = 'needs dedicatedCpuPlacement: true (KubeVirt isolates the emulator thread only next to dedicated CPUs)';
/** Detail of a toleration with an empty key and an operator other than Exists (Invalid). */
export const EMPTY_TOLERATION_KEY = 'operator must be Exists when `key` is empty, which means "match all values and all keys"';
/** Detail of `firmware.secureBoot` without bootloader EFI (Forbidden). */
export const SECURE_BOOT_NEEDS_EFI = 'Secure Boot needs bootloader "EFI"';
/** Detail of persistent EFI variables without bootloader EFI (Forbidden). */
export const PERSISTENT_EFI_NEEDS_EFI = 'persistent EFI variables need bootloader "EFI"';

import { merged } from './object-merge';
import {
  DataVolumeProps, DataVolumeSpec, DataVolumeSpecStorageResourcesRequests,
} from '../../imports/cdi-cdi.kubevirt.io';
import {
  VirtualMachineSpecDataVolumeTemplates, VirtualMachineSpecDataVolumeTemplatesSpecStorageResourcesRequests,
} from '../../imports/kubevirt-vm-kubevirt.io';
import { DiskPlan, DiskSource, DiskSourceRef } from '../plan/profile-plan';

/** CDI's garbage collection must never delete a disk's DataVolume after import: the VM refers to it by name. */
export const KEEP_AFTER_COMPLETION_ANNOTATION = 'cdi.kubevirt.io/storage.deleteAfterCompletion';

/**
 * Argo CD's sync options of a standalone DataVolume: never prune it when it leaves Git, never delete it with the
 * Application. A standalone disk outlives its VM by design; with `prune: true` Argo CD would otherwise delete the
 * DataVolume, and CDI the PVC with it. Disks owned by the VM (`deleteWithVm`) are deleted by KubeVirt with the VM
 * and carry nothing.
 */
export const ARGOCD_SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';
/** The value of {@link ARGOCD_SYNC_OPTIONS_ANNOTATION} on standalone DataVolumes. */
const ARGOCD_KEEP_DISK = 'Prune=false,Delete=false';

/** The CDI `storage` request of a disk, typed by `quantity` for the binding at hand. */
function storageOf<Q>(disk: DiskPlan, quantity: (size: string) => Q) {
  return {
    resources: { requests: { storage: quantity(disk.size) } },
    storageClassName: disk.storageClassName,
    ...(disk.accessMode ? { accessModes: [disk.accessMode] } : {}),
    ...(disk.volumeMode ? { volumeMode: disk.volumeMode } : {}),
  };
}

/** `source`, or `sourceRef` for a disk cloned from a DataSource (CDI takes exactly one). */
function sourceOf(disk: DiskPlan): { source?: DiskSource; sourceRef?: DiskSourceRef } {
  return disk.sourceRef ? { sourceRef: disk.sourceRef } : { source: disk.source };
}

/** The CDI spec of a disk (`storage` API, so CDI fills access and volume modes from the StorageProfile). */
export function dataVolumeSpec(disk: DiskPlan): DataVolumeSpec {
  return merged(sourceOf(disk), { storage: storageOf(disk, DataVolumeSpecStorageResourcesRequests.fromString) });
}

/** A `dataVolumeTemplates` entry: the disk is owned by the VM and deleted with it (`deleteWithVm`). */
export function dataVolumeTemplate(disk: DiskPlan, labels: Record<string, string>): VirtualMachineSpecDataVolumeTemplates {
  return {
    metadata: { name: disk.dataVolumeName, labels: merged(labels) },
    spec: merged(sourceOf(disk), { storage: storageOf(disk, VirtualMachineSpecDataVolumeTemplatesSpecStorageResourcesRequests.fromString) }),
  };
}

/** The typed props of a standalone DataVolume. */
export function dataVolumeProps(disk: DiskPlan, namespace: string | undefined, labels: Record<string, string>): DataVolumeProps {
  return {
    metadata: {
      name: disk.dataVolumeName,
      ...(namespace ? { namespace } : {}),
      labels: merged(labels),
      annotations: { [KEEP_AFTER_COMPLETION_ANNOTATION]: 'false', [ARGOCD_SYNC_OPTIONS_ANNOTATION]: ARGOCD_KEEP_DISK },
    },
    spec: dataVolumeSpec(disk),
  };
}

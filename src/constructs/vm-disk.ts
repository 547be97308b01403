import { IConstruct, Construct } from 'constructs';
import { guardUniqueObjects } from './unique-objects';
import { checked } from './vm-network';
import { DataVolume } from '../../imports/cdi-cdi.kubevirt.io';
import { DiskPlan, imageSource } from '../plan/profile-plan';
import { dataVolumeProps } from '../render/data-volume';
import { encodePrototypeKeys, hasPrototypeKeys, merged, prototypeSafeClass } from '../render/object-merge';
import { FieldError, formatFieldWarning, validateImportedDisk, validateVmDiskProps } from '../validate/validation';

/** A volume a VM can mount: a DataVolume or an existing PersistentVolumeClaim. */
export interface IVmDisk extends IConstruct {
  /** Disk name in the VM. */
  readonly name: string;
  /** Name of the DataVolume or claim. */
  readonly claimName: string;
  /** True when `claimName` is a DataVolume (KubeVirt then waits for its import). */
  readonly isDataVolume: boolean;
}

/** Options of {@link VmDisk.fromPvcName} and {@link VmDisk.fromDataVolumeName}. */
export interface ImportedVmDiskOptions {
  /** Disk name in the VM. */
  readonly name: string;
}

/** Props of a {@link VmDisk}. */
export interface VmDiskProps {
  /** Disk name in the VM. */
  readonly name: string;
  /** DataVolume (and PVC) name. */
  readonly dataVolumeName: string;
  /**
   * Namespace.
   * @default - none (the chart's or kubectl's)
   */
  readonly namespace?: string;
  /** Size, a Kubernetes quantity. */
  readonly size: string;
  /** StorageClass. */
  readonly storageClassName: string;
  /**
   * Import source: registry image, `docker://…` or `http(s)://…`.
   * @default - blank
   */
  readonly image?: string;
  /**
   * Access mode.
   * @default - from the StorageProfile
   */
  readonly accessMode?: string;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: { readonly [key: string]: string };
}

/**
 * A disk as a standalone CDI DataVolume: it outlives the VirtualMachine that mounts it.
 */
export class VmDisk extends Construct implements IVmDisk {
  /** An existing PersistentVolumeClaim; creates nothing. */
  public static fromPvcName(scope: Construct, id: string, claimName: string, options: ImportedVmDiskOptions): IVmDisk {
    return new ImportedVmDisk(scope, id, options, claimName, false);
  }

  /** An existing DataVolume; creates nothing. */
  public static fromDataVolumeName(scope: Construct, id: string, dataVolumeName: string, options: ImportedVmDiskOptions): IVmDisk {
    return new ImportedVmDisk(scope, id, options, dataVolumeName, true);
  }

  public readonly name: string;
  public readonly claimName: string;
  public readonly isDataVolume = true;
  /** Namespace of the DataVolume, when set in the props. */
  public readonly namespace?: string;

  private readonly _warnings: FieldError[];

  /**
   * @throws ValidationError listing every problem of `props`, with the rules of a profile's `spec.disks[i]`
   */
  constructor(scope: Construct, id: string, props: VmDiskProps) {
    super(scope, id);
    this._warnings = checked(validateVmDiskProps(props), `VmDisk ${this.node.path}`);
    this.name = props.name;
    this.namespace = props.namespace;
    this.claimName = props.dataVolumeName;
    const disk: DiskPlan = {
      name: props.name,
      dataVolumeName: props.dataVolumeName,
      size: props.size,
      storageClassName: props.storageClassName,
      accessMode: props.accessMode,
      image: props.image,
      source: imageSource(props.image),
      boot: false,
      deleteWithVm: false,
    };
    const dvProps = dataVolumeProps(disk, props.namespace, merged(props.labels));
    if (hasPrototypeKeys(props.labels)) new (prototypeSafeClass(DataVolume))(this, 'Resource', encodePrototypeKeys(dvProps));
    else new DataVolume(this, 'Resource', dvProps);
    guardUniqueObjects(this);
  }

  /** Validation warnings of the props (things that work but lose something). */
  public get warnings(): string[] {
    return this._warnings.map(formatFieldWarning);
  }
}

class ImportedVmDisk extends Construct implements IVmDisk {
  public readonly name: string;
  constructor(scope: Construct, id: string, options: ImportedVmDiskOptions, public readonly claimName: string,
    public readonly isDataVolume: boolean) {
    super(scope, id);
    checked(validateImportedDisk(options, claimName, isDataVolume), `VmDisk ${this.node.path}`);
    this.name = options.name;
  }
}

import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { minimal, only, validationErrorOf } from './helpers';
import { VirtualMachineProfile } from '../src/constructs/virtual-machine-profile';
import { IVmDisk, VmDisk } from '../src/constructs/vm-disk';
import { DiskPlan } from '../src/plan/profile-plan';
import {
  ARGOCD_SYNC_OPTIONS_ANNOTATION, dataVolumeProps, dataVolumeSpec, dataVolumeTemplate, KEEP_AFTER_COMPLETION_ANNOTATION,
} from '../src/render/data-volume';
import { toYamlStream } from '../src/synth/synth';

const DATA_DISK: DiskPlan = {
  name: 'data', dataVolumeName: 'web-data', size: '100Gi', storageClassName: 'slow', source: { blank: {} }, boot: false, deleteWithVm: true,
};

/** The objects of `chart` once a profile of `namespace` has mounted `disk`, and the VM's volume for it. */
function mounted(chart: Chart, disk: IVmDisk, namespace: string): { objects: any[]; volume: unknown } {
  // deleteWithVm: the VM's own disk is a dataVolumeTemplates entry, so the VM is the profile's only object
  const root = { name: 'root', size: '20Gi', storageClassName: 'fast', boot: true, image: 'quay.io/containerdisks/fedora:40', deleteWithVm: true };
  VirtualMachineProfile.fromManifest(chart, 'web', minimal({ disks: [root] }, 'web', namespace)).addDisk(disk);
  const objects = Testing.synth(chart);
  const vm = only(objects, 'VirtualMachine');
  return { objects, volume: vm.spec.template.spec.volumes.find((v: { name: string }) => v.name === disk.name) };
}

describe('VmDisk', () => {
  test('creates one standalone CDI DataVolume kept after import', () => {
    // GIVEN a disk with an image, a namespace and labels
    const chart = Testing.chart();
    const disk = new VmDisk(chart, 'Data', {
      name: 'system',
      dataVolumeName: 'web-system',
      namespace: 'prod',
      size: '80Gi',
      storageClassName: 'ssd',
      image: 'registry.example.com/centos-stream:8',
      labels: { vmprofile: 'web' },
    });
    // WHEN synthesized
    const objects = Testing.synth(chart);
    // THEN one cdi.kubevirt.io/v1beta1 DataVolume, named as asked, annotated deleteAfterCompletion "false", storage API
    expect(objects).toHaveLength(1);
    const [dv] = objects;
    expect(dv.apiVersion).toBe('cdi.kubevirt.io/v1beta1');
    expect(dv.kind).toBe('DataVolume');
    expect(dv.metadata).toEqual({
      name: 'web-system',
      namespace: 'prod',
      labels: { vmprofile: 'web' },
      annotations: { 'cdi.kubevirt.io/storage.deleteAfterCompletion': 'false', 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' },
    });
    expect(dv.spec).toEqual({
      source: { registry: { url: 'docker://registry.example.com/centos-stream:8' } },
      storage: { resources: { requests: { storage: '80Gi' } }, storageClassName: 'ssd' },
    });
    expect(dv.spec).not.toHaveProperty('pvc');
    // AND a profile of its namespace mounts it as a dataVolume volume (KubeVirt waits for the import), by its disk name
    expect(mounted(chart, disk, 'prod').volume).toEqual({ name: 'system', dataVolume: { name: 'web-system' } });
  });

  test('GIVEN a standalone disk WHEN written as YAML THEN deleteAfterCompletion is the quoted string "false", which CDI reads', () => {
    // (unquoted, YAML would make it a boolean, and Kubernetes refuses annotation values that are not strings);
    // the key spelled out: CDI reads this one, whatever the constant says
    const chart = Testing.chart();
    new VmDisk(chart, 'D', { name: 'd', dataVolumeName: 'd', size: '1Gi', storageClassName: 'sc' });
    const yaml = toYamlStream(Testing.synth(chart));
    expect(yaml).toContain('cdi.kubevirt.io/storage.deleteAfterCompletion: "false"');
    expect(parse(yaml).metadata.annotations['cdi.kubevirt.io/storage.deleteAfterCompletion']).toBe('false');
  });

  test('accessModes only when an access mode is set', () => {
    // GIVEN disks with and without accessMode WHEN synthesized THEN accessModes [mode] or no key
    const chart = Testing.chart();
    new VmDisk(chart, 'Rwx', { name: 'a', dataVolumeName: 'a', size: '1Gi', storageClassName: 'sc', accessMode: 'ReadWriteMany' });
    new VmDisk(chart, 'Default', { name: 'b', dataVolumeName: 'b', size: '1Gi', storageClassName: 'sc' });
    const [rwx, plain] = Testing.synth(chart);
    expect(rwx.spec.storage.accessModes).toEqual(['ReadWriteMany']);
    expect(plain.spec.storage).not.toHaveProperty('accessModes');
  });

  test.each<[string | undefined, unknown]>([
    [undefined, { blank: {} }],
    ['https://images.example.com/a.qcow2', { http: { url: 'https://images.example.com/a.qcow2' } }],
    ['docker://quay.io/a:1', { registry: { url: 'docker://quay.io/a:1' } }],
  ])('image %j gives source %j', (image, source) => {
    // GIVEN an image (or none) WHEN synthesized THEN the CDI source follows imageSource
    const chart = Testing.chart();
    new VmDisk(chart, 'D', { name: 'd', dataVolumeName: 'd', size: '1Gi', storageClassName: 'sc', image });
    expect(Testing.synth(chart)[0].spec.source).toEqual(source);
  });

  test('no namespace key without a namespace', () => {
    const chart = Testing.chart();
    new VmDisk(chart, 'D', { name: 'd', dataVolumeName: 'd', size: '1Gi', storageClassName: 'sc' });
    expect(Testing.synth(chart)[0].metadata).not.toHaveProperty('namespace');
  });
});

describe('imported disks', () => {
  test('fromPvcName creates nothing and mounts a claim', () => {
    // GIVEN an existing PVC, imported
    const chart = Testing.chart();
    const disk = VmDisk.fromPvcName(chart, 'Old', 'legacy-pvc', { name: 'old' });
    expect(Testing.synth(chart)).toEqual([]);
    // WHEN a profile mounts it
    const { objects, volume } = mounted(chart, disk, 'ns1');
    // THEN a persistentVolumeClaim volume naming the claim (a claim is no DataVolume KubeVirt could wait for), no object for it
    expect(volume).toEqual({ name: 'old', persistentVolumeClaim: { claimName: 'legacy-pvc' } });
    expect(objects.map((o) => o.kind)).toEqual(['VirtualMachine']);
  });

  test('fromDataVolumeName creates nothing and mounts a DataVolume', () => {
    // GIVEN an existing DataVolume, imported
    const chart = Testing.chart();
    const disk = VmDisk.fromDataVolumeName(chart, 'Dv', 'shared-dv', { name: 'shared' });
    expect(Testing.synth(chart)).toEqual([]);
    // WHEN a profile mounts it
    const { objects, volume } = mounted(chart, disk, 'ns1');
    // THEN a dataVolume volume naming it (KubeVirt waits for its import and reports its errors), no object for it
    expect(volume).toEqual({ name: 'shared', dataVolume: { name: 'shared-dv' } });
    expect(objects.map((o) => o.kind)).toEqual(['VirtualMachine']);
  });
});

describe('dataVolumeTemplate', () => {
  test('is owned by the VM: name and labels only, no namespace or keep annotation', () => {
    // GIVEN a deleteWithVm disk with an access mode WHEN turned into a dataVolumeTemplates entry
    const labels = { vmprofile: 'web' };
    const template = dataVolumeTemplate({ ...DATA_DISK, accessMode: 'ReadWriteOnce' }, labels);
    // THEN metadata has name and a copy of the labels, and the spec uses the storage API
    expect(template.metadata).toEqual({ name: 'web-data', labels: { vmprofile: 'web' } });
    expect(template.metadata!.labels).not.toBe(labels);
    expect(template.metadata).not.toHaveProperty('annotations');
    const spec = template.spec!;
    expect(spec.source).toEqual({ blank: {} });
    expect(spec.storage!.accessModes).toEqual(['ReadWriteOnce']);
    expect(spec.storage!.storageClassName).toBe('slow');
    expect(spec.storage!.resources!.requests!.storage!.value).toBe('100Gi');
    expect(Object.keys(spec.storage!).sort()).toEqual(['accessModes', 'resources', 'storageClassName']);
  });
});

describe('dataVolumeSpec: clones, snapshots, credentials and volume mode', () => {
  test('GIVEN a DataSource disk WHEN specified THEN sourceRef and no source; GIVEN Block THEN storage.volumeMode, in the template too', () => {
    const disk: DiskPlan = { ...DATA_DISK, source: undefined, sourceRef: { kind: 'DataSource', name: 'rhel9', namespace: 'os-images' }, volumeMode: 'Block' };
    const spec = dataVolumeSpec(disk);
    expect(spec.sourceRef).toEqual({ kind: 'DataSource', name: 'rhel9', namespace: 'os-images' });
    expect(spec).not.toHaveProperty('source');
    expect(spec.storage!.volumeMode).toBe('Block');
    const template = dataVolumeTemplate(disk, {}).spec!;
    expect(template.sourceRef).toEqual({ kind: 'DataSource', name: 'rhel9', namespace: 'os-images' });
    expect(template.storage!.volumeMode).toBe('Block');
  });

  test('GIVEN a PVC clone and a registry import with credentials WHEN specified THEN CDI source.pvc and source.registry.secretRef/certConfigMap', () => {
    expect(dataVolumeSpec({ ...DATA_DISK, source: { pvc: { namespace: 'golden', name: 'fedora' } } }).source).toEqual({ pvc: { namespace: 'golden', name: 'fedora' } });
    expect(dataVolumeSpec({ ...DATA_DISK, source: { registry: { url: 'docker://r.example.com/x:1', secretRef: 's', certConfigMap: 'ca' } } }).source)
      .toEqual({ registry: { url: 'docker://r.example.com/x:1', secretRef: 's', certConfigMap: 'ca' } });
  });
});

describe('dataVolumeProps and dataVolumeSpec', () => {
  test('props carry the keep annotation and the spec', () => {
    // GIVEN a planned disk WHEN turned into DataVolume props THEN name, namespace, labels, annotation, spec
    const props = dataVolumeProps(DATA_DISK, 'prod', { vmprofile: 'web' });
    expect(props.metadata).toEqual({
      name: 'web-data',
      namespace: 'prod',
      labels: { vmprofile: 'web' },
      annotations: { [KEEP_AFTER_COMPLETION_ANNOTATION]: 'false', [ARGOCD_SYNC_OPTIONS_ANNOTATION]: 'Prune=false,Delete=false' },
    });
    expect(props.spec).toEqual(dataVolumeSpec(DATA_DISK));
    const spec = dataVolumeSpec(DATA_DISK);
    expect(spec.source).toEqual({ blank: {} });
    expect(spec.storage!.storageClassName).toBe('slow');
    expect(spec.storage!.resources!.requests!.storage!.value).toBe('100Gi');
    expect(spec.storage).not.toHaveProperty('accessModes');
    expect(spec).not.toHaveProperty('pvc');
  });
});

describe('VmDisk validates its props with the profile\'s rules', () => {
  test('fails: DataVolume name UPPER, size huge, a bad image, access mode and storage class, all at once', () => {
    // GIVEN props with five mistakes
    const chart = Testing.chart();
    // WHEN a VmDisk is made of them
    const error = validationErrorOf(() => new VmDisk(chart, 'Bad', {
      name: 'data', dataVolumeName: 'UPPER', size: 'huge', storageClassName: 'Fast_SC', image: 'ftp://x/y', accessMode: 'RWX',
    }));
    // THEN one ValidationError names each field, value and rule, and nothing was created
    expect(error.errors.map((e) => e.field)).toEqual([
      'props.size', 'props.storageClassName', 'props.image', 'props.accessMode', 'props.dataVolumeName',
    ]);
    expect(error.message).toContain('VmDisk test/Bad: props.size: Invalid value: "huge": ');
    expect(error.message).toContain('VmDisk test/Bad: props.dataVolumeName: Invalid value: "UPPER": a lowercase RFC 1123 subdomain');
    expect(error.message).toContain('VmDisk test/Bad: props.accessMode: Unsupported value: "RWX": supported values: "ReadWriteOnce"');
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('fails: a DataVolume name over 63 characters, a reserved disk name, a size below 1Gi, missing fields', () => {
    const error = validationErrorOf(() => new VmDisk(Testing.chart(), 'Bad', { name: 'cloudinitdisk', dataVolumeName: 'a'.repeat(64), size: '10Mi' } as any));
    expect(error.errors.map((e) => `${e.field} ${e.type}`)).toEqual([
      'props.name Invalid', 'props.size Invalid', 'props.storageClassName Required', 'props.dataVolumeName TooLong',
    ]);
    expect(error.message).toContain('props.size: Invalid value: "10Mi": must be at least 1Gi');
  });

  test.each([null, 42])('fails: props %p is our ValidationError, not a TypeError', (props) => {
    expect(validationErrorOf(() => new VmDisk(Testing.chart(), 'Bad', props as any)).errors[0]).toMatchObject({ field: 'props', type: 'Invalid' });
  });

  test('fails: fromPvcName and fromDataVolumeName check the claim and the disk name; null options is our error', () => {
    const pvc = validationErrorOf(() => VmDisk.fromPvcName(Testing.chart(), 'Old', 'Bad_Claim', { name: 'Old' }));
    expect(pvc.errors.map((e) => e.field)).toEqual(['claimName', 'options.name']);
    const dv = validationErrorOf(() => VmDisk.fromDataVolumeName(Testing.chart(), 'Dv', 'UPPER', { name: 'dv' }));
    expect(dv.message).toMatch(/^VmDisk test\/Dv: dataVolumeName: Invalid value: "UPPER": a lowercase RFC 1123 subdomain/);
    expect(validationErrorOf(() => VmDisk.fromPvcName(Testing.chart(), 'Old', 'claim', null as any)).errors[0]).toMatchObject({ field: 'options' });
  });
});

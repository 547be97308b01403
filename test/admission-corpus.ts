/**
 * Near-miss profiles for the admission parity test (test/admission.test.ts): each breaks one rule that KubeVirt's or
 * CDI's admission code enforces, and names where validateProfile must refuse it and which webhook refuses the objects.
 * The upstream side is the near-miss profile rendered without validation, or, where our renderer cannot express the
 * defect (it never writes it), the same defect written into the valid base profile's objects.
 */

/** Which upstream admission code refuses a case's objects, and on which field. */
export interface UpstreamRefusal {
  /** `virtualmachine-validator.kubevirt.io`, `virtualmachines-mutator.kubevirt.io` or `datavolume-validate.cdi.kubevirt.io`. */
  readonly webhook: string;
  /** A field (or its prefix) among the refusal's causes, or a text its message contains. */
  readonly names: string;
}

export interface AdmissionCase {
  readonly name: string;
  /** The near-miss profile. */
  readonly doc: any;
  /** Where validateProfile refuses it. */
  readonly field: string;
  /** The upstream refusal; undefined for a rule only we enforce (then `why` says why, and upstream must admit it). */
  readonly upstream?: UpstreamRefusal;
  /** Writes the defect into the base profile's objects when rendering `doc` cannot express it. */
  readonly patchObjects?: (objects: any[]) => void;
  /** For a library-only rule: why we refuse what KubeVirt and CDI admit. */
  readonly why?: string;
}

const KUBEVIRT_VM = 'virtualmachine-validator.kubevirt.io';
const KUBEVIRT_MUTATOR = 'virtualmachines-mutator.kubevirt.io';
const CDI_DV = 'datavolume-validate.cdi.kubevirt.io';

/** The valid profile every case starts from: one registry boot disk, one bridge network. */
export function baseProfile(): any {
  return {
    apiVersion: 'vm.example.com/v1alpha1',
    kind: 'VirtualMachineProfile',
    metadata: { name: 'near-miss', namespace: 'admission' },
    spec: {
      cpu: 2,
      memory: '4Gi',
      disks: [{ name: 'system', size: '20Gi', storageClassName: 'standard', boot: true, image: 'quay.io/containerdisks/fedora:41' }],
      networks: [{ name: 'mgmt', type: 'bridge', vlanId: 100 }],
    },
  };
}

function near(patch: (spec: any) => void): any {
  const doc = baseProfile();
  patch(doc.spec);
  return doc;
}

const vmOf = (objects: any[]): any => objects.find((o) => o.kind === 'VirtualMachine');
const vmiSpec = (objects: any[]): any => vmOf(objects).spec.template.spec;

export const ADMISSION_CASES: readonly AdmissionCase[] = [
  {
    name: 'two disks with one name',
    doc: near((s) => { s.disks.push({ name: 'system', size: '10Gi', storageClassName: 'standard' }); }),
    field: 'spec.disks[1].name',
    upstream: { webhook: KUBEVIRT_VM, names: 'spec.template.spec.domain.devices.disks[1].name' },
  },
  {
    name: 'two boot disks',
    doc: near((s) => { s.disks.push({ name: 'data', size: '10Gi', storageClassName: 'standard', boot: true }); }),
    field: 'spec.disks[1].boot',
    // The renderer gives only the first boot disk bootOrder 1; the defect is KubeVirt's duplicate boot order.
    patchObjects: (objects) => {
      const disks = vmiSpec(objects).domain.devices.disks;
      disks.forEach((d: any) => { d.bootOrder = 1; });
    },
    upstream: { webhook: KUBEVIRT_VM, names: 'bootOrder' },
  },
  {
    name: 'two networks with one name',
    doc: near((s) => { s.networks.push({ name: 'mgmt', type: 'bridge', vlanId: 100 }); }),
    field: 'spec.networks[1].name',
    upstream: { webhook: KUBEVIRT_VM, names: 'spec.template.spec' },
  },
  {
    name: 'a MAC address that is no MAC',
    doc: near((s) => { s.networks[0].macAddress = '02:00:00:00:00'; }),
    field: 'spec.networks[0].macAddress',
    upstream: { webhook: KUBEVIRT_VM, names: 'spec.template.spec.domain.devices.interfaces[0].macAddress' },
  },
  {
    name: 'a hostname that is no DNS label',
    doc: near((s) => { s.hostname = 'web_01'; }),
    field: 'spec.hostname',
    upstream: { webhook: KUBEVIRT_VM, names: 'spec.template.spec.hostname' },
  },
  {
    name: 'cloud-init user data over 2048 bytes',
    doc: near((s) => { s.userData = `#cloud-config\nwrite_files:\n  - path: /etc/motd\n    content: "${'x'.repeat(2100)}"\n`; }),
    field: 'spec.userData',
    upstream: { webhook: KUBEVIRT_VM, names: 'spec.template.spec.volumes[1].cloudInitNoCloud' },
  },
  {
    name: 'an ide disk bus',
    doc: near((s) => { s.disks[0].bus = 'ide'; }),
    field: 'spec.disks[0].bus',
    upstream: { webhook: KUBEVIRT_VM, names: 'spec.template.spec.domain.devices.disks[0].disk.bus' },
  },
  {
    name: 'a NIC model KubeVirt does not know',
    doc: near((s) => { s.networks[0].model = 'virtio-net'; }),
    field: 'spec.networks[0].model',
    upstream: { webhook: KUBEVIRT_VM, names: 'spec.template.spec.domain.devices.interfaces[0].model' },
  },
  {
    name: 'an instancetype next to cpu',
    doc: near((s) => { s.instancetype = { name: 'u1.medium' }; delete s.memory; }),
    field: 'spec.cpu',
    // The renderer writes no domain CPU next to an instancetype; the defect is the cores KubeVirt then refuses.
    patchObjects: (objects) => {
      const vm = vmOf(objects);
      vm.spec.instancetype = { kind: 'VirtualMachineClusterInstancetype', name: 'u1.medium' };
      delete vm.spec.template.spec.domain.memory;
      vm.spec.template.spec.domain.cpu = { cores: 2 };
    },
    upstream: { webhook: KUBEVIRT_VM, names: 'spec.template.spec.domain.cpu' },
  },
  {
    name: 'an isolated emulator thread without dedicated CPUs',
    doc: near((s) => { s.compute = { isolateEmulatorThread: true }; }),
    field: 'spec.compute.isolateEmulatorThread',
    upstream: { webhook: KUBEVIRT_VM, names: 'spec.template.spec.domain.cpu.isolateEmulatorThread' },
  },
  {
    name: 'NUMA passthrough without hugepages',
    doc: near((s) => { s.compute = { dedicatedCpuPlacement: true, numaGuestMappingPassthrough: true }; }),
    field: 'spec.compute.numaGuestMappingPassthrough',
    upstream: { webhook: KUBEVIRT_VM, names: 'spec.template.spec.domain.cpu.numa' },
  },
  {
    name: 'a guest memory above its limit',
    doc: near((s) => { s.compute = { memoryLimit: '2Gi' }; }),
    field: 'spec.compute.memoryLimit',
    why: 'KubeVirt checks guest <= limit only under the Stage rollout strategy; a stock v1.9 (LiveUpdate) admits it, '
      + 'and the guest is OOM-killed once it uses more than its pod\'s limit',
  },
  {
    name: 'a registry image CDI cannot parse as a URL',
    doc: near((s) => { s.disks[0].image = 'ubuntu:latest'; }),
    field: 'spec.disks[0].image',
    upstream: { webhook: CDI_DV, names: 'spec.source.Registry.URL' },
  },
  {
    name: 'a registry image CDI cannot parse as a URL, in a dataVolumeTemplate',
    doc: near((s) => { s.disks[0].image = 'fedora:latest'; s.disks[0].deleteWithVm = true; }),
    field: 'spec.disks[0].image',
    // KubeVirt's VM webhook does not run CDI's rules on templates; CDI refuses when KubeVirt creates the DataVolume.
    why: 'KubeVirt admits the VM; CDI refuses the DataVolume virt-controller then creates from the template, so the VM never starts',
  },
  {
    name: 'a toleration with an effect KubeVirt does not know',
    doc: near((s) => { s.highAvailability = { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoRun' }] }; }),
    field: 'spec.highAvailability.tolerations[0].effect',
    upstream: { webhook: KUBEVIRT_MUTATOR, names: 'tolerations' },
  },
  {
    name: 'dedicated CPUs with a CPU limit other than the vCPU count',
    doc: near((s) => { s.compute = { dedicatedCpuPlacement: true, cpuLimit: '3' }; }),
    field: 'spec.compute.cpuLimit',
    upstream: { webhook: KUBEVIRT_VM, names: 'spec.template.spec.domain' },
  },
  {
    name: 'guest memory not a multiple of the hugepage size',
    doc: near((s) => { s.memory = '1536Mi'; s.compute = { hugepages: '1Gi' }; }),
    field: 'spec.compute.hugepages',
    upstream: { webhook: KUBEVIRT_VM, names: 'hugepages' },
  },
  {
    name: 'a disk serial with a character KubeVirt refuses',
    doc: near((s) => { s.disks[0].serial = 'disk/0'; }),
    field: 'spec.disks[0].serial',
    upstream: { webhook: KUBEVIRT_VM, names: 'spec.template.spec.domain.devices.disks[0].serial' },
  },
  {
    name: 'sysprep next to an SSH key Secret',
    doc: near((s) => { s.sysprep = { configMap: 'win-unattend' }; s.sshKeySecret = 'keys'; }),
    field: 'spec.sysprep',
    // The renderer leaves out the key propagation under sysprep; the defect is noCloud propagation without a NoCloud volume.
    patchObjects: (objects) => {
      const spec = vmiSpec(objects);
      spec.volumes = spec.volumes.map((v: any) => (v.cloudInitNoCloud ? { name: v.name, sysprep: { configMap: { name: 'win-unattend' } } } : v));
      spec.domain.devices.disks = spec.domain.devices.disks.map((d: any) => (d.name === spec.volumes.find((v: any) => v.sysprep).name
        ? { name: d.name, cdrom: { bus: 'sata' } } : d));
      spec.accessCredentials = [{ sshPublicKey: { source: { secret: { secretName: 'keys' } }, propagationMethod: { noCloud: {} } } }];
    },
    upstream: { webhook: KUBEVIRT_VM, names: 'spec.template.spec.accessCredentials' },
  },
  {
    name: 'two GPUs with one name',
    doc: near((s) => { s.gpus = [{ name: 'gpu', deviceName: 'nvidia.com/A10' }, { name: 'gpu', deviceName: 'nvidia.com/A10' }]; }),
    field: 'spec.gpus[1].name',
    why: 'KubeVirt\'s webhook admits duplicate GPU names; the CRD lists gpus as a map keyed by name, so the API server refuses the profile',
  },
  {
    name: 'secure boot without SMM',
    doc: near((s) => { s.firmware = { bootloader: 'BIOS', secureBoot: true }; }),
    field: 'spec.firmware.secureBoot',
    // The renderer always turns SMM on under Secure Boot; the defect is KubeVirt's own rule with SMM off.
    patchObjects: (objects) => {
      const domain = vmiSpec(objects).domain;
      domain.firmware = { bootloader: { efi: { secureBoot: true } } };
      domain.features = { smm: { enabled: false } };
    },
    upstream: { webhook: KUBEVIRT_VM, names: 'SecureBoot requires SMM' },
  },
];

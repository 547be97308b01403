/**
 * The workload examples (../windows-11.yaml, ../database-vm.yaml, ../gpu-vm.yaml) written in TypeScript: the same
 * field names and nesting as the YAML. Each is its own cdk8s App and writes `<outdir>/<name>/`.
 * Outside this repository, import from 'cdk8s-vmprofile' instead of '../../src'.
 */
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import { VirtualMachineProfile, VirtualMachineProfileProps } from '../../src';

const RHEL9_GOLDEN_IMAGE = { name: 'rhel9', namespace: 'openshift-virtualization-os-images' };

const examples: VirtualMachineProfileProps[] = [
  {
    // Windows 11: UEFI + Secure Boot, a persistent TPM, sysprep instead of cloud-init, a sata system disk.
    metadata: { name: 'win11-desktop', namespace: 'vdi', labels: { app: 'vdi' } },
    spec: {
      cpu: 4,
      memory: '8Gi',
      compute: { sockets: 1, cpuModel: 'host-model' },
      preference: { name: 'windows.11' },
      firmware: { bootloader: 'EFI', secureBoot: true, persistent: true },
      tpm: { persistent: true },
      sysprep: { secret: 'win11-unattend' },
      podNetwork: true,
      networks: [{ name: 'office', type: 'bridge', vlanId: 120, model: 'e1000e', ipConfig: { mode: 'dhcp' } }],
      disks: [{
        name: 'system', size: '80Gi', storageClassName: 'ssd', boot: true, bus: 'sata',
        image: 'https://images.example.com/windows/win11-23h2-en-us.qcow2', secretRef: 'windows-image-download', certConfigMap: 'images-ca',
      }],
    },
  },
  {
    // A database: dedicated CPUs, hugepages and NUMA, cloned from a DataSource, required anti-affinity.
    metadata: { name: 'postgres-01', namespace: 'databases', labels: { app: 'postgres' } },
    spec: {
      cpu: 8,
      memory: '32Gi',
      compute: {
        dedicatedCpuPlacement: true, isolateEmulatorThread: true, threads: 2, cpuModel: 'host-passthrough',
        hugepages: '1Gi', numaGuestMappingPassthrough: true,
      },
      sshKeySecret: 'dba-ssh-keys',
      userData: '#cloud-config\npackages: [postgresql-server]\nruncmd:\n  - postgresql-setup --initdb\n  - systemctl enable --now postgresql\n',
      networks: [{
        name: 'db', type: 'bridge', vlanId: 300,
        ipConfig: { mode: 'static', address: '10.30.0.11/24', addresses: ['fd00:30::11/64'], gateway: '10.30.0.1', dnsServers: ['10.30.0.2'] },
      }],
      disks: [
        { name: 'system', size: '40Gi', storageClassName: 'ssd', boot: true, dataSource: RHEL9_GOLDEN_IMAGE },
        { name: 'pgdata', size: '500Gi', storageClassName: 'nvme', accessMode: 'ReadWriteOnce', volumeMode: 'Block', serial: 'PGDATA01' },
      ],
      highAvailability: {
        restartPolicy: 'Always', antiAffinity: true, antiAffinityGroup: 'postgres', antiAffinityMode: 'Required',
        nodeSelector: { 'node-role.kubernetes.io/database': '' },
      },
    },
  },
  {
    // A GPU VM sized by an instancetype: no cpu and memory.
    metadata: { name: 'ml-train-01', namespace: 'ml', labels: { app: 'training' } },
    spec: {
      instancetype: { name: 'u1.4xlarge' },
      preference: { name: 'rhel.9' },
      gpus: [{ name: 'gpu1', deviceName: 'nvidia.com/GA102GL_A10' }],
      sshKeySecret: 'ml-ssh-keys',
      podNetwork: true,
      disks: [
        { name: 'system', size: '100Gi', storageClassName: 'ssd', boot: true, dataSource: RHEL9_GOLDEN_IMAGE },
        { name: 'datasets', claimName: 'imagenet-datasets' },
      ],
      highAvailability: { nodeSelector: { 'nvidia.com/gpu.present': 'true' } },
      startStrategy: { runStrategy: 'RerunOnFailure' },
    },
  },
];

const outdir = process.env.CDK8S_OUTDIR ?? 'cdk8s.out';
for (const props of examples) {
  const app = new App({ outdir: path.join(outdir, props.metadata.name) });
  new VirtualMachineProfile(new Chart(app, props.metadata.name), 'profile', props);
  app.synth();
}

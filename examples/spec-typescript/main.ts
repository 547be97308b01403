/**
 * The spec's four examples (../*.yaml) written in TypeScript: same field names, same nesting.
 * Each is its own cdk8s App (multi-net-vm and ha-vm both define an inline "mgmt" network with different VLANs,
 * so they cannot share one namespace); each writes `<outdir>/<name>/`.
 * Outside this repository, import from 'cdk8s-vmprofile' instead of '../../src'.
 */
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import { VirtualMachineProfile, VirtualMachineProfileProps } from '../../src';

const examples: VirtualMachineProfileProps[] = [
  {
    metadata: { name: 'web-server-01', namespace: 'production', labels: { app: 'web-server', tier: 'frontend' } },
    spec: {
      cpu: 4,
      memory: '8Gi',
      osImage: 'registry.example.com/centos-stream:8',
      sshKeySecret: 'web-server-ssh-keys',
      networks: [
        {
          name: 'management', type: 'bridge', nadName: '', vlanId: 100, bridgeName: 'br-mgmt',
          ipConfig: { mode: 'static', address: '192.168.100.10/24', gateway: '192.168.100.1', dnsServers: ['8.8.8.8', '8.8.4.4'] },
        },
        { name: 'business', type: 'sriov', nadName: 'business-sriov-nad', vlanId: 200, ipConfig: { mode: 'dhcp' } },
        { name: 'storage', type: 'macvlan', ipConfig: { mode: 'static', address: '10.0.0.10/24' } },
      ],
      disks: [
        { name: 'system', size: '80Gi', storageClassName: 'huamei-sc-ssd', boot: true, image: 'registry.example.com/centos-stream:8' },
        { name: 'data', size: '500Gi', storageClassName: 'huamei-sc-hdd' },
        { name: 'logs', size: '100Gi', storageClassName: 'huamei-sc-ssd' },
      ],
      highAvailability: {
        restartPolicy: 'Always',
        antiAffinity: true,
        nodeSelector: { 'kubernetes.io/arch': 'amd64', 'node-role.kubernetes.io/worker': '' },
        tolerations: [{ key: 'virtualization', operator: 'Equal', value: 'enabled', effect: 'NoSchedule' }],
      },
      startStrategy: { runStrategy: 'Always', autoStart: true },
    },
  },
  {
    metadata: { name: 'simple-vm' },
    spec: {
      cpu: 2,
      memory: '4Gi',
      networks: [{ name: 'default', type: 'bridge', ipConfig: { mode: 'dhcp' } }],
      disks: [{ name: 'system', size: '20Gi', storageClassName: 'huamei-sc-ssd', boot: true }],
    },
  },
  {
    metadata: { name: 'multi-net-vm' },
    spec: {
      cpu: 4,
      memory: '8Gi',
      networks: [
        { name: 'mgmt', type: 'bridge', vlanId: 100, ipConfig: { mode: 'static', address: '192.168.100.10/24', gateway: '192.168.100.1' } },
        { name: 'business', type: 'sriov', vlanId: 200, ipConfig: { mode: 'dhcp' } },
      ],
      disks: [{ name: 'system', size: '80Gi', storageClassName: 'huamei-sc-ssd', boot: true }],
    },
  },
  {
    metadata: { name: 'ha-vm' },
    spec: {
      cpu: 8,
      memory: '16Gi',
      networks: [{ name: 'mgmt', type: 'bridge', ipConfig: { mode: 'static', address: '192.168.1.10/24' } }],
      disks: [{ name: 'system', size: '100Gi', storageClassName: 'huamei-sc-ssd', boot: true }],
      highAvailability: { restartPolicy: 'Always', antiAffinity: true, nodeSelector: { 'node-role.kubernetes.io/worker': '' } },
    },
  },
];

const outdir = process.env.CDK8S_OUTDIR ?? 'cdk8s.out';
for (const props of examples) {
  const app = new App({ outdir: path.join(outdir, props.metadata.name) });
  new VirtualMachineProfile(new Chart(app, props.metadata.name), 'profile', props);
  app.synth();
}

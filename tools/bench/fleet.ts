import { VirtualMachineProfileManifest } from '../../src/spec/profile-spec';

/** `n` profiles shaped like the spec's web-server-01: bridge + sriov (existing NAD) + macvlan, 3 disks, HA. */
export function seedFleet(n: number): VirtualMachineProfileManifest[] {
  const fleet: VirtualMachineProfileManifest[] = [];
  for (let i = 0; i < n; i++) {
    const name = `web-${String(i).padStart(5, '0')}`;
    const host = i % 250;
    const subnet = Math.floor(i / 250) % 250;
    fleet.push({
      apiVersion: 'vm.example.com/v1alpha1',
      kind: 'VirtualMachineProfile',
      metadata: { name, namespace: `fleet-${i % 10}`, labels: { app: 'web-server', tier: 'frontend' } },
      spec: {
        cpu: 4,
        memory: '8Gi',
        osImage: 'registry.example.com/centos-stream:8',
        sshKeySecret: 'web-server-ssh-keys',
        networks: [
          {
            name: 'management',
            type: 'bridge',
            vlanId: 100,
            bridgeName: 'br-mgmt',
            ipConfig: { mode: 'static', address: `10.${subnet}.${host}.10/16`, gateway: `10.${subnet}.0.1`, dnsServers: ['8.8.8.8', '8.8.4.4'] },
          },
          { name: 'business', type: 'sriov', nadName: 'business-sriov-nad', vlanId: 200, ipConfig: { mode: 'dhcp' } },
          { name: 'storage', type: 'macvlan', ipConfig: { mode: 'static', address: `172.16.${subnet}.${host + 1}/16` } },
        ],
        disks: [
          { name: 'system', size: '80Gi', storageClassName: 'huamei-sc-ssd', boot: true, image: 'registry.example.com/centos-stream:8' },
          { name: 'data', size: '500Gi', storageClassName: 'huamei-sc-hdd' },
          { name: 'logs', size: '100Gi', storageClassName: 'huamei-sc-ssd' },
        ],
        highAvailability: {
          restartPolicy: 'Always',
          antiAffinity: true,
          nodeSelector: { 'kubernetes.io/arch': 'amd64' },
          tolerations: [{ key: 'virtualization', operator: 'Equal', value: 'enabled', effect: 'NoSchedule' }],
        },
        startStrategy: { runStrategy: 'Always', autoStart: true },
      },
    });
  }
  return fleet;
}

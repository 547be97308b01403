/**
 * A cdk8s app with two VMs that share a management network.
 * Outside this repository, import from 'cdk8s-vmprofile' instead of '../../src'.
 */
import { App, Chart } from 'cdk8s';
import { VirtualMachineProfile, VmNetwork } from '../../src';

const app = new App();
const chart = new Chart(app, 'web-tier');

// One NAD for both VMs; each VM attaches to it with its own static address.
const management = new VmNetwork(chart, 'Management', {
  name: 'management',
  type: 'bridge',
  namespace: 'production',
  vlanId: 100,
  bridgeName: 'br-mgmt',
});

for (const [i, name] of ['web-01', 'web-02'].entries()) {
  const vm = new VirtualMachineProfile(chart, name, {
    metadata: { name, namespace: 'production', labels: { app: 'web' } },
    spec: {
      cpu: 2,
      memory: '4Gi',
      sshKeySecret: 'web-ssh-keys',
      disks: [
        { name: 'system', size: '30Gi', storageClassName: 'huamei-sc-ssd', boot: true, image: 'registry.example.com/centos-stream:9' },
        { name: 'data', size: '100Gi', storageClassName: 'huamei-sc-hdd' },
      ],
      highAvailability: { restartPolicy: 'Always', antiAffinity: true },
    },
  });
  vm.addNetwork(management, {
    ipConfig: { mode: 'static', address: `192.168.100.${11 + i}/24`, gateway: '192.168.100.1', dnsServers: ['192.168.100.1'] },
  });
}

app.synth();

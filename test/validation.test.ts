import * as fs from 'node:fs';
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import { arbCorruptedProfile, arbProfile, arbScrambledProfile, MUTATIONS } from './arbitraries';
import { stableMacAddress } from '../src/plan/naming';
import {
  assertValidProfile, FieldError, FieldErrorType, formatFieldError, formatFieldWarning, validateProfile, ValidationError,
} from '../src/validate/validation';

type Doc = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A small valid profile every case starts from. */
function base(): Doc {
  return {
    apiVersion: 'vm.example.com/v1alpha1',
    kind: 'VirtualMachineProfile',
    metadata: { name: 'web-server-01', namespace: 'production', labels: { app: 'web-server' } },
    spec: {
      cpu: 4,
      memory: '8Gi',
      osImage: 'registry.example.com/centos-stream:8',
      networks: [
        {
          name: 'management',
          type: 'bridge',
          vlanId: 100,
          bridgeName: 'br-mgmt',
          ipConfig: { mode: 'static', address: '192.168.100.10/24', gateway: '192.168.100.1', dnsServers: ['8.8.8.8'] },
        },
        { name: 'storage', type: 'macvlan', nodeNetwork: { uplink: 'ens4' }, ipConfig: { mode: 'static', address: '10.0.0.10/24' } },
      ],
      disks: [
        { name: 'system', size: '80Gi', storageClassName: 'ssd', boot: true },
        { name: 'data', size: '500Gi', storageClassName: 'hdd' },
      ],
    },
  };
}

function mutated(mutate: (d: Doc) => void): Doc {
  const d = base();
  mutate(d);
  return d;
}

function summary(errors: readonly FieldError[]): string[] {
  return errors.map(formatFieldError);
}

const SPEC_DOC = '/work/shared/spec/VirtualMachineProfile-API.zh.md';

describe('formatFieldError', () => {
  test.each<[FieldError, string]>([
    [{ type: 'Invalid', field: 'spec.networks[1].vlanId', value: 5000, detail: 'must be between 1 and 4094' },
      'spec.networks[1].vlanId: Invalid value: 5000: must be between 1 and 4094'],
    [{ type: 'Required', field: 'spec.cpu' }, 'spec.cpu: Required value'],
    [{ type: 'NotSupported', field: 'spec.networks[0].type', value: 'foo', detail: 'supported values: "bridge", "macvlan", "sriov", "ovs"' },
      'spec.networks[0].type: Unsupported value: "foo": supported values: "bridge", "macvlan", "sriov", "ovs"'],
    [{ type: 'Duplicate', field: 'spec.disks[1].name', value: 'data' }, 'spec.disks[1].name: Duplicate value: "data"'],
    [{ type: 'TooLong', field: 'metadata.name', value: 'x', detail: 'may not be more than 60 bytes' }, 'metadata.name: Too long: may not be more than 60 bytes'],
    [{ type: 'Forbidden', field: 'spec.networks[0].vlanID', detail: 'unknown field' }, 'spec.networks[0].vlanID: Forbidden: unknown field'],
    [{ type: 'TooMany', field: 'spec.disks', value: 300, detail: 'must have at most 256 items' }, 'spec.disks: Too many: 300: must have at most 256 items'],
    [{ type: 'Invalid', field: 'spec.podNetwork', value: true, detail: 'x' }, 'spec.podNetwork: Invalid value: true: x'],
    [{ type: 'Invalid', field: 'a', value: 'tab\there "q" \\ \u0001', detail: 'x' }, 'a: Invalid value: "tab\\there \\"q\\" \\\\ \\x01": x'],
    [{ type: 'Invalid', field: 'a', value: null, detail: 'x' }, 'a: Invalid value: null: x'],
  ])('formats %j', (error, expected) => {
    // GIVEN a field error WHEN formatted THEN it reads like kubectl's
    expect(formatFieldError(error)).toBe(expected);
  });

  test('truncates long composite values', () => {
    // GIVEN an Invalid error whose value is a big object
    const e: FieldError = { type: 'Invalid', field: 'spec', value: { a: 'x'.repeat(200) }, detail: 'must be an array' };
    // WHEN formatted THEN the value is cut short
    expect(formatFieldError(e).length).toBeLessThan(130);
  });
});

describe('validateProfile accepts', () => {
  test('the base profile with no errors', () => {
    // GIVEN the base profile WHEN validated THEN nothing is wrong
    expect(summary(validateProfile(base()).errors)).toEqual([]);
  });

  test('every example of the spec document', () => {
    // GIVEN the YAML examples of the spec WHEN each is validated THEN none has errors
    const md = fs.readFileSync(SPEC_DOC, 'utf8');
    const docs = [...md.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.includes('kind: VirtualMachineProfile'));
    expect(docs.length).toBeGreaterThanOrEqual(4);
    for (const text of docs) expect(summary(validateProfile(yaml.load(text)).errors)).toEqual([]);
  });

  test.each<[string, (d: Doc) => void]>([
    ['a label vmprofile equal to the name', (d) => { d.metadata.labels.vmprofile = 'web-server-01'; }],
    ['no namespace', (d) => { delete d.metadata.namespace; }],
    ['server-set metadata and status (kubectl get -o yaml)', (d) => { d.metadata.uid = 'u'; d.metadata.resourceVersion = '1'; d.status = { phase: 'Running' }; }],
    ['a 60-character name with a 2-character disk', (d) => { d.metadata.name = 'a'.repeat(60); d.spec.disks = [{ name: 'os', size: '1Gi', storageClassName: 's', boot: true }]; }],
    ['memory 0.5Gi (exactly 512Mi)', (d) => { d.spec.memory = '0.5Gi'; }],
    ['memory in decimal exponent form', (d) => { d.spec.memory = '1e9'; }],
    ['osImage with docker://', (d) => { d.spec.osImage = 'docker://quay.io/containerdisks/fedora:41'; }],
    ['osImage as a short reference (centos:8)', (d) => { d.spec.osImage = 'centos:8'; }],
    ['osImage with a digest', (d) => { d.spec.osImage = `quay.io/x/y@sha256:${'a'.repeat(64)}`; }],
    ['an http disk image', (d) => { d.spec.disks[1].image = 'https://example.com/images/data.qcow2'; }],
    ['an http osImage with a boot disk', (d) => { d.spec.osImage = 'https://example.com/os.qcow2'; }],
    ['only osImage, no disks', (d) => { delete d.spec.disks; }],
    ['nadName namespace/name', (d) => { d.spec.networks[0].nadName = 'infra/mgmt-nad'; }],
    ['nadName empty (create one)', (d) => { d.spec.networks[0].nadName = ''; }],
    ['a 59-character network name with bridgeName', (d) => { d.spec.networks[0].name = 'n'.repeat(59); }],
    ['bridge without bridgeName and a short name', (d) => { delete d.spec.networks[0].bridgeName; }],
    ['ovs with bridgeName', (d) => { d.spec.networks[0].type = 'ovs'; }],
    ['ovs without bridgeName on an existing NAD', (d) => { d.spec.networks[0] = { name: 'o', type: 'ovs', nadName: 'ovs-nad' }; }],
    ['sriov with nodeNetwork and totalVfs', (d) => { d.spec.networks[1] = { name: 'fast', type: 'sriov', vlanId: 20, nodeNetwork: { uplink: 'ens1f0', totalVfs: 16, nodeSelector: { 'feature.node.kubernetes.io/sriov': 'true' } } }; }],
    ['static IPv6 with a gateway in the prefix', (d) => { d.spec.networks[0].ipConfig = { mode: 'static', address: '2001:db8::10/64', gateway: '2001:db8::1' }; }],
    ['static IPv6 with a link-local gateway', (d) => { d.spec.networks[0].ipConfig = { mode: 'static', address: '2001:db8::10/64', gateway: 'fe80::1' }; }],
    ['static without gateway', (d) => { delete d.spec.networks[0].ipConfig.gateway; }],
    ['dhcp with DNS servers', (d) => { d.spec.networks[1].ipConfig = { mode: 'dhcp', dnsServers: ['1.1.1.1', '2606:4700:4700::1111'] }; }],
    ['a custom unicast MAC', (d) => { d.spec.networks[0].macAddress = '02:AB:cd:00:00:01'; }],
    ['a prefixed resourceName', (d) => { d.spec.networks[0].resourceName = 'bridge.network.kubevirt.io/br-mgmt'; }],
    ['every access mode', (d) => { d.spec.disks[1].accessMode = 'ReadWriteOncePod'; }],
    ['tolerations as Kubernetes accepts them', (d) => {
      d.spec.highAvailability = { tolerations: [{ operator: 'Exists' }, { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }, { key: 'virtualization', value: 'enabled', effect: 'NoSchedule' }] };
    }],
    ['restartPolicy Never with runStrategy Manual and autoStart false', (d) => {
      d.spec.highAvailability = { restartPolicy: 'Never' };
      d.spec.startStrategy = { runStrategy: 'Manual', autoStart: false };
    }],
    ['podNetwork with a network not named pod', (d) => { d.spec.podNetwork = true; }],
    ['a disk on an existing claim', (d) => { d.spec.disks[1] = { name: 'data', claimName: 'archive-claim' }; }],
    ['a boot disk on an existing claim', (d) => { d.spec.disks = [{ name: 'root', claimName: 'golden-root', boot: true }]; }],
    ['undefined optional fields (TypeScript props)', (d) => { d.spec.highAvailability = undefined; d.spec.disks[1].image = undefined; }],
    ['254 disks (only a warning)', (d) => { d.spec.disks = Array.from({ length: 254 }, (_, i) => ({ name: `d${i}`, size: '1Gi', storageClassName: 's', boot: i === 0 })); }],
  ])('%s', (_name, mutate) => {
    // GIVEN the base profile changed as named WHEN validated THEN there are no errors
    expect(summary(validateProfile(mutated(mutate)).errors)).toEqual([]);
  });
});

describe('validateProfile refuses', () => {
  const macOfStorage = stableMacAddress('production', 'web-server-01', 'storage');
  test.each<[string, (d: Doc) => void, string, FieldErrorType]>([
    // Document and metadata
    ['a wrong apiVersion', (d) => { d.apiVersion = 'v1'; }, 'apiVersion', 'NotSupported'],
    ['a wrong kind', (d) => { d.kind = 'VirtualMachine'; }, 'kind', 'NotSupported'],
    ['a missing apiVersion', (d) => { delete d.apiVersion; }, 'apiVersion', 'Required'],
    ['a missing name', (d) => { delete d.metadata.name; }, 'metadata.name', 'Required'],
    ['an empty name', (d) => { d.metadata.name = ''; }, 'metadata.name', 'Required'],
    ['a name that is no DNS label', (d) => { d.metadata.name = 'Web_01'; }, 'metadata.name', 'Invalid'],
    ['a name too long for <name>-vm', (d) => { d.metadata.name = 'a'.repeat(61); }, 'metadata.name', 'TooLong'],
    ['a disk name too long for <name>-<disk>', (d) => { d.metadata.name = 'a'.repeat(40); d.spec.disks[1].name = 'b'.repeat(23); }, 'spec.disks[1].name', 'TooLong'],
    ['a namespace that is no DNS label', (d) => { d.metadata.namespace = 'prod.eu'; }, 'metadata.namespace', 'Invalid'],
    ['a label key that is no qualified name', (d) => { d.metadata.labels['-app'] = 'x'; }, 'metadata.labels', 'Invalid'],
    ['a label value that is no label value', (d) => { d.metadata.labels.app = 'web server'; }, 'metadata.labels[app]', 'Invalid'],
    ['a label value of 64 characters', (d) => { d.metadata.labels.app = 'a'.repeat(64); }, 'metadata.labels[app]', 'Invalid'],
    ['a label value that is no string', (d) => { d.metadata.labels.version = 2; }, 'metadata.labels[version]', 'Invalid'],
    ['the reserved vmprofile label', (d) => { d.metadata.labels.vmprofile = 'other'; }, 'metadata.labels[vmprofile]', 'Forbidden'],
    ['an unknown metadata field', (d) => { d.metadata.lables = {}; }, 'metadata.lables', 'Forbidden'],
    ['generateName', (d) => { d.metadata.generateName = 'web-'; }, 'metadata.generateName', 'Forbidden'],
    ['an unknown top-level field', (d) => { d.specs = {}; }, 'specs', 'Forbidden'],
    // spec basics
    ['an unknown spec field', (d) => { d.spec.cpus = 4; }, 'spec.cpus', 'Forbidden'],
    ['a missing cpu', (d) => { delete d.spec.cpu; }, 'spec.cpu', 'Required'],
    ['cpu 0', (d) => { d.spec.cpu = 0; }, 'spec.cpu', 'Invalid'],
    ['cpu as a string', (d) => { d.spec.cpu = '4'; }, 'spec.cpu', 'Invalid'],
    ['cpu 1.5', (d) => { d.spec.cpu = 1.5; }, 'spec.cpu', 'Invalid'],
    ['a missing memory', (d) => { delete d.spec.memory; }, 'spec.memory', 'Required'],
    ['memory below 512Mi', (d) => { d.spec.memory = '511Mi'; }, 'spec.memory', 'Invalid'],
    ['memory with the K suffix', (d) => { d.spec.memory = '8388608K'; }, 'spec.memory', 'Invalid'],
    ['memory as a number', (d) => { d.spec.memory = 8589934592; }, 'spec.memory', 'Invalid'],
    ['memory beyond int64', (d) => { d.spec.memory = '1e30'; }, 'spec.memory', 'Invalid'],
    ['an osImage that is no image', (d) => { d.spec.osImage = 'centos 8'; }, 'spec.osImage', 'Invalid'],
    ['an osImage with an unsupported scheme', (d) => { d.spec.osImage = 'ftp://example.com/os.img'; }, 'spec.osImage', 'Invalid'],
    ['an osImage with an uppercase repository', (d) => { d.spec.osImage = 'Library/CentOS:8'; }, 'spec.osImage', 'Invalid'],
    ['an empty osImage', (d) => { d.spec.osImage = ''; }, 'spec.osImage', 'Invalid'],
    ['an sshKeySecret that is no subdomain', (d) => { d.spec.sshKeySecret = 'My_Keys'; }, 'spec.sshKeySecret', 'Invalid'],
    ['podNetwork as a string', (d) => { d.spec.podNetwork = 'true'; }, 'spec.podNetwork', 'Invalid'],
    // networks
    ['networks as an object', (d) => { d.spec.networks = { name: 'a' }; }, 'spec.networks', 'Invalid'],
    ['a network that is no object', (d) => { d.spec.networks[1] = 'storage'; }, 'spec.networks[1]', 'Invalid'],
    ['an unknown network field (vlanID)', (d) => { d.spec.networks[0].vlanID = 100; }, 'spec.networks[0].vlanID', 'Forbidden'],
    ['a network without name', (d) => { delete d.spec.networks[1].name; }, 'spec.networks[1].name', 'Required'],
    ['a network name with a dot', (d) => { d.spec.networks[1].name = 'storage.net'; }, 'spec.networks[1].name', 'Invalid'],
    ['a network name of 60 characters', (d) => { d.spec.networks[0].name = 'n'.repeat(60); }, 'spec.networks[0].name', 'TooLong'],
    ['a duplicate network name', (d) => { d.spec.networks[1].name = 'management'; }, 'spec.networks[1].name', 'Duplicate'],
    ['a network named pod with podNetwork', (d) => { d.spec.podNetwork = true; d.spec.networks[1].name = 'pod'; }, 'spec.networks[1].name', 'Duplicate'],
    ['a network without type', (d) => { delete d.spec.networks[1].type; }, 'spec.networks[1].type', 'Required'],
    ['an unsupported network type', (d) => { d.spec.networks[0].type = 'foo'; }, 'spec.networks[0].type', 'NotSupported'],
    ['a nadName that is no name', (d) => { d.spec.networks[0].nadName = 'Mgmt_NAD'; }, 'spec.networks[0].nadName', 'Invalid'],
    ['a nadName with two slashes', (d) => { d.spec.networks[0].nadName = 'a/b/c'; }, 'spec.networks[0].nadName', 'Invalid'],
    ['vlanId 5000', (d) => { d.spec.networks[0].vlanId = 5000; }, 'spec.networks[0].vlanId', 'Invalid'],
    ['vlanId 0', (d) => { d.spec.networks[0].vlanId = 0; }, 'spec.networks[0].vlanId', 'Invalid'],
    ['vlanId as a string', (d) => { d.spec.networks[0].vlanId = '100'; }, 'spec.networks[0].vlanId', 'Invalid'],
    ['vlanId on macvlan', (d) => { d.spec.networks[1].vlanId = 10; }, 'spec.networks[1].vlanId', 'Forbidden'],
    ['ovs without bridgeName', (d) => { d.spec.networks[0].type = 'ovs'; delete d.spec.networks[0].bridgeName; }, 'spec.networks[0].bridgeName', 'Required'],
    ['a bridgeName longer than 15', (d) => { d.spec.networks[0].bridgeName = 'br-management-01'; }, 'spec.networks[0].bridgeName', 'Invalid'],
    ['a bridgeName with a slash', (d) => { d.spec.networks[0].bridgeName = 'br/0'; }, 'spec.networks[0].bridgeName', 'Invalid'],
    ['a default bridge name longer than 15', (d) => { d.spec.networks[0].name = 'management-vlan'; delete d.spec.networks[0].bridgeName; }, 'spec.networks[0].bridgeName', 'Required'],
    ['bridgeName on macvlan', (d) => { d.spec.networks[1].bridgeName = 'br0'; }, 'spec.networks[1].bridgeName', 'Forbidden'],
    ['bridgeName on sriov', (d) => { d.spec.networks[1].type = 'sriov'; d.spec.networks[1].bridgeName = 'br0'; }, 'spec.networks[1].bridgeName', 'Forbidden'],
    ['ipConfig without mode', (d) => { d.spec.networks[1].ipConfig = {}; }, 'spec.networks[1].ipConfig.mode', 'Required'],
    ['an unsupported ip mode', (d) => { d.spec.networks[1].ipConfig.mode = 'manual'; }, 'spec.networks[1].ipConfig.mode', 'NotSupported'],
    ['static without address', (d) => { delete d.spec.networks[0].ipConfig.address; delete d.spec.networks[0].ipConfig.gateway; }, 'spec.networks[0].ipConfig.address', 'Required'],
    ['an address without prefix', (d) => { d.spec.networks[0].ipConfig.address = '192.168.100.10'; }, 'spec.networks[0].ipConfig.address', 'Invalid'],
    ['an address out of range', (d) => { d.spec.networks[0].ipConfig.address = '192.168.300.10/24'; }, 'spec.networks[0].ipConfig.address', 'Invalid'],
    ['a prefix of 33', (d) => { d.spec.networks[0].ipConfig.address = '192.168.100.10/33'; }, 'spec.networks[0].ipConfig.address', 'Invalid'],
    ['a multicast address', (d) => { d.spec.networks[0].ipConfig.address = '224.0.0.5/24'; }, 'spec.networks[0].ipConfig.address', 'Invalid'],
    ['an address with dhcp', (d) => { d.spec.networks[1].ipConfig = { mode: 'dhcp', address: '10.0.0.5/24' }; }, 'spec.networks[1].ipConfig.address', 'Forbidden'],
    ['a gateway with dhcp', (d) => { d.spec.networks[1].ipConfig = { mode: 'dhcp', gateway: '10.0.0.1' }; }, 'spec.networks[1].ipConfig.gateway', 'Forbidden'],
    ['a gateway outside the subnet', (d) => { d.spec.networks[0].ipConfig.gateway = '192.168.101.1'; }, 'spec.networks[0].ipConfig.gateway', 'Invalid'],
    ['a gateway of the other family', (d) => { d.spec.networks[0].ipConfig.gateway = '2001:db8::1'; }, 'spec.networks[0].ipConfig.gateway', 'Invalid'],
    ['a gateway equal to the address', (d) => { d.spec.networks[0].ipConfig.gateway = '192.168.100.10'; }, 'spec.networks[0].ipConfig.gateway', 'Invalid'],
    ['a gateway that is no IP', (d) => { d.spec.networks[0].ipConfig.gateway = 'router'; }, 'spec.networks[0].ipConfig.gateway', 'Invalid'],
    ['a DNS server that is no IP', (d) => { d.spec.networks[0].ipConfig.dnsServers = ['8.8.8.8', 'dns.google']; }, 'spec.networks[0].ipConfig.dnsServers[1]', 'Invalid'],
    ['a duplicate DNS server', (d) => { d.spec.networks[0].ipConfig.dnsServers = ['8.8.8.8', '8.8.8.8']; }, 'spec.networks[0].ipConfig.dnsServers[1]', 'Duplicate'],
    ['an unknown ipConfig field', (d) => { d.spec.networks[0].ipConfig.gateway4 = '192.168.100.1'; }, 'spec.networks[0].ipConfig.gateway4', 'Forbidden'],
    ['a malformed MAC', (d) => { d.spec.networks[0].macAddress = '02-00-00-00-00-01'; }, 'spec.networks[0].macAddress', 'Invalid'],
    ['a multicast MAC', (d) => { d.spec.networks[0].macAddress = '01:00:5e:00:00:01'; }, 'spec.networks[0].macAddress', 'Invalid'],
    ["KubeVirt's reserved MAC", (d) => { d.spec.networks[0].macAddress = '02:00:00:00:00:00'; }, 'spec.networks[0].macAddress', 'Invalid'],
    ['a duplicate MAC', (d) => { d.spec.networks[0].macAddress = '02:00:00:00:00:01'; d.spec.networks[1].macAddress = '02:00:00:00:00:01'; }, 'spec.networks[1].macAddress', 'Duplicate'],
    ['a MAC equal to a generated one', (d) => { d.spec.networks[0].macAddress = macOfStorage; }, 'spec.networks[0].macAddress', 'Duplicate'],
    ['a resourceName without prefix', (d) => { d.spec.networks[0].resourceName = 'br-mgmt'; }, 'spec.networks[0].resourceName', 'Invalid'],
    ['nodeNetwork without uplink', (d) => { d.spec.networks[0].nodeNetwork = {}; }, 'spec.networks[0].nodeNetwork.uplink', 'Required'],
    ['an uplink that is no interface name', (d) => { d.spec.networks[0].nodeNetwork = { uplink: 'eth 1' }; }, 'spec.networks[0].nodeNetwork.uplink', 'Invalid'],
    ['an uplink equal to the bridge', (d) => { d.spec.networks[0].nodeNetwork = { uplink: 'br-mgmt' }; }, 'spec.networks[0].nodeNetwork.uplink', 'Invalid'],
    ['a nodeNetwork nodeSelector key that is invalid', (d) => { d.spec.networks[0].nodeNetwork = { uplink: 'eth1', nodeSelector: { 'a b': 'x' } }; }, 'spec.networks[0].nodeNetwork.nodeSelector', 'Invalid'],
    ['totalVfs 0', (d) => { d.spec.networks[1] = { name: 'fast', type: 'sriov', nodeNetwork: { uplink: 'ens1f0', totalVfs: 0 } }; }, 'spec.networks[1].nodeNetwork.totalVfs', 'Invalid'],
    ['totalVfs 257', (d) => { d.spec.networks[1] = { name: 'fast', type: 'sriov', nodeNetwork: { uplink: 'ens1f0', totalVfs: 257 } }; }, 'spec.networks[1].nodeNetwork.totalVfs', 'Invalid'],
    ['totalVfs on bridge', (d) => { d.spec.networks[0].nodeNetwork = { uplink: 'eth1', totalVfs: 4 }; }, 'spec.networks[0].nodeNetwork.totalVfs', 'Forbidden'],
    ['nodeNetwork with nadName', (d) => { d.spec.networks[0].nadName = 'mgmt-nad'; d.spec.networks[0].nodeNetwork = { uplink: 'eth1' }; }, 'spec.networks[0].nodeNetwork', 'Forbidden'],
    ['more than 256 networks', (d) => { d.spec.networks = Array.from({ length: 257 }, (_, i) => ({ name: `n${i}`, type: 'sriov' })); }, 'spec.networks', 'TooMany'],
    ['256 networks with the pod network', (d) => { d.spec.podNetwork = true; d.spec.networks = Array.from({ length: 256 }, (_, i) => ({ name: `n${i}`, type: 'sriov' })); }, 'spec.networks', 'TooMany'],
    // disks
    ['disks as a string', (d) => { d.spec.disks = 'system'; }, 'spec.disks', 'Invalid'],
    ['no disks and no osImage', (d) => { delete d.spec.disks; delete d.spec.osImage; }, 'spec.disks', 'Required'],
    ['an empty disk list and no osImage', (d) => { d.spec.disks = []; delete d.spec.osImage; }, 'spec.disks', 'Required'],
    ['a disk without name', (d) => { delete d.spec.disks[1].name; }, 'spec.disks[1].name', 'Required'],
    ['a disk name that is no label', (d) => { d.spec.disks[1].name = 'data.disk'; }, 'spec.disks[1].name', 'Invalid'],
    ['a duplicate disk name', (d) => { d.spec.disks[1].name = 'system'; }, 'spec.disks[1].name', 'Duplicate'],
    ['a disk without size', (d) => { delete d.spec.disks[1].size; }, 'spec.disks[1].size', 'Required'],
    ['a disk below 1Gi', (d) => { d.spec.disks[1].size = '1000M'; }, 'spec.disks[1].size', 'Invalid'],
    ['a disk size that is no quantity', (d) => { d.spec.disks[1].size = '500GB'; }, 'spec.disks[1].size', 'Invalid'],
    ['a disk without storageClassName', (d) => { delete d.spec.disks[1].storageClassName; }, 'spec.disks[1].storageClassName', 'Required'],
    ['a storageClassName that is no subdomain', (d) => { d.spec.disks[1].storageClassName = 'HDD'; }, 'spec.disks[1].storageClassName', 'Invalid'],
    ['two boot disks', (d) => { d.spec.disks[1].boot = true; }, 'spec.disks[1].boot', 'Duplicate'],
    ['boot as a string', (d) => { d.spec.disks[1].boot = 'false'; }, 'spec.disks[1].boot', 'Invalid'],
    ['a disk image that is no image', (d) => { d.spec.disks[1].image = 'https://'; }, 'spec.disks[1].image', 'Invalid'],
    ['claimName with a size', (d) => { d.spec.disks[1].claimName = 'archive'; }, 'spec.disks[1].size', 'Forbidden'],
    ['claimName with a storageClassName', (d) => { d.spec.disks[1] = { name: 'data', claimName: 'archive', storageClassName: 'x' }; }, 'spec.disks[1].storageClassName', 'Forbidden'],
    ['a claimName that is no DNS-1123 subdomain', (d) => { d.spec.disks[1] = { name: 'data', claimName: 'Archive_1' }; }, 'spec.disks[1].claimName', 'Invalid'],
    ['an empty claimName', (d) => { d.spec.disks[1] = { name: 'data', claimName: '' }; }, 'spec.disks[1].claimName', 'Required'],
    ['a disk named like the cloud-init volume', (d) => { d.spec.disks[1].name = 'cloudinitdisk'; }, 'spec.disks[1].name', 'Invalid'],
    ['a disk named like the containerDisk volume', (d) => { d.spec.disks[1].name = 'containerdisk'; }, 'spec.disks[1].name', 'Invalid'],
    ['deleteWithVm as a string', (d) => { d.spec.disks[1].deleteWithVm = 'yes'; }, 'spec.disks[1].deleteWithVm', 'Invalid'],
    ['an unsupported accessMode', (d) => { d.spec.disks[1].accessMode = 'RWO'; }, 'spec.disks[1].accessMode', 'NotSupported'],
    ['an http osImage without boot disk', (d) => { delete d.spec.disks[0].boot; d.spec.osImage = 'https://example.com/os.qcow2'; }, 'spec.osImage', 'Invalid'],
    ['more than 254 disks (256 volumes less cloud-init and containerDisk)', (d) => { d.spec.disks = Array.from({ length: 255 }, (_, i) => ({ name: `d${i}`, size: '1Gi', storageClassName: 's' })); }, 'spec.disks', 'TooMany'],
    // highAvailability and startStrategy
    ['an unsupported restartPolicy', (d) => { d.spec.highAvailability = { restartPolicy: 'Sometimes' }; }, 'spec.highAvailability.restartPolicy', 'NotSupported'],
    ['antiAffinity as a string', (d) => { d.spec.highAvailability = { antiAffinity: 'true' }; }, 'spec.highAvailability.antiAffinity', 'Invalid'],
    ['an antiAffinityGroup that is no label value', (d) => { d.spec.highAvailability = { antiAffinityGroup: 'web tier' }; }, 'spec.highAvailability.antiAffinityGroup', 'Invalid'],
    ['a nodeSelector key that is invalid', (d) => { d.spec.highAvailability = { nodeSelector: { 'kubernetes.io/': 'x' } }; }, 'spec.highAvailability.nodeSelector', 'Invalid'],
    ['a nodeSelector value that is invalid', (d) => { d.spec.highAvailability = { nodeSelector: { arch: 'amd 64' } }; }, 'spec.highAvailability.nodeSelector[arch]', 'Invalid'],
    ['tolerations as an object', (d) => { d.spec.highAvailability = { tolerations: { key: 'k' } }; }, 'spec.highAvailability.tolerations', 'Invalid'],
    ['a toleration with empty key and Equal', (d) => { d.spec.highAvailability = { tolerations: [{ value: 'x' }] }; }, 'spec.highAvailability.tolerations[0].operator', 'Invalid'],
    ['a toleration Exists with a value', (d) => { d.spec.highAvailability = { tolerations: [{ key: 'k', operator: 'Exists', value: 'x' }] }; }, 'spec.highAvailability.tolerations[0].value', 'Invalid'],
    ['a toleration with an unsupported operator', (d) => { d.spec.highAvailability = { tolerations: [{ key: 'k', operator: 'In' }] }; }, 'spec.highAvailability.tolerations[0].operator', 'NotSupported'],
    ['a toleration with an unsupported effect', (d) => { d.spec.highAvailability = { tolerations: [{ key: 'k', effect: 'NoRun' }] }; }, 'spec.highAvailability.tolerations[0].effect', 'NotSupported'],
    ['a toleration key that is no qualified name', (d) => { d.spec.highAvailability = { tolerations: [{ key: 'a b', operator: 'Exists' }] }; }, 'spec.highAvailability.tolerations[0].key', 'Invalid'],
    ['tolerationSeconds without NoExecute', (d) => { d.spec.highAvailability = { tolerations: [{ key: 'k', effect: 'NoSchedule', tolerationSeconds: 5 }] }; }, 'spec.highAvailability.tolerations[0].effect', 'Invalid'],
    ['an unsupported runStrategy', (d) => { d.spec.startStrategy = { runStrategy: 'Halted' }; }, 'spec.startStrategy.runStrategy', 'NotSupported'],
    ['autoStart as a string', (d) => { d.spec.startStrategy = { autoStart: 'no' }; }, 'spec.startStrategy.autoStart', 'Invalid'],
    ['a runStrategy contradicting restartPolicy', (d) => {
      d.spec.highAvailability = { restartPolicy: 'Always' };
      d.spec.startStrategy = { runStrategy: 'Manual' };
    }, 'spec.startStrategy.runStrategy', 'Invalid'],
    ['Manual with autoStart true', (d) => { d.spec.startStrategy = { runStrategy: 'Manual', autoStart: true }; }, 'spec.startStrategy.autoStart', 'Invalid'],
    ['an unknown startStrategy field', (d) => { d.spec.startStrategy = { running: true }; }, 'spec.startStrategy.running', 'Forbidden'],
  ])('%s', (_name, mutate, field, type) => {
    // GIVEN the base profile broken as named
    const doc = mutated(mutate);
    // WHEN validated
    const { errors } = validateProfile(doc);
    // THEN the error names the field and its type
    expect(errors.map((e) => `${e.type} ${e.field}`)).toContain(`${type} ${field}`);
  });
});

describe('validateProfile details', () => {
  test('type mismatches say what was expected', () => {
    // GIVEN fields of the wrong type
    const doc = mutated((d) => { d.spec.cpu = '4'; d.spec.podNetwork = 'yes'; d.spec.networks[0].vlanId = null; });
    // WHEN validated THEN the details name the expected type
    expect(summary(validateProfile(doc).errors)).toEqual([
      'spec.cpu: Invalid value: "4": must be an integer',
      'spec.networks[0].vlanId: Invalid value: null: must be an integer (null given: omit the field instead)',
      'spec.podNetwork: Invalid value: "yes": must be a boolean',
    ]);
  });

  test('unknown fields suggest the field that was meant', () => {
    // GIVEN a typo in a network WHEN validated THEN the error suggests the right name
    expect(summary(validateProfile(mutated((d) => { d.spec.networks[0].vlanID = 100; })).errors))
      .toEqual(['spec.networks[0].vlanID: Forbidden: unknown field; did you mean "vlanId"?']);
  });

  test('macvlan VLANs point to bridge', () => {
    // GIVEN a VLAN on macvlan WHEN validated THEN the message says what to do
    expect(summary(validateProfile(mutated((d) => { d.spec.networks[1].vlanId = 10; })).errors))
      .toEqual(['spec.networks[1].vlanId: Forbidden: macvlan does not support VLANs; use type bridge']);
  });

  test('no disks and no osImage has the documented message', () => {
    // GIVEN neither disks nor osImage WHEN validated THEN the boot rule is stated
    expect(summary(validateProfile(mutated((d) => { delete d.spec.disks; delete d.spec.osImage; })).errors))
      .toEqual(['spec.disks: Required value: a VM needs a boot disk or spec.osImage']);
  });

  test('the K suffix gets a hint', () => {
    // GIVEN memory in K WHEN validated THEN the detail explains k and Ki
    const [e] = validateProfile(mutated((d) => { d.spec.memory = '8388608K'; })).errors;
    expect(e.detail).toContain('use "k" (1000) or "Ki" (1024)');
  });

  test('every error is reported at once, in document order', () => {
    // GIVEN a profile broken in many places
    const doc = mutated((d) => {
      d.kind = 'VM';
      d.metadata.name = 'Web';
      d.spec.cpu = 0;
      d.spec.networks[0].vlanId = 5000;
      d.spec.networks[1].name = 'management';
      d.spec.disks[1].size = '1Mi';
      d.spec.startStrategy = { runStrategy: 'Sometimes' };
    });
    // WHEN validated THEN all errors come, in the order of the document
    expect(validateProfile(doc).errors.map((e) => e.field)).toEqual([
      'kind', 'metadata.name', 'spec.cpu', 'spec.networks[0].vlanId', 'spec.networks[1].name', 'spec.disks[1].size', 'spec.startStrategy.runStrategy',
    ]);
  });

  test.each([null, undefined, 42, 'text', [], [base()], true, {}, { spec: null }, { metadata: [], spec: { networks: [null, 1, []], disks: [[]] } },
    Object.create(null), { spec: { highAvailability: { tolerations: [null] }, startStrategy: [] } }])('never throws on %j', (doc) => {
    // GIVEN any input WHEN validated THEN it returns errors instead of throwing
    const result = validateProfile(doc);
    expect(result.errors.length).toBeGreaterThan(0);
  });
});

describe('validateProfile warnings', () => {
  test.each<[string, (d: Doc) => void, string]>([
    ['cpu above 64', (d) => { d.spec.cpu = 96; }, 'spec.cpu'],
    ['more than 8 networks', (d) => { d.spec.networks = Array.from({ length: 9 }, (_, i) => ({ name: `n${i}`, type: 'sriov' })); }, 'spec.networks'],
    ['more than 16 disks', (d) => { d.spec.disks = Array.from({ length: 17 }, (_, i) => ({ name: `d${i}`, size: '1Gi', storageClassName: 's', boot: i === 0 })); }, 'spec.disks'],
    ['HA with macvlan (macvtap cannot migrate)', (d) => { d.spec.highAvailability = { restartPolicy: 'Always' }; }, 'spec.networks[1].type'],
    ['antiAffinity with an SR-IOV network', (d) => { d.spec.highAvailability = { antiAffinity: true }; d.spec.networks[1].type = 'sriov'; }, 'spec.networks[1].type'],
    ['HA with a ReadWriteOnce disk', (d) => { d.spec.highAvailability = { antiAffinity: true }; d.spec.networks.pop(); d.spec.disks[1].accessMode = 'ReadWriteOnce'; }, 'spec.disks[1].accessMode'],
    ['two default routes', (d) => { d.spec.networks[1] = { name: 'b', type: 'bridge', ipConfig: { mode: 'static', address: '10.0.0.5/24', gateway: '10.0.0.1' } }; }, 'spec.networks[1].ipConfig.gateway'],
    ['osImage as an ephemeral containerDisk', (d) => { delete d.spec.disks; }, 'spec.osImage'],
    ['a blank boot disk', (d) => { delete d.spec.osImage; }, 'spec.disks[0].image'],
    ['disks without boot disk nor osImage', (d) => { delete d.spec.osImage; delete d.spec.disks[0].boot; }, 'spec.disks'],
    ['a vlanId ignored with an existing NAD', (d) => { d.spec.networks[0].nadName = 'mgmt-nad'; }, 'spec.networks[0].vlanId'],
    ['more than 3 DNS servers', (d) => { d.spec.networks[1].ipConfig.dnsServers = ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4']; }, 'spec.networks[1].ipConfig.dnsServers'],
    ['the network address as interface address', (d) => { d.spec.networks[0].ipConfig.address = '192.168.100.0/24'; }, 'spec.networks[0].ipConfig.address'],
  ])('%s', (_name, mutate, field) => {
    // GIVEN a profile that works but loses something
    const result = validateProfile(mutated(mutate));
    // WHEN validated THEN it has no errors but a warning on the field
    expect(summary(result.errors)).toEqual([]);
    expect(result.warnings.map((w) => w.field)).toContain(field);
  });

  test('a dual-stack pair of gateways is no second default route', () => {
    // GIVEN one IPv4 and one IPv6 gateway
    const doc = mutated((d) => { d.spec.networks[1] = { name: 'b', type: 'bridge', ipConfig: { mode: 'static', address: '2001:db8::5/64', gateway: '2001:db8::1' } }; });
    // WHEN validated THEN there is no default-route warning
    expect(validateProfile(doc).warnings.map((w) => w.field)).not.toContain('spec.networks[1].ipConfig.gateway');
  });
});

describe('validateProfile: what a node drain does (evictionStrategy warnings)', () => {
  function warningsOf(doc: Doc): string[] {
    return validateProfile(doc).warnings.map(formatFieldWarning);
  }

  test('GIVEN restartPolicy Always and a macvtap NIC WHEN validated THEN the warning names evictionStrategy None and the restart, not "restarted, not migrated"', () => {
    const w = warningsOf(mutated((d) => { d.spec.highAvailability = { restartPolicy: 'Always' }; }));
    const tap = w.find((x) => x.startsWith('spec.networks[1].type'))!;
    expect(tap).toContain('evictionStrategy "None"');
    expect(tap).toContain('runStrategy "Always" starts it again on another node');
    expect(tap).not.toContain('restarted, not migrated');
    expect(tap).not.toContain('Invalid value');
    // With a certain blocker the unknown access modes are beside the point: no LiveMigrateIfPossible warning.
    expect(w.some((x) => x.includes('LiveMigrateIfPossible'))).toBe(false);
  });

  test('GIVEN antiAffinity with a group, bridge only and disks without accessMode WHEN validated THEN one LiveMigrateIfPossible warning per disk', () => {
    const w = warningsOf(mutated((d) => { d.spec.highAvailability = { antiAffinity: true, antiAffinityGroup: 'web' }; d.spec.networks.pop(); }));
    expect(w.filter((x) => x.includes('"LiveMigrateIfPossible"')).map((x) => x.split(':')[0])).toEqual(['spec.disks[0].accessMode', 'spec.disks[1].accessMode']);
  });

  test('GIVEN every disk ReadWriteMany and no blocker WHEN validated THEN no drain warning at all', () => {
    const doc = mutated((d) => {
      d.spec.highAvailability = { restartPolicy: 'Always' };
      d.spec.networks.pop();
      for (const disk of d.spec.disks) disk.accessMode = 'ReadWriteMany';
    });
    expect(warningsOf(doc).filter((x) => x.includes('evictionStrategy'))).toEqual([]);
  });

  test('GIVEN RerunOnFailure and an SR-IOV NIC WHEN validated THEN the warning does not promise a restart', () => {
    const w = warningsOf(mutated((d) => { d.spec.highAvailability = { antiAffinity: true, antiAffinityGroup: 'web', restartPolicy: 'OnFailure' }; d.spec.networks[1].type = 'sriov'; }));
    expect(w.find((x) => x.startsWith('spec.networks[1].type'))).toContain('runStrategy "RerunOnFailure" decides whether it starts again');
  });
});

describe('validateProfile: anti-affinity', () => {
  test('GIVEN antiAffinity with neither antiAffinityGroup nor an app label (the spec\'s ha-vm) WHEN validated THEN a warning that it spreads nothing', () => {
    const doc = mutated((d) => { delete d.metadata.labels; d.spec.highAvailability = { antiAffinity: true }; });
    const w = validateProfile(doc).warnings.find((x) => x.field === 'spec.highAvailability.antiAffinityGroup');
    expect(w?.detail).toContain('only keeps this VM away from itself');
  });

  test.each<[string, Doc]>([
    ['an app label', { labels: { app: 'web-server' }, ha: { antiAffinity: true } }],
    ['an antiAffinityGroup', { labels: undefined, ha: { antiAffinity: true, antiAffinityGroup: 'db' } }],
  ])('GIVEN antiAffinity with %s WHEN validated THEN no group warning', (_, { labels, ha }) => {
    const doc = mutated((d) => { d.metadata.labels = labels; d.spec.highAvailability = ha; });
    expect(validateProfile(doc).warnings.map((w) => w.field)).not.toContain('spec.highAvailability.antiAffinityGroup');
  });

  test('GIVEN a bad antiAffinityMode and topologyKey WHEN validated THEN both are errors', () => {
    const doc = mutated((d) => { d.spec.highAvailability = { antiAffinity: true, antiAffinityMode: 'Hard', antiAffinityTopologyKey: 'not a key' }; });
    expect(validateProfile(doc).errors.map((e) => e.field)).toEqual(['spec.highAvailability.antiAffinityMode', 'spec.highAvailability.antiAffinityTopologyKey']);
  });

  test('GIVEN mode, topologyKey and group without antiAffinity WHEN validated THEN each is said to be ignored', () => {
    const doc = mutated((d) => { d.spec.highAvailability = { antiAffinityGroup: 'g', antiAffinityMode: 'Required', antiAffinityTopologyKey: 'topology.kubernetes.io/zone' }; });
    const result = validateProfile(doc);
    expect(result.errors).toEqual([]);
    expect(result.warnings.filter((w) => w.detail?.startsWith('ignored')).map((w) => w.field)).toEqual([
      'spec.highAvailability.antiAffinityGroup', 'spec.highAvailability.antiAffinityMode', 'spec.highAvailability.antiAffinityTopologyKey',
    ]);
  });
});

describe('validateProfile: hostname', () => {
  test.each(['Web', 'a.b', 'x'.repeat(64), ''])('GIVEN hostname %j WHEN validated THEN an error', (hostname) => {
    expect(validateProfile(mutated((d) => { d.spec.hostname = hostname; })).errors.map((e) => e.field)).toContain('spec.hostname');
  });

  test('GIVEN a DNS-1123 label hostname WHEN validated THEN valid', () => {
    expect(validateProfile(mutated((d) => { d.spec.hostname = 'db-primary'; })).errors).toEqual([]);
  });
});

describe('validateProfile: disk bus and NIC model', () => {
  const fields = (d: any) => validateProfile(d).errors.map((e) => `${e.field}: ${e.type}`);

  test('GIVEN a sata disk and an e1000e NIC WHEN validated THEN valid', () => {
    expect(validateProfile(mutated((d) => {
      d.spec.disks[0].bus = 'sata';
      d.spec.networks = [{ name: 'mgmt', type: 'bridge', model: 'e1000e' }];
    })).errors).toEqual([]);
  });

  test('GIVEN an unknown bus or model WHEN validated THEN NotSupported naming KubeVirt\'s values', () => {
    const { errors } = validateProfile(mutated((d) => {
      d.spec.disks[0].bus = 'ide';
      d.spec.networks = [{ name: 'mgmt', type: 'bridge', model: 'vmxnet3' }];
    }));
    expect(errors.map(formatFieldError)).toEqual([
      'spec.networks[0].model: Unsupported value: "vmxnet3": supported values: "virtio", "e1000e", "e1000", "igb", "rtl8139", "pcnet", "ne2k_pci"',
      'spec.disks[0].bus: Unsupported value: "ide": supported values: "virtio", "sata", "scsi", "usb"',
    ]);
  });

  test('GIVEN a model on an SR-IOV network WHEN validated THEN forbidden (the guest gets the VF itself)', () => {
    expect(fields(mutated((d) => { d.spec.networks = [{ name: 'fast', type: 'sriov', model: 'e1000e' }]; }))).toEqual(['spec.networks[0].model: Forbidden']);
  });
});

describe('validateProfile: instancetype and preference', () => {
  const fields = (d: any) => validateProfile(d).errors.map((e) => `${e.field}: ${e.type}`);
  const sized = (d: any): void => {
    delete d.spec.cpu;
    delete d.spec.memory;
    d.spec.instancetype = { name: 'u1.medium' };
  };

  test('GIVEN an instancetype and a preference, no cpu and memory WHEN validated THEN valid, either kind', () => {
    expect(validateProfile(mutated((d) => { sized(d); d.spec.preference = { name: 'fedora' }; })).errors).toEqual([]);
    expect(validateProfile(mutated((d) => {
      sized(d);
      d.spec.instancetype.kind = 'VirtualMachineInstancetype';
      d.spec.preference = { kind: 'VirtualMachinePreference', name: 'windows.11' };
    })).errors).toEqual([]);
  });

  test('GIVEN an instancetype next to cpu and memory WHEN validated THEN both forbidden, naming the rule', () => {
    const errors = validateProfile(mutated((d) => { d.spec.instancetype = { name: 'u1.medium' }; })).errors;
    expect(errors.map(formatFieldError)).toEqual([
      'spec.cpu: Forbidden: may not be combined with instancetype: the instancetype gives the vCPUs, and KubeVirt refuses a VM that sets them next to one',
      'spec.memory: Forbidden: may not be combined with instancetype: the instancetype gives the memory, and KubeVirt refuses a VM that sets them next to one',
    ]);
  });

  test('GIVEN no instancetype and no cpu or memory WHEN validated THEN both required, a preference does not size the VM', () => {
    const errors = validateProfile(mutated((d) => { delete d.spec.cpu; delete d.spec.memory; d.spec.preference = { name: 'fedora' }; })).errors;
    expect(errors.map(formatFieldError)).toEqual([
      'spec.cpu: Required value: the VM needs cpu and memory unless spec.instancetype sizes it',
      'spec.memory: Required value: the VM needs cpu and memory unless spec.instancetype sizes it',
    ]);
  });

  test('GIVEN a reference without a name, with a bad name, an unknown kind or field WHEN validated THEN refused on the path', () => {
    expect(fields(mutated((d) => { sized(d); d.spec.instancetype = { kind: 'VirtualMachineClusterInstancetype' }; }))).toEqual(['spec.instancetype.name: Required']);
    expect(fields(mutated((d) => { sized(d); d.spec.instancetype.name = 'U1_Medium'; }))).toEqual(['spec.instancetype.name: Invalid']);
    expect(fields(mutated((d) => { sized(d); d.spec.instancetype.kind = 'VirtualMachinePreference'; }))).toEqual(['spec.instancetype.kind: NotSupported']);
    expect(fields(mutated((d) => { d.spec.preference = { name: 'fedora', kind: 'VirtualMachineClusterInstancetype' }; }))).toEqual(['spec.preference.kind: NotSupported']);
    expect(fields(mutated((d) => { d.spec.preference = { name: 'fedora', revisionName: 'r1' }; }))).toEqual(['spec.preference.revisionName: Forbidden']);
    expect(fields(mutated((d) => { d.spec.preference = 'fedora'; }))).toEqual(['spec.preference: Invalid']);
  });
});

describe('validateProfile: compute', () => {
  const fields = (d: any) => validateProfile(d).errors.map((e) => `${e.field}: ${e.type}`);
  const compute = (c: object, patch: (d: any) => void = () => undefined) => mutated((d) => { d.spec.compute = c; patch(d); });

  test('GIVEN dedicated CPUs with an isolated emulator thread, topology, 1Gi hugepages, NUMA, overcommit and limits WHEN validated THEN valid', () => {
    expect(validateProfile(compute({
      dedicatedCpuPlacement: true,
      isolateEmulatorThread: true,
      cpuModel: 'host-passthrough',
      sockets: 2,
      threads: 2,
      hugepages: '1Gi',
      numaGuestMappingPassthrough: true,
      memoryLimit: '8Gi',
      cpuLimit: '4',
    })).errors).toEqual([]);
    expect(validateProfile(compute({ memoryRequest: '6Gi', memoryLimit: '10Gi', cpuLimit: '3500m', cpuModel: 'Skylake-Client-IBRS' })).errors).toEqual([]);
  });

  test('GIVEN the rules KubeVirt admission applies to dedicated CPUs and NUMA WHEN broken THEN each refused on its field', () => {
    expect(fields(compute({ isolateEmulatorThread: true }))).toEqual(['spec.compute.isolateEmulatorThread: Invalid']);
    expect(fields(compute({ numaGuestMappingPassthrough: true }))).toEqual(['spec.compute.numaGuestMappingPassthrough: Invalid']);
    expect(validateProfile(compute({ dedicatedCpuPlacement: true, numaGuestMappingPassthrough: true })).errors.map(formatFieldError)).toEqual([
      'spec.compute.numaGuestMappingPassthrough: Invalid value: true: needs hugepages (KubeVirt maps the guest\'s NUMA nodes from dedicated CPUs and hugepages)',
    ]);
    expect(fields(compute({ dedicatedCpuPlacement: true, threads: 4 }))).toEqual(['spec.compute.threads: Invalid']);
    expect(fields(compute({ dedicatedCpuPlacement: true, cpuLimit: '2' }))).toEqual(['spec.compute.cpuLimit: Invalid']);
    expect(fields(compute({ dedicatedCpuPlacement: true, memoryRequest: '8Gi', memoryLimit: '16Gi' }))).toEqual(['spec.compute.memoryLimit: Invalid']);
  });

  test('GIVEN topology that does not divide cpu, hugepages that do not divide memory, requests and limits on the wrong side of memory WHEN validated THEN refused', () => {
    expect(validateProfile(compute({ sockets: 3 })).errors.map(formatFieldError)).toEqual([
      'spec.cpu: Invalid value: 4: must be a multiple of compute.sockets × compute.threads (3): cores = cpu / (sockets × threads)',
    ]);
    expect(fields(compute({ hugepages: '1Gi' }, (d) => { d.spec.memory = '1536Mi'; }))).toEqual(['spec.compute.hugepages: Invalid']);
    // the request, not the guest memory, is what the hugepages back when it is set
    expect(fields(compute({ hugepages: '1Gi', memoryRequest: '4608Mi' }))).toEqual(['spec.compute.hugepages: Invalid']);
    expect(fields(compute({ hugepages: '4Mi' }))).toEqual(['spec.compute.hugepages: NotSupported']);
    expect(fields(compute({ memoryRequest: '16Gi' }))).toEqual(['spec.compute.memoryRequest: Invalid']);
    expect(fields(compute({ memoryLimit: '4Gi' }))).toEqual(['spec.compute.memoryLimit: Invalid']);
    expect(fields(compute({ memoryRequest: '0', cpuLimit: '-1', sockets: 0 }))).toEqual([
      'spec.compute.memoryRequest: Invalid', 'spec.compute.cpuLimit: Invalid', 'spec.compute.sockets: Invalid',
    ]);
    expect(fields(compute({ cpuModel: 'host passthrough', cpuLimit: 4 }))).toEqual(['spec.compute.cpuModel: Invalid', 'spec.compute.cpuLimit: Invalid']);
  });

  test('GIVEN an instancetype WHEN compute sets topology, requests or limits THEN forbidden; placement, model and hugepages may go with it', () => {
    const sized = (c: object) => compute(c, (d) => { delete d.spec.cpu; delete d.spec.memory; d.spec.instancetype = { name: 'cx1.large' }; });
    expect(fields(sized({ sockets: 1, threads: 1, memoryRequest: '1Gi', memoryLimit: '2Gi', cpuLimit: '1' }))).toEqual([
      'spec.compute.sockets: Forbidden', 'spec.compute.threads: Forbidden', 'spec.compute.memoryRequest: Forbidden',
      'spec.compute.memoryLimit: Forbidden', 'spec.compute.cpuLimit: Forbidden',
    ]);
    // the instancetype may give the dedicated CPUs and hugepages these need: KubeVirt checks after applying it
    const relying = sized({ isolateEmulatorThread: true, numaGuestMappingPassthrough: true, cpuModel: 'host-model', hugepages: '2Mi' });
    expect(fields(relying)).toEqual([]);
    // AND a warning says what the instancetype must give, as KubeVirt refuses the VM otherwise (or while it is missing)
    expect(validateProfile(relying).warnings.map(formatFieldError)).toEqual([
      'spec.compute.isolateEmulatorThread: Invalid value: true: relies on the instancetype giving dedicatedCPUPlacement: KubeVirt refuses '
        + 'the VM if it does not, or while the instancetype does not exist yet (create instancetypes before VMs)',
      'spec.compute.numaGuestMappingPassthrough: Invalid value: true: relies on the instancetype giving dedicatedCPUPlacement: KubeVirt '
        + 'refuses the VM if it does not, or while the instancetype does not exist yet (create instancetypes before VMs)',
    ]);
    // AND none when the profile itself gives them
    expect(validateProfile(sized({ dedicatedCpuPlacement: true, isolateEmulatorThread: true, numaGuestMappingPassthrough: true, hugepages: '2Mi' }))
      .warnings).toEqual([]);
  });
});

describe('validateProfile: GPUs and host devices', () => {
  const fields = (d: any) => validateProfile(d).errors.map((e) => `${e.field}: ${e.type}`);

  test('GIVEN GPUs and host devices with unique names and resource names WHEN validated THEN valid; the lists are separate', () => {
    expect(validateProfile(mutated((d) => {
      d.spec.gpus = [{ name: 'gpu1', deviceName: 'nvidia.com/GA102GL_A10' }, { name: 'gpu2', deviceName: 'nvidia.com/GA102GL_A10' }];
      d.spec.hostDevices = [{ name: 'gpu1', deviceName: 'intel.com/qat' }];
    })).errors).toEqual([]);
  });

  test('GIVEN a duplicate name, a bad name, a deviceName without a domain, a missing field WHEN validated THEN each on its exact path', () => {
    expect(fields(mutated((d) => {
      d.spec.gpus = [{ name: 'gpu', deviceName: 'nvidia.com/A10' }, { name: 'gpu', deviceName: 'nvidia.com/A10' }, { name: 'GPU_1', deviceName: 'A10' }];
      d.spec.hostDevices = [{ name: 'nic' }, { deviceName: 'intel.com/qat', bus: 'pci' }];
    }))).toEqual([
      'spec.gpus[1].name: Duplicate', 'spec.gpus[2].name: Invalid', 'spec.gpus[2].deviceName: Invalid',
      'spec.hostDevices[0].deviceName: Required', 'spec.hostDevices[1].bus: Forbidden', 'spec.hostDevices[1].name: Required',
    ]);
    expect(validateProfile(mutated((d) => { d.spec.gpus = [{ name: 'g', deviceName: 'A10' }]; })).errors.map(formatFieldError)).toEqual([
      'spec.gpus[0].deviceName: Invalid value: "A10": must be a device-plugin resource name such as "nvidia.com/GA102GL_A10": ' +
        "must be prefixed by a domain and '/' (e.g. 'example.com/name')",
    ]);
    expect(fields(mutated((d) => { d.spec.gpus = Array.from({ length: 33 }, (_, i) => ({ name: `g${i}`, deviceName: 'nvidia.com/A10' })); }))).toEqual(['spec.gpus: TooMany']);
  });
});

describe('validateProfile: disk sources, credentials, serial and volume mode', () => {
  const fields = (d: any) => validateProfile(d).errors.map((e) => `${e.field}: ${e.type}`);
  const data = (extra: object) => mutated((d) => { d.spec.disks[1] = { name: 'data', size: '50Gi', storageClassName: 'hdd', ...extra }; });

  test('GIVEN a PVC, a DataSource or a snapshot, credentials on an image, a serial and Block WHEN validated THEN valid', () => {
    for (const extra of [
      { pvc: { name: 'golden' } }, { dataSource: { name: 'rhel9', namespace: 'os-images' } }, { snapshot: { name: 'nightly', namespace: 'backup' } },
      { image: 'https://example.com/d.qcow2', secretRef: 'creds', certConfigMap: 'ca-bundle', serial: 'DATA-01', volumeMode: 'Block' },
    ]) expect(validateProfile(data(extra)).errors).toEqual([]);
    // a cloned boot disk is not blank: no warning
    expect(validateProfile(mutated((d) => { delete d.spec.osImage; d.spec.disks[0].dataSource = { name: 'fedora' }; })).warnings
      .map((w) => w.field)).not.toContain('spec.disks[0].image');
  });

  test('GIVEN two sources, a clone on a claim, credentials without image WHEN validated THEN forbidden on the later field', () => {
    expect(fields(data({ image: 'quay.io/x/y:1', pvc: { name: 'a' }, dataSource: { name: 'b' }, snapshot: { name: 'c' } })))
      .toEqual(['spec.disks[1].pvc: Forbidden', 'spec.disks[1].dataSource: Forbidden', 'spec.disks[1].snapshot: Forbidden']);
    expect(fields(mutated((d) => { d.spec.disks[1] = { name: 'data', claimName: 'c', pvc: { name: 'a' }, volumeMode: 'Block' }; })))
      .toEqual(['spec.disks[1].pvc: Forbidden', 'spec.disks[1].volumeMode: Forbidden']);
    expect(fields(data({ pvc: { name: 'a' }, secretRef: 's', certConfigMap: 'ca' })))
      .toEqual(['spec.disks[1].secretRef: Forbidden', 'spec.disks[1].certConfigMap: Forbidden']);
  });

  test('GIVEN a bad reference, serial or volume mode WHEN validated THEN refused on the exact path', () => {
    expect(fields(data({ pvc: { namespace: 'x' } }))).toEqual(['spec.disks[1].pvc.name: Required']);
    expect(fields(data({ snapshot: { name: 'Nightly', namespace: 'Backup' } }))).toEqual(['spec.disks[1].snapshot.name: Invalid', 'spec.disks[1].snapshot.namespace: Invalid']);
    expect(fields(data({ serial: 'has space' }))).toEqual(['spec.disks[1].serial: Invalid']);
    expect(fields(data({ serial: 'x'.repeat(257) }))).toEqual(['spec.disks[1].serial: TooLong']);
    expect(fields(data({ volumeMode: 'block' }))).toEqual(['spec.disks[1].volumeMode: NotSupported']);
  });

  test('GIVEN no metadata.namespace WHEN a PVC or snapshot is cloned without one THEN its namespace is required (CDI needs it); a DataSource not', () => {
    const doc = mutated((d) => {
      delete d.metadata.namespace;
      d.spec.disks[1] = { name: 'data', size: '50Gi', storageClassName: 'hdd', pvc: { name: 'a' } };
      d.spec.disks.push({ name: 'more', size: '5Gi', storageClassName: 'hdd', dataSource: { name: 'b' } });
    });
    expect(validateProfile(doc).errors.map(formatFieldError)).toEqual([
      'spec.disks[1].pvc.namespace: Required value: CDI needs the PVC\'s namespace, and the profile has no metadata.namespace to default it to',
    ]);
  });
});

describe('validateProfile: IPv6 modes and dual-stack addresses', () => {
  const fields = (d: any) => validateProfile(d).errors.map((e) => `${e.field}: ${e.type}`);
  const ip = (ipConfig: object) => mutated((d) => { d.spec.networks[0].ipConfig = ipConfig; });

  test('GIVEN dhcp6, slaac, or a static IPv4 address with IPv6 addresses WHEN validated THEN valid', () => {
    expect(validateProfile(ip({ mode: 'dhcp6', dnsServers: ['2001:4860:4860::8888'] })).errors).toEqual([]);
    expect(validateProfile(ip({ mode: 'slaac' })).errors).toEqual([]);
    expect(validateProfile(ip({ mode: 'static', address: '192.168.100.10/24', addresses: ['2001:db8:100::10/64', 'fd00::10/64'], gateway: '192.168.100.1' })).errors).toEqual([]);
  });

  test('GIVEN addresses with a non-static mode, a bad or repeated address WHEN validated THEN refused on the entry', () => {
    expect(fields(ip({ mode: 'slaac', addresses: ['fd00::1/64'] }))).toEqual(['spec.networks[0].ipConfig.addresses: Forbidden']);
    expect(fields(ip({ mode: 'static', address: '10.0.0.5/24', addresses: ['10.0.0.5/16', 'fd00::1', 'fd00::2/64', 'FD00:0::2/64', '224.0.0.1/24'] }))).toEqual([
      'spec.networks[0].ipConfig.addresses[0]: Duplicate', 'spec.networks[0].ipConfig.addresses[1]: Invalid',
      'spec.networks[0].ipConfig.addresses[3]: Duplicate', 'spec.networks[0].ipConfig.addresses[4]: Invalid',
    ]);
    expect(fields(ip({ mode: 'dhcp6', address: 'fd00::1/64' }))).toEqual(['spec.networks[0].ipConfig.address: Forbidden']);
  });
});

describe('validateProfile: sysprep', () => {
  const fields = (d: any) => validateProfile(d).errors.map((e) => `${e.field}: ${e.type}`);

  test('GIVEN a sysprep ConfigMap or Secret WHEN validated THEN valid; a static ipConfig is not applied: a warning', () => {
    const result = validateProfile(mutated((d) => { d.spec.sysprep = { configMap: 'win11-unattend' }; }));
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.field)).toEqual(expect.arrayContaining(['spec.networks[0].ipConfig', 'spec.networks[1].ipConfig']));
    expect(validateProfile(mutated((d) => { d.spec.sysprep = { secret: 'win11-unattend' }; delete d.spec.networks; })).warnings
      .map((w) => w.field)).not.toContain('spec.networks[0].ipConfig');
  });

  test('GIVEN sysprep with cloud-init fields, both sources, none, or a bad name WHEN validated THEN refused on the exact path', () => {
    expect(validateProfile(mutated((d) => { d.spec.sysprep = { secret: 's' }; d.spec.userData = '#cloud-config\n'; d.spec.sshKeySecret = 'keys'; })).errors
      .map(formatFieldError)).toEqual([
      'spec.sysprep: Forbidden: may not be combined with userData: a sysprep VM has no cloud-init',
      'spec.sysprep: Forbidden: may not be combined with sshKeySecret (KubeVirt propagates the keys through the cloud-init NoCloud disk): a sysprep VM has no cloud-init',
    ]);
    expect(fields(mutated((d) => { d.spec.sysprep = { configMap: 'a', secret: 'b' }; }))).toEqual(['spec.sysprep.secret: Forbidden']);
    expect(fields(mutated((d) => { d.spec.sysprep = {}; }))).toEqual(['spec.sysprep.configMap: Required']);
    expect(fields(mutated((d) => { d.spec.sysprep = { configMap: 'Win_11' }; }))).toEqual(['spec.sysprep.configMap: Invalid']);
    expect(fields(mutated((d) => { d.spec.disks[1].name = 'sysprep'; }))).toEqual(['spec.disks[1].name: Invalid']);
  });
});

describe('validateProfile: pod network ports', () => {
  const fields = (d: any) => validateProfile(d).errors.map((e) => `${e.field}: ${e.type}`);
  const ports = (p: unknown, podNetwork = true) => mutated((d) => { d.spec.podNetwork = podNetwork; d.spec.ports = p; });

  test('GIVEN named and unnamed TCP and UDP ports on the pod network WHEN validated THEN valid', () => {
    expect(validateProfile(ports([{ name: 'ssh', port: 22 }, { name: 'dns', port: 53, protocol: 'UDP' }, { port: 8443 }])).errors).toEqual([]);
  });

  test('GIVEN ports without the pod network, bad names, numbers, protocols or duplicates WHEN validated THEN refused as KubeVirt does, on the entry', () => {
    expect(fields(ports([{ port: 22 }], false))).toEqual(['spec.ports: Forbidden']);
    expect(fields(ports([{ name: 'ssh', port: 22 }, { name: 'ssh', port: 2222 }, { name: 'a--b', port: 0 }, { name: '8080', port: 65536, protocol: 'SCTP' },
      { name: 'very-long-port-name', port: 1 }, { protocol: 'TCP' }]))).toEqual([
      'spec.ports[1].name: Duplicate', 'spec.ports[2].name: Invalid', 'spec.ports[2].port: Invalid', 'spec.ports[3].name: Invalid',
      'spec.ports[3].port: Invalid', 'spec.ports[3].protocol: NotSupported', 'spec.ports[4].name: Invalid', 'spec.ports[5].port: Required',
    ]);
  });
});

describe('validateProfile: a Service for the forwarded ports', () => {
  const fields = (d: any) => validateProfile(d).errors.map((e) => `${e.field}: ${e.type}`);
  const served = (ports: unknown, service: unknown = { type: 'NodePort' }, name?: string) => mutated((d) => {
    d.spec.podNetwork = true;
    if (ports !== undefined) d.spec.ports = ports;
    d.spec.service = service;
    if (name) d.metadata.name = name;
  });

  test('GIVEN named ports and a Service type WHEN validated THEN valid', () => {
    expect(validateProfile(served([{ name: 'ssh', port: 22 }, { name: 'dns', port: 53, protocol: 'UDP' }])).errors).toEqual([]);
    expect(validateProfile(served([{ port: 22 }], {})).errors).toEqual([]);
  });

  test('GIVEN a Service without ports, of an unknown type, for a name with a digit first, unnamed or repeated ports WHEN validated THEN refused', () => {
    expect(fields(served(undefined))).toEqual(['spec.ports: Required']);
    expect(fields(served([{ port: 22 }], { type: 'ExternalName' }))).toEqual(['spec.service.type: NotSupported']);
    expect(validateProfile(served([{ port: 22 }], {}, '9web')).errors.map(formatFieldError)).toEqual([
      'spec.service: Invalid value: "9web-vm": the Service is named like the VM, and a Service name must be a DNS-1035 label: a DNS-1035 label must '
        + 'consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character '
        + '(e.g. \'my-name\', or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
    ]);
    expect(fields(served([{ name: 'ssh', port: 22 }, { port: 80 }, { name: 'ssh2', port: 22 }]))).toEqual([
      'spec.ports[1].name: Required', 'spec.ports[2].port: Duplicate',
    ]);
  });
});

describe('validateProfile: firmware and TPM', () => {
  const fields = (d: any) => validateProfile(d).errors.map((e) => `${e.field}: ${e.type}`);

  test('GIVEN EFI with Secure Boot and persistent variables, and a persistent TPM WHEN validated THEN valid', () => {
    expect(validateProfile(mutated((d) => {
      d.spec.firmware = { bootloader: 'EFI', secureBoot: true, persistent: true };
      d.spec.tpm = { persistent: true };
    })).errors).toEqual([]);
  });

  test('GIVEN Secure Boot or persistent variables without EFI WHEN validated THEN forbidden, each on its field', () => {
    expect(fields(mutated((d) => { d.spec.firmware = { secureBoot: true, persistent: true }; })))
      .toEqual(['spec.firmware.secureBoot: Forbidden', 'spec.firmware.persistent: Forbidden']);
    expect(fields(mutated((d) => { d.spec.firmware = { bootloader: 'BIOS', secureBoot: true }; }))).toEqual(['spec.firmware.secureBoot: Forbidden']);
    // false asks for nothing EFI-only
    expect(fields(mutated((d) => { d.spec.firmware = { bootloader: 'BIOS', secureBoot: false }; }))).toEqual([]);
  });

  test('GIVEN an unknown bootloader, a non-boolean or an unknown TPM field WHEN validated THEN refused on the path', () => {
    expect(fields(mutated((d) => { d.spec.firmware = { bootloader: 'UEFI' }; }))).toEqual(['spec.firmware.bootloader: NotSupported']);
    expect(fields(mutated((d) => { d.spec.tpm = { persistent: 'yes' }; }))).toEqual(['spec.tpm.persistent: Invalid']);
    expect(fields(mutated((d) => { d.spec.tpm = { enabled: true }; }))).toEqual(['spec.tpm.enabled: Forbidden']);
  });
});

describe('validateProfile: cloud-init user data', () => {
  const fields = (d: any) => validateProfile(d).errors.map((e) => `${e.field}: ${e.type}`);

  test.each([
    ['#cloud-config\npackages: [nginx]\n'],
    ['#cloud-config\n'],
    ['#!/bin/bash\necho hi\n'],
  ])('GIVEN userData %j WHEN validated THEN valid', (userData) => {
    expect(validateProfile(mutated((d) => { d.spec.userData = userData; })).errors).toEqual([]);
  });

  test.each<[string, unknown, string]>([
    ['neither cloud-config nor a script', 'packages: [nginx]\n', 'spec.userData: Invalid'],
    ['invalid YAML', '#cloud-config\npackages: [nginx\n', 'spec.userData: Invalid'],
    ['a list, not a mapping', '#cloud-config\n- a\n- b\n', 'spec.userData: Invalid'],
    ['over 2048 bytes in UTF-8 (1,100 characters of two bytes)', `#cloud-config\n#${'é'.repeat(1100)}\n`, 'spec.userData: TooLong'],
    ['empty', '', 'spec.userData: Invalid'],
    ['not a string', 42, 'spec.userData: Invalid'],
  ])('GIVEN userData %s WHEN validated THEN refused on spec.userData', (_why, userData, expected) => {
    expect(fields(mutated((d) => { d.spec.userData = userData; }))).toEqual([expected]);
  });

  test('GIVEN a too-long userData WHEN refused THEN the message points to userDataSecret, without echoing the data', () => {
    const { errors } = validateProfile(mutated((d) => { d.spec.userData = `#cloud-config\n#${'x'.repeat(3000)}\n`; }));
    expect(formatFieldError(errors[0])).toMatch(/^spec\.userData: Too long: may not be more than 2048 bytes .*spec\.userDataSecret$/);
    expect(formatFieldError(errors[0])).not.toContain('xxxx');
  });

  test('GIVEN userData and userDataSecret WHEN validated THEN refused on spec.userDataSecret; a bad Secret name too', () => {
    expect(fields(mutated((d) => { d.spec.userData = '#cloud-config\n'; d.spec.userDataSecret = 'web-userdata'; }))).toEqual(['spec.userDataSecret: Forbidden']);
    expect(fields(mutated((d) => { d.spec.userDataSecret = 'User_Data'; }))).toEqual(['spec.userDataSecret: Invalid']);
    expect(validateProfile(mutated((d) => { d.spec.userDataSecret = 'web-userdata'; })).errors).toEqual([]);
  });

  test('GIVEN cloud-config keys the library also sets WHEN validated THEN valid, with a warning naming each key', () => {
    const result = validateProfile(mutated((d) => { d.spec.userData = '#cloud-config\nhostname: other\nnetwork: {version: 2}\npackages: [a]\n'; }));
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.field)).toEqual(expect.arrayContaining(['spec.userData[hostname]', 'spec.userData[network]']));
    expect(result.warnings.map((w) => w.field)).not.toContain('spec.userData[packages]');
  });
});

describe('formatFieldWarning', () => {
  test('GIVEN warnings of each type WHEN formatted THEN field, value and detail, never an error word', () => {
    expect(formatFieldWarning({ type: 'Invalid', field: 'spec.cpu', value: 96, detail: 'more than 64' })).toBe('spec.cpu (96): more than 64');
    expect(formatFieldWarning({ type: 'Required', field: 'spec.disks[0].image', detail: 'the boot disk is blank' })).toBe('spec.disks[0].image: the boot disk is blank');
    const words = ['Invalid value', 'Required value', 'Duplicate value', 'Unsupported value', 'Too many'];
    const result = validateProfile(mutated((d) => {
      d.spec.cpu = 96; delete d.spec.osImage; d.spec.highAvailability = { restartPolicy: 'Always' };
    }));
    expect(result.warnings.length).toBeGreaterThan(2);
    for (const w of result.warnings) for (const word of words) expect(formatFieldWarning(w)).not.toContain(word);
  });
});

describe('assertValidProfile and ValidationError', () => {
  test('returns the warnings of a valid profile', () => {
    // GIVEN a valid profile with a warning WHEN asserted THEN it returns, with the warning
    const result = assertValidProfile(mutated((d) => { d.spec.cpu = 100; }));
    expect(result.warnings.map((w) => w.field)).toEqual(['spec.cpu']);
  });

  test('throws one line per error, prefixed by the subject', () => {
    // GIVEN an invalid profile
    const doc = mutated((d) => { d.spec.cpu = 0; d.spec.networks[0].vlanId = 5000; });
    // WHEN asserted THEN a ValidationError lists each error on its own line
    let thrown: unknown;
    try {
      assertValidProfile(doc, 'VirtualMachineProfile/web-server-01');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).errors).toHaveLength(2);
    expect((thrown as ValidationError).message).toBe([
      'VirtualMachineProfile/web-server-01: spec.cpu: Invalid value: 0: must be greater than 0',
      'VirtualMachineProfile/web-server-01: spec.networks[0].vlanId: Invalid value: 5000: must be between 1 and 4094',
    ].join('\n'));
  });

  test('without subject, lines are bare', () => {
    // GIVEN errors WHEN a ValidationError is built without subject THEN lines are the formatted errors
    expect(new ValidationError([{ type: 'Required', field: 'spec.cpu' }]).message).toBe('spec.cpu: Required value');
  });
});

describe('properties', () => {
  test('random valid profiles have no errors', () => {
    // GIVEN random valid profiles WHEN validated THEN there are no errors
    fc.assert(fc.property(arbProfile, (doc) => {
      expect(summary(validateProfile(doc).errors)).toEqual([]);
    }), { numRuns: 500 });
  });

  test('every mutation of the table gives at least one error', () => {
    // GIVEN random profiles broken by a random mutation WHEN validated THEN there is an error, and no throw
    fc.assert(fc.property(arbCorruptedProfile, ({ mutation, doc }) => {
      const { errors } = validateProfile(doc);
      if (errors.length === 0) throw new Error(`mutation "${mutation}" was accepted`);
    }), { numRuns: 600 });
  });

  test.each(MUTATIONS.map((m) => [m.name, m] as const))('mutation "%s" gives an error on the base profile', (_name, mutation) => {
    // GIVEN the base profile broken by one mutation WHEN validated THEN there is an error
    expect(validateProfile(mutation.apply(base(), 1)).errors.length).toBeGreaterThan(0);
  });

  test('validateProfile never throws on scrambled profiles and formats every error', () => {
    // GIVEN valid profiles with any value replaced by anything WHEN validated THEN it returns and formats
    fc.assert(fc.property(arbScrambledProfile, (doc) => {
      const result = validateProfile(doc);
      for (const e of [...result.errors, ...result.warnings]) expect(typeof formatFieldError(e)).toBe('string');
    }), { numRuns: 400 });
  });
});

describe('issue 14: correct output on valid input (validation side)', () => {
  const warningsOf = (d: Doc) => validateProfile(d).warnings.map(formatFieldWarning);
  const errorsOf = (d: Doc) => validateProfile(d).errors.map(formatFieldError);

  test.each([
    ['https://admin:s3cret@images.example.com/fedora.qcow2', 'https://***@images.example.com/fedora.qcow2'],
    ['HTTP://admin:s3cret@images.example.com/fedora.qcow2', 'HTTP://***@images.example.com/fedora.qcow2'],
    ['docker://robot:s3cret@quay.io/org/fedora:40', 'docker://***@quay.io/org/fedora:40'],
    ['robot:s3cret@quay.io/org/fedora:40', '***@quay.io/org/fedora:40'],
  ])('fails: credentials in an image URL (%s) are refused, pointing to secretRef, never echoed', (image, shown) => {
    // GIVEN a disk image with user:password WHEN validated
    const errors = errorsOf(mutated((d) => { d.spec.disks[1].image = image; }));
    // THEN one error, with the secret redacted and a pointer to CDI's secretRef
    expect(errors).toEqual([expect.stringContaining(`spec.disks[1].image: Invalid value: ${JSON.stringify(shown)}: must not contain credentials`)]);
    expect(errors[0]).toContain('secretRef');
    expect(errors.join('\n')).not.toContain('s3cret');
  });

  test('GIVEN a digest reference WHEN validated THEN it is not mistaken for credentials', () => {
    const digest = `quay.io/org/fedora@sha256:${'a'.repeat(64)}`;
    expect(errorsOf(mutated((d) => { d.spec.disks[1].image = digest; }))).toEqual([]);
    // AND without a registry host it is no credential either: CDI refuses it for its URL (host "sha256", port "bbb...")
    const [error] = errorsOf(mutated((d) => { d.spec.disks[1].image = `fedora@sha256:${'b'.repeat(64)}`; }));
    expect(error).toContain('which Go\'s URL parser refuses');
    expect(error).not.toContain('credentials');
  });

  test('GIVEN a static gateway and a DHCP network WHEN validated THEN a warning about the DHCP default route', () => {
    const warnings = warningsOf(mutated((d) => { d.spec.networks[1].ipConfig = { mode: 'dhcp' }; }));
    expect(warnings).toContain('spec.networks[0].ipConfig.gateway ("192.168.100.1"): spec.networks[1] gets its address by DHCP, whose server ' +
      'usually sends a default route too: with this static default route as well, the guest\'s traffic depends on which route wins; ' +
      'keep the gateway on one network only');
  });

  test('GIVEN a static gateway and the pod network WHEN validated THEN a warning about the pod network\'s default route', () => {
    const warnings = warningsOf(mutated((d) => { d.spec.podNetwork = true; }));
    expect(warnings).toContainEqual(expect.stringMatching(/^spec\.networks\[0\]\.ipConfig\.gateway \("192\.168\.100\.1"\): the pod network \(spec\.podNetwork\) gets its address by DHCP/));
  });

  test('GIVEN no gateway anywhere, or no DHCP WHEN validated THEN no default-route warning', () => {
    expect(warningsOf(mutated(() => undefined)).join('\n')).not.toContain('default route');
    expect(warningsOf(mutated((d) => { delete d.spec.networks[0].ipConfig.gateway; d.spec.networks[1].ipConfig = { mode: 'dhcp' }; })).join('\n'))
      .not.toContain('default route');
  });

  test('GIVEN macvlan without nodeNetwork WHEN validated THEN a loud warning naming the eth0 assumption', () => {
    const warnings = warningsOf(mutated((d) => { delete d.spec.networks[1].nodeNetwork; }));
    expect(warnings).toContainEqual(expect.stringMatching(/^spec\.networks\[1\]\.nodeNetwork\.uplink: assumed to be "eth0": the NAD asks for "macvtap\.network\.kubevirt\.io\/eth0".*Pending/));
    // AND an explicit resourceName says which device: no warning
    expect(warningsOf(mutated((d) => { delete d.spec.networks[1].nodeNetwork; d.spec.networks[1].resourceName = 'macvtap.network.kubevirt.io/ens4'; })).join('\n'))
      .not.toContain('assumed to be');
  });

  test('fails: a derived resourceName that is not an extended resource name (ovs bridge "br-x-")', () => {
    const errors = errorsOf(mutated((d) => { d.spec.networks[0] = { name: 'o', type: 'ovs', bridgeName: 'br-x-' }; }));
    expect(errors).toEqual([expect.stringMatching(/^spec\.networks\[0\]: Invalid value: "ovs-cni\.network\.kubevirt\.io\/br-x-": the derived k8s\.v1\.cni\.cncf\.io\/resourceName is not a valid extended resource name .*; set resourceName$/)]);
    // AND an explicit resourceName replaces the derived one
    expect(errorsOf(mutated((d) => { d.spec.networks[0] = { name: 'o', type: 'ovs', bridgeName: 'br-x-', resourceName: 'ovs-cni.network.kubevirt.io/brx' }; }))).toEqual([]);
  });

  test('GIVEN a node network without nodeSelector WHEN validated THEN a warning about control-plane nodes', () => {
    const warnings = warningsOf(mutated((d) => { d.spec.networks[0].nodeNetwork = { uplink: 'ens3' }; }));
    expect(warnings).toContainEqual(expect.stringMatching(/^spec\.networks\[0\]\.nodeNetwork\.nodeSelector: without it the NodeNetworkConfigurationPolicy applies to every node, control-plane nodes included/));
    expect(warningsOf(mutated((d) => { d.spec.networks[0].nodeNetwork = { uplink: 'ens3', nodeSelector: { 'node-role.kubernetes.io/worker': '' } }; })).join('\n'))
      .not.toContain('control-plane');
  });

  test('GIVEN a profile without namespace and networks without macAddress WHEN validated THEN a warning about duplicate MACs', () => {
    const warnings = warningsOf(mutated((d) => { delete d.metadata.namespace; }));
    expect(warnings).toContain('metadata.namespace: without it the MACs of 2 networks without macAddress derive from the profile name alone: ' +
      'the same output applied in two namespaces gives the same MACs on one L2 segment; set metadata.namespace (or macAddress)');
    expect(warningsOf(mutated(() => undefined)).join('\n')).not.toContain('metadata.namespace');
  });

  test('every new warning is worded as a remark, never as an error', () => {
    const warnings = warningsOf(mutated((d) => {
      delete d.metadata.namespace; d.spec.podNetwork = true; delete d.spec.networks[1].nodeNetwork; d.spec.networks[0].nodeNetwork = { uplink: 'ens3' };
    }));
    expect(warnings.length).toBeGreaterThanOrEqual(4);
    for (const w of warnings) expect(w).not.toMatch(/Invalid value|Required value|Duplicate value|Unsupported value|Too many|Forbidden/);
  });
});

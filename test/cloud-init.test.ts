import * as fc from 'fast-check';
import { parse } from 'yaml';
import { NetworkAttachmentPlan, ProfilePlan } from '../src/plan/profile-plan';
import { CLOUD_INIT_INLINE_LIMIT, cloudInitSecretProps, networkData, planCloudInit, USER_DATA } from '../src/render/cloud-init';
import { IpConfigSpec } from '../src/spec/profile-spec';
import { toYaml } from '../src/synth/manifest-yaml';

function nic(index: number, ipConfig?: IpConfigSpec, macAddress = `02:AA:BB:CC:DD:${index.toString(16).padStart(2, '0')}`): NetworkAttachmentPlan {
  return { name: `net${index}`, type: 'bridge', interfaceName: `eth${index}`, macAddress, binding: 'bridge', networkName: `net${index}-nad`, ipConfig };
}

function plan(networks: NetworkAttachmentPlan[], overrides: Partial<ProfilePlan> = {}): ProfilePlan {
  return {
    name: 'web',
    namespace: 'prod',
    labels: { app: 'web', vmprofile: 'web' },
    vmName: 'web-vm',
    hostname: 'web',
    cpu: 1,
    memory: '1Gi',
    runStrategy: 'Always',
    networks,
    disks: [],
    claims: [],
    diskOrder: [],
    ...overrides,
  };
}

/** The parsed `ethernets` of the network data. */
function ethernets(networks: NetworkAttachmentPlan[]): Record<string, any> {
  const doc = parse(networkData(networks));
  expect(doc.version).toBe(2);
  return doc.ethernets;
}

describe('networkData (netplan v2)', () => {
  test('static IPv4 with gateway and DNS', () => {
    // GIVEN a static IPv4 address with a gateway and two DNS servers
    const eth = ethernets([nic(0, { mode: 'static', address: '192.168.100.10/24', gateway: '192.168.100.1', dnsServers: ['8.8.8.8', '1.1.1.1'] })]);
    // WHEN rendered THEN matched by MAC, renamed, address, a default route (not gateway4) and nameservers
    expect(eth).toEqual({
      eth0: {
        'match': { macaddress: '02:aa:bb:cc:dd:00' },
        'set-name': 'eth0',
        'addresses': ['192.168.100.10/24'],
        'routes': [{ to: '0.0.0.0/0', via: '192.168.100.1' }],
        'nameservers': { addresses: ['8.8.8.8', '1.1.1.1'] },
      },
    });
    expect(networkData([nic(0, { mode: 'static', address: '10.0.0.2/24', gateway: '10.0.0.1' })])).not.toContain('gateway4');
  });

  test('static IPv6 with gateway and DNS', () => {
    // GIVEN a static IPv6 address WHEN rendered THEN the default route is ::/0 via the IPv6 gateway
    const eth = ethernets([nic(0, { mode: 'static', address: 'fd00::10/64', gateway: 'fd00::1', dnsServers: ['fd00::53'] })]);
    expect(eth.eth0.addresses).toEqual(['fd00::10/64']);
    expect(eth.eth0.routes).toEqual([{ to: '::/0', via: 'fd00::1' }]);
    expect(eth.eth0.nameservers).toEqual({ addresses: ['fd00::53'] });
    expect(networkData([nic(0, { mode: 'static', address: 'fd00::10/64', gateway: 'fd00::1' })])).not.toContain('gateway6');
  });

  test('static without gateway has no routes, without DNS no nameservers', () => {
    // GIVEN a bare static address WHEN rendered THEN only the address is configured
    const eth = ethernets([nic(0, { mode: 'static', address: '10.0.0.2/24', dnsServers: [] })]);
    expect(eth.eth0).toEqual({ 'match': { macaddress: '02:aa:bb:cc:dd:00' }, 'set-name': 'eth0', 'addresses': ['10.0.0.2/24'] });
  });

  test('dhcp', () => {
    // GIVEN dhcp WHEN rendered THEN dhcp4 and dhcp6 true (the network's family is not known: dual-stack and IPv6 guests get an address too), no addresses or routes
    const eth = ethernets([nic(0, { mode: 'dhcp' })]);
    expect(eth.eth0).toEqual({ 'match': { macaddress: '02:aa:bb:cc:dd:00' }, 'set-name': 'eth0', 'dhcp4': true, 'dhcp6': true });
  });

  test('GIVEN dhcp6 or slaac WHEN rendered THEN DHCPv6 only, or router advertisements only', () => {
    expect(ethernets([nic(0, { mode: 'dhcp6' })]).eth0).toEqual({ 'match': { macaddress: '02:aa:bb:cc:dd:00' }, 'set-name': 'eth0', 'dhcp4': false, 'dhcp6': true });
    expect(ethernets([nic(0, { mode: 'slaac', dnsServers: ['fd00::53'] })]).eth0).toEqual({
      'match': { macaddress: '02:aa:bb:cc:dd:00' },
      'set-name': 'eth0',
      'dhcp4': false,
      'dhcp6': false,
      'accept-ra': true,
      'nameservers': { addresses: ['fd00::53'] },
    });
  });

  test('GIVEN a dual-stack static address list WHEN rendered THEN address first, then addresses, one default route via gateway', () => {
    const eth = ethernets([nic(0, { mode: 'static', address: '10.0.0.2/24', addresses: ['fd00::2/64', '2001:db8::2/64'], gateway: '10.0.0.1' })]);
    expect(eth.eth0.addresses).toEqual(['10.0.0.2/24', 'fd00::2/64', '2001:db8::2/64']);
    expect(eth.eth0.routes).toEqual([{ to: '0.0.0.0/0', via: '10.0.0.1' }]);
  });

  test('dhcp with DNS servers keeps them', () => {
    // GIVEN dhcp plus DNS servers WHEN rendered THEN nameservers are set too
    expect(ethernets([nic(0, { mode: 'dhcp', dnsServers: ['9.9.9.9'] })]).eth0.nameservers).toEqual({ addresses: ['9.9.9.9'] });
  });

  test('no ipConfig: match and set-name only', () => {
    // GIVEN a NIC without ipConfig WHEN rendered THEN it is only matched and renamed
    expect(ethernets([nic(0)]).eth0).toEqual({ 'match': { macaddress: '02:aa:bb:cc:dd:00' }, 'set-name': 'eth0' });
  });

  test('the MAC is lowercased', () => {
    // GIVEN an upper-case MAC WHEN rendered THEN the match is lower case (cloud-init compares case-sensitively)
    const data = networkData([nic(0, undefined, '02:AB:CD:EF:01:23')]);
    expect(parse(data).ethernets.eth0.match.macaddress).toBe('02:ab:cd:ef:01:23');
    expect(data).not.toContain('AB:CD');
  });

  test('every NIC is keyed by its interface name, in order', () => {
    // GIVEN three NICs WHEN rendered THEN eth0, eth1, eth2 in that order
    expect(Object.keys(ethernets([nic(0), nic(1, { mode: 'dhcp' }), nic(2)]))).toEqual(['eth0', 'eth1', 'eth2']);
  });

  test('no NICs still give valid network data', () => {
    // GIVEN no networks WHEN rendered THEN version 2 with no ethernets
    expect(parse(networkData([]))).toEqual({ version: 2, ethernets: {} });
  });
});

/** The network data as the netplan object it stands for: what `networkData` wrote through `toYaml` before. */
function netplanObject(networks: NetworkAttachmentPlan[]): object {
  // fromEntries: an own key even for `__proto__`, which a plain assignment would take for the prototype.
  return { version: 2, ethernets: Object.fromEntries(networks.map((n) => [n.interfaceName, ethernet(n)])) };
}

function ethernet(n: NetworkAttachmentPlan): object {
  const config: Record<string, unknown> = { 'match': { macaddress: n.macAddress.toLowerCase() }, 'set-name': n.interfaceName };
  const ip = n.ipConfig;
  if (ip?.mode === 'dhcp') {
    config.dhcp4 = true;
    config.dhcp6 = true;
  } else if (ip?.address) {
    config.addresses = [ip.address];
    if (ip.gateway) config.routes = [{ to: ip.gateway.includes(':') ? '::/0' : '0.0.0.0/0', via: ip.gateway }];
  }
  if (ip?.dnsServers && ip.dnsServers.length > 0) config.nameservers = { addresses: [...ip.dnsServers] };
  return config;
}

describe('networkData: written line by line', () => {
  const text = (lineBreaks: boolean) => (lineBreaks ? fc.string({ unit: 'binary' }) : fc.string({ unit: 'binary' }).filter((s) => !s.includes('\n')));
  const nics = (lineBreaks: boolean) => fc.uniqueArray(fc.record({
    interfaceName: fc.oneof(fc.constant('__proto__'), text(lineBreaks)),
    macAddress: text(lineBreaks),
    ipConfig: fc.option(fc.record({
      mode: fc.constantFrom('static', 'dhcp', 'other'),
      address: fc.option(text(lineBreaks), { nil: undefined }),
      gateway: fc.option(text(lineBreaks), { nil: undefined }),
      dnsServers: fc.option(fc.array(text(lineBreaks), { maxLength: 3 }), { nil: undefined }),
    }), { nil: undefined }),
  }), { maxLength: 4, selector: (n) => n.interfaceName }).map((list) => list.map((n, i) => ({ ...nic(i, n.ipConfig), ...n })));

  test('GIVEN any interfaces with one-line values WHEN written THEN the bytes are toYaml\'s of the netplan object', () => {
    fc.assert(fc.property(nics(false), (networks) => {
      expect(networkData(networks)).toBe(toYaml(netplanObject(networks)));
    }), { numRuns: 2000 });
  });

  test('GIVEN an interface named like an array index WHEN written THEN the interfaces keep their order', () => {
    // An object would list "1" first (integer-like keys come first); the text follows the plan.
    const data = networkData([{ ...nic(0), interfaceName: 'eth0' }, { ...nic(1), interfaceName: '1' }]);
    expect(data.indexOf('eth0:')).toBeLessThan(data.indexOf('"1":'));
  });

  test('GIVEN values with line breaks (never in a validated plan) WHEN written THEN YAML readers still get the netplan object', () => {
    fc.assert(fc.property(nics(true), (networks) => {
      expect(parse(networkData(networks))).toEqual(netplanObject(networks));
    }), { numRuns: 500 });
  });
});

describe('the user data of the NoCloud disk', () => {
  test('GIVEN no userData WHEN planned THEN a bare #cloud-config (cloud-init ignores network data without user data), no key material', () => {
    expect(planCloudInit(plan([nic(0, { mode: 'dhcp' })])).userData).toBe('#cloud-config\n');
  });

  test('GIVEN userData THEN it, as written; GIVEN userDataSecret THEN none inline (the Secret holds it)', () => {
    expect(planCloudInit(plan([], { userData: '#!/bin/sh\necho hi\n' })).userData).toBe('#!/bin/sh\necho hi\n');
    expect(planCloudInit(plan([], { userDataSecret: 'web-ud' })).userData).toBeUndefined();
  });
});

describe('planCloudInit', () => {
  test('GIVEN sysprep and network data over the limit WHEN planned THEN no network-data Secret (a sysprep VM has no cloud-init disk)', () => {
    const many = Array.from({ length: 20 }, (_, i) => nic(i, { mode: 'static', address: `10.0.${i}.5/24`, gateway: `10.0.${i}.1` }));
    const p = plan(many, { sysprep: { configMap: 'unattend' } });
    expect(planCloudInit(p).networkDataSecret).toBeUndefined();
    expect(cloudInitSecretProps(p, planCloudInit(p))).toBeUndefined();
    expect(planCloudInit(plan(many)).networkDataSecret).toBe('web-vm-cloudinit');
  });

  test('short network data stays inline', () => {
    // GIVEN one NIC WHEN planned THEN user data, the network data, and no Secret
    const p = plan([nic(0, { mode: 'dhcp' })]);
    const ci = planCloudInit(p);
    expect(ci.userData).toBe('#cloud-config\n');
    expect(ci.networkData).toBe(networkData(p.networks));
    expect(ci.networkDataSecret).toBeUndefined();
  });

  /** NICs whose network data is exactly `bytes` long: a DNS entry of the last NIC is padded. */
  function networksOfSize(bytes: number): NetworkAttachmentPlan[] {
    const base = Array.from({ length: 12 }, (_, i) => nic(i, { mode: 'dhcp' }));
    for (let pad = 1; pad < 1000; pad++) {
      const networks = [...base, nic(12, { mode: 'dhcp', dnsServers: ['d'.repeat(pad)] })];
      if (Buffer.byteLength(networkData(networks)) === bytes) return networks;
    }
    throw new Error(`cannot build network data of ${bytes} bytes`);
  }

  test('exactly 2048 bytes (KubeVirt cloudInitUserMaxLen) stay inline', () => {
    // GIVEN network data of exactly the limit WHEN planned THEN no Secret
    const p = plan(networksOfSize(CLOUD_INIT_INLINE_LIMIT));
    const ci = planCloudInit(p);
    expect(Buffer.byteLength(ci.networkData)).toBe(2048);
    expect(ci.networkDataSecret).toBeUndefined();
  });

  test('2049 bytes go to the Secret <profile>-vm-cloudinit', () => {
    // GIVEN network data one byte over the limit WHEN planned THEN it moves to a Secret named after the VM
    const p = plan(networksOfSize(CLOUD_INIT_INLINE_LIMIT + 1));
    const ci = planCloudInit(p);
    expect(Buffer.byteLength(ci.networkData)).toBe(2049);
    expect(ci.networkDataSecret).toBe('web-vm-cloudinit');
  });

  test('the limit counts bytes, not characters', () => {
    // GIVEN data of at most 2048 characters but more than 2048 UTF-8 bytes WHEN planned THEN a Secret
    const base = Array.from({ length: 12 }, (_, i) => nic(i, { mode: 'dhcp' }));
    const short = networkData(base);
    const multiByte = 'é'.repeat(Math.floor((2048 - short.length) / 2));
    const networks = [...base, nic(12, { mode: 'dhcp', dnsServers: [multiByte] })];
    const data = networkData(networks);
    expect(data.length).toBeLessThanOrEqual(2048);
    expect(Buffer.byteLength(data)).toBeGreaterThan(2048);
    expect(planCloudInit(plan(networks)).networkDataSecret).toBe('web-vm-cloudinit');
  });
});

describe('cloudInitSecretProps', () => {
  test('no Secret when the data is inline', () => {
    // GIVEN inline network data WHEN the Secret is asked for THEN there is none
    const p = plan([nic(0)]);
    expect(cloudInitSecretProps(p, planCloudInit(p))).toBeUndefined();
  });

  test('the Secret carries the network data under networkdata, with namespace and labels', () => {
    // GIVEN a plan whose cloud-init needs a Secret WHEN its props are made
    const p = plan([nic(0)]);
    const ci = { userData: USER_DATA, networkData: 'version: 2\n', networkDataSecret: 'web-vm-cloudinit' };
    const props = cloudInitSecretProps(p, ci)!;
    // THEN name, namespace, the profile's labels and the key networkdata
    expect(props.metadata).toEqual({ name: 'web-vm-cloudinit', namespace: 'prod', labels: { app: 'web', vmprofile: 'web' } });
    expect(props.stringData).toEqual({ networkdata: 'version: 2\n' });
    expect(props.data).toBeUndefined();
  });

  test('no namespace field without a namespace, and labels are a copy', () => {
    // GIVEN a plan without namespace WHEN the Secret props are made THEN no namespace key, labels not shared
    const p = plan([nic(0)], { namespace: undefined });
    const props = cloudInitSecretProps(p, { userData: USER_DATA, networkData: 'x', networkDataSecret: 's' })!;
    expect(props.metadata).not.toHaveProperty('namespace');
    expect(props.metadata!.labels).toEqual(p.labels);
    expect(props.metadata!.labels).not.toBe(p.labels);
  });
});

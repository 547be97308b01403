import * as path from 'node:path';
import { fakeIo } from './cli-io';
import { BAD_PROFILE_YAML, EXAMPLES_DIR, example, minimal } from './helpers';
import { runGraph } from '../src/cli/graph-command';
import { UsageError } from '../src/cli/io';
import { runSynth } from '../src/cli/synth-command';
import { dotString, escapeMermaid, Graph, GraphNode, GraphNodeKind, mermaidId, profileGraph, toDot, toMermaid } from '../src/commands/graph';
import { VirtualMachineProfileManifest } from '../src/spec/profile-spec';
import { synthProfiles } from '../src/synth/synth';

const EXAMPLES = ['simple-vm', 'multi-net-vm', 'ha-vm', 'web-server-01'];

/** The one node of a kind, name and namespace; fails naming what is missing. */
function nodeOf(graph: Graph, kind: GraphNodeKind, name: string, namespace?: string, group?: string): GraphNode {
  const found = graph.nodes.filter((n) => n.kind === kind && n.name === name && n.namespace === namespace
    && (group === undefined || n.group === group));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${namespace ?? ''}/${name}${group ? ` in ${group}` : ''}, found ${found.length}`);
  return found[0];
}

function hasEdge(graph: Graph, from: GraphNode, to: GraphNode): boolean {
  return graph.edges.some((e) => e.from === from.id && e.to === to.id);
}

function synth(docs: VirtualMachineProfileManifest[]): any[] {
  return synthProfiles(docs.map((doc) => ({ doc }))).manifests;
}

/**
 * Checks the graph against what synth emits: every object a node, every VM interface and volume a node with the
 * right edges, and no created object the synth does not emit.
 */
function expectGraphCoversSynth(graph: Graph, manifests: any[]): void {
  const byKind = (kind: string) => manifests.filter((o) => o.kind === kind);
  const dataVolumeNames: string[] = [];
  for (const vmObj of byKind('VirtualMachine')) {
    const ns: string | undefined = vmObj.metadata.namespace;
    const vm = nodeOf(graph, 'vm', vmObj.metadata.name, ns);
    const profile = nodeOf(graph, 'profile', vmObj.metadata.labels.vmprofile, ns);
    expect(hasEdge(graph, profile, vm)).toBe(true);
    const spec = vmObj.spec.template.spec;
    for (const [i, iface] of (spec.domain.devices.interfaces as any[]).entries()) {
      const node = nodeOf(graph, 'interface', iface.name, ns, vm.group);
      expect(node.label[0]).toBe(`eth${i}: ${iface.name}`);
      expect(node.label).toContain(`MAC ${iface.macAddress}`);
      expect(hasEdge(graph, vm, node)).toBe(true);
      const net = spec.networks.find((n: any) => n.name === iface.name);
      if (net.multus) {
        const [nadNs, nadName] = net.multus.networkName.includes('/') ? net.multus.networkName.split('/') : [ns, net.multus.networkName];
        expect(hasEdge(graph, node, nodeOf(graph, 'nad', nadName, nadNs))).toBe(true);
      } else {
        expect(graph.edges.some((e) => e.from === node.id && e.to === 'podNetwork')).toBe(true);
      }
    }
    for (const volume of spec.volumes as any[]) {
      if (volume.cloudInitNoCloud) continue;
      if (volume.containerDisk) {
        expect(hasEdge(graph, vm, nodeOf(graph, 'containerDisk', volume.containerDisk.image, ns))).toBe(true);
        continue;
      }
      const disk = nodeOf(graph, 'disk', volume.name, ns, vm.group);
      expect(hasEdge(graph, vm, disk)).toBe(true);
      if (volume.dataVolume) expect(hasEdge(graph, disk, nodeOf(graph, 'dataVolume', volume.dataVolume.name, ns))).toBe(true);
      else expect(hasEdge(graph, disk, nodeOf(graph, 'pvc', volume.persistentVolumeClaim.claimName, ns))).toBe(true);
    }
    for (const template of vmObj.spec.dataVolumeTemplates ?? []) {
      const dv = nodeOf(graph, 'dataVolume', template.metadata.name, ns);
      expect(dv.label).toContain('deleted with the VM');
      expect(hasEdge(graph, dv, nodeOf(graph, 'storageClass', template.spec.storage.storageClassName))).toBe(true);
      dataVolumeNames.push(template.metadata.name);
    }
  }
  for (const dvObj of byKind('DataVolume')) {
    const dv = nodeOf(graph, 'dataVolume', dvObj.metadata.name, dvObj.metadata.namespace);
    expect(dv.label).toContain('outlives the VM');
    expect(dv.label[2]).toMatch(new RegExp(`^${dvObj.spec.storage.resources.requests.storage}, `));
    expect(hasEdge(graph, dv, nodeOf(graph, 'storageClass', dvObj.spec.storage.storageClassName))).toBe(true);
    dataVolumeNames.push(dvObj.metadata.name);
  }
  for (const nadObj of byKind('NetworkAttachmentDefinition')) {
    const nad = nodeOf(graph, 'nad', nadObj.metadata.name, nadObj.metadata.namespace);
    expect(nad.existing).toBeUndefined();
    const cni = JSON.parse(nadObj.spec.config);
    expect(nad.label[2]).toMatch(new RegExp(`^${cni.type} CNI`));
    if (cni.bridge) expect(hasEdge(graph, nad, nodeOf(graph, 'bridge', cni.bridge))).toBe(true);
  }
  for (const nncp of byKind('NodeNetworkConfigurationPolicy')) nodeOf(graph, 'nncp', nncp.metadata.name);
  for (const secret of byKind('Secret')) nodeOf(graph, 'secret', secret.metadata.name, secret.metadata.namespace);

  // Nothing created that synth does not emit.
  const created = (kind: GraphNodeKind) => graph.nodes.filter((n) => n.kind === kind && !n.existing).map((n) => n.name).sort();
  expect(created('vm')).toEqual(byKind('VirtualMachine').map((o) => o.metadata.name).sort());
  expect(created('dataVolume')).toEqual(dataVolumeNames.sort());
  expect(created('nad')).toEqual(byKind('NetworkAttachmentDefinition').map((o) => o.metadata.name).sort());
  expect(created('nncp')).toEqual(byKind('NodeNetworkConfigurationPolicy').map((o) => o.metadata.name).sort());
  expect(created('secret')).toEqual(byKind('Secret').map((o) => o.metadata.name).sort());
  // Every edge joins two drawn nodes.
  const ids = new Set(graph.nodes.map((n) => n.id));
  for (const e of graph.edges) expect([ids.has(e.from), ids.has(e.to)]).toEqual([true, true]);
}

/** Two profiles in one namespace exercising what the spec's examples do not: nmstate, claims, pod network, Secrets. */
function labProfiles(): VirtualMachineProfileManifest[] {
  const uplink = { uplink: 'ens3', nodeSelector: { 'node-role.kubernetes.io/worker': '' } };
  const a = minimal({
    podNetwork: true,
    sshKeySecret: 'lab-keys',
    networks: [
      { name: 'mgmt', type: 'bridge', vlanId: 100, nodeNetwork: uplink, ipConfig: { mode: 'static', address: '10.1.0.5/24', gateway: '10.1.0.1' } },
      { name: 'fast', type: 'sriov', nodeNetwork: { uplink: 'ens4f0', totalVfs: 4 }, ipConfig: { mode: 'dhcp' } },
      { name: 'sdn', type: 'ovs', bridgeName: 'br-ovs', vlanId: 30 },
      { name: 'other', type: 'bridge', nadName: 'infra/other-net' },
    ],
    disks: [
      { name: 'system', size: '20Gi', storageClassName: 'fast', boot: true, image: 'https://images.example.com/os.qcow2' },
      { name: 'scratch', size: '10Gi', storageClassName: 'fast', deleteWithVm: true },
    ],
  }, 'lab-a', 'lab');
  // Many static networks: the network data outgrows KubeVirt's inline limit and moves to a Secret.
  const many = Array.from({ length: 12 }, (_, i) => ({
    name: `net${i}`,
    type: 'bridge',
    vlanId: 100 + i,
    nodeNetwork: { uplink: `eno${i}` },
    ipConfig: { mode: 'static', address: `fd00:${i}::10/64`, gateway: `fd00:${i}::1`, dnsServers: [`fd00:${i}::53`, `fd00:${i}::54`] },
  }));
  const b = minimal({
    osImage: 'quay.io/containerdisks/fedora:40',
    sshKeySecret: 'lab-keys',
    networks: [{ name: 'mgmt', type: 'bridge', vlanId: 100, nodeNetwork: uplink }, ...many],
    disks: [{ name: 'data', size: '5Gi', storageClassName: 'slow' }],
  }, 'lab-b', 'lab');
  return [a, b];
}

describe('profileGraph', () => {
  test.each(EXAMPLES)('holds every object synth emits for %s, with the right edges', (name) => {
    // GIVEN a spec example
    const doc = example(name);
    // WHEN drawn
    const graph = profileGraph([doc]);
    // THEN every synthesized object is a node and the edges follow the VM's references
    expectGraphCoversSynth(graph, synth([doc]));
  });

  test('holds nmstate policies, claims, the pod network and Secrets', () => {
    // GIVEN two profiles sharing a bridge and its uplink, one with SR-IOV, OVS, a claim, the pod network
    const docs = labProfiles();
    const manifests = synth(docs);
    expect(manifests.filter((o) => o.kind === 'NodeNetworkConfigurationPolicy').map((o) => o.metadata.name).sort())
      .toEqual(['br-mgmt-ens3', ...Array.from({ length: 12 }, (_, i) => `br-net${i}-eno${i}`), 'sriov-ens4f0'].sort());
    // WHEN drawn
    const graph = profileGraph(docs);
    // THEN it covers the synth output
    expectGraphCoversSynth(graph, manifests);
    // AND the shared bridge, its NNCP and the SSH key Secret are drawn once, reached from both profiles
    const bridge = nodeOf(graph, 'bridge', 'br-mgmt');
    expect(bridge.label).toEqual(['Node bridge', 'br-mgmt', 'linux-bridge']);
    expect(graph.edges.filter((e) => e.to === bridge.id)).toEqual([{ from: 'nad:lab/mgmt-nad', to: bridge.id }]);
    expect(graph.edges.filter((e) => e.to === 'nad:lab/mgmt-nad').map((e) => e.from)).toEqual(['interface:lab/lab-a/eth0', 'interface:lab/lab-b/eth0']);
    const nncp = nodeOf(graph, 'nncp', 'br-mgmt-ens3');
    expect(nncp).toMatchObject({ group: 'node-networking', label: ['NodeNetworkConfigurationPolicy', 'br-mgmt-ens3', 'uplink ens3'] });
    expect(graph.edges).toContainEqual({ from: bridge.id, to: nncp.id, label: 'built by' });
    expect(graph.edges).toContainEqual({ from: 'nad:lab/fast-nad', to: 'nncp:sriov-ens4f0', label: 'VFs from' });
    const keys = nodeOf(graph, 'secret', 'lab-keys', 'lab');
    expect(keys).toMatchObject({ existing: true, group: 'secrets' });
    expect(graph.edges.filter((e) => e.to === keys.id).map((e) => e.from)).toEqual(['vm:lab/lab-a-vm', 'vm:lab/lab-b-vm']);
    // AND the OVS bridge has no NNCP (no nodeNetwork), the referenced NAD is marked existing, in its own namespace
    expect(nodeOf(graph, 'bridge', 'br-ovs').label[2]).toBe('ovs-bridge');
    expect(graph.edges.filter((e) => e.from === 'bridge:br-ovs')).toEqual([]);
    expect(nodeOf(graph, 'nad', 'other-net', 'infra')).toMatchObject({ existing: true, label: ['NetworkAttachmentDefinition', 'infra/other-net', 'existing, not created'] });
    expect(graph.edges.filter((e) => e.from === 'nad:infra/other-net')).toEqual([]);
    // AND interfaces show name, binding, MAC and IP; the pod network is last
    expect(nodeOf(graph, 'interface', 'mgmt', 'lab', 'profile:lab/lab-a').id).toBe('interface:lab/lab-a/eth0');
    expect(graph.nodes.find((n) => n.id === 'interface:lab/lab-a/eth0')!.label)
      .toEqual(['eth0: mgmt', 'bridge, bridge binding', expect.stringMatching(/^MAC 02(:[0-9a-f]{2}){5}$/), 'IP 10.1.0.5/24 via 10.1.0.1']);
    expect(graph.nodes.find((n) => n.id === 'interface:lab/lab-a/eth4')!.label.slice(0, 2)).toEqual(['eth4: pod', 'pod, masquerade binding']);
    // AND the cloud-init Secret belongs to lab-b; lab-b boots from a containerDisk
    expect(nodeOf(graph, 'secret', 'lab-b-vm-cloudinit', 'lab')).toMatchObject({ group: 'profile:lab/lab-b', label: ['Secret', 'lab/lab-b-vm-cloudinit', 'cloud-init network data'] });
    expect(nodeOf(graph, 'containerDisk', 'quay.io/containerdisks/fedora:40', 'lab').group).toBe('profile:lab/lab-b');
  });

  test('GIVEN a VM sized by an instancetype WHEN drawn THEN its label names the instancetype, not "undefined vCPU"', () => {
    const graph = profileGraph([minimal({ cpu: undefined, memory: undefined, instancetype: { name: 'u1.medium' } })]);
    expect(nodeOf(graph, 'vm', 'vm1-vm', 'ns1').label).toEqual(['VirtualMachine', 'ns1/vm1-vm', 'instancetype u1.medium, runStrategy Always']);
  });

  test('GIVEN disks cloned from a DataSource, a PVC and a snapshot WHEN drawn THEN their DataVolumes say where from', () => {
    const graph = profileGraph([minimal({
      disks: [
        { name: 'system', size: '20Gi', storageClassName: 'fast', boot: true, dataSource: { name: 'rhel9', namespace: 'os-images' } },
        { name: 'data', size: '20Gi', storageClassName: 'fast', pvc: { name: 'golden' } },
        { name: 'old', size: '20Gi', storageClassName: 'fast', snapshot: { name: 'nightly' } },
      ],
    })]);
    expect(['vm1-system', 'vm1-data', 'vm1-old'].map((n) => nodeOf(graph, 'dataVolume', n, 'ns1').label[2])).toEqual([
      '20Gi, cloned from DataSource os-images/rhel9', '20Gi, cloned from PVC ns1/golden', '20Gi, from VolumeSnapshot ns1/nightly',
    ]);
  });

  test('web-server-01: names, labels and groups as the README maps them', () => {
    // GIVEN the full example WHEN drawn
    const graph = profileGraph([example('web-server-01')]);
    // THEN groups: the profile, then the shared ones that are used
    expect(graph.groups.map((g) => g.id)).toEqual(['profile:production/web-server-01', 'networks', 'node-networking', 'storage', 'secrets']);
    expect(nodeOf(graph, 'vm', 'web-server-01-vm', 'production').label)
      .toEqual(['VirtualMachine', 'production/web-server-01-vm', '4 vCPU, 8Gi, runStrategy Always']);
    expect(nodeOf(graph, 'nad', 'management-nad', 'production').label)
      .toEqual(['NetworkAttachmentDefinition', 'production/management-nad', 'bridge CNI, VLAN 100']);
    expect(nodeOf(graph, 'nad', 'storage-nad', 'production').label[2]).toBe('macvtap CNI');
    expect(nodeOf(graph, 'nad', 'business-sriov-nad', 'production').existing).toBe(true);
    expect(graph.edges).toContainEqual({ from: 'nad:production/management-nad', to: 'bridge:br-mgmt' });
    expect(graph.nodes.filter((n) => n.kind === 'nncp')).toEqual([]);
    // AND the disks: boot first, storage classes drawn once
    expect(graph.nodes.filter((n) => n.kind === 'disk').map((n) => n.label)).toEqual([['disk: system', 'boot'], ['disk: data'], ['disk: logs']]);
    expect(nodeOf(graph, 'dataVolume', 'web-server-01-system', 'production').label[2]).toBe('80Gi, from docker://registry.example.com/centos-stream:8');
    expect(nodeOf(graph, 'dataVolume', 'web-server-01-data', 'production').label[2]).toBe('500Gi, blank');
    const ssd = nodeOf(graph, 'storageClass', 'huamei-sc-ssd');
    expect(graph.edges.filter((e) => e.to === ssd.id).map((e) => e.from)).toEqual(['dataVolume:production/web-server-01-system', 'dataVolume:production/web-server-01-logs']);
  });

  test('the fleet of all four examples: shared objects once, the mgmt-nad disagreement marked', () => {
    // GIVEN the four spec examples, which synth refuses together (mgmt-nad with two VLANs in one namespace)
    const docs = EXAMPLES.map(example);
    expect(() => synth(docs)).toThrow(/mgmt/);
    // WHEN drawn
    const graph = profileGraph(docs);
    // THEN one group per profile, one node per shared object
    expect(graph.groups.filter((g) => g.id.startsWith('profile:')).map((g) => g.label))
      .toEqual(['VirtualMachineProfile simple-vm', 'VirtualMachineProfile multi-net-vm', 'VirtualMachineProfile ha-vm', 'VirtualMachineProfile production/web-server-01']);
    expect(graph.nodes.filter((n) => n.kind === 'storageClass').map((n) => n.name)).toEqual(['huamei-sc-ssd', 'huamei-sc-hdd']);
    const mgmt = nodeOf(graph, 'nad', 'mgmt-nad');
    expect(mgmt.conflict).toBe('multi-net-vm and ha-vm need different configs');
    expect(mgmt.label).toEqual(['NetworkAttachmentDefinition', 'mgmt-nad', 'bridge CNI, VLAN 100', 'CONFLICT: multi-net-vm and ha-vm need different configs']);
    expect(graph.edges.filter((e) => e.to === mgmt.id).map((e) => e.from)).toEqual(['interface:multi-net-vm/eth0', 'interface:ha-vm/eth0']);
    // AND node ids are unique
    expect(new Set(graph.nodes.map((n) => n.id)).size).toBe(graph.nodes.length);
  });

  test('a disk on an existing claim points at the claim, drawn as existing storage', () => {
    // GIVEN a profile whose data disk names an existing PVC (`claimName`, what VmDisk.fromPvcName plans)
    const doc = minimal({
      disks: [
        { name: 'system', size: '20Gi', storageClassName: 'fast', boot: true },
        { name: 'shared', claimName: 'shared-data' },
      ],
    });
    // WHEN drawn
    const graph = profileGraph([doc]);
    // THEN disk → PVC, no DataVolume and no StorageClass for it
    const pvc = nodeOf(graph, 'pvc', 'shared-data', 'ns1');
    expect(pvc).toMatchObject({ existing: true, group: 'storage', label: ['PersistentVolumeClaim', 'ns1/shared-data', 'existing, not created'] });
    expect(graph.edges.filter((e) => e.to === pvc.id)).toEqual([{ from: 'disk:ns1/vm1/shared', to: pvc.id }]);
    expect(graph.edges.filter((e) => e.from === pvc.id)).toEqual([]);
    expect(graph.nodes.filter((n) => n.kind === 'dataVolume').map((n) => n.name)).toEqual(['vm1-system']);
  });

  test('a NAD referenced by one profile and created by the next is drawn as created', () => {
    // GIVEN a profile that names mgmt-nad and one that creates it, in one namespace
    const user = minimal({ networks: [{ name: 'uplink', type: 'bridge', nadName: 'mgmt-nad' }] }, 'user');
    const maker = minimal({ networks: [{ name: 'mgmt', type: 'bridge' }] }, 'maker');
    // WHEN drawn THEN one node, created, reached from both
    const graph = profileGraph([user, maker]);
    const nad = nodeOf(graph, 'nad', 'mgmt-nad', 'ns1');
    expect(nad.existing).toBeUndefined();
    expect(nad.label[2]).toBe('bridge CNI');
    expect(graph.edges.filter((e) => e.to === nad.id)).toHaveLength(2);
  });

  test('is deterministic', () => {
    // GIVEN the same profiles twice WHEN drawn and rendered THEN identical
    const docs = [...EXAMPLES.map(example), ...labProfiles()];
    expect(profileGraph(docs)).toEqual(profileGraph(docs));
    expect(toMermaid(profileGraph(docs))).toBe(toMermaid(profileGraph(docs)));
    expect(toDot(profileGraph(docs))).toBe(toDot(profileGraph(docs)));
  });
});

/** A hand-made graph whose labels hold every character that means something to Mermaid, HTML or DOT. */
const NASTY: Graph = {
  groups: [{ id: 'g "1"', label: 'Group #1 [a] {b} (c)' }],
  nodes: [
    { id: 'vm:a/b', kind: 'vm', name: 'b', group: 'g "1"', label: ['Say "hi" #1', '<b>bold</b> & [x] {y} (z) |p| `q`; end', 'back\\slash'] },
    { id: 'nad:end', kind: 'nad', name: 'end', group: 'g "1"', label: ['o--x'], conflict: 'x' },
  ],
  edges: [{ from: 'vm:a/b', to: 'nad:end', label: 'a|b "c"' }],
};

describe('toMermaid', () => {
  test('a flowchart LR: one subgraph per group, one line per node and edge, classes per kind', () => {
    // GIVEN the full example's graph WHEN rendered
    const graph = profileGraph([example('web-server-01')]);
    const lines = toMermaid(graph).trimEnd().split('\n');
    // THEN the header, balanced subgraphs, each node declared once, each edge drawn
    expect(lines[0]).toBe('flowchart LR');
    expect(lines.filter((l) => /^ {2}subgraph /.test(l))).toHaveLength(graph.groups.length);
    expect(lines.filter((l) => l === '  end')).toHaveLength(graph.groups.length);
    expect(lines).toContain('  subgraph g_profile_3a_production_2f_web_2d_server_2d_01["VirtualMachineProfile production/web-server-01"]');
    for (const n of graph.nodes) expect(lines.filter((l) => l.startsWith(`    ${mermaidId('n_', n.id)}`))).toHaveLength(1);
    expect(lines).toContain('    n_vm_3a_production_2f_web_2d_server_2d_01_2d_vm["VirtualMachine<br>production/web-server-01-vm<br>4 vCPU, 8Gi, runStrategy Always"]');
    expect(lines.filter((l) => / -->(\|"[^"]*"\|)? n_/.test(l))).toHaveLength(graph.edges.length);
    expect(lines).toContain('  n_vm_3a_production_2f_web_2d_server_2d_01_2d_vm -->|"SSH keys"| n_secret_3a_production_2f_web_2d_server_2d_ssh_2d_keys');
    expect(lines).toContain('  classDef storageClass fill:#eceff1,stroke:#37474f,color:#000');
    expect(lines).toContain('  class n_storageClass_3a_huamei_2d_sc_2d_ssd,n_storageClass_3a_huamei_2d_sc_2d_hdd storageClass');
  });

  test('escapes quotes, brackets, # and HTML with entity codes; ids are injective and safe', () => {
    // GIVEN labels full of syntax WHEN rendered
    const text = toMermaid(NASTY);
    // THEN labels use Mermaid entity codes, never raw quotes or angle brackets inside the quoted text
    expect(text).toContain('  subgraph g_g_20__22_1_22_["Group #35;1 [a] {b} (c)"]');
    expect(text).toContain('    n_vm_3a_a_2f_b["Say #quot;hi#quot; #35;1<br>#lt;b#gt;bold#lt;/b#gt; #amp; [x] {y} (z) #124;p#124; #96;q#96;; end<br>back\\slash"]');
    expect(text).toContain('    n_nad_3a_end{{"o--x"}}');
    expect(text).toContain('  n_vm_3a_a_2f_b -->|"a#124;b #quot;c#quot;"| n_nad_3a_end');
    expect(text).toContain('  class n_nad_3a_end conflict');
    expect(escapeMermaid(['#quot;'])).toBe('#35;quot;');
    // AND ids never collide: `_` itself is escaped
    expect(mermaidId('n_', 'a_b')).not.toBe(mermaidId('n_', 'a-b'));
    expect(mermaidId('n_', 'a:b/c.d')).toMatch(/^[A-Za-z0-9_]+$/);
  });
});

describe('toDot', () => {
  test('a digraph with one cluster per group, every node and edge', () => {
    // GIVEN the fleet's graph WHEN rendered as DOT
    const graph = profileGraph(EXAMPLES.map(example));
    const text = toDot(graph);
    // THEN a digraph with clusters and balanced braces
    expect(text.startsWith('digraph vmprofile {\n  rankdir=LR;\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.match(/subgraph "cluster_/g)).toHaveLength(graph.groups.length);
    expect(text.split('{').length).toBe(text.split('}').length);
    for (const n of graph.nodes) expect(text).toContain(`    ${dotString(n.id)} [label=`);
    expect(text.match(/ -> /g)).toHaveLength(graph.edges.length);
    expect(text).toContain('    "storageClass:huamei-sc-ssd" [label="StorageClass\\nhuamei-sc-ssd", shape=folder, style=filled, fillcolor="#eceff1", color="#37474f"];');
    expect(text).toContain('"nad:mgmt-nad" [label="NetworkAttachmentDefinition\\nmgmt-nad\\nbridge CNI, VLAN 100\\nCONFLICT: multi-net-vm and ha-vm need different configs", shape=hexagon, style=filled, fillcolor="#ffebee", color="#c62828", penwidth=3];');
  });

  test('escapes quotes, backslashes and newlines', () => {
    // GIVEN labels full of syntax WHEN rendered as DOT
    const text = toDot(NASTY);
    // THEN only backslash and quote are escaped; lines joined by \n
    expect(text).toContain('  subgraph "cluster_g \\"1\\"" {\n    label="Group #1 [a] {b} (c)";');
    expect(text).toContain('    "vm:a/b" [label="Say \\"hi\\" #1\\n<b>bold</b> & [x] {y} (z) |p| `q`; end\\nback\\\\slash", shape=box3d');
    expect(text).toContain('  "vm:a/b" -> "nad:end" [label="a|b \\"c\\""];');
    expect(dotString('a\nb')).toBe('"a\\nb"');
  });
});

describe('vmprofile graph', () => {
  const WEB = path.join(EXAMPLES_DIR, 'web-server-01.yaml');

  test('prints Mermaid by default, DOT with -o dot', async () => {
    // GIVEN the full example
    const io = fakeIo();
    // WHEN drawn
    expect(await runGraph(['-f', WEB], io)).toBe(0);
    // THEN the Mermaid text of its graph on stdout, nothing but warnings on stderr
    expect(io.out).toBe(toMermaid(profileGraph([example('web-server-01')])));
    expect(io.err).not.toMatch(/error/i);
    const dot = fakeIo();
    expect(await runGraph(['-f', WEB, '-o', 'dot'], dot)).toBe(0);
    expect(dot.out).toBe(toDot(profileGraph([example('web-server-01')])));
  });

  test('-f - reads stdin; several files make one graph', async () => {
    const io = fakeIo({}, `${JSON.stringify(example('simple-vm'))}\n`);
    expect(await runGraph(['-f', '-', '-f', WEB, '--output=mermaid'], io)).toBe(0);
    expect(io.out).toBe(toMermaid(profileGraph([example('simple-vm'), example('web-server-01')])));
  });

  test('--help prints kubectl-style help', async () => {
    const io = fakeIo();
    expect(await runGraph(['--help'], io)).toBe(0);
    expect(io.out).toMatch(/^Draw the objects of VirtualMachineProfile documents as a graph\.\n/);
    expect(io.out).toContain('\nExamples:\n');
    expect(io.out).toContain("  -o, --output='mermaid': Output format. One of: mermaid, dot.\n");
    expect(io.out).toMatch(/\nUsage:\n {2}vmprofile graph -f FILENAME \[options\]\n$/);
  });

  test('invalid profiles: the same stderr lines and exit code as synth, nothing on stdout', async () => {
    // GIVEN a profile with two mistakes, and the two examples that contradict each other
    const bad = BAD_PROFILE_YAML;
    for (const argv of [['-f', 'bad.yaml'], ['-f', path.join(EXAMPLES_DIR, 'multi-net-vm.yaml'), '-f', path.join(EXAMPLES_DIR, 'ha-vm.yaml')], ['-f', 'missing.yaml']]) {
      const files = { 'bad.yaml': bad };
      const graphIo = fakeIo(files);
      const synthIo = fakeIo(files);
      // WHEN drawn and synthesized
      const code = await runGraph(argv, graphIo);
      // THEN exit 1, stdout empty, stderr identical to synth's
      expect(code).toBe(1);
      expect(await runSynth(argv, synthIo)).toBe(1);
      expect(graphIo.out).toBe('');
      expect(graphIo.err).toBe(synthIo.err);
    }
    const io = fakeIo({ 'bad.yaml': bad });
    await runGraph(['-f', 'bad.yaml'], io);
    expect(io.err).toContain('bad.yaml:1: VirtualMachineProfile/bad-vm: spec.networks[0].vlanId: Invalid value: 5000: must be between 1 and 4094\n');
  });

  test('usage errors: no -f, unknown format, unknown flag', async () => {
    await expect(runGraph([], fakeIo())).rejects.toThrow(new UsageError('must specify -f'));
    await expect(runGraph(['-f', WEB, '-o', 'svg'], fakeIo()))
      .rejects.toThrow('unable to match a printer suitable for the output format "svg", allowed formats are: mermaid,dot');
    await expect(runGraph(['--bogus'], fakeIo())).rejects.toThrow('unknown flag: --bogus');
    await expect(runGraph(['-f', WEB, 'extra'], fakeIo())).rejects.toThrow('unexpected argument: extra');
  });
});

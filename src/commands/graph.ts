/**
 * A picture of what profiles create and depend on, for reviews and docs:
 *
 * profile → VirtualMachine → interfaces (eth0…) → NADs → node bridges → NNCPs, and
 * VirtualMachine → disks → DataVolumes / existing PVCs → StorageClasses.
 *
 * The graph is built from {@link planProfile} (and {@link planCloudInit} and {@link nodeNetworkPolicyName}), the
 * same plans the constructs render, so names never drift from what `vmprofile synth` emits. Objects that several
 * profiles share (a NAD, a bridge, an NNCP, a StorageClass, an SSH key Secret) are one node. Node ids are stable:
 * derived from kind, namespace and name, never from a counter, so diffs of rendered graphs stay small.
 */
import { nodeNetworkPolicyName } from '../plan/node-network';
import { DiskSource, DiskSourceRef, NetworkAttachmentPlan, planProfile, ProfilePlan } from '../plan/profile-plan';
import { planCloudInit } from '../render/cloud-init';
import { merged } from '../render/object-merge';
import { VirtualMachineProfileManifest } from '../spec/profile-spec';
import { portProtocolOf } from '../validate/network-rules';

/** What a node stands for. */
export type GraphNodeKind =
  | 'profile' | 'vm' | 'interface' | 'nad' | 'podNetwork' | 'bridge' | 'nncp'
  | 'disk' | 'dataVolume' | 'pvc' | 'containerDisk' | 'storageClass' | 'secret' | 'service';

/** One box of the picture. */
export interface GraphNode {
  /** Stable id, e.g. `vm:production/web-server-01-vm` or `interface:production/web-server-01/eth0`. */
  readonly id: string;
  /** What it stands for. */
  readonly kind: GraphNodeKind;
  /** Object name (for interfaces and disks: the network or disk name inside the VM). */
  readonly name: string;
  /**
   * Namespace of a namespaced object (or of the VM, for interfaces and disks).
   * @default - cluster-scoped, or the current namespace of whoever applies the output
   */
  readonly namespace?: string;
  /** Label lines, first the kind, then the name, then details. Plain text: renderers escape it. */
  readonly label: readonly string[];
  /** Id of the {@link GraphGroup} it is drawn in. */
  readonly group: string;
  /**
   * True for objects the profiles only refer to (a NAD named by `nadName`, a `claimName`, the SSH key Secret).
   * @default false - created by the profiles
   */
  readonly existing?: boolean;
  /**
   * Set when profiles disagree about a shared object (a NAD created with different CNI configs); synth refuses them.
   * @default - no conflict
   */
  readonly conflict?: string;
}

/** A subgraph: one per profile, then shared networks, node networking, storage and secrets. */
export interface GraphGroup {
  /** Stable id. */
  readonly id: string;
  /** Title. */
  readonly label: string;
}

/** An arrow, from the user of an object to the object. */
export interface GraphEdge {
  /** Id of the source node. */
  readonly from: string;
  /** Id of the target node. */
  readonly to: string;
  /**
   * Text on the arrow.
   * @default - none
   */
  readonly label?: string;
}

/** Everything a renderer draws; groups, nodes and edges in a deterministic order (input order of the profiles). */
export interface Graph {
  /** Non-empty groups, profiles first. */
  readonly groups: readonly GraphGroup[];
  /** Nodes; shared objects once. */
  readonly nodes: readonly GraphNode[];
  /** Edges, without duplicates. */
  readonly edges: readonly GraphEdge[];
}

/** Ids of the shared groups, drawn after the profiles in this order. */
const SHARED_GROUPS: readonly GraphGroup[] = [
  { id: 'networks', label: 'Networks (Multus)' },
  { id: 'node-networking', label: 'Node networking (nmstate)' },
  { id: 'storage', label: 'Storage' },
  { id: 'secrets', label: 'Secrets' },
];

/** `namespace/name`, or `name` alone when there is no namespace (names never contain `/`). */
function qualified(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** Mutable while building; frozen into a {@link Graph} at the end. */
class GraphBuilder {
  private readonly groups: GraphGroup[] = [];
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge>();
  /** CNI config of each created NAD and the profile that created it first, to spot disagreeing profiles. */
  private readonly nadConfigs = new Map<string, { config: string; profile: string }>();

  public group(group: GraphGroup): void {
    if (!this.groups.some((g) => g.id === group.id)) this.groups.push(group);
  }

  /** Adds a node unless one with that id exists (shared objects are drawn once); returns its id. */
  public node(node: GraphNode): string {
    if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
    return node.id;
  }

  /** Replaces a node (a referenced NAD turns out to be created by a profile; a conflict is found). */
  public replace(node: GraphNode): void {
    this.nodes.set(node.id, node);
  }

  public get(id: string): GraphNode | undefined {
    return this.nodes.get(id);
  }

  public edge(from: string, to: string, label?: string): void {
    const key = JSON.stringify([from, to, label ?? null]);
    if (!this.edges.has(key)) this.edges.set(key, label === undefined ? { from, to } : { from, to, label });
  }

  /** Records a created NAD's config; returns the first profile that created it differently, if any. */
  public nadConflict(id: string, config: string, profile: string): string | undefined {
    const first = this.nadConfigs.get(id);
    if (!first) {
      this.nadConfigs.set(id, { config, profile });
      return undefined;
    }
    return first.config === config ? undefined : first.profile;
  }

  public build(): Graph {
    const nodes = [...this.nodes.values()];
    const used = new Set(nodes.map((n) => n.group));
    const groups = [...this.groups, ...SHARED_GROUPS].filter((g) => used.has(g.id));
    // Nodes ordered by group so renderers can emit each subgraph in one block.
    const ordered = groups.flatMap((g) => nodes.filter((n) => n.group === g.id));
    return { groups, nodes: ordered, edges: [...this.edges.values()] };
  }
}

/**
 * The graph of profiles: what each creates and what it depends on. The profiles must be valid (as for
 * {@link planProfile}); profiles that synth would refuse together (two configs for one NAD) are drawn, with the
 * NAD marked `conflict`.
 */
export function profileGraph(docs: VirtualMachineProfileManifest[]): Graph {
  const g = new GraphBuilder();
  for (const doc of docs) addProfile(g, planProfile(doc));
  return g.build();
}

function addProfile(g: GraphBuilder, plan: ProfilePlan): void {
  const ns = plan.namespace;
  const profileName = qualified(ns, plan.name);
  const group = `profile:${profileName}`;
  g.group({ id: group, label: `VirtualMachineProfile ${profileName}` });
  const profile = g.node({
    id: `profile:${profileName}`,
    kind: 'profile',
    name: plan.name,
    namespace: ns,
    group,
    label: ['VirtualMachineProfile', profileName],
  });
  const vmQualified = qualified(ns, plan.vmName);
  const vm = g.node({
    id: `vm:${vmQualified}`,
    kind: 'vm',
    name: plan.vmName,
    namespace: ns,
    group,
    label: ['VirtualMachine', vmQualified, `${sizing(plan)}, runStrategy ${plan.runStrategy}`],
  });
  g.edge(profile, vm);

  for (const net of plan.networks) addInterface(g, plan, vm, group, net);
  addDisks(g, plan, vm, group);
  addSecrets(g, plan, vm, group);
  if (plan.service) {
    const q = qualified(ns, plan.service.name);
    const ports = plan.service.ports.map((p) => `${p.port}/${portProtocolOf(p)}`).join(', ');
    g.edge(g.node({
      id: `service:${q}`,
      kind: 'service',
      name: plan.service.name,
      namespace: ns,
      group,
      label: ['Service', q, `${plan.service.type} ${ports}`],
    }), vm, 'selects');
  }
}

function ipLine(net: NetworkAttachmentPlan): string | undefined {
  const ip = net.ipConfig;
  if (!ip) return undefined;
  if (ip.mode !== 'static') return `IP ${ip.mode}`;
  return `IP ${[ip.address ?? '', ...(ip.addresses ?? [])].join(', ')}${ip.gateway ? ` via ${ip.gateway}` : ''}`;
}

function addInterface(g: GraphBuilder, plan: ProfilePlan, vm: string, group: string, net: NetworkAttachmentPlan): void {
  const ns = plan.namespace;
  const iface = g.node({
    id: `interface:${qualified(ns, plan.name)}/${net.interfaceName}`,
    kind: 'interface',
    name: net.name,
    namespace: ns,
    group,
    label: [`${net.interfaceName}: ${net.name}`, `${net.type}, ${net.binding} binding`, `MAC ${net.macAddress}`, ipLine(net)]
      .filter((l): l is string => l !== undefined),
  });
  g.edge(vm, iface);

  if (!net.networkName) {
    // The pod network has no NAD: KubeVirt's masquerade binding NATs the guest behind the pod IP.
    g.edge(iface, g.node({ id: 'podNetwork', kind: 'podNetwork', name: 'pod', group: 'networks', label: ['Pod network', 'masquerade'] }));
    return;
  }
  const nad = net.nad ? addCreatedNad(g, plan, net) : addReferencedNad(g, ns, net.networkName);
  g.edge(iface, nad);
  if (!net.nad) return; // A referenced NAD's node side belongs to whoever made it.

  let nodeSide = nad;
  if (net.bridgeName) {
    nodeSide = g.node({
      id: `bridge:${net.bridgeName}`,
      kind: 'bridge',
      name: net.bridgeName,
      group: 'node-networking',
      label: ['Node bridge', net.bridgeName, net.type === 'ovs' ? 'ovs-bridge' : 'linux-bridge'],
    });
    g.edge(nad, nodeSide);
  }
  const policy = net.nodeNetwork ? nodeNetworkPolicyName({ type: net.type, bridgeName: net.bridgeName, nodeNetwork: net.nodeNetwork }) : undefined;
  if (policy) {
    const nncp = g.node({
      id: `nncp:${policy}`,
      kind: 'nncp',
      name: policy,
      group: 'node-networking',
      label: ['NodeNetworkConfigurationPolicy', policy, `uplink ${net.nodeNetwork!.uplink}`],
    });
    g.edge(nodeSide, nncp, net.bridgeName ? 'built by' : 'VFs from');
  }
}

function addCreatedNad(g: GraphBuilder, plan: ProfilePlan, net: NetworkAttachmentPlan): string {
  const nad = net.nad!;
  const name = qualified(nad.namespace, nad.name);
  const id = `nad:${name}`;
  const cni = nad.cniConfig as { type?: string; vlan?: number };
  const node: GraphNode = {
    id,
    kind: 'nad',
    name: nad.name,
    namespace: nad.namespace,
    group: 'networks',
    label: ['NetworkAttachmentDefinition', name, `${cni.type} CNI${cni.vlan !== undefined ? `, VLAN ${cni.vlan}` : ''}`],
  };
  const existing = g.get(id);
  // A NAD some profile only referenced is in fact created by this one: the created description wins.
  if (!existing || existing.existing) g.replace(node);
  const profile = qualified(plan.namespace, plan.name);
  const other = g.nadConflict(id, JSON.stringify([nad.cniConfig, nad.annotations]), profile);
  const current = g.get(id)!;
  if (other && !current.conflict) {
    const conflict = `${other} and ${profile} need different configs`;
    g.replace(merged(current, { conflict, label: [...current.label, `CONFLICT: ${conflict}`] }));
  }
  return id;
}

function addReferencedNad(g: GraphBuilder, vmNamespace: string | undefined, networkName: string): string {
  // `nadName` is `name` (in the VM's namespace) or `namespace/name`, exactly as Multus resolves it.
  const [namespace, name] = networkName.includes('/') ? networkName.split('/', 2) : [vmNamespace, networkName];
  const q = qualified(namespace, name);
  return g.node({
    id: `nad:${q}`,
    kind: 'nad',
    name,
    namespace,
    group: 'networks',
    existing: true,
    label: ['NetworkAttachmentDefinition', q, 'existing, not created'],
  });
}

function sourceLine(source: DiskSource | undefined, sourceRef?: DiskSourceRef): string {
  if (sourceRef) return `cloned from DataSource ${qualified(sourceRef.namespace, sourceRef.name)}`;
  if (!source) return 'blank';
  if ('pvc' in source) return `cloned from PVC ${source.pvc.namespace}/${source.pvc.name}`;
  if ('snapshot' in source) return `from VolumeSnapshot ${source.snapshot.namespace}/${source.snapshot.name}`;
  if ('registry' in source) return `from ${source.registry.url}`;
  if ('http' in source) return `from ${source.http.url}`;
  return 'blank';
}

function addDisks(g: GraphBuilder, plan: ProfilePlan, vm: string, group: string): void {
  const ns = plan.namespace;
  const profileName = qualified(ns, plan.name);
  if (plan.containerDiskImage) {
    g.edge(vm, g.node({
      id: `containerDisk:${profileName}`,
      kind: 'containerDisk',
      name: plan.containerDiskImage,
      namespace: ns,
      group,
      label: ['containerDisk (ephemeral)', plan.containerDiskImage, 'boot'],
    }));
  }
  // In the VM's disk order, whatever backs each disk.
  for (const diskName of plan.diskOrder) {
    const dv = plan.disks.find((d) => d.name === diskName);
    const claim = plan.claims.find((c) => c.name === diskName);
    const boot = dv?.boot ?? claim?.boot ?? false;
    const disk = g.node({
      id: `disk:${profileName}/${diskName}`,
      kind: 'disk',
      name: diskName,
      namespace: ns,
      group,
      label: [`disk: ${diskName}`, ...(boot ? ['boot'] : [])],
    });
    g.edge(vm, disk);
    if (dv) {
      const q = qualified(ns, dv.dataVolumeName);
      const volume = g.node({
        id: `dataVolume:${q}`,
        kind: 'dataVolume',
        name: dv.dataVolumeName,
        namespace: ns,
        group,
        label: ['DataVolume', q, `${dv.size}, ${sourceLine(dv.source, dv.sourceRef)}`, dv.deleteWithVm ? 'deleted with the VM' : 'outlives the VM'],
      });
      g.edge(disk, volume);
      g.edge(volume, g.node({
        id: `storageClass:${dv.storageClassName}`,
        kind: 'storageClass',
        name: dv.storageClassName,
        group: 'storage',
        label: ['StorageClass', dv.storageClassName],
      }));
    } else if (claim) {
      const q = qualified(ns, claim.claimName);
      g.edge(disk, g.node({
        id: `pvc:${q}`,
        kind: 'pvc',
        name: claim.claimName,
        namespace: ns,
        group: 'storage',
        existing: true,
        label: ['PersistentVolumeClaim', q, 'existing, not created'],
      }));
    }
  }
}

function addSecrets(g: GraphBuilder, plan: ProfilePlan, vm: string, group: string): void {
  const ns = plan.namespace;
  const { networkDataSecret } = planCloudInit(plan);
  if (networkDataSecret) {
    const q = qualified(ns, networkDataSecret);
    g.edge(vm, g.node({
      id: `secret:${q}`,
      kind: 'secret',
      name: networkDataSecret,
      namespace: ns,
      group,
      label: ['Secret', q, 'cloud-init network data'],
    }), 'network data');
  }
  if (plan.sshKeySecret) {
    const q = qualified(ns, plan.sshKeySecret);
    g.edge(vm, g.node({
      id: `secret:${q}`,
      kind: 'secret',
      name: plan.sshKeySecret,
      namespace: ns,
      group: 'secrets',
      existing: true,
      label: ['Secret', q, 'SSH public keys, existing'],
    }), 'SSH keys');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mermaid

/** Mermaid shape brackets per kind: the shape tells the kind apart at a glance. */
const MERMAID_SHAPES: Record<GraphNodeKind, readonly [string, string]> = {
  profile: ['[/', '/]'],
  vm: ['[', ']'],
  interface: ['([', '])'],
  nad: ['{{', '}}'],
  podNetwork: ['{{', '}}'],
  bridge: ['(', ')'],
  nncp: ['[\\', '\\]'],
  disk: ['([', '])'],
  dataVolume: ['[(', ')]'],
  pvc: ['[(', ')]'],
  containerDisk: ['[(', ')]'],
  storageClass: ['(', ')'],
  secret: ['>', ']'],
  service: ['[[', ']]'],
};

/** Fill and stroke per kind, shared by both renderers. */
const COLORS: Record<GraphNodeKind, readonly [string, string]> = {
  profile: ['#f3e5f5', '#6a1b9a'],
  vm: ['#e3f2fd', '#1565c0'],
  interface: ['#e8f5e9', '#2e7d32'],
  nad: ['#fff8e1', '#ef6c00'],
  podNetwork: ['#fff8e1', '#ef6c00'],
  bridge: ['#fbe9e7', '#bf360c'],
  nncp: ['#fbe9e7', '#bf360c'],
  disk: ['#e0f7fa', '#00838f'],
  dataVolume: ['#e0f2f1', '#00695c'],
  pvc: ['#e0f2f1', '#00695c'],
  containerDisk: ['#e0f2f1', '#00695c'],
  storageClass: ['#eceff1', '#37474f'],
  secret: ['#fce4ec', '#ad1457'],
  service: ['#e8eaf6', '#283593'],
};

const CONFLICT_COLORS = ['#ffebee', '#c62828'] as const;

/**
 * A Mermaid identifier: letters and digits kept, every other character `_<hex>_`. Injective, so distinct ids never
 * merge, and free of characters Mermaid reads as arrows (`-`, `o`/`x` right after `--`), thanks to the prefix.
 */
export function mermaidId(prefix: string, id: string): string {
  return prefix + [...id].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `_${c.codePointAt(0)!.toString(16)}_`)).join('');
}

/**
 * Text for a quoted Mermaid label: Mermaid's `#…;` entity codes for the characters its parser or the HTML label
 * would take as syntax (`#` itself first, since entities start with it), lines joined by `<br>`.
 */
export function escapeMermaid(lines: readonly string[]): string {
  const entities: Record<string, string> = {
    '#': '#35;', '"': '#quot;', '&': '#amp;', '<': '#lt;', '>': '#gt;', '`': '#96;', '|': '#124;',
  };
  return lines.map((l) => l.replace(/[#"&<>`|]/g, (c) => entities[c])).join('<br>');
}

/** The graph as a Mermaid `flowchart LR`, one subgraph per group; renders on GitHub in a ```mermaid block. */
export function toMermaid(graph: Graph): string {
  const out = ['flowchart LR'];
  for (const group of graph.groups) {
    out.push(`  subgraph ${mermaidId('g_', group.id)}["${escapeMermaid([group.label])}"]`);
    for (const n of graph.nodes.filter((x) => x.group === group.id)) {
      const [open, close] = MERMAID_SHAPES[n.kind];
      out.push(`    ${mermaidId('n_', n.id)}${open}"${escapeMermaid(n.label)}"${close}`);
    }
    out.push('  end');
  }
  for (const e of graph.edges) {
    const label = e.label !== undefined ? `|"${escapeMermaid([e.label])}"|` : '';
    out.push(`  ${mermaidId('n_', e.from)} -->${label} ${mermaidId('n_', e.to)}`);
  }
  // One class per kind present, assigned in one statement each: short output, stable order (kinds as declared).
  for (const kind of Object.keys(COLORS) as GraphNodeKind[]) {
    const ids = graph.nodes.filter((n) => n.kind === kind).map((n) => mermaidId('n_', n.id));
    if (ids.length === 0) continue;
    out.push(`  classDef ${kind} fill:${COLORS[kind][0]},stroke:${COLORS[kind][1]},color:#000`);
    out.push(`  class ${ids.join(',')} ${kind}`);
  }
  const conflicts = graph.nodes.filter((n) => n.conflict).map((n) => mermaidId('n_', n.id));
  if (conflicts.length > 0) {
    out.push(`  classDef conflict fill:${CONFLICT_COLORS[0]},stroke:${CONFLICT_COLORS[1]},stroke-width:3px,color:#000`);
    out.push(`  class ${conflicts.join(',')} conflict`);
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Graphviz DOT

const DOT_SHAPES: Record<GraphNodeKind, string> = {
  profile: 'note',
  vm: 'box3d',
  interface: 'ellipse',
  nad: 'hexagon',
  podNetwork: 'hexagon',
  bridge: 'box',
  nncp: 'component',
  disk: 'ellipse',
  dataVolume: 'cylinder',
  pvc: 'cylinder',
  containerDisk: 'cylinder',
  storageClass: 'folder',
  secret: 'octagon',
  service: 'box',
};

/** A DOT double-quoted string: backslash and quote escaped, newlines as `\n` (centered lines). */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** The graph as Graphviz DOT (`dot -Tsvg`), one `cluster_` subgraph per group. */
export function toDot(graph: Graph): string {
  const out = [
    'digraph vmprofile {',
    '  rankdir=LR;',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const group of graph.groups) {
    out.push(`  subgraph ${dotString(`cluster_${group.id}`)} {`);
    out.push(`    label=${dotString(group.label)};`);
    for (const n of graph.nodes.filter((x) => x.group === group.id)) {
      const [fill, stroke] = n.conflict ? CONFLICT_COLORS : COLORS[n.kind];
      // Only `bridge` keeps the rounded box; other shapes would ignore "rounded" anyway.
      const style = n.kind === 'bridge' ? '"rounded,filled"' : 'filled';
      out.push(`    ${dotString(n.id)} [label=${dotString(n.label.join('\n'))}, shape=${DOT_SHAPES[n.kind]}, style=${style}, ` +
        `fillcolor=${dotString(fill)}, color=${dotString(stroke)}${n.conflict ? ', penwidth=3' : ''}];`);
    }
    out.push('  }');
  }
  for (const e of graph.edges) {
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${e.label !== undefined ? ` [label=${dotString(e.label)}]` : ''};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** How the VM is sized, for its label: vCPUs and memory, or the instancetype that gives them. */
function sizing(plan: ProfilePlan): string {
  if (plan.instancetype) return `instancetype ${plan.instancetype.name}`;
  return `${plan.cpu} vCPU, ${plan.memory}`;
}

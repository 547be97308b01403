/**
 * The two ways to synthesize profiles agree on random valid fleets: constructs (`new VirtualMachineProfile(chart, id,
 * props)` in a cdk8s App) and `synthProfiles` (the CLI's and the controller's engine, no construct tree). Fleets share
 * networks on purpose, so shared NADs, shared NNCPs and cross-profile address warnings are exercised, not only
 * one profile at a time.
 */
import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { arbLabel, arbProfile } from './arbitraries';
import { VirtualMachineProfile } from '../src/constructs/virtual-machine-profile';
import { NodeNetworkPlanner, nodeNetworkRequests } from '../src/plan/node-network';
import { planProfile } from '../src/plan/profile-plan';
import { NetworkSpec, VirtualMachineProfileManifest } from '../src/spec/profile-spec';
import { ProfileSynthError, synthApp, synthAppYaml, synthProfiles, toYamlStream } from '../src/synth/synth';
import { ValidationError } from '../src/validate/validation';

const RUNS = 200;

/**
 * Profiles of one input, the chart each goes in (non-decreasing: a chart holds consecutive profiles) and how each is
 * made: `new VirtualMachineProfile(chart, id, { metadata, spec })` or `VirtualMachineProfile.fromManifest(chart, id, doc)`.
 */
interface Fleet {
  readonly docs: VirtualMachineProfileManifest[];
  readonly charts: number[];
  readonly entries: Array<'props' | 'manifest'>;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** `networks` without their `nodeNetwork` where it contradicts what `planner` holds (the profile would be refused). */
function withoutConflictingNodeNetworks(doc: VirtualMachineProfileManifest, planner: NodeNetworkPlanner, keep: ReadonlySet<string>): void {
  for (const request of nodeNetworkRequests(planProfile(doc))) {
    if (planner.tryAdd(request).length === 0) continue;
    const network = doc.spec.networks![Number(/\[(\d+)\]/.exec(request.field)![1])];
    // A shared network keeps its nodeNetwork: dropping it would change the shared NAD and refuse the profile.
    if (!keep.has(network.name)) delete (network as { nodeNetwork?: unknown }).nodeNetwork;
  }
}

/**
 * One to four valid profiles with distinct names, in one or two namespaces (or their own), each taking some networks
 * from a common pool (the same specs, hence the same NADs and node networks) next to its own; in one chart or several.
 */
const arbFleet: fc.Arbitrary<Fleet> = fc.record({
  // A generated profile's networks are consistent with each other (node bridges, uplinks): a pool to share.
  pool: arbProfile.filter((p) => (p.spec.networks ?? []).length > 0),
  namespaces: fc.tuple(fc.option(arbLabel(20), { nil: undefined }), arbLabel(20)),
  members: fc.array(fc.record({
    doc: arbProfile,
    namespace: fc.constantFrom<'first' | 'second' | 'own'>('first', 'first', 'second', 'own'),
    shared: fc.uniqueArray(fc.nat(7), { minLength: 1, maxLength: 4 }),
    newChart: fc.boolean(),
    entry: fc.constantFrom<'props' | 'manifest'>('props', 'manifest'),
  }), { minLength: 1, maxLength: 4 }),
}).map(({ pool, namespaces, members }) => {
  // Explicit MACs would collide between the profiles that share a network (an error): those get generated ones.
  const poolNetworks: NetworkSpec[] = (pool.spec.networks ?? []).map(({ macAddress: _mac, ...n }) => n);
  const poolNames = new Set(poolNetworks.map((n) => n.name));
  const planner = new NodeNetworkPlanner();
  for (const request of nodeNetworkRequests(planProfile(pool))) planner.tryAdd(request);
  const docs: VirtualMachineProfileManifest[] = [];
  const charts: number[] = [];
  const entries: Array<'props' | 'manifest'> = [];
  members.forEach(({ doc: drawn, namespace, shared, newChart, entry }, i) => {
    const doc = clone(drawn);
    // <= 29 characters as the generator keeps them (name-disk fits 63), distinct by the suffix.
    (doc.metadata as { name: string }).name = `${doc.metadata.name.slice(0, 27)}-${i}`;
    const ns = namespace === 'first' ? namespaces[0] : namespace === 'second' ? namespaces[1] : doc.metadata.namespace;
    if (ns === undefined) delete (doc.metadata as { namespace?: string }).namespace;
    else (doc.metadata as { namespace?: string }).namespace = ns;
    const taken = [...new Set(shared.map((s) => s % poolNetworks.length))].map((s) => clone(poolNetworks[s]));
    const own = (doc.spec.networks ?? []).filter((n) => !poolNames.has(n.name));
    const networks = [...taken, ...own];
    if (networks.length > 0) (doc.spec as { networks?: NetworkSpec[] }).networks = networks;
    else delete (doc.spec as { networks?: NetworkSpec[] }).networks;
    withoutConflictingNodeNetworks(doc, planner, poolNames);
    docs.push(doc);
    charts.push(i === 0 ? 0 : charts[i - 1] + (newChart ? 1 : 0));
    entries.push(entry);
  });
  return { docs, charts, entries };
});

/** What an input gives: the objects and warnings, or the problems that refused it. */
type Outcome = { objects: any[]; warnings: string[]; yaml: string } | { refused: string[] };

/** The construct path: each profile a construct in its chart, the app through synthApp. */
function throughConstructs(fleet: Fleet): Outcome & { app?: App } {
  const app = new App();
  const charts: Chart[] = [];
  const profiles: VirtualMachineProfile[] = [];
  try {
    fleet.docs.forEach((doc, i) => {
      const chart = charts[fleet.charts[i]] ??= new Chart(app, `chart${fleet.charts[i]}`);
      const { metadata, spec } = clone(doc);
      profiles.push(fleet.entries[i] === 'props' ? new VirtualMachineProfile(chart, `profile${i}`, { metadata, spec })
        : VirtualMachineProfile.fromManifest(chart, `profile${i}`, clone(doc)));
    });
    const objects = synthApp(app);
    const warnings = profiles.flatMap((p) => p.warnings.map((w) => `Warning: ${subjectOf(p)}: ${w}`));
    return { objects, warnings, yaml: synthAppYaml(app), app };
  } catch (e) {
    if (e instanceof ValidationError) return { refused: e.message.split('\n') };
    // cdk8s's own validation (objects emitted twice): `[path] <problem>` lines. Anything else is a bug.
    const [head, ...lines] = (e as Error).message.split('\n');
    if (head !== 'Validation failed with the following errors:') throw e;
    return { refused: lines.map((l) => l.trim().replace(/^\[[^\]]*\] /, '')) };
  }
}

function subjectOf(p: VirtualMachineProfile): string {
  return `VirtualMachineProfile/${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
}

/** The fast path: the same documents through synthProfiles. */
function throughSynthProfiles(fleet: Fleet): Outcome {
  try {
    const { manifests, warnings } = synthProfiles(fleet.docs.map((doc) => ({ doc: clone(doc) })));
    return { objects: manifests, warnings, yaml: toYamlStream(manifests) };
  } catch (e) {
    if (e instanceof ProfileSynthError) return { refused: e.problems };
    throw e;
  }
}

/** A duplicate-object line without who emitted the two (a construct path on one side, a profile on the other). */
function withoutEmitters(line: string): string {
  return line.replace(/ is emitted twice, by .* and by .*: rename one$/, ' is emitted twice');
}

describe('constructs and synthProfiles give the same objects', () => {
  test(`GIVEN random fleets sharing networks WHEN synthesized both ways THEN the same objects, order, YAML and warnings, or both refuse (${RUNS} runs)`, () => {
    const seen = { synthesized: 0, refused: 0, sharedNads: 0, policies: 0, severalCharts: 0, addressWarnings: 0 };
    fc.assert(fc.property(arbFleet, (fleet) => {
      // GIVEN a fleet
      // WHEN synthesized through constructs and through synthProfiles
      const library = throughConstructs(fleet);
      const fast = throughSynthProfiles(fleet);
      // THEN both refuse, every construct-path problem among synthProfiles' (which goes on past the first profile)
      if ('refused' in fast || 'refused' in library) {
        expect('refused' in library && 'refused' in fast).toBe(true);
        const all = (fast as { refused: string[] }).refused.map(withoutEmitters);
        for (const line of (library as { refused: string[] }).refused) expect(all).toContain(withoutEmitters(line));
        seen.refused++;
        return;
      }
      // OR both give the same objects in the same order, byte for byte, the same YAML stream and the same warnings
      expect(fast.objects).toEqual(library.objects);
      expect(JSON.stringify(fast.objects)).toBe(JSON.stringify(library.objects));
      expect(fast.yaml).toBe(library.yaml);
      expect(fast.warnings).toEqual(library.warnings);
      // AND cdk8s's own app.synthYaml() reads back to them as the YAML 1.1 it writes (it leaves strings like `0o17`
      // plain, which YAML 1.2 readers and kubectl's sigs.k8s.io/yaml take for numbers; toYamlStream quotes them).
      // One fleet in ten: cdk8s's writer and the reader are most of the run's time.
      if (seen.synthesized % 10 === 0) {
        expect(parseAllDocuments(library.app!.synthYaml(), { version: '1.1' }).map((d) => d.toJS())).toEqual(fast.objects);
      }
      seen.synthesized++;
      if (fast.objects.some((o) => o.kind === 'NetworkAttachmentDefinition' && o.metadata.labels?.['vm.example.com/shared'] === 'true')) seen.sharedNads++;
      if (fast.objects.some((o) => o.kind === 'NodeNetworkConfigurationPolicy')) seen.policies++;
      if (new Set(fleet.charts).size > 1) seen.severalCharts++;
      if (fast.warnings.some((w) => w.includes('has the same address on network'))) seen.addressWarnings++;
    }), { numRuns: RUNS });
    // AND most fleets synthesize, and exercise what only fleets have (shared NADs and policies, several charts, shared addresses)
    expect(seen.synthesized).toBeGreaterThan(RUNS * 0.8);
    expect(seen.sharedNads).toBeGreaterThan(RUNS / 10);
    expect(seen.policies).toBeGreaterThan(RUNS / 2);
    expect(seen.severalCharts).toBeGreaterThan(RUNS / 5);
    expect(seen.addressWarnings).toBeGreaterThan(RUNS / 20);
  });
});

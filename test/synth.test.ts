import { App, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { arbLabelValue, arbProfile } from './arbitraries';
import { minimal, only, thrown } from './helpers';
import { DataVolume, DataVolumeSpecStorageResourcesRequests } from '../imports/cdi-cdi.kubevirt.io';
import { VirtualMachineProfile } from '../src/constructs/virtual-machine-profile';
import { VmDisk } from '../src/constructs/vm-disk';
import { VmNetwork } from '../src/constructs/vm-network';
import { VirtualMachineProfileManifest } from '../src/spec/profile-spec';
import { manifestOf, ProfileSynthError, synthApp, synthAppYaml, synthProfiles, toYamlStream } from '../src/synth/synth';
import { ValidationError } from '../src/validate/validation';
import { seedFleet } from '../tools/bench/fleet';

/** The objects of profiles in one cdk8s Chart: the library path. */
function throughChart(docs: VirtualMachineProfileManifest[]): any[] {
  const chart = Testing.chart();
  for (const doc of docs) VirtualMachineProfile.fromManifest(chart, undefined, doc);
  return Testing.synth(chart);
}

/** Profiles that exercise every kind of object: shared NADs, NNCPs (shared and not), a cloud-init Secret. */
function mixedFleet(): VirtualMachineProfileManifest[] {
  const manyNetworks = Array.from({ length: 12 }, (_, i) => ({
    name: `net${i}`,
    type: 'bridge',
    vlanId: 10 + i,
    ipConfig: { mode: 'static', address: `10.${i}.0.5/24`, gateway: i === 0 ? `10.${i}.0.1` : undefined, dnsServers: ['10.0.0.53', '10.0.1.53', '10.0.2.53'] },
  }));
  return [
    minimal({}, 'plain'),
    minimal({ networks: [{ name: 'mgmt', type: 'bridge', vlanId: 100, nodeNetwork: { uplink: 'ens3' } }] }, 'first-node-net'),
    minimal({ networks: [{ name: 'mgmt', type: 'bridge', vlanId: 100, nodeNetwork: { uplink: 'ens3' } }, { name: 'fast', type: 'sriov', nodeNetwork: { uplink: 'ens5' } }] }, 'second'),
    minimal({ networks: manyNetworks.map((n) => JSON.parse(JSON.stringify(n))) }, 'big-cloud-init'),
    ...seedFleet(3),
  ];
}

describe('synthProfiles (the CLI engine) gives the construct path\'s objects', () => {
  test('same objects, same order, for a mixed fleet', () => {
    // GIVEN profiles using shared NADs, NNCPs and a cloud-init Secret (random fleets: test/construct-parity.test.ts)
    const fleet = mixedFleet();
    // WHEN synthesized both ways
    const fast = synthProfiles(fleet.map((doc) => ({ doc }))).manifests;
    const library = throughChart(fleet);
    // THEN they are the same, and every kind is covered
    expect(fast).toEqual(library);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(library));
    expect(new Set(fast.map((o) => o.kind))).toEqual(new Set(['DataVolume', 'VirtualMachine', 'NetworkAttachmentDefinition', 'NodeNetworkConfigurationPolicy', 'Secret']));
  });

  test('the YAML stream parses back to exactly those objects', () => {
    const { manifests } = synthProfiles(mixedFleet().map((doc) => ({ doc })));
    expect(parseAllDocuments(toYamlStream(manifests)).map((d) => d.toJS())).toEqual(manifests);
  });

  test('manifestOf renders like a cdk8s ApiObject (quantities, key order, dropped undefined)', () => {
    const props = {
      metadata: { name: 'x', labels: { b: '2', a: '1' } },
      spec: { source: { blank: {} }, storage: { storageClassName: 'sc', resources: { requests: { storage: DataVolumeSpecStorageResourcesRequests.fromString('1Gi') } } } },
    };
    const chart = Testing.chart();
    new DataVolume(chart, 'dv', props);
    expect(JSON.stringify(manifestOf(DataVolume, props))).toBe(JSON.stringify(Testing.synth(chart)[0]));
  });

  test('fails: every invalid profile is reported with its source, valid ones do not hide them', () => {
    const bad1 = minimal({ cpu: 0 }, 'bad1');
    const bad2 = minimal({ memory: '1Mi' }, 'bad2');
    let error: ProfileSynthError | undefined;
    try {
      synthProfiles([{ doc: bad1, source: 'a.yaml:1' }, { doc: minimal() }, { doc: bad2, source: 'b.yaml:7' }]);
    } catch (e) { error = e as ProfileSynthError; }
    expect(error).toBeInstanceOf(ProfileSynthError);
    expect(error!.problems).toEqual([
      expect.stringMatching(/^a\.yaml:1: VirtualMachineProfile\/ns1\/bad1: spec\.cpu: /),
      expect.stringMatching(/^b\.yaml:7: VirtualMachineProfile\/ns1\/bad2: spec\.memory: /),
    ]);
  });

  test('fails: the same profile twice', () => {
    expect(() => synthProfiles([{ doc: minimal() }, { doc: minimal() }])).toThrow(/metadata\.name: Duplicate value: "vm1"/);
  });
});

describe('synthApp: linear synthesis of apps with a chart per profile', () => {
  test('gives what app.synthYaml() gives', () => {
    // GIVEN one chart per profile
    const app = new App();
    mixedFleet().forEach((doc, i) => VirtualMachineProfile.fromManifest(new Chart(app, `c${i}`), undefined, doc));
    // THEN our entry point and cdk8s agree on the objects
    const cdk8s = parseAllDocuments(app.synthYaml()).map((d) => d.toJS());
    expect(synthApp(app)).toEqual(cdk8s);
    expect(synthAppYaml(app).split(/^---$/m).map((d) => parse(d))).toEqual(cdk8s);
  });

  test('fails like cdk8s on construct validation errors', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    chart.node.addValidation({ validate: () => ['broken'] });
    expect(() => synthApp(app)).toThrow('[c] broken');
  });
});

describe('synthProfiles answers bad JavaScript input with our ValidationError', () => {

  test.each([
    ['null', null],
    ['a string', 'web.yaml'],
    ['one input, not an array', { doc: {} }],
  ])('fails: inputs %s is a ValidationError naming "inputs"', (_name, inputs) => {
    const error = thrown(() => synthProfiles(inputs as any));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([expect.objectContaining({ field: 'inputs', type: 'Invalid' })]);
  });

  test('fails: null options and a non-function onProgress', () => {
    expect((thrown(() => synthProfiles([], null as any)) as ValidationError).errors[0].field).toBe('options');
    expect((thrown(() => synthProfiles([], { onProgress: 5 } as any)) as ValidationError).message)
      .toBe('options.onProgress: Invalid value: 5: must be a function');
  });

  test('fails: null entries, holes, a non-string source and a throwing getter are reported with the valid profiles\' problems, all at once', () => {
    // GIVEN a sparse array with a null, a bad source, a throwing entry and a throwing doc, next to a bad profile
    const inputs: any[] = [null];
    inputs[2] = { doc: minimal({}, 'ok'), source: 42 };
    inputs[3] = { get doc(): never { throw new TypeError('entry boom'); } };
    inputs[4] = { doc: { apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfile', get metadata(): never { throw new TypeError('doc boom'); }, spec: {} } };
    inputs[5] = { doc: minimal({ cpu: 0 }, 'bad'), source: 'bad.yaml' };
    // WHEN synthesized
    const error = thrown(() => synthProfiles(inputs));
    // THEN one ProfileSynthError (a ValidationError) lists every problem, no TypeError
    expect(error).toBeInstanceOf(ProfileSynthError);
    expect(error).toBeInstanceOf(ValidationError);
    const lines = (error as ProfileSynthError).problems;
    expect(lines[0]).toBe('inputs[0]: Invalid value: null: must be a ProfileInput ({ doc, source? })');
    expect(lines[1]).toMatch(/^inputs\[1\]: Required value: the array has a hole here/);
    expect(lines[2]).toBe('inputs[2].source: Invalid value: 42: must be a string');
    expect(lines[3]).toBe('inputs[3]: Invalid value: could not be read: entry boom');
    expect(lines[4]).toMatch(/^VirtualMachineProfile\/<unnamed>: .*doc boom/);
    expect(lines[5]).toBe('bad.yaml: VirtualMachineProfile/ns1/bad: spec.cpu: Invalid value: 0: must be greater than 0');
    expect(lines).toHaveLength(6);
    expect((error as ProfileSynthError).errors.map((e) => e.field)).toEqual(['inputs[0]', 'inputs[1]', 'inputs[2].source', 'inputs[3]', '', 'spec.cpu']);
  });

  test('fails: toYamlStream(null) and synthApp(null) are ValidationErrors', () => {
    expect(thrown(() => toYamlStream(null as any))).toBeInstanceOf(ValidationError);
    expect(thrown(() => synthApp(null as any))).toBeInstanceOf(ValidationError);
  });
});

describe('user keys named like Object.prototype members (constructor, valueOf, ...) are kept on every path', () => {
  /** Object.prototype's member names that are valid label keys. */
  const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).filter((k) => /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(k));
  const arbPrototypeMap = fc.uniqueArray(fc.constantFrom(...PROTOTYPE_KEYS), { minLength: 1 })
    .chain((keys) => fc.tuple(...keys.map((k) => fc.tuple(fc.constant(k), arbLabelValue))))
    .map((entries) => Object.fromEntries(entries) as Record<string, string>);

  test('the keys under test include constructor, valueOf, toString and hasOwnProperty', () => {
    expect(PROTOTYPE_KEYS).toEqual(expect.arrayContaining(['constructor', 'valueOf', 'toString', 'hasOwnProperty', 'isPrototypeOf']));
  });

  test('GIVEN labels {app, constructor, value} WHEN synthesized either way THEN every object carries all three', () => {
    // GIVEN the example
    const doc = minimal({ highAvailability: { nodeSelector: { constructor: 'x', role: 'db' } } });
    (doc.metadata as { labels?: Record<string, string> }).labels = { app: 'web', constructor: 'x', value: 'y' };
    // WHEN synthesized by the CLI engine and through a Chart
    const fast = synthProfiles([{ doc }]).manifests;
    const library = throughChart([doc]);
    // THEN nothing is lost, and both paths agree byte for byte
    for (const o of fast) expect(o.metadata.labels).toEqual({ app: 'web', constructor: 'x', value: 'y', vmprofile: 'vm1' });
    expect(only(fast, 'VirtualMachine').spec.template.spec.nodeSelector).toEqual({ constructor: 'x', role: 'db' });
    expect(JSON.stringify(library)).toBe(JSON.stringify(fast));
    // AND the YAML stream writes and reads them back
    expect(toYamlStream(fast)).toContain('constructor: x');
    expect(parseAllDocuments(toYamlStream(fast)).map((d) => d.toJS())).toEqual(fast);
  });

  test('GIVEN random valid profiles with such keys in labels and selectors WHEN synthesized THEN kept, on both paths alike (200 runs)', () => {
    fc.assert(fc.property(arbProfile, arbPrototypeMap, arbPrototypeMap, (base, labels, selector) => {
      // GIVEN a valid profile whose labels, HA nodeSelector and node-network selectors get prototype-named keys
      const doc: any = JSON.parse(JSON.stringify(base));
      doc.metadata.labels = Object.assign({}, doc.metadata.labels, labels);
      const ha = doc.spec.highAvailability;
      doc.spec.highAvailability = Object.assign({}, ha, { nodeSelector: Object.assign({}, ha?.nodeSelector, selector) });
      for (const n of doc.spec.networks ?? []) {
        if (n.nodeNetwork) n.nodeNetwork.nodeSelector = Object.assign({}, n.nodeNetwork.nodeSelector, selector);
      }
      // WHEN synthesized both ways
      const fast = synthProfiles([{ doc }]).manifests;
      const library = throughChart([JSON.parse(JSON.stringify(doc))]);
      // THEN every object of the profile has the labels, every selector the keys, and the paths agree
      for (const o of fast.filter((m) => m.kind !== 'NodeNetworkConfigurationPolicy' && !m.metadata.labels?.['vm.example.com/shared'])) {
        expect(o.metadata.labels).toEqual(expect.objectContaining(labels));
      }
      const vm = only(fast, 'VirtualMachine');
      expect(vm.spec.template.metadata.labels).toEqual(expect.objectContaining(labels));
      expect(vm.spec.template.spec.nodeSelector).toEqual(expect.objectContaining(selector));
      for (const p of fast.filter((m) => m.kind === 'NodeNetworkConfigurationPolicy')) expect(p.spec.nodeSelector).toEqual(expect.objectContaining(selector));
      expect(JSON.stringify(library)).toBe(JSON.stringify(fast));
    }), { numRuns: 200 });
  });

  test('GIVEN a VmNetwork and a VmDisk labelled {constructor} WHEN synthesized THEN the label is kept', () => {
    const chart = Testing.chart();
    new VmNetwork(chart, 'Net', { name: 'mgmt', type: 'bridge', labels: { constructor: 'c', valueOf: 'v' } });
    new VmDisk(chart, 'Disk', { name: 'd', dataVolumeName: 'dv', size: '1Gi', storageClassName: 'sc', labels: { constructor: 'c' } });
    const [nad, dv] = Testing.synth(chart);
    expect(nad.metadata.labels).toEqual({ constructor: 'c', valueOf: 'v' });
    expect(dv.metadata.labels).toEqual({ constructor: 'c' });
  });
});

describe('synthProfiles: MACs and static IPs across the whole input', () => {
  const withNet = (name: string, net: Record<string, unknown>) => minimal({ networks: [{ name: 'mgmt', type: 'bridge', ...net } as any] }, name);

  test('fails: the same macAddress in two profiles is an error naming both', () => {
    let error: ProfileSynthError | undefined;
    try {
      synthProfiles([
        { doc: withNet('a', { macAddress: '02:00:00:00:00:01' }), source: 'a.yaml' },
        { doc: withNet('b', { macAddress: '02:00:00:00:00:01' }), source: 'b.yaml' },
      ]);
    } catch (e) { error = e as ProfileSynthError; }
    expect(error?.problems).toEqual([expect.stringMatching(/^b\.yaml: VirtualMachineProfile\/ns1\/b: spec\.networks\[0\]\.macAddress: Duplicate value: "02:00:00:00:00:01": already used by VirtualMachineProfile\/ns1\/a \(spec\.networks\[0\]\)/)]);
  });

  test('GIVEN the same static IP on the same network in two profiles WHEN synthesized THEN a warning', () => {
    const ip = { ipConfig: { mode: 'static', address: '10.0.0.5/24' } };
    const { warnings } = synthProfiles([{ doc: withNet('a', ip) }, { doc: withNet('b', ip) }]);
    expect(warnings).toContainEqual(expect.stringMatching(/^Warning: VirtualMachineProfile\/ns1\/b: spec\.networks\[0\]\.ipConfig\.address \("10\.0\.0\.5\/24"\): VirtualMachineProfile\/ns1\/a .* same address on network ns1\/mgmt-nad/));
  });
});

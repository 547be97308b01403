import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { App, Chart, Testing } from 'cdk8s';
import * as ts from 'typescript';
import { parse } from 'yaml';
import { fakeIo } from './cli-io';
import { runCrd } from '../src/cli/crd-command';
import { CrdSchema, PROFILE_CRD_NAME, profileCrdManifest, profileOpenApiSchema, VirtualMachineProfileCrd } from '../src/commands/crd';
import { isQuantity } from '../src/validate/quantity';

const crd = profileCrdManifest();
const version = crd.spec.versions[0];
const schema: CrdSchema = version.schema.openAPIV3Schema;
const spec = schema.properties!.spec;
const status = schema.properties!.status;

/** Every schema node with its path (`spec.networks[].name`). */
function nodes(node: CrdSchema, at = ''): Array<[string, CrdSchema]> {
  const out: Array<[string, CrdSchema]> = [[at, node]];
  for (const [k, child] of Object.entries(node.properties ?? {})) out.push(...nodes(child, at ? `${at}.${k}` : k));
  if (node.items) out.push(...nodes(node.items, `${at}[]`));
  if (node.additionalProperties) out.push(...nodes(node.additionalProperties, `${at}{}`));
  return out;
}
const rulesAt = (node: CrdSchema): string[] => (node['x-kubernetes-validations'] ?? []).map((r) => r.rule);

describe('CRD identity', () => {
  test('names, scope and version', () => {
    // GIVEN the manifest THEN it is the namespaced virtualmachineprofiles.vm.example.com, v1alpha1 served and stored
    expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(crd.kind).toBe('CustomResourceDefinition');
    expect(crd.metadata.name).toBe('virtualmachineprofiles.vm.example.com');
    expect(PROFILE_CRD_NAME).toBe(crd.metadata.name);
    expect(crd.spec.group).toBe('vm.example.com');
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.names).toEqual({
      kind: 'VirtualMachineProfile',
      listKind: 'VirtualMachineProfileList',
      plural: 'virtualmachineprofiles',
      singular: 'virtualmachineprofile',
      shortNames: ['vmprofile', 'vmp'],
      categories: ['all'],
    });
    expect(crd.spec.versions).toHaveLength(1);
    expect(version).toMatchObject({ name: 'v1alpha1', served: true, storage: true, subresources: { status: {} } });
  });

  test('printer columns', () => {
    // THEN kubectl get shows phase, sizing, VM (wide), node and age
    expect(version.additionalPrinterColumns.map((c: any) => [c.name, c.type, c.jsonPath, c.priority ?? 0])).toEqual([
      ['Phase', 'string', '.status.phase', 0],
      ['CPU', 'integer', '.spec.cpu', 0],
      ['Memory', 'string', '.spec.memory', 0],
      ['VM', 'string', '.status.vmName', 1],
      ['Node', 'string', '.status.nodeName', 0],
      ['Age', 'date', '.metadata.creationTimestamp', 0],
    ]);
  });

  test('is deterministic and returns fresh objects', () => {
    // WHEN built twice THEN equal, byte for byte, and not shared
    const a = profileCrdManifest();
    const b = profileCrdManifest();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a).not.toBe(b);
    a.spec.names.shortNames.push('x');
    expect(profileCrdManifest().spec.names.shortNames).toEqual(['vmprofile', 'vmp']);
  });
});

describe('spec schema', () => {
  test('required fields and types', () => {
    expect(schema.required).toEqual(['spec']);
    // cpu and memory are required without an instancetype and forbidden with one: CEL says both, so no required list
    expect(spec.required).toBeUndefined();
    expect(rulesAt(spec)).toEqual(expect.arrayContaining([
      'has(self.instancetype) || has(self.cpu)', '!has(self.instancetype) || !has(self.cpu)',
      'has(self.instancetype) || has(self.memory)', '!has(self.instancetype) || !has(self.memory)',
    ]));
    expect(spec.properties!.instancetype.required).toEqual(['name']);
    expect(spec.properties!.instancetype.properties!.kind.enum).toEqual(['VirtualMachineClusterInstancetype', 'VirtualMachineInstancetype']);
    expect(spec.properties!.preference.properties!.kind.enum).toEqual(['VirtualMachineClusterPreference', 'VirtualMachinePreference']);
    expect(spec.properties!.cpu).toMatchObject({ type: 'integer', minimum: 1 });
    expect(spec.properties!.networks.items!.required).toEqual(['name', 'type']);
    expect(spec.properties!.networks.items!.properties!.ipConfig.required).toEqual(['mode']);
    expect(spec.properties!.disks.items!.required).toEqual(['name']);
    expect(rulesAt(spec.properties!.disks.items!)).toContain('has(self.claimName) || has(self.size)');
    expect(spec.properties!.networks.items!.properties!.vlanId).toMatchObject({ type: 'integer', minimum: 1, maximum: 4094 });
  });

  test('enums come from the spec constants', () => {
    const net = spec.properties!.networks.items!.properties!;
    expect(net.type.enum).toEqual(['bridge', 'macvlan', 'sriov', 'ovs']);
    expect(net.ipConfig.properties!.mode.enum).toEqual(['static', 'dhcp', 'dhcp6', 'slaac']);
    expect(spec.properties!.highAvailability.properties!.restartPolicy.enum).toEqual(['Always', 'OnFailure', 'Never']);
    expect(spec.properties!.startStrategy.properties!.runStrategy.enum).toEqual(['Always', 'RerunOnFailure', 'Manual']);
  });

  test('networks and disks are list-maps keyed by name', () => {
    for (const list of [spec.properties!.networks, spec.properties!.disks]) {
      expect(list['x-kubernetes-list-type']).toBe('map');
      expect(list['x-kubernetes-list-map-keys']).toEqual(['name']);
      expect(list.items!.required).toContain('name');
    }
  });

  test('quantities: pattern agrees with quantity.ts and CEL sets the minimum', () => {
    // GIVEN samples WHEN matched by the CRD pattern THEN the same verdict as isQuantity
    const memory = spec.properties!.memory;
    const re = new RegExp(memory.pattern!);
    for (const s of ['8Gi', '512Mi', '1.5Gi', '.5G', '1e3', '100m', '+1Ki', '8GB', '8 Gi', 'Gi', '', '1.2.3', '5K']) {
      expect([s, re.test(s)]).toEqual([s, isQuantity(s)]);
    }
    expect(rulesAt(memory)).toEqual(["!isQuantity(self) || quantity(self).compareTo(quantity('512Mi')) >= 0"]);
    expect(rulesAt(spec.properties!.disks.items!.properties!.size)).toEqual(["!isQuantity(self) || quantity(self).compareTo(quantity('1Gi')) >= 0"]);
  });

  test('cross-field CEL rules are present, each with a message', () => {
    const net = spec.properties!.networks.items!;
    const all = nodes(schema).flatMap(([, n]) => n['x-kubernetes-validations'] ?? []);
    for (const r of all) expect(r.message.length).toBeGreaterThan(0);
    expect(rulesAt(net.properties!.ipConfig)).toEqual(expect.arrayContaining([
      "self.mode != 'static' || has(self.address)",
      "self.mode == 'static' || !has(self.address)",
      "self.mode == 'static' || !has(self.gateway)",
    ]));
    expect(rulesAt(net)).toEqual(expect.arrayContaining([
      "self.type != 'macvlan' || !has(self.vlanId)",
      "self.type != 'ovs' || has(self.bridgeName) || !(!has(self.nadName) || self.nadName == '')",
    ]));
    expect(rulesAt(spec.properties!.disks)).toEqual(['self.filter(d, has(d.boot) && d.boot).size() <= 1']);
    expect(rulesAt(spec).join('\n')).toContain("self.highAvailability.restartPolicy == 'Never' && self.startStrategy.runStrategy == 'Manual'");
    expect(rulesAt(spec.properties!.startStrategy)[0]).toContain("self.runStrategy != 'Manual'");
  });
});

describe('status schema', () => {
  test('phase, names, conditions, networks and volumes as the spec documents them, and the generations the controller writes', () => {
    const p = status.properties!;
    expect(Object.keys(p)).toEqual(['phase', 'vmName', 'nodeName', 'observedGeneration', 'conditions', 'networks', 'volumes']);
    expect(p.observedGeneration).toMatchObject({ type: 'integer', format: 'int64', minimum: 0 });
    expect(p.phase.enum).toEqual(['Pending', 'Creating', 'Running', 'Stopped', 'Error']);
    const cond = p.conditions.items!;
    expect(p.conditions['x-kubernetes-list-map-keys']).toEqual(['type']);
    expect(Object.keys(cond.properties!).sort()).toEqual(['lastTransitionTime', 'message', 'observedGeneration', 'reason', 'status', 'type']);
    expect(cond.properties!.status.enum).toEqual(['True', 'False', 'Unknown']);
    expect(cond.properties!.lastTransitionTime.format).toBe('date-time');
    expect(Object.keys(p.networks.items!.properties!)).toEqual(['name', 'interface', 'ipAddress', 'macAddress', 'nadName']);
    expect(Object.keys(p.volumes.items!.properties!)).toEqual(['name', 'pvcName', 'bound', 'size']);
    expect(p.volumes.items!.properties!.bound.type).toBe('boolean');
  });
});

describe('a valid apiextensions v1 CRD', () => {
  test('the schema is structural', () => {
    // GIVEN every node WHEN checked against the structural-schema rules of apiextensions v1 THEN none is broken
    const problems: string[] = [];
    for (const [at, n] of nodes(schema)) {
      if (!n.type && !n['x-kubernetes-int-or-string']) problems.push(`${at}: no type`);
      if (n.properties && n.additionalProperties) problems.push(`${at}: properties and additionalProperties together`);
      if ((n as any).additionalProperties === false) problems.push(`${at}: additionalProperties false is forbidden`);
      if ((n as any).uniqueItems) problems.push(`${at}: uniqueItems is forbidden`);
      for (const k of ['$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'nullable', 'default']) if (k in n) problems.push(`${at}: ${k}`);
      if (n.type === 'array' && !n.items) problems.push(`${at}: array without items`);
      if (n['x-kubernetes-list-type'] === 'map') {
        if (n.items?.type !== 'object') problems.push(`${at}: list-map of non-objects`);
        for (const key of n['x-kubernetes-list-map-keys'] ?? []) {
          if (!n.items?.required?.includes(key)) problems.push(`${at}: list-map key ${key} not required`);
          if (!['string', 'integer', 'boolean'].includes(n.items?.properties?.[key]?.type ?? '')) problems.push(`${at}: list-map key ${key} not scalar`);
        }
      }
      for (const r of n.required ?? []) if (!n.properties?.[r]) problems.push(`${at}: required ${r} not a property`);
      if (n.pattern) expect(() => new RegExp(n.pattern!, 'u')).not.toThrow();
      if (n.pattern && /\(\?[=!<]|\\[1-9]/.test(n.pattern)) problems.push(`${at}: pattern not RE2`);
      for (const r of n['x-kubernetes-validations'] ?? []) {
        if (r.fieldPath && !resolves(n, r.fieldPath)) problems.push(`${at}: fieldPath ${r.fieldPath} does not exist`);
      }
    }
    // Only name may be constrained in metadata.
    expect(Object.keys(schema.properties!.metadata.properties ?? {})).toEqual(['name']);
    // kube-apiserver refuses a CRD whose metadata schema specifies anything else, a description included.
    expect(schema.properties!.metadata.description).toBeUndefined();
    expect(problems).toEqual([]);
  });

  test('every list and string a CEL rule can read is bounded (CEL cost budget)', () => {
    // GIVEN each node under a rule WHEN it is a list or a free string THEN it has maxItems / maxLength
    const unbounded: string[] = [];
    const check = (n: CrdSchema, at: string): void => {
      if (n.type === 'array' && n.maxItems === undefined) unbounded.push(`${at}: maxItems`);
      if (n.type === 'string' && !n.enum && n.maxLength === undefined && !n.format) unbounded.push(`${at}: maxLength`);
      for (const [k, c] of Object.entries(n.properties ?? {})) check(c, `${at}.${k}`);
      if (n.items) check(n.items, `${at}[]`);
    };
    check(spec, 'spec');
    check(status, 'status');
    expect(unbounded).toEqual([]);
  });

  const K8S_DEFINITIONS = path.join(__dirname, '..', '..', 'shared', 'schemas', 'k8s', 'v1.36.0', '_definitions.json');
  if (!fs.existsSync(K8S_DEFINITIONS)) {
    // eslint-disable-next-line no-console
    console.warn(`*** SKIPPED conformance: ${K8S_DEFINITIONS} not found; the CRD was NOT checked against Kubernetes' schema ***`);
  }
  (fs.existsSync(K8S_DEFINITIONS) ? test : test.skip)('the manifest validates against the Kubernetes v1.36 CustomResourceDefinition schema', () => {
    // GIVEN the upstream OpenAPI definitions, closed to unknown fields WHEN the CRD is validated THEN no error
    const file = K8S_DEFINITIONS;
    const defs = JSON.parse(fs.readFileSync(file, 'utf8')).definitions;
    const closed = (n: any): any => {
      if (typeof n !== 'object' || n === null) return n;
      const out: any = Array.isArray(n) ? n.map(closed) : Object.fromEntries(Object.entries(n).map(([k, v]) => [k, closed(v)]));
      if (!Array.isArray(n) && n.properties && n.additionalProperties === undefined) out.additionalProperties = false;
      return out;
    };
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    addFormats(ajv);
    ajv.addSchema({ definitions: closed(defs) }, 'k8s');
    const validate = ajv.compile({ $ref: 'k8s#/definitions/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition' });
    const ok = validate(crd);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});

/** True when `.a.b` names properties below `node`. */
function resolves(node: CrdSchema, fieldPath: string): boolean {
  let n: CrdSchema | undefined = node;
  for (const part of fieldPath.replace(/^\./, '').split('.')) n = n?.properties?.[part];
  return n !== undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// One source of truth: the schema against the TypeScript types and their TSDoc.

interface TsField {
  readonly optional: boolean;
  readonly doc: string;
  readonly type: ts.Type;
}

const program = ts.createProgram([path.join(__dirname, '..', 'src', 'commands', 'crd.ts')], { strict: true, skipLibCheck: true, noEmit: true });
const checker = program.getTypeChecker();

function rootType(): ts.Type {
  const file = program.getSourceFile(path.join(__dirname, '..', 'src', 'commands', 'crd.ts'))!;
  const decl = file.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'VirtualMachineProfileResource')!;
  return checker.getTypeAtLocation(decl);
}

/** TypeScript keeps symbol and type facts in bit flags. */
// eslint-disable-next-line no-bitwise
const hasFlag = (flags: number, flag: number): boolean => (flags & flag) !== 0;

/** TSDoc's first paragraph, as the schema description must be. */
function firstParagraph(symbol: ts.Symbol): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ').trim();
}

function fieldsOf(type: ts.Type): Map<string, TsField> {
  const out = new Map<string, TsField>();
  for (const p of checker.getPropertiesOfType(type)) {
    out.set(p.name, {
      optional: hasFlag(p.flags, ts.SymbolFlags.Optional),
      doc: firstParagraph(p),
      type: checker.getNonNullableType(checker.getTypeOfSymbol(p)),
    });
  }
  return out;
}

/** Differences between a TS type and a schema node, recursively; `metadata` is the API server's. */
function drift(type: ts.Type, node: CrdSchema, at: string): string[] {
  const out: string[] = [];
  if (checker.isArrayType(type)) {
    if (node.type !== 'array') return [`${at}: TS array, schema ${node.type}`];
    return drift(checker.getTypeArguments(type as ts.TypeReference)[0], node.items!, `${at}[]`);
  }
  if (hasFlag(type.flags, ts.TypeFlags.String)) return node.type === 'string' ? [] : [`${at}: TS string, schema ${node.type}`];
  if (hasFlag(type.flags, ts.TypeFlags.Number)) return node.type === 'integer' || node.type === 'number' ? [] : [`${at}: TS number, schema ${node.type}`];
  if (hasFlag(type.flags, ts.TypeFlags.Boolean)) return node.type === 'boolean' ? [] : [`${at}: TS boolean, schema ${node.type}`];
  if (checker.getIndexInfosOfType(type).length > 0 && checker.getPropertiesOfType(type).length === 0) {
    return node.type === 'object' && node.additionalProperties?.type === 'string' ? [] : [`${at}: TS string map, schema not`];
  }
  if (node.type !== 'object' || !node.properties) return [`${at}: TS object, schema ${node.type}`];
  const fields = fieldsOf(type);
  const isMetadata = at === 'metadata';
  for (const [name, f] of fields) {
    const child = node.properties[name];
    const where = at ? `${at}.${name}` : name;
    if (!child) {
      if (!isMetadata) out.push(`${where}: in the TS type, not in the schema`);
      continue;
    }
    const serverOwned = (at === '' && name !== 'spec') || isMetadata;
    if ((node.required ?? []).includes(name) === f.optional && !serverOwned) {
      out.push(`${where}: required in ${f.optional ? 'the schema' : 'TS'} only`);
    }
    // kube-apiserver refuses a CRD whose metadata schema has anything but name and generateName, a description too.
    if (where !== 'metadata' && (child.description ?? '') !== f.doc) out.push(`${where}: description ${JSON.stringify(child.description)} should be the TSDoc ${JSON.stringify(f.doc)}`);
    out.push(...drift(f.type, child, where));
  }
  for (const name of Object.keys(node.properties)) {
    if (!fields.has(name)) out.push(`${at ? `${at}.` : ''}${name}: in the schema, not in the TS type`);
  }
  return out;
}

describe('one source of truth', () => {
  test('every property, its required-ness, type and description match profile-spec.ts and status.ts', () => {
    // GIVEN the TS types (VirtualMachineProfileResource = manifest + status) parsed by the compiler
    // WHEN compared with the schema node by node THEN nothing drifted (apiVersion/kind/metadata are set by
    // the API server, so only spec's required-ness is compared at the root, and none in metadata)
    const root = rootType();
    expect(drift(root, profileOpenApiSchema(), '')).toEqual([]);
    const rootDoc = ts.displayPartsToString(root.getSymbol()!.getDocumentationComment(checker));
    expect(schema.description).toBe(rootDoc);
  });

  test('the drift check catches a changed description', () => {
    // GIVEN a schema whose cpu description was edited WHEN compared THEN the drift is reported
    const edited: any = profileOpenApiSchema();
    edited.properties.spec.properties.cpu.description = 'CPUs.';
    expect(drift(rootType(), edited, '').join('\n')).toContain('spec.cpu: description "CPUs."');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('VirtualMachineProfileCrd construct', () => {
  test('renders exactly the manifest through the typed binding', () => {
    // GIVEN a chart WHEN the construct is added THEN it synthesizes one object equal to profileCrdManifest()
    const chart = Testing.chart();
    const c = new VirtualMachineProfileCrd(chart, 'Crd');
    const out = Testing.synth(chart);
    expect(out).toHaveLength(1);
    expect(out[0]).toEqual(profileCrdManifest());
    expect(c.node.defaultChild?.node.id).toBe('Resource');
  });

  test('synthesizes the same YAML twice', () => {
    const synth = (): string => {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'crd-')) });
      new VirtualMachineProfileCrd(new Chart(app, 'c'), 'Crd');
      return app.synthYaml();
    };
    expect(synth()).toBe(synth());
  });
});

describe('vmprofile crd', () => {
  test('prints YAML by default and JSON with -o json', async () => {
    // WHEN run without flags THEN YAML that parses to the manifest
    const io = fakeIo();
    expect(await runCrd([], io)).toBe(0);
    expect(parse(io.out)).toEqual(profileCrdManifest());
    const json = fakeIo();
    expect(await runCrd(['-o', 'json'], json)).toBe(0);
    expect(JSON.parse(json.out)).toEqual(profileCrdManifest());
  });

  test('refuses other formats and prints help', async () => {
    await expect(runCrd(['-o', 'wide'], fakeIo())).rejects.toThrow('allowed formats are: json,yaml');
    const io = fakeIo();
    expect(await runCrd(['--help'], io)).toBe(0);
    expect(io.out).toContain('vmprofile crd [-o yaml|json]');
  });
});

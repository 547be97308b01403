/**
 * Parity of the CRD with `validateProfile`: every document of test/profile-corpus.ts goes through
 * (a) the CRD as the API server would apply it: the structural schema (ajv) plus the CEL rules (cel-js with
 *     shims for the Kubernetes CEL libraries the rules use), list-map key uniqueness and API routing, and
 * (b) `validateProfile` from src/validate/validation.ts,
 * and both must accept or both refuse, naming the same field.
 */
import * as nodeModule from 'node:module';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { CorpusCase, INVALID_PROFILES, VALID_PROFILES, InvalidCase } from './profile-corpus';
import { CrdSchema, profileCrdManifest, profileOpenApiSchema } from '../src/commands/crd';
import { PROFILE_API_VERSION, PROFILE_KIND } from '../src/spec/profile-spec';
import { parseCidr, parseIP, IpAddress, cidrContains, Cidr } from '../src/validate/ip-address';
import { isQuantity, parseQuantity } from '../src/validate/quantity';
import { validateProfile } from '../src/validate/validation';

/** A rule the real API server enforces but this harness does not emulate, and why. */
export interface ServerSideOnlyRule {
  readonly rule: string;
  readonly reason: string;
}

/** What the API server checks beyond what ajv + cel-js reproduce here. */
export const SERVER_SIDE_ONLY_RULES: readonly ServerSideOnlyRule[] = [
  { rule: 'metadata (labels, annotations, namespace, unknown fields)', reason: 'ObjectMeta is validated by the generic registry, not by the CRD schema; validateProfile checks the same syntax' },
  { rule: 'CEL cost budget', reason: 'only the API server estimates rule cost at CRD creation; crd.test.ts checks that every list and string CEL reads is bounded' },
  { rule: 'null values', reason: 'the API server prunes nulls of non-nullable fields before validation; validateProfile refuses them ("omit the field instead")' },
];

/** A validateProfile rule the CRD cannot (or deliberately does not) express, and why. */
export const VALIDATOR_ONLY_RULES: readonly ServerSideOnlyRule[] = [
  { rule: 'metadata.labels[vmprofile] is reserved', reason: 'CEL can read only metadata.name and generateName' },
  { rule: 'metadata.generateName is forbidden', reason: 'the CRD schema may constrain generateName but then the API server generates the name; refused by the CLI only' },
  { rule: 'macAddress unique among networks and distinct from the generated ones', reason: 'the generated MAC is a SHA-256 of namespace/profile/network; pairwise comparison over 256 networks exceeds the CEL cost budget' },
  { rule: 'image and osImage reference grammar (distribution/reference, http(s) URL), osImage registry-only without a boot disk', reason: 'docker\'s lowercase-repository rule and URL parsing do not fit an RE2 pattern; the CRD bounds the length only' },
  { rule: 'label and node-selector keys are qualified names', reason: 'map keys have no maxLength, so a CEL rule over them has an unbounded cost' },
  { rule: 'quantities beyond int64', reason: 'the API server represents them exactly' },
  { rule: 'ipConfig.addresses unique and distinct from address', reason: 'comparing IPs pairwise exceeds the CEL cost budget (next to the dnsServers rule)' },
  { rule: 'warnings (cpu > 64, more than 8 networks or 16 disks, more than 3 DNS servers, live-migration hints)', reason: 'warnings never refuse a document' },
];

/** Limits of the CRD that validateProfile does not have (it has no reason to): documents beyond them differ. */
export const CRD_ONLY_LIMITS: readonly ServerSideOnlyRule[] = [
  { rule: 'at most 16 dnsServers per network, 64 tolerations', reason: 'the CEL cost estimator needs bounded lists' },
];

/** Corpus cases on which the two are allowed to disagree, with the reason. Keep it empty if you can. */
const KNOWN_DIVERGENCES: Record<string, string> = {};

// ---------------------------------------------------------------------------------------------------------------
// cel-js, loaded through Node's own loader: it is ESM-only and jest's CommonJS runtime cannot require it.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cel = (nodeModule as any)._load(require.resolve('@marcbachmann/cel-js'), null, false);
/** cel-js matches plain values by constructor, so lists must be arrays of its realm, not jest's. */
const HostArray: ArrayConstructor = cel.evaluate('[1]').constructor;

/** JSON data as CEL values: integers are CEL ints (BigInt), objects are prototype-less maps. */
function toCel(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (Array.isArray(value)) return HostArray.from(value.map(toCel));
  if (typeof value === 'object' && value !== null) {
    const map = Object.create(null);
    for (const [k, v] of Object.entries(value)) map[k] = toCel(v);
    return map;
  }
  return value;
}

// Shims of the Kubernetes CEL libraries the rules use (k8s.io/apiserver/pkg/cel/library: quantity, ip, cidr,
// strings). IPs and CIDRs parse like Go's net/netip, minus IPv4-mapped IPv6, which Kubernetes refuses.
class Quantity {
  constructor(public readonly value: number) {}
}
class IP {
  constructor(public readonly addr: IpAddress) {}
}
class CIDR {
  constructor(public readonly cidr: Cidr) {}
}
const isMapped = (a: IpAddress): boolean =>
  a.family === 6 && a.bytes.slice(0, 10).every((b) => b === 0) && a.bytes[10] === 0xff && a.bytes[11] === 0xff;
const k8sIp = (s: string): IpAddress | undefined => {
  const a = parseIP(s);
  return a && !isMapped(a) ? a : undefined;
};
const k8sCidr = (s: string): Cidr | undefined => {
  const c = parseCidr(s);
  return c && !isMapped(c.address) ? c : undefined;
};
function fail(what: string): never {
  throw new Error(what);
}
const isLinkLocalUnicast = (a: IpAddress): boolean => (a.family === 4
  ? a.bytes[0] === 169 && a.bytes[1] === 254
  : a.bytes[0] === 0xfe && a.bytes[1] >= 0x80 && a.bytes[1] < 0xc0); // fe80::/10
const isGlobalUnicast = (a: IpAddress): boolean => {
  const b = a.bytes;
  if (b.every((x) => x === 0) || isLinkLocalUnicast(a)) return false;
  if (a.family === 4) return b[0] !== 127 && !(b[0] >= 224 && b[0] <= 239) && !b.every((x) => x === 255);
  return !(b.slice(0, 15).every((x) => x === 0) && b[15] === 1) && b[0] !== 0xff;
};
const sameIp = (a: IP, b: IP): boolean => a.addr.family === b.addr.family && a.addr.bytes.every((x, i) => x === b.addr.bytes[i]);

const env = new cel.Environment({ unlistedVariablesAreDyn: true })
  .registerType('Quantity', Quantity)
  .registerType('IP', IP)
  .registerType('CIDR', CIDR)
  .registerFunction('isQuantity(string): bool', (s: string) => isQuantity(s))
  .registerFunction('quantity(string): Quantity', (s: string) => new Quantity(isQuantity(s) ? parseQuantity(s)! : fail(`invalid quantity ${s}`)))
  .registerFunction('Quantity.compareTo(Quantity): int', (a: Quantity, b: Quantity) => BigInt(Math.sign(a.value - b.value)))
  // apimachinery: isInteger says whether asInteger succeeds (a whole number within int64)
  .registerFunction('Quantity.isInteger(): bool', (a: Quantity) => Number.isInteger(a.value) && Math.abs(a.value) < 2 ** 63)
  .registerFunction('Quantity.asInteger(): int', (a: Quantity) => (Number.isInteger(a.value) ? BigInt(a.value) : fail(`${a.value} is not an integer`)))
  .registerFunction('isIP(string): bool', (s: string) => k8sIp(s) !== undefined)
  .registerFunction('ip(string): IP', (s: string) => new IP(k8sIp(s) ?? fail(`invalid IP ${s}`)))
  .registerFunction('IP.family(): int', (a: IP) => BigInt(a.addr.family))
  .registerFunction('IP.isGlobalUnicast(): bool', (a: IP) => isGlobalUnicast(a.addr))
  .registerFunction('IP.isLinkLocalUnicast(): bool', (a: IP) => isLinkLocalUnicast(a.addr))
  .registerOperator('IP == IP', sameIp)
  .registerFunction('isCIDR(string): bool', (s: string) => k8sCidr(s) !== undefined)
  .registerFunction('cidr(string): CIDR', (s: string) => new CIDR(k8sCidr(s) ?? fail(`invalid CIDR ${s}`)))
  .registerFunction('CIDR.ip(): IP', (c: CIDR) => new IP(c.cidr.address))
  .registerFunction('CIDR.containsIP(string): bool', (c: CIDR, s: string) => cidrContains(c.cidr, k8sIp(s) ?? fail(`invalid IP ${s}`)))
  .registerFunction('CIDR.containsIP(IP): bool', (c: CIDR, i: IP) => cidrContains(c.cidr, i.addr));
// cel-js has the strings extension (lowerAscii, indexOf) built in.

// ---------------------------------------------------------------------------------------------------------------
// The CRD side

/** One refusal, by field path. */
interface Refusal {
  readonly field: string;
  readonly message: string;
}

/**
 * The schema for ajv: objects with properties refuse unknown fields (kubectl's default server-side
 * `fieldValidation=Strict`) except metadata, which the API server owns.
 */
function ajvSchema(node: CrdSchema, isMetadata = false): any {
  const out: any = { ...node };
  if (node.properties) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, ajvSchema(v, node === root && k === 'metadata')]));
    if (!isMetadata && !node.additionalProperties) out.additionalProperties = false;
  }
  if (node.items) out.items = ajvSchema(node.items);
  if (node.additionalProperties) out.additionalProperties = ajvSchema(node.additionalProperties);
  if (node['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  return out;
}

const root = profileOpenApiSchema();
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateSchema = ajv.compile(ajvSchema(root));

/** `/spec/networks/0/vlanId` as `spec.networks[0].vlanId`. */
function fieldOf(instancePath: string, child?: string): string {
  const parts = instancePath.split('/').slice(1).concat(child !== undefined ? [child] : []);
  return parts.reduce((path, p) => (/^[0-9]+$/.test(p) ? `${path}[${p}]` : path ? `${path}.${p}` : p), '');
}

function schemaRefusals(doc: unknown): Refusal[] {
  if (validateSchema(doc)) return [];
  return (validateSchema.errors ?? []).map((e) => ({
    field: fieldOf(e.instancePath, (e.params as any).missingProperty ?? (e.params as any).additionalProperty),
    message: e.message ?? e.keyword,
  }));
}

function typeMatches(node: CrdSchema, value: unknown): boolean {
  switch (node.type) {
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
    default: return true;
  }
}

/** CEL rules and list-map keys, walked along the schema like the API server's validators. */
function celRefusals(node: CrdSchema, value: unknown, path: string): Refusal[] {
  if (value === undefined || !typeMatches(node, value)) return [];
  const out: Refusal[] = [];
  for (const rule of node['x-kubernetes-validations'] ?? []) {
    let ok: unknown;
    try {
      ok = env.evaluate(rule.rule, { self: toCel(value) });
    } catch (e) {
      ok = `error: ${(e as Error).message}`;
    }
    if (ok !== true) {
      const rel = (rule.fieldPath ?? '').replace(/^\./, '');
      out.push({ field: [path, rel].filter(Boolean).join('.'), message: ok === false ? rule.message : String(ok) });
    }
  }
  if (node.properties) {
    for (const [k, child] of Object.entries(node.properties)) out.push(...celRefusals(child, (value as any)[k], path ? `${path}.${k}` : k));
  }
  if (node.additionalProperties) {
    for (const [k, v] of Object.entries(value as object)) out.push(...celRefusals(node.additionalProperties, v, `${path}[${k}]`));
  }
  if (node.items) {
    const items = value as unknown[];
    items.forEach((v, i) => out.push(...celRefusals(node.items!, v, `${path}[${i}]`)));
    const keys = node['x-kubernetes-list-map-keys'];
    if (node['x-kubernetes-list-type'] === 'map' && keys) {
      const seen = new Set<string>();
      items.forEach((v, i) => {
        const key = JSON.stringify(keys.map((k) => (v as any)?.[k]));
        if (seen.has(key)) out.push({ field: `${path}[${i}].${keys[0]}`, message: 'Duplicate value' });
        seen.add(key);
      });
    }
  }
  return out;
}

/** What the API server would say to `kubectl apply --server-side` of the document. */
function crdRefusals(doc: any): Refusal[] {
  const routing: Refusal[] = [];
  if (doc?.apiVersion !== PROFILE_API_VERSION) routing.push({ field: 'apiVersion', message: 'no such resource' });
  if (doc?.kind !== PROFILE_KIND) routing.push({ field: 'kind', message: 'no such resource' });
  if (typeof doc?.metadata?.name !== 'string') routing.push({ field: 'metadata.name', message: 'name is required' });
  return [...routing, ...schemaRefusals(doc), ...celRefusals(root, doc, '')];
}

/** Paths compared with map keys and indexes written alike (`a[k]` = `a.k`). */
const norm = (p: string): string => p.replace(/\[([^\]]*)\]/g, '.$1');

// ---------------------------------------------------------------------------------------------------------------

describe('corpus', () => {
  test('is big enough and its names are unique', () => {
    // GIVEN the corpus THEN it has the promised size, and names identify cases
    expect(VALID_PROFILES.length).toBeGreaterThanOrEqual(30);
    expect(INVALID_PROFILES.length).toBeGreaterThanOrEqual(40);
    const names = [...VALID_PROFILES, ...INVALID_PROFILES].map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test('known divergences name existing cases, and still diverge', () => {
    // GIVEN each documented divergence WHEN both sides judge it THEN they still disagree (else delete the entry)
    const cases = new Map<string, CorpusCase>([...VALID_PROFILES, ...INVALID_PROFILES].map((c) => [c.name, c]));
    for (const name of Object.keys(KNOWN_DIVERGENCES)) {
      const c = cases.get(name);
      expect(c).toBeDefined();
      const expected = (c as InvalidCase).field;
      const crd = crdRefusals(c!.doc).map((r) => norm(r.field));
      const validator = validateProfile(c!.doc).errors.map((e) => norm(e.field));
      const crdOk = expected === undefined ? crd.length === 0 : crd.includes(norm((c as InvalidCase).crdField ?? expected));
      const validatorOk = expected === undefined ? validator.length === 0 : validator.includes(norm(expected));
      expect([name, crdOk, validatorOk]).not.toEqual([name, true, true]);
      expect([name, 'CRD', crdOk]).toEqual([name, 'CRD', true]);
    }
  });
});

describe('CRD and validateProfile agree', () => {
  test.each(VALID_PROFILES.filter((c) => !KNOWN_DIVERGENCES[c.name]).map((c) => [c.name, c] as const))('accept: %s', (_name, c) => {
    // WHEN a valid document goes through both THEN neither refuses it
    expect(crdRefusals(c.doc)).toEqual([]);
    expect(validateProfile(c.doc).errors).toEqual([]);
  });

  test.each(INVALID_PROFILES.filter((c) => !KNOWN_DIVERGENCES[c.name]).map((c) => [c.name, c] as const))('refuse: %s', (_name, c: InvalidCase) => {
    // WHEN an invalid document goes through both THEN both refuse it, naming the broken field
    const crd = crdRefusals(c.doc).map((r) => norm(r.field));
    const validator = validateProfile(c.doc).errors.map((e) => norm(e.field));
    expect(crd).toContain(norm(c.crdField ?? c.field));
    expect(validator).toContain(norm(c.field));
  });
});

describe('the harness itself', () => {
  test('CEL shims follow the Kubernetes libraries', () => {
    // GIVEN expressions with known Kubernetes results THEN the shims give the same
    const t = (expr: string): unknown => env.evaluate(expr, {});
    expect(t("quantity('1Gi').compareTo(quantity('1024Mi'))")).toBe(0n);
    expect(t("quantity('0.5Gi').compareTo(quantity('512Mi')) >= 0")).toBe(true);
    expect(t("isCIDR('192.168.1.10/24') && cidr('192.168.1.10/24').containsIP('192.168.1.1')")).toBe(true);
    expect(t("cidr('10.0.0.0/8').containsIP('2001:db8::1')")).toBe(false);
    expect(t("isIP('::ffff:10.0.0.1')")).toBe(false);
    expect(t("ip('2001:db8::1') == ip('2001:DB8:0::1')")).toBe(true);
    expect(t("ip('fe80::1').isLinkLocalUnicast() && !ip('fe80::1').isGlobalUnicast()")).toBe(true);
    expect(t("'AB:cd'.lowerAscii()")).toBe('ab:cd');
  });

  test('every CEL rule compiles against the shims', () => {
    // GIVEN every rule of the CRD WHEN parsed THEN none is a syntax error or calls an unknown function
    const rules: string[] = [];
    const collect = (n: CrdSchema): void => {
      n['x-kubernetes-validations']?.forEach((r) => rules.push(r.rule));
      Object.values(n.properties ?? {}).forEach(collect);
      if (n.items) collect(n.items);
      if (n.additionalProperties) collect(n.additionalProperties);
    };
    collect(profileCrdManifest().spec.versions[0].schema.openAPIV3Schema);
    expect(rules.length).toBeGreaterThan(20);
    for (const rule of rules) expect(() => env.parse(rule)).not.toThrow();
  });

  test('an unknown field is refused, as with fieldValidation=Strict', () => {
    // GIVEN a valid doc with a typo WHEN checked THEN the typo is named
    const doc = structuredClone(VALID_PROFILES[0].doc);
    doc.spec.highAvailability.antiAfinity = true;
    expect(crdRefusals(doc).map((r) => r.field)).toContain('spec.highAvailability.antiAfinity');
  });
});

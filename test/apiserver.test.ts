/**
 * The real Kubernetes API server (kube-apiserver v1.36 + etcd, built by test/envtest) judges what we ship:
 * the upstream CRDs and ours reach Established; every object synthesized from examples/ and a random fleet is
 * applied with server-side apply and read back whole (nothing pruned); the server's CEL rules and validateProfile
 * agree on the corpus; `kubectl get vmprofile` shows the documented columns and `status -o patch` is accepted.
 * With VMPROFILE_TEST_KUBECONFIG the same checks run against a user's cluster with server-side dry-run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { arbProfile } from './arbitraries';
import { KubeClient } from './envtest/kube-client';
import { suiteEnv } from './envtest/suite-env';
import { cluster, profile as statusProfile, RUNNING } from './fixtures/status/cluster';
import { assumedInstancetypes, instancetypeCrds } from './instancetypes';
import { INVALID_PROFILES, VALID_PROFILES } from './profile-corpus';
import { statusPatch } from '../src/cli/status-command';
import { profileCrdManifest, PROFILE_CRD_NAME } from '../src/commands/crd';
import { deriveStatus } from '../src/commands/status';
import { synthProfiles } from '../src/synth/synth';
import { validateProfile } from '../src/validate/validation';

const env = suiteEnv();
if (env.skip && process.env.CI === 'true') throw new Error(`the real-API-server suite cannot be skipped in CI: ${env.skip}`);
const describeServer: jest.Describe = env.skip ? describe.skip : describe;
const UPSTREAM_CRDS = path.resolve(__dirname, '..', '..', 'shared', 'schemas', 'crds');
const MANAGER = 'vmprofile-conformance';
const FLEET_SIZE = 300;

/** Invalid corpus cases the server accepts: rules only validateProfile checks, each with its reason. */
const LIBRARY_ONLY: Record<string, string> = {};

/** Prints one figure line into the CI log. */
function report(line: string): void {
  process.stdout.write(`apiserver conformance: ${line}\n`);
}

/** Every leaf of `sent` must be in `got` with the same value; returns the paths that are not, and counts leaves. */
function missingFields(sent: unknown, got: unknown, at: string, out: string[], counter: { leaves: number }): void {
  if (Array.isArray(sent)) {
    if (!Array.isArray(got) || got.length !== sent.length) {
      out.push(`${at}: sent ${sent.length} items, read back ${JSON.stringify(got)?.slice(0, 200)}`);
      return;
    }
    sent.forEach((v, i) => missingFields(v, got[i], `${at}[${i}]`, out, counter));
  } else if (typeof sent === 'object' && sent !== null) {
    if (typeof got !== 'object' || got === null) {
      out.push(`${at}: pruned`);
      return;
    }
    for (const [k, v] of Object.entries(sent)) {
      if (!(k in got)) out.push(`${at}.${k}: pruned`);
      else missingFields(v, (got as any)[k], `${at}.${k}`, out, counter);
    }
  } else {
    counter.leaves++;
    if (sent !== got) out.push(`${at}: sent ${JSON.stringify(sent)}, read back ${JSON.stringify(got)}`);
  }
}

/** What the server stores for an object we send: a Secret's stringData is written into data. */
function expectedStored(obj: any): any {
  if (obj.kind !== 'Secret' || !obj.stringData) return obj;
  const { stringData, ...rest } = obj;
  const data = { ...(rest.data ?? {}) };
  for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  return { ...rest, data };
}

function statusText(res: { status: number; body: any }): string {
  return `HTTP ${res.status}: ${typeof res.body === 'object' ? res.body.message : String(res.body).slice(0, 500)}`;
}

/**
 * The CRD validator names a map entry `nodeSelector.zone` where validateProfile writes `nodeSelector[zone]` (the
 * apimachinery form for built-in types); compare them as one.
 */
function mapKeysAsFields(field: string): string {
  return field.replace(/\[([^\]0-9][^\]]*)\]/g, '.$1');
}

/** The fields a refusal names: its Status causes, or the unknown fields of a strict-decoding error (HTTP 400). */
function serverRefusedFields(status: any): string[] {
  const causes: string[] = (status?.details?.causes ?? []).map((x: any) => x.field).filter(Boolean);
  const unknown = [...String(status?.message ?? '').matchAll(/unknown field "([^"]+)"/g)].map((m) => m[1]);
  return [...causes, ...unknown].map(mapKeysAsFields);
}

describeServer('the real API server', () => {
  let kube: KubeClient;
  const dryRun = env.dryRun === true;

  async function ensureNamespaces(namespaces: Iterable<string>): Promise<void> {
    for (const ns of new Set(namespaces)) {
      const res = await kube.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      if (![201, 409].includes(res.status)) throw new Error(`namespace ${ns}: ${statusText(res)}`);
    }
  }

  async function establish(crd: any): Promise<void> {
    const res = await kube.apply(crd, MANAGER, { dryRun });
    if (res.status !== 200 && res.status !== 201) throw new Error(`CRD ${crd.metadata.name}: ${statusText(res)}`);
    if (dryRun) return;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const got = await kube.request('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`);
      const cond = (got.body.status?.conditions ?? []).find((c: any) => c.type === 'Established');
      if (cond?.status === 'True') return;
      if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata.name} not Established: ${JSON.stringify(got.body.status?.conditions)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** kubectl puts a namespaced object without a namespace into its context's namespace, `default` here. */
  function inDefaultNamespace(obj: any): any {
    return obj.metadata && !obj.metadata.namespace && kube.isNamespaced(obj.apiVersion, obj.kind)
      ? { ...obj, metadata: { ...obj.metadata, namespace: 'default' } } : obj;
  }

  beforeAll(async () => {
    kube = KubeClient.fromKubeconfig(env.kubeconfig!);
    await kube.discover(['v1', 'apiextensions.k8s.io/v1']);
  });
  afterAll(() => kube?.close());

  test('GIVEN the upstream CRDs and ours WHEN they are created THEN each reaches Established', async () => {
    const files = fs.readdirSync(UPSTREAM_CRDS).filter((f) => f.endsWith('.yaml')).sort();
    expect(files.length).toBeGreaterThanOrEqual(8);
    const namespacedInstancetypes = instancetypeCrds().filter((c) => c.spec.scope === 'Namespaced');
    const crds = [...files.map((f) => parse(fs.readFileSync(path.join(UPSTREAM_CRDS, f), 'utf8'))), ...namespacedInstancetypes, profileCrdManifest()];
    for (const crd of crds) await establish(crd);
    report(`${crds.length} CRDs ${dryRun ? 'accepted (dry-run)' : 'Established'}: ${crds.map((c) => c.metadata.name).join(', ')}`);
    await kube.discover(['v1', 'kubevirt.io/v1', 'cdi.kubevirt.io/v1beta1', 'k8s.cni.cncf.io/v1', 'nmstate.io/v1', 'vm.example.com/v1alpha1',
      'instancetype.kubevirt.io/v1beta1']);
  }, 120_000);

  test('GIVEN examples/ and a random fleet WHEN every synthesized object is server-side applied THEN it reads back with every field we sent', async () => {
    const examples = fs.readdirSync(path.join(__dirname, '..', 'examples')).filter((f) => f.endsWith('.yaml'))
      .map((f) => parse(fs.readFileSync(path.join(__dirname, '..', 'examples', f), 'utf8')));
    // Each random profile gets an instancetype of its own name, which is created before its VM (instancetypes.ts).
    const fleet = fc.sample(arbProfile, { numRuns: FLEET_SIZE, seed: 1313 }).map((doc: any, i) => (doc.spec.instancetype
      ? { ...doc, spec: { ...doc.spec, instancetype: { ...doc.spec.instancetype, name: `${doc.spec.instancetype.name}-${i}` } } } : doc));
    const profiles = [...examples, ...fleet];
    const objects = profiles.flatMap((doc) => [...assumedInstancetypes(doc), ...synthProfiles([{ doc }]).manifests]).map(inDefaultNamespace);
    await ensureNamespaces(objects.map((o) => o.metadata.namespace).filter(Boolean));
    const problems: string[] = [];
    const counter = { leaves: 0 };
    // Random profiles may render an object another one rendered (same namespace and name): the first is applied, as
    // CDI refuses a changed DataVolume spec ("Cannot update DataVolume Spec").
    const applied = new Set<string>();
    const admitted: Record<string, number> = {};
    let collisions = 0;
    for (const obj of objects) {
      const id = `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
      if (applied.has(id)) {
        collisions++;
        continue;
      }
      applied.add(id);
      const res = await kube.apply(obj, MANAGER, { dryRun });
      if (res.status !== 200 && res.status !== 201) {
        problems.push(`${id}: refused: ${statusText(res)}`);
        continue;
      }
      admitted[obj.kind] = (admitted[obj.kind] ?? 0) + 1;
      const readBack = dryRun ? res.body : (await kube.get(obj)).body;
      const missing: string[] = [];
      missingFields(expectedStored(obj), readBack, id, missing, counter);
      problems.push(...missing);
    }
    report(`${profiles.length} profiles (${examples.length} examples + ${fleet.length} random) → ${objects.length} objects applied, `
      + `${counter.leaves} fields compared, ${problems.length} problems (pruned or changed fields, refusals); ${collisions} repeated objects skipped`);
    report(`admitted (through the cluster's admission webhooks: KubeVirt's and CDI's own in the test cluster): ${
      Object.entries(admitted).sort().map(([kind, n]) => `${n} ${kind}`).join(', ')}`);
    expect(problems).toEqual([]);
    expect(objects.length).toBeGreaterThan(FLEET_SIZE);
  }, 600_000);

  test('GIVEN the corpus WHEN each profile is created THEN the server and validateProfile agree, on the same field path', async () => {
    await ensureNamespaces([...VALID_PROFILES, ...INVALID_PROFILES].map((c) => c.doc?.metadata?.namespace).filter((n) => typeof n === 'string'));
    const disagreements: string[] = [];
    const serverAcceptedInvalid: string[] = [];
    for (const c of VALID_PROFILES) {
      const res = await kube.create(inDefaultNamespace(c.doc), { dryRun: true });
      if (res.status !== 201) disagreements.push(`${c.name}: valid for validateProfile, server refused: ${statusText(res)}`);
    }
    for (const c of INVALID_PROFILES) {
      const ours = validateProfile(c.doc).errors.map((e) => e.field);
      expect(ours.length).toBeGreaterThan(0);
      if (!kube.knows(c.doc.apiVersion, c.doc.kind)) {
        // No such resource on the server: it answers 404, a refusal of the document's apiVersion or kind.
        if (!['apiVersion', 'kind'].includes(c.field)) disagreements.push(`${c.name}: refused on ${c.field}, but the server has no ${c.doc.apiVersion} ${c.doc.kind}`);
        continue;
      }
      const res = await kube.create(inDefaultNamespace(c.doc), { dryRun: true });
      if (res.status === 201) {
        serverAcceptedInvalid.push(c.name);
        if (!LIBRARY_ONLY[c.name]) disagreements.push(`${c.name}: refused by validateProfile on ${c.field}, accepted by the server (not listed in LIBRARY_ONLY)`);
        continue;
      }
      const serverFields = serverRefusedFields(res.body);
      const expected = mapKeysAsFields(c.crdField ?? c.field);
      if (!serverFields.some((f) => f === expected || f.startsWith(`${expected}.`) || f.startsWith(`${expected}[`) || expected.startsWith(f))) {
        disagreements.push(`${c.name}: validateProfile refuses ${ours.join(', ')}; the server refuses ${serverFields.join(', ') || statusText(res)}`);
      }
    }
    for (const name of Object.keys(LIBRARY_ONLY)) {
      if (!serverAcceptedInvalid.includes(name)) disagreements.push(`${name}: listed in LIBRARY_ONLY but the server refuses it now`);
    }
    report(`CEL parity corpus: ${VALID_PROFILES.length} valid + ${INVALID_PROFILES.length} invalid profiles, `
      + `${serverAcceptedInvalid.length} library-only refusals, ${disagreements.length} disagreements`);
    expect(disagreements).toEqual([]);
  }, 300_000);

  const liveOnly = dryRun ? test.skip : test;
  liveOnly('GIVEN a profile WHEN its status -o patch is written to the status subresource THEN it reads back and kubectl get shows the documented columns', async () => {
    const doc: any = statusProfile();
    await ensureNamespaces([doc.metadata.namespace]);
    const created = await kube.create(doc);
    expect(created.status).toBe(201);
    const patch = statusPatch(deriveStatus(doc, cluster(RUNNING)));
    const patched = await kube.request('PATCH', `${kube.objectPath(doc)}/status`, patch, { 'Content-Type': 'application/merge-patch+json' });
    expect(patched.status).toBe(200);
    const readBack = (await kube.get(doc)).body;
    const missing: string[] = [];
    missingFields(JSON.parse(JSON.stringify(patch.status, (_k, v) => (v === null ? undefined : v))), readBack.status, 'status', missing, { leaves: 0 });
    expect(missing).toEqual([]);
    expect(readBack.status.phase).toBe('Running');

    const table = (await kube.request('GET', kube.objectPath(doc), undefined, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })).body;
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Phase', 'CPU', 'Memory', 'VM', 'Node', 'Age']);
    expect(table.columnDefinitions.filter((c: any) => c.priority === 1).map((c: any) => c.name)).toEqual(['VM']);
    const [nameCell, phase, cpu, memory, vm, node] = table.rows[0].cells;
    expect([nameCell, phase, cpu, memory, vm, node]).toEqual([doc.metadata.name, 'Running', doc.spec.cpu, doc.spec.memory, readBack.status.vmName, readBack.status.nodeName]);
    const crd = await kube.request('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${PROFILE_CRD_NAME}`);
    expect(crd.body.spec.versions[0].subresources.status).toEqual({});
  }, 60_000);
});

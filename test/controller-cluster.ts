/**
 * The test cluster of the controller suites: the real API server of jest's global setup (test/envtest), the CRDs
 * the controller watches, and helpers that play KubeVirt's and CDI's part by writing the status they would write.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { KubeClient, KubeResponse } from './envtest/kube-client';
import { suiteEnv } from './envtest/suite-env';
import { profileCrdManifest } from '../src/commands/crd';

const UPSTREAM_CRDS = path.resolve(__dirname, '..', '..', 'shared', 'schemas', 'crds');
const CRD_FILES = [
  'kubevirt.io_virtualmachines.yaml', 'kubevirt.io_virtualmachineinstances.yaml', 'cdi.kubevirt.io_datavolumes.yaml',
  'k8s.cni.cncf.io_network-attachment-definitions.yaml', 'nmstate.io_nodenetworkconfigurationpolicies.yaml',
];
/** The field manager the tests write with (the "user", KubeVirt and CDI). */
export const TEST_MANAGER = 'controller-suite';

/** Why the suite cannot run here, if it cannot (no Go, or a user's cluster where nothing may be created). */
export function skipReason(): string | undefined {
  const env = suiteEnv();
  if (env.skip) return env.skip;
  if (env.dryRun) return 'a user cluster (VMPROFILE_TEST_KUBECONFIG): the controller suite creates objects';
  if (!fs.existsSync(UPSTREAM_CRDS)) return `${UPSTREAM_CRDS} not found`;
  return undefined;
}

export function kubeconfig(): string {
  return suiteEnv().kubeconfig!;
}

/** The client, with the CRDs installed and Established (idempotent: other suites share the server). */
export async function testCluster(file = kubeconfig()): Promise<KubeClient> {
  const kube = KubeClient.fromKubeconfig(file);
  await kube.discover(['v1', 'apiextensions.k8s.io/v1', 'coordination.k8s.io/v1']);
  const crds = [...CRD_FILES.map((f) => parse(fs.readFileSync(path.join(UPSTREAM_CRDS, f), 'utf8'))), profileCrdManifest()];
  for (const crd of crds) {
    const res = await kube.apply(crd, TEST_MANAGER);
    if (res.status >= 300) throw new Error(`CRD ${crd.metadata.name}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  }
  for (const crd of crds) {
    await eventually(`CRD ${crd.metadata.name} Established`, async () => {
      const got = await kube.request('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`);
      return (got.body.status?.conditions ?? []).some((c: any) => c.type === 'Established' && c.status === 'True');
    });
  }
  await kube.discover(['kubevirt.io/v1', 'cdi.kubevirt.io/v1beta1', 'k8s.cni.cncf.io/v1', 'nmstate.io/v1', 'vm.example.com/v1alpha1']);
  return kube;
}

/** Creates a namespace (no error when it exists). */
export async function namespace(kube: KubeClient, name: string): Promise<string> {
  const res = await kube.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  if (![201, 409].includes(res.status)) throw new Error(`namespace ${name}: HTTP ${res.status}`);
  return name;
}

/** Polls `check` until it returns a truthy value; fails with `what` and the last value after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await check();
      if (last) return last as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The profiles of an examples/ YAML file, put into `ns`. */
export function exampleProfiles(file: string, ns: string): any[] {
  const text = fs.readFileSync(path.resolve(__dirname, '..', 'examples', file), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJSON()).filter((d) => d?.kind === 'VirtualMachineProfile')
    .map((d) => ({ ...d, metadata: { ...d.metadata, namespace: ns } }));
}

/** GET one object; undefined on 404. */
export async function read(kube: KubeClient, apiVersion: string, kind: string, ns: string | undefined, name: string): Promise<any> {
  const res = await kube.get({ apiVersion, kind, metadata: { name, namespace: ns } });
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`GET ${kind} ${name}: HTTP ${res.status}`);
  return res.body;
}

/** Writes `status` of an object through its status subresource, as KubeVirt or CDI would. */
export async function writeStatus(kube: KubeClient, apiVersion: string, kind: string, ns: string, name: string, status: any): Promise<KubeResponse> {
  const res = await kube.request('PATCH', `${kube.objectPath({ apiVersion, kind, metadata: { name, namespace: ns } })}/status`,
    { status }, { 'Content-Type': 'application/merge-patch+json' });
  if (res.status !== 200) throw new Error(`status of ${kind} ${name}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/** A profile's status, once its observedGeneration is current and `test` holds. */
export async function profileStatus(
  kube: KubeClient, ns: string, name: string, test: (status: any) => boolean = () => true, timeoutMs?: number,
): Promise<any> {
  return eventually(`status of ${ns}/${name}`, async () => {
    const p = await read(kube, 'vm.example.com/v1alpha1', 'VirtualMachineProfile', ns, name);
    const s = p?.status;
    return s && s.observedGeneration === p.metadata.generation && test(s) ? s : undefined;
  }, timeoutMs);
}

/** The VMI KubeVirt would create for a running VM, with the status virt-handler writes (its CRD has no status subresource). */
export async function runVmi(kube: KubeClient, vm: any, node = 'worker-1'): Promise<void> {
  const ns = vm.metadata.namespace;
  const name = vm.metadata.name;
  const interfaces = vm.spec.template.spec.domain.devices.interfaces ?? [];
  const created = await kube.create({
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name, namespace: ns, labels: vm.spec.template.metadata?.labels },
    spec: vm.spec.template.spec,
    status: {
      phase: 'Running',
      nodeName: node,
      interfaces: interfaces.map((i: any, n: number) => ({ name: i.name, mac: i.macAddress, interfaceName: `eth${n}`, ipAddress: `192.0.2.${10 + n}` })),
    },
  });
  if (created.status !== 201) throw new Error(`VMI ${name}: HTTP ${created.status} ${JSON.stringify(created.body)}`);
  await writeStatus(kube, 'kubevirt.io/v1', 'VirtualMachine', ns, name, {
    printableStatus: 'Running',
    ready: true,
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-12-01T10:00:00Z' }],
  });
}

/** Binds the PVC CDI would create for a DataVolume and marks the import done. */
export async function bindDisk(kube: KubeClient, dv: any): Promise<void> {
  const ns = dv.metadata.namespace;
  const name = dv.metadata.name;
  const size = dv.spec.storage?.resources?.requests?.storage ?? dv.spec.pvc?.resources?.requests?.storage ?? '1Gi';
  const res = await kube.create({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: ns },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } },
  });
  if (res.status !== 201 && res.status !== 409) throw new Error(`PVC ${name}: HTTP ${res.status}`);
  await writeStatus(kube, 'v1', 'PersistentVolumeClaim', ns, name, { phase: 'Bound', capacity: { storage: size }, accessModes: ['ReadWriteOnce'] });
  await writeStatus(kube, 'cdi.kubevirt.io/v1beta1', 'DataVolume', ns, name, { phase: 'Succeeded', progress: '100.0%' });
}

/** Every object of `kind` in `ns` (`ns` undefined: cluster-wide). */
export async function listAll(kube: KubeClient, apiVersion: string, kind: string, ns?: string, labelSelector?: string): Promise<any[]> {
  const q = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : '';
  const res = await kube.request('GET', `${kube.collectionPath(apiVersion, kind, ns)}${q}`);
  if (res.status !== 200) throw new Error(`list ${kind}: HTTP ${res.status}`);
  return res.body.items;
}

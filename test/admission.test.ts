/**
 * KubeVirt's and CDI's own admission code judges what we render: the test cluster (test/envtest) runs virt-api
 * v1.9.0's VirtualMachine mutator and validators and CDI's DataVolume validator (envtest/webhooks), registered as
 * virt-operator and cdi-operator register them. Here: they are live, and validateProfile agrees with them on a corpus
 * of near-miss profiles (test/admission-corpus.ts). The fleet of examples/ and random profiles goes through the same
 * webhooks in test/apiserver.test.ts.
 */
import { ADMISSION_CASES, AdmissionCase, baseProfile } from './admission-corpus';
import { eventually, namespace, skipReason, testCluster } from './controller-cluster';
import { KubeClient, KubeResponse } from './envtest/kube-client';
import { instancetypeCrds } from './instancetypes';
import { DataVolume } from '../imports/cdi-cdi.kubevirt.io';
import { VirtualMachine } from '../imports/kubevirt-vm-kubevirt.io';
import { planProfile } from '../src/plan/profile-plan';
import { dataVolumeProps } from '../src/render/data-volume';
import { SharedNetworks } from '../src/render/network-attachment-definition';
import { renderProfile } from '../src/render/render-profile';
import { manifestOf } from '../src/synth/synth';
import { validateProfile } from '../src/validate/validation';

const skip = skipReason();
if (skip && process.env.CI === 'true' && !process.env.VMPROFILE_TEST_KUBECONFIG) throw new Error(`the admission suite cannot be skipped in CI: ${skip}`);
const describeCluster: jest.Describe = skip ? describe.skip : describe;

function report(line: string): void {
  process.stdout.write(`admission: ${line}\n`);
}

/** A profile's VM and DataVolumes as the renderer writes them, without validation (near-misses are invalid). */
function renderUnchecked(doc: any): any[] {
  const plan = planProfile(doc);
  const objects: any[] = [];
  renderProfile(plan, doc.metadata.name, new SharedNetworks(), {
    nad: () => undefined,
    nodeNetwork: () => undefined,
    secret: () => undefined,
    dataVolume: (disk) => objects.push(manifestOf(DataVolume, dataVolumeProps(disk, plan.namespace, plan.labels))),
    virtualMachine: (props) => objects.push(manifestOf(VirtualMachine, props)),
    service: () => undefined,
  });
  return objects;
}

/** The webhook that refused a request, from the API server's message (`admission webhook "X" denied the request: ...`). */
function refusingWebhook(res: KubeResponse): string | undefined {
  return /admission webhook "([^"]+)" denied/.exec(String(res.body?.message ?? ''))?.[1];
}

function refusalText(res: KubeResponse): string {
  const causes = (res.body?.details?.causes ?? []).map((c: any) => `${c.field}: ${c.message}`);
  return `HTTP ${res.status}: ${res.body?.message ?? ''}${causes.length > 0 ? ` [${causes.join('; ')}]` : ''}`;
}

describeCluster('KubeVirt and CDI admission', () => {
  let kube: KubeClient;

  /** Creates `objects` with server-side dry-run (the webhooks run, nothing is stored); the first refusal, if any. */
  async function admit(objects: readonly any[]): Promise<{ refused?: KubeResponse; object?: any }> {
    for (const object of objects) {
      const res = await kube.create(object, { dryRun: true });
      if (res.status !== 201) return { refused: res, object };
    }
    return {};
  }

  beforeAll(async () => {
    kube = await testCluster();
    for (const crd of instancetypeCrds()) {
      const res = await kube.apply(crd, 'admission-suite');
      if (res.status >= 300) throw new Error(`CRD ${crd.metadata.name}: ${refusalText(res)}`);
    }
    await eventually('the instancetype CRDs Established', async () => {
      await kube.discover(['instancetype.kubevirt.io/v1beta1']);
      return kube.knows('instancetype.kubevirt.io/v1beta1', 'VirtualMachineClusterInstancetype');
    });
    await namespace(kube, 'admission');
  }, 120_000);
  afterAll(() => kube?.close());

  test('GIVEN the test cluster WHEN its webhook configurations are read THEN KubeVirt\'s and CDI\'s are registered for VMs, VMIs and DataVolumes', async () => {
    const validating = (await kube.request('GET', '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations')).body.items;
    const mutating = (await kube.request('GET', '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations')).body.items;
    const rules = (configs: any[]): string[] => configs.flatMap((c: any) => c.webhooks.map((w: any) =>
      `${w.name} ${w.rules.map((r: any) => `${r.operations.join('+')}:${r.resources.join(',')}`).join(' ')} ${w.failurePolicy}`)).sort();
    expect(rules(validating)).toEqual(expect.arrayContaining([
      'datavolume-validate.cdi.kubevirt.io CREATE+UPDATE:datavolumes Fail',
      'virtualmachine-validator.kubevirt.io CREATE+UPDATE:virtualmachines Fail',
      'virtualmachineinstances-create-validator.kubevirt.io CREATE:virtualmachineinstances Fail',
    ]));
    expect(rules(mutating)).toEqual(expect.arrayContaining(['virtualmachines-mutator.kubevirt.io CREATE+UPDATE:virtualmachines Fail']));
    report(`${rules(validating).length} validating and ${rules(mutating).length} mutating webhooks registered: ${[...rules(validating), ...rules(mutating)].join('; ')}`);
  });

  test('GIVEN a VM that sets both running and runStrategy WHEN it is created THEN KubeVirt\'s validator refuses it with its own message', async () => {
    const [vm] = renderUnchecked(baseProfile()).filter((o) => o.kind === 'VirtualMachine');
    const res = await kube.create({ ...vm, spec: { ...vm.spec, running: true } }, { dryRun: true });
    expect(res.status).toBe(422);
    expect(refusingWebhook(res)).toBe('virtualmachine-validator.kubevirt.io');
    expect(res.body.message).toContain('Running and RunStrategy are mutually exclusive');
  });

  test('GIVEN the base profile of the corpus WHEN its objects are created THEN KubeVirt and CDI admit them', async () => {
    const doc = baseProfile();
    expect(validateProfile(doc).errors).toEqual([]);
    const { refused, object } = await admit(renderUnchecked(doc));
    expect(refused ? `${object.kind}: ${refusalText(refused)}` : 'admitted').toBe('admitted');
  });

  test('GIVEN near-miss profiles WHEN validateProfile and the upstream webhooks judge each THEN both refuse it, on the same defect', async () => {
    await kube.apply({
      apiVersion: 'instancetype.kubevirt.io/v1beta1',
      kind: 'VirtualMachineClusterInstancetype',
      metadata: { name: 'u1.medium' },
      spec: { cpu: { guest: 1 }, memory: { guest: '4Gi' } },
    }, 'admission-suite');
    const disagreements: string[] = [];
    const byWebhook: Record<string, number> = {};
    for (const c of ADMISSION_CASES) {
      const ours = validateProfile(c.doc).errors.map((e) => e.field);
      if (!ours.includes(c.field)) disagreements.push(`${c.name}: validateProfile should refuse ${c.field}, refuses [${ours.join(', ')}]`);
      const objects = upstreamObjects(c);
      const { refused } = await admit(objects);
      const webhook = refused && refusingWebhook(refused);
      if (!c.upstream) {
        if (refused) disagreements.push(`${c.name}: listed as library-only (${c.why}), but upstream refuses it now: ${refusalText(refused)}`);
        continue;
      }
      if (!refused) {
        disagreements.push(`${c.name}: ${c.upstream.webhook} should refuse it, but KubeVirt and CDI admit it`);
      } else if (webhook !== c.upstream.webhook || !refusalText(refused).includes(c.upstream.names)) {
        disagreements.push(`${c.name}: expected ${c.upstream.webhook} naming ${c.upstream.names}; got ${refusalText(refused)}`);
      } else {
        byWebhook[webhook] = (byWebhook[webhook] ?? 0) + 1;
      }
    }
    const libraryOnly = ADMISSION_CASES.filter((c) => !c.upstream).length;
    report(`parity corpus: ${ADMISSION_CASES.length} near-miss profiles, refused by ${Object.entries(byWebhook).map(([w, n]) => `${w} ${n}`).join(', ')}; `
      + `${libraryOnly} library-only; ${disagreements.length} disagreements`);
    expect(disagreements).toEqual([]);
  }, 120_000);

  function upstreamObjects(c: AdmissionCase): any[] {
    if (!c.patchObjects) return renderUnchecked(c.doc);
    const objects = renderUnchecked(baseProfile());
    c.patchObjects(objects);
    return objects;
  }
});

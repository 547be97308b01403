/**
 * Instancetypes and preferences for the test cluster. KubeVirt's VM webhook applies a VM's instancetype before it
 * validates the VM, and validates the VM alone when the instancetype is missing (then a VM without memory is
 * refused): a test that creates VMs with instancetypes must create what they name first.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const UPSTREAM_CRDS = path.resolve(__dirname, '..', '..', 'shared', 'schemas', 'crds');
const GROUP = 'instancetype.kubevirt.io';

/**
 * The four instancetype/preference CRDs. ../shared holds the cluster-scoped two; the namespaced ones have the same
 * schema upstream (one Go spec type each pair), so they are derived from them here rather than stored.
 */
export function instancetypeCrds(): any[] {
  const cluster = ['virtualmachineclusterinstancetypes', 'virtualmachineclusterpreferences']
    .map((plural) => parse(fs.readFileSync(path.join(UPSTREAM_CRDS, `${GROUP}_${plural}.yaml`), 'utf8')));
  const namespaced = cluster.map((crd) => {
    const kind = crd.spec.names.kind.replace('Cluster', '');
    const plural = crd.spec.names.plural.replace('cluster', '');
    return {
      ...crd,
      metadata: { name: `${plural}.${GROUP}` },
      spec: { ...crd.spec, scope: 'Namespaced', names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() } },
    };
  });
  return [...cluster, ...namespaced];
}

/**
 * The instancetype (and preference) a valid profile relies on, as an admin would have created them: it sizes the VM
 * (2 vCPUs, 4Gi) and gives the dedicated CPUs and hugepages its compute settings need but do not set themselves.
 */
export function assumedInstancetypes(doc: any): any[] {
  const spec = doc.spec ?? {};
  const namespace = doc.metadata?.namespace ?? 'default';
  const objects: any[] = [];
  const ref = (r: any, clusterKind: string): any => {
    const kind = r.kind ?? clusterKind;
    return { kind, metadata: kind.includes('Cluster') ? { name: r.name } : { name: r.name, namespace } };
  };
  if (spec.instancetype) {
    const c = spec.compute ?? {};
    const needsDedicated = (c.isolateEmulatorThread || c.numaGuestMappingPassthrough) && !c.dedicatedCpuPlacement;
    const needsHugepages = c.numaGuestMappingPassthrough && !c.hugepages;
    const { kind, metadata } = ref(spec.instancetype, 'VirtualMachineClusterInstancetype');
    objects.push({
      apiVersion: `${GROUP}/v1beta1`,
      kind,
      metadata,
      spec: {
        cpu: { guest: 2, ...(needsDedicated ? { dedicatedCPUPlacement: true } : {}) },
        memory: { guest: '4Gi', ...(needsHugepages ? { hugepages: { pageSize: '2Mi' } } : {}) },
      },
    });
  }
  if (spec.preference) {
    const { kind, metadata } = ref(spec.preference, 'VirtualMachineClusterPreference');
    objects.push({ apiVersion: `${GROUP}/v1beta1`, kind, metadata, spec: {} });
  }
  return objects;
}

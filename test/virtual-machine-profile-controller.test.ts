import { Chart, Testing } from 'cdk8s';
import { PROFILE_CRD_NAME } from '../src/commands/crd';
import { CONTROLLER_CLUSTER_RULES, VirtualMachineProfileController } from '../src/constructs/virtual-machine-profile-controller';
import { synthApp } from '../src/synth/synth';

function synth(props: ConstructorParameters<typeof VirtualMachineProfileController>[2] = {}): any[] {
  const app = Testing.app();
  new VirtualMachineProfileController(new Chart(app, 'c'), 'Controller', props);
  return synthApp(app);
}

const verbsOf = (resource: string) => CONTROLLER_CLUSTER_RULES.filter((r) => r.resources!.includes(resource)).flatMap((r) => r.verbs);

describe('VirtualMachineProfileController', () => {
  test('GIVEN no props WHEN synthesized THEN the CRD, namespace, service account, RBAC and Deployment are there, in vmprofile-system', () => {
    const objects = synth();
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      `CustomResourceDefinition/${PROFILE_CRD_NAME}`,
      'Namespace/vmprofile-system',
      'ServiceAccount/vmprofile-controller',
      'ClusterRole/vmprofile-controller',
      'ClusterRoleBinding/vmprofile-controller',
      'Role/vmprofile-controller',
      'RoleBinding/vmprofile-controller',
      'Deployment/vmprofile-controller',
    ]);
    for (const o of objects.filter((x) => ['ServiceAccount', 'Role', 'RoleBinding', 'Deployment'].includes(x.kind))) {
      expect(o.metadata.namespace).toBe('vmprofile-system');
    }
  });

  test('GIVEN the ClusterRole WHEN its verbs are read THEN disks and node networks can never be deleted, and profiles are only read', () => {
    expect(verbsOf('datavolumes')).not.toContain('delete');
    expect(verbsOf('nodenetworkconfigurationpolicies')).not.toContain('delete');
    expect(verbsOf('virtualmachineprofiles').sort()).toEqual(['list', 'watch']);
    expect(verbsOf('virtualmachineprofiles/status')).toEqual(['patch']);
    expect(verbsOf('persistentvolumeclaims').sort()).toEqual(['list', 'watch']);
    // Server-side apply creates through PATCH, which the server authorizes as create too.
    for (const r of ['virtualmachines', 'datavolumes', 'network-attachment-definitions', 'secrets']) {
      expect(verbsOf(r)).toEqual(expect.arrayContaining(['create', 'patch']));
    }
    expect(CONTROLLER_CLUSTER_RULES.flatMap((r) => r.verbs)).not.toContain('*');
  });

  test('GIVEN the Deployment WHEN synthesized THEN it has probes on the health port, resources, a restricted security context and the lease namespace', () => {
    const deployment = synth({ namespace: 'ops', image: 'registry.example.com/vmprofile:1.0', replicas: 3, watchNamespace: 'prod' })
      .find((o) => o.kind === 'Deployment');
    expect(deployment.spec.replicas).toBe(3);
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe('vmprofile-controller');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const container = pod.containers[0];
    expect(container.image).toBe('registry.example.com/vmprofile:1.0');
    expect(container.args).toEqual(['controller', '--health-port=8080', '--lease-namespace=ops', '--namespace=prod']);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'health' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'health' });
    expect(container.ports).toEqual([{ name: 'health', containerPort: 8080 }]);
    expect(container.resources.requests).toEqual({ cpu: '100m', memory: '256Mi' });
    expect(container.resources.limits).toEqual({ memory: '512Mi' });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.env).toContainEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  });

  test('GIVEN installCrd and createNamespace false WHEN synthesized THEN neither the CRD nor the Namespace is emitted', () => {
    const kinds = synth({ installCrd: false, createNamespace: false }).map((o) => o.kind);
    expect(kinds).not.toContain('CustomResourceDefinition');
    expect(kinds).not.toContain('Namespace');
    expect(kinds).toContain('Deployment');
  });
});

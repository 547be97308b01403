import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  IntOrString, KubeClusterRole, KubeClusterRoleBinding, KubeDeployment, KubeNamespace, KubeRole, KubeRoleBinding,
  KubeServiceAccount, PolicyRule, Quantity,
} from '../../imports/k8s';
import { PROFILE_PLURAL, VirtualMachineProfileCrd } from '../commands/crd';
import { PROFILE_GROUP } from '../spec/profile-spec';

/** Props of {@link VirtualMachineProfileController}. */
export interface VirtualMachineProfileControllerProps {
  /**
   * Namespace the controller runs in (and holds its leader-election Lease).
   * @default 'vmprofile-system'
   */
  readonly namespace?: string;
  /**
   * Create the namespace.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * The controller image (built from the repository's Dockerfile; `vmprofile controller` is its entry point).
   * @default 'ghcr.io/cdk8s-vmprofile/vmprofile-controller:latest'
   */
  readonly image?: string;
  /**
   * Replicas; one leads and writes, the others wait for the Lease.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Manage the profiles of this namespace only (the ClusterRole still grants what the controller needs everywhere).
   * @default - every namespace
   */
  readonly watchNamespace?: string;
  /**
   * Also install the VirtualMachineProfile CRD.
   * @default true
   */
  readonly installCrd?: boolean;
}

/** Name of the ServiceAccount, roles, bindings and Deployment. */
const CONTROLLER_NAME = 'vmprofile-controller';
/** Port of `/healthz`, `/readyz` and `/metrics` in the pod. */
const CONTROLLER_HEALTH_PORT = 8080;

/** One permission of the controller's ClusterRole, with the reason it needs it. */
export interface ControllerPermission {
  /** API group (`''` for the core group). */
  readonly apiGroup: string;
  /** Resource (plural, or `plural/subresource`). */
  readonly resource: string;
  /** Verbs granted. */
  readonly verbs: readonly string[];
  /** Why the controller needs them. */
  readonly why: string;
}

const permission = (apiGroup: string, resource: string, verbs: string[], why: string): ControllerPermission => ({ apiGroup, resource, verbs, why });

/**
 * What the controller may do, cluster-wide, and why: nothing more (no `get` where its watch cache answers, no
 * `delete` of what it must never delete). Server-side apply of a new object needs `create` beside `patch`.
 */
const CONTROLLER_PERMISSIONS: readonly ControllerPermission[] = [
  permission(PROFILE_GROUP, PROFILE_PLURAL, ['list', 'watch'], 'reads the profiles; never changes them'),
  permission(PROFILE_GROUP, `${PROFILE_PLURAL}/status`, ['patch'], 'writes their status'),
  permission('kubevirt.io', 'virtualmachines', ['list', 'watch', 'create', 'patch', 'delete'], 'applies the VM; deletes one the profile no longer renders'),
  permission('kubevirt.io', 'virtualmachineinstances', ['list', 'watch'], 'node, interfaces and IPs for the status'),
  permission('cdi.kubevirt.io', 'datavolumes', ['list', 'watch', 'create', 'patch'], 'applies the disks; no delete: disks outlive profiles'),
  permission('', 'persistentvolumeclaims', ['list', 'watch'], 'binding and size for the status'),
  permission('k8s.cni.cncf.io', 'network-attachment-definitions', ['list', 'watch', 'create', 'patch', 'delete'],
    'applies the NADs profiles create; deletes one no profile uses'),
  permission('nmstate.io', 'nodenetworkconfigurationpolicies', ['list', 'watch', 'create', 'patch'],
    'applies node networking merged over all profiles; no delete: removing a bridge from nodes is a human decision'),
  permission('', 'secrets', ['list', 'watch', 'create', 'patch', 'delete'],
    'the cloud-init Secrets (its watch selects the `vmprofile` label; RBAC cannot narrow by label)'),
  permission('', 'services', ['list', 'watch', 'create', 'patch', 'delete'],
    'the Services of `spec.service` (its watch selects the `vmprofile` label)'),
  permission('', 'events', ['create', 'get', 'patch'], 'Events on profiles; `get` and `patch` count repeats'),
];

/** {@link CONTROLLER_PERMISSIONS} as ClusterRole rules. */
export const CONTROLLER_CLUSTER_RULES: readonly PolicyRule[] = CONTROLLER_PERMISSIONS.map((p) => ({
  apiGroups: [p.apiGroup], resources: [p.resource], verbs: [...p.verbs],
}));

/** Leader election, in the controller's own namespace only. */
const CONTROLLER_LEASE_RULES: readonly PolicyRule[] = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
];

/** The controller's permissions as a Markdown table (docs/controller.md). */
export function controllerPermissionsMarkdown(): string {
  const rows = [...CONTROLLER_PERMISSIONS, permission('coordination.k8s.io', 'leases', ['get', 'create', 'update'],
    'leader election, in the controller\'s namespace only (a Role)')];
  return ['| API group | Resource | Verbs | Why |', '| --- | --- | --- | --- |',
    ...rows.map((p) => `| ${p.apiGroup === '' ? 'core' : `\`${p.apiGroup}\``} | \`${p.resource}\` | ${p.verbs.join(', ')} | ${p.why} |`)].join('\n');
}

/**
 * Everything that runs the VirtualMachineProfile controller in a cluster: its Namespace, ServiceAccount, a
 * least-privilege ClusterRole and binding, a Role for its Lease, a Deployment with probes and resources, and the CRD.
 * `vmprofile controller manifests` prints the same objects.
 */
export class VirtualMachineProfileController extends Construct {
  /** The namespace the controller runs in. */
  public readonly namespace: string;
  /** The controller Deployment. */
  public readonly deployment: ApiObject;

  constructor(scope: Construct, id: string, props: VirtualMachineProfileControllerProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? 'vmprofile-system';
    this.namespace = namespace;
    const labels = { 'app.kubernetes.io/name': CONTROLLER_NAME, 'app.kubernetes.io/part-of': 'cdk8s-vmprofile' };
    const metadata = { name: CONTROLLER_NAME, namespace, labels };
    if (props.installCrd ?? true) new VirtualMachineProfileCrd(this, 'Crd');
    if (props.createNamespace ?? true) new KubeNamespace(this, 'Namespace', { metadata: { name: namespace, labels } });
    new KubeServiceAccount(this, 'ServiceAccount', { metadata, automountServiceAccountToken: true });
    new KubeClusterRole(this, 'ClusterRole', { metadata: { name: CONTROLLER_NAME, labels }, rules: [...CONTROLLER_CLUSTER_RULES] });
    const subjects = [{ kind: 'ServiceAccount', name: CONTROLLER_NAME, namespace }];
    new KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: CONTROLLER_NAME, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: CONTROLLER_NAME },
      subjects,
    });
    new KubeRole(this, 'LeaseRole', { metadata, rules: [...CONTROLLER_LEASE_RULES] });
    new KubeRoleBinding(this, 'LeaseRoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: CONTROLLER_NAME },
      subjects,
    });
    const probe = (path: string) => ({
      httpGet: { path, port: IntOrString.fromString('health') },
      periodSeconds: 10,
      failureThreshold: 3,
    });
    const args = ['controller', `--health-port=${CONTROLLER_HEALTH_PORT}`, `--lease-namespace=${namespace}`];
    if (props.watchNamespace) args.push(`--namespace=${props.watchNamespace}`);
    this.deployment = new KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        replicas: props.replicas ?? 2,
        selector: { matchLabels: { 'app.kubernetes.io/name': CONTROLLER_NAME } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: CONTROLLER_NAME,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'controller',
              image: props.image ?? 'ghcr.io/cdk8s-vmprofile/vmprofile-controller:latest',
              args,
              env: [
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'NODE_OPTIONS', value: '--max-old-space-size=384' },
              ],
              ports: [{ name: 'health', containerPort: CONTROLLER_HEALTH_PORT }],
              livenessProbe: probe('/healthz'),
              readinessProbe: probe('/readyz'),
              resources: {
                requests: { cpu: Quantity.fromString('100m'), memory: Quantity.fromString('256Mi') },
                limits: { memory: Quantity.fromString('512Mi') },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            }],
          },
        },
      },
    });
  }
}

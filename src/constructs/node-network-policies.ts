import { Chart, JsonPatch, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { NodeNetworkConfigurationPolicy } from '../../imports/nmstate-nmstate.io';
import { NODE_NETWORK_PROFILES_ANNOTATION } from '../plan/naming';
import { NodeNetworkPlanner, nodeNetworkPolicyName, NodeNetworkRequest } from '../plan/node-network';
import { encodePrototypeKeys, hasPrototypeKeys, merged, prototypeSafeClass } from '../render/object-merge';
import { FieldError } from '../validate/field-error';

/** JSON pointer token escaping (RFC 6901). */
function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

const INSTANCES = new WeakMap<IConstruct, NodeNetworkPolicies>();

/**
 * The NNCPs of a cdk8s App: one instance per App (`NodeNetworkPolicies.of(scope)`), living in the first Chart that
 * asked for it. Each node network becomes one typed `NodeNetworkConfigurationPolicy` the first time it appears;
 * its spec and profiles annotation are computed at synth time, so profiles added later still count.
 */
export class NodeNetworkPolicies extends Construct {
  /** The App's instance; created as `NodeNetworkPolicies` in the Chart of `scope` if the App has none yet. */
  public static of(scope: IConstruct): NodeNetworkPolicies {
    const root = scope.node.root;
    const found = INSTANCES.get(root);
    if (found) return found;
    let chart: Chart;
    try {
      chart = Chart.of(scope);
    } catch {
      throw new Error(`NodeNetworkPolicies.of: "${scope.node.path || '<root>'}" is not inside a cdk8s Chart; NodeNetworkConfigurationPolicies must live in a Chart`);
    }
    const created = new NodeNetworkPolicies(chart, 'NodeNetworkPolicies');
    INSTANCES.set(root, created);
    return created;
  }

  /** The planner behind the policies (read it, don't add to it directly). */
  public readonly planner = new NodeNetworkPlanner();
  private readonly objects = new Map<string, NodeNetworkConfigurationPolicy>();

  private constructor(scope: Chart, id: string) {
    super(scope, id);
  }

  /** Adds a request; throws {@link NodeNetworkConflictError} on a contradiction with an earlier one. */
  public add(request: NodeNetworkRequest): void {
    this.planner.add(request);
    this.ensureObject(request);
  }

  /** Adds a request and returns nothing, or adds nothing and returns one error per contradiction. */
  public tryAdd(request: NodeNetworkRequest): FieldError[] {
    const conflicts = this.planner.tryAdd(request);
    if (conflicts.length === 0) this.ensureObject(request);
    return conflicts;
  }

  /** The NNCP ApiObject of that name, if one was created. */
  public policyObject(name: string): NodeNetworkConfigurationPolicy | undefined {
    return this.objects.get(name);
  }

  /** The NNCP object of an added request's policy, created the first time the policy appears. */
  private ensureObject(request: NodeNetworkRequest): void {
    const name = nodeNetworkPolicyName(request);
    if (name !== undefined && !this.objects.has(name)) this.objects.set(name, this.create(name, hasPrototypeKeys(request.nodeNetwork.nodeSelector)));
  }

  /** @param prototypeKeys the nodeSelector has keys like `constructor`: cdk8s gets them encoded (see encodePrototypeKeys) */
  private create(name: string, prototypeKeys: boolean): NodeNetworkConfigurationPolicy {
    const current = () => this.planner.policy(name)!;
    const { metadata } = current();
    const policyClass = prototypeKeys ? prototypeSafeClass(NodeNetworkConfigurationPolicy) : NodeNetworkConfigurationPolicy;
    const obj = new policyClass(this, name, {
      metadata: {
        name,
        labels: merged(metadata!.labels),
        annotations: {
          [NODE_NETWORK_PROFILES_ANNOTATION]: Lazy.any({ produce: () => current().metadata!.annotations![NODE_NETWORK_PROFILES_ANNOTATION] }),
        },
      },
      spec: Lazy.any({ produce: () => (prototypeKeys ? encodePrototypeKeys(current().spec) : current().spec) }),
    });
    // Cluster-scoped and shared: drop what the hosting Chart imposes on every ApiObject (its namespace, its labels).
    if (obj.metadata.namespace !== undefined) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    const own = metadata!.labels ?? {};
    for (const key of Object.keys(obj.chart.labels).sort()) {
      if (!Object.prototype.hasOwnProperty.call(own, key)) obj.addJsonPatch(JsonPatch.remove(`/metadata/labels/${pointerToken(key)}`));
    }
    return obj;
  }
}

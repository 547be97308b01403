import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { toYaml } from './manifest-yaml';
import { DataVolume } from '../../imports/cdi-cdi.kubevirt.io';
import { VirtualMachine } from '../../imports/kubevirt-vm-kubevirt.io';
import { NetworkAttachmentDefinition } from '../../imports/nad-k8s.cni.cncf.io';
import { NodeNetworkConfigurationPolicy } from '../../imports/nmstate-nmstate.io';
import { duplicateObjects } from '../constructs/unique-objects';
import { profileSubject } from '../plan/naming';
import { NodeNetworkPlanner, nodeNetworkPolicyName } from '../plan/node-network';
import { NadPlan, planProfile } from '../plan/profile-plan';
import { kubeSecretClass } from '../render/cloud-init';
import { dataVolumeProps } from '../render/data-volume';
import { networkAttachmentDefinitionProps, SharedNetworks, withSharedMetadata } from '../render/network-attachment-definition';
import { kubeServiceClass } from '../render/pod-service';
import { renderProfile } from '../render/render-profile';
import { VirtualMachineProfileManifest } from '../spec/profile-spec';
import { GuestAddresses } from '../validate/guest-addresses';
import { assertValidProfile, FieldError, formatFieldError, formatFieldWarning, readingInput, ValidationError } from '../validate/validation';

/** A profile document and where it came from (for error messages). */
export interface ProfileInput {
  /** The parsed document. */
  readonly doc: unknown;
  /**
   * Where it came from, e.g. `web.yaml:12`; prefixes its errors and warnings.
   * @default - no prefix
   */
  readonly source?: string;
}

/** What profiles synthesize to. */
export interface SynthResult {
  /** Every object, in the order a cdk8s Chart holding the profiles would emit them. */
  readonly manifests: any[];
  /** Warnings, one line each, kubectl style: `Warning: [source: ]VirtualMachineProfile/[<namespace>/]<name>: <field>: ...`. */
  readonly warnings: string[];
}

/** Options of {@link synthProfiles}. */
export interface SynthOptions {
  /**
   * Called after each profile with how many of how many are through (the CLI draws progress with it).
   * @default - none
   */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Thrown when any profile is invalid: one line per problem, for every profile at once. A {@link ValidationError}
 * (so one `catch` handles every refusal of the library); `errors` holds the field errors that came from validation,
 * `problems` every line, each prefixed with its source and profile.
 */
export class ProfileSynthError extends ValidationError {
  constructor(public readonly problems: string[], errors: FieldError[] = []) {
    super(errors);
    this.message = problems.join('\n');
    this.name = 'ProfileSynthError';
  }
}

/** Refuses inputs and options that are not what {@link synthProfiles} takes, all at once, with our error. */
function checkSynthArguments(inputs: unknown, options: unknown): void {
  const errors: FieldError[] = [];
  if (!Array.isArray(inputs)) {
    errors.push({ type: 'Invalid', field: 'inputs', value: inputs, detail: 'must be an array of { doc, source? } (ProfileInput)' });
  }
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    errors.push({ type: 'Invalid', field: 'options', value: options, detail: 'must be an object (SynthOptions) or omitted' });
  } else if (options !== undefined) {
    const onProgress = (options as SynthOptions).onProgress;
    if (onProgress !== undefined && typeof onProgress !== 'function') {
      errors.push({ type: 'Invalid', field: 'options.onProgress', value: onProgress, detail: 'must be a function' });
    }
  }
  if (errors.length > 0) throw new ValidationError(errors);
}

/** The `doc` and `source` of `inputs[index]`, or the problem that stops reading it (a hole, a non-object, a getter). */
function readInput(inputs: readonly ProfileInput[], index: number): ProfileInput | FieldError {
  const field = `inputs[${index}]`;
  try {
    if (!(index in inputs)) return { type: 'Required', field, detail: 'the array has a hole here (a sparse array): every entry must be a ProfileInput' };
    const input: unknown = inputs[index];
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return { type: 'Invalid', field, value: input, detail: 'must be a ProfileInput ({ doc, source? })' };
    }
    const { doc, source } = input as ProfileInput;
    if (source !== undefined && typeof source !== 'string') return { type: 'Invalid', field: `${field}.source`, value: source, detail: 'must be a string' };
    return { doc, source };
  } catch (e) {
    return { type: 'Invalid', field, detail: `could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * The JSON of an object as a cdk8s ApiObject of the typed class `type` would render it, without building one:
 * cdk8s resolves union values (quantities) to `{value}` and sorts keys before the class's converter orders them.
 */
export function manifestOf<P>(type: { manifest(props: P): any }, props: P): any {
  return type.manifest(asCdk8sResolved(props));
}

function asCdk8sResolved(value: any): any {
  if (value === null || value === undefined || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(asCdk8sResolved);
  // By prototype, not `value.constructor`: a label map may have a key named `constructor` (and `value`).
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return 'value' in value ? { value: value.value } : value;
  const result: any = {};
  for (const key of Object.keys(value).sort()) {
    const v = asCdk8sResolved(value[key]);
    if (v !== undefined && v !== null) result[key] = v;
  }
  return result;
}

/**
 * Synthesizes profiles straight into manifests: the same validation, plan and typed rendering as
 * {@link VirtualMachineProfile} in a cdk8s Chart, and the same objects in the same order, without building a
 * construct tree (several times faster on fleets). Every invalid profile is reported, not only the first.
 */
export function synthProfiles(inputs: ProfileInput[], options: SynthOptions = {}): SynthResult {
  checkSynthArguments(inputs, options);
  const problems: string[] = [];
  const fieldErrors: FieldError[] = [];
  const warnings: string[] = [];
  const manifests: any[] = [];
  const shared = new SharedNetworks();
  const addresses = new GuestAddresses();
  const nodeNetworks = new NodeNetworkPlanner();
  const policyNames: string[] = [];
  let policiesAt: number | undefined;
  const seen = new Set<string>();
  /** Created NADs and their manifests: a NAD's metadata is known once every profile has claimed it. */
  const createdNads: Array<[NadPlan, any]> = [];
  for (let index = 0; index < inputs.length; index++) {
    options.onProgress?.(index, inputs.length);
    const input = readInput(inputs, index);
    if ('type' in input) {
      problems.push(formatFieldError(input));
      fieldErrors.push(input);
      continue;
    }
    const { doc, source } = input;
    const prefix = source ? `${source}: ` : '';
    let metadata: any;
    let key: string | undefined;
    try {
      metadata = typeof doc === 'object' && doc !== null ? (doc as any).metadata : undefined;
      // Only well-formed names are compared; anything else is the validator's to refuse.
      key = typeof metadata?.name === 'string' && typeof (metadata.namespace ?? '') === 'string'
        ? `${metadata.namespace ?? ''}/${metadata.name}` : undefined;
    } catch {
      // A getter that throws: the validator reports it.
      metadata = undefined;
      key = undefined;
    }
    const subject = profileSubject(metadata);
    if (key !== undefined && seen.has(key)) {
      problems.push(`${prefix}${subject}: metadata.name: Duplicate value: ${JSON.stringify(metadata.name)}: ` +
        'another profile of this input has the same name and namespace');
      continue;
    }
    if (key !== undefined) seen.add(key);
    try {
      const { warnings: found } = assertValidProfile(doc, subject);
      for (const w of found) warnings.push(`Warning: ${prefix}${subject}: ${formatFieldWarning(w)}`);
      const plan = planProfile(doc as VirtualMachineProfileManifest);
      const collisions = addresses.claim(plan, subject);
      if (collisions.errors.length > 0) throw new ValidationError(collisions.errors, subject);
      for (const w of collisions.warnings) warnings.push(`Warning: ${prefix}${subject}: ${formatFieldWarning(w)}`);
      const own: any[] = [];
      let asksForNodeNetwork = false;
      renderProfile(plan, subject, shared, {
        nad: (nad) => {
          const manifest = manifestOf(NetworkAttachmentDefinition, networkAttachmentDefinitionProps(nad, plan.labels));
          createdNads.push([nad, manifest]);
          own.push(manifest);
        },
        dataVolume: (disk) => own.push(manifestOf(DataVolume, dataVolumeProps(disk, plan.namespace, plan.labels))),
        secret: (props) => own.push(manifestOf(kubeSecretClass(), props)),
        virtualMachine: (props) => own.push(manifestOf(VirtualMachine, props)),
        service: (props) => own.push(manifestOf(kubeServiceClass(), props)),
        nodeNetwork: (request) => {
          asksForNodeNetwork = true;
          nodeNetworks.add(request);
          const name = nodeNetworkPolicyName(request);
          if (name !== undefined && !policyNames.includes(name)) policyNames.push(name);
        },
      });
      for (const m of own) manifests.push(m);
      // A Chart holds the policies in one construct, added when the first profile asked for node networking (even
      // one that needs no policy, such as a macvtap uplink): the policies come after that profile's objects.
      if (policiesAt === undefined && asksForNodeNetwork) policiesAt = manifests.length;
    } catch (e) {
      // A valid document whose getters answer differently the second time: still the input's fault, still our error.
      const error = e instanceof ValidationError ? e
        : new ValidationError([{ type: 'Invalid', field: '', detail: `could not read or render the input: ${e instanceof Error ? e.message : String(e)}` }], subject);
      // Loops, not push(...): a profile may carry more errors than a call has room for arguments.
      for (const line of error.message.split('\n')) problems.push(`${prefix}${line}`);
      for (const fe of error.errors) fieldErrors.push(fe);
    }
  }
  options.onProgress?.(inputs.length, inputs.length);
  for (const [nad, manifest] of createdNads) withSharedMetadata(manifest, shared.sharedMetadata(nad));
  for (const line of duplicateObjects(manifests.map((m) => ({
    apiVersion: m.apiVersion,
    kind: m.kind,
    namespace: m.metadata.namespace,
    name: m.metadata.name,
    emitter: profileSubject({ name: m.metadata.labels?.vmprofile, namespace: m.metadata.namespace }),
  })))) problems.push(line);
  if (problems.length > 0) throw new ProfileSynthError(problems, fieldErrors);
  const policies = policyNames.map((name) => manifestOf(NodeNetworkConfigurationPolicy, nodeNetworks.policy(name)!));
  manifests.splice(policiesAt ?? manifests.length, 0, ...policies);
  return { manifests, warnings };
}

/** A YAML stream of objects, `---` between them; deterministic for the same objects. */
export function toYamlStream(objects: readonly unknown[]): string {
  if (!Array.isArray(objects)) throw new ValidationError([{ type: 'Invalid', field: 'objects', value: objects, detail: 'must be an array of objects' }]);
  return readingInput(() => objects.map(toYaml).join('---\n'));
}

/**
 * Synthesizes every chart of an app into its objects in one pass, in the order `app.synthYaml()` uses.
 *
 * Use it for apps with many charts (e.g. one chart per profile). cdk8s's `App.synthYaml()` and `Chart.toJson()`
 * validate and resolve dependencies of the whole app once per chart, which makes an app with N charts cost
 * O(N^2.5); this validates the tree once and renders each chart's own objects, so it stays linear.
 * Dependencies between ApiObjects inside a chart keep their order; charts come in `app.charts` order.
 *
 * Give the profile of a one-profile chart a constant id (`fromManifest(chart, 'Profile', doc)`): past a V8 limit
 * on charts whose first children have distinct ids, V8 stops sharing hidden classes between plain objects, and
 * everything after, cdk8s's rendering included, slows down (docs/performance.md).
 */
export function synthApp(app: App): any[] {
  if (!(app instanceof App)) throw new ValidationError([{ type: 'Invalid', field: 'app', value: String(app), detail: 'must be a cdk8s App' }]);
  const errors = app.node.findAll().flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  const objects: any[] = [];
  for (const chart of app.charts) {
    for (const node of new DependencyGraph(chart.node).topology()) {
      if (node instanceof ApiObject && Chart.of(node) === chart) objects.push(node.toJson());
    }
  }
  return objects;
}

/** {@link synthApp} as a YAML stream: the same objects as `app.synthYaml()`, written several times faster. */
export function synthAppYaml(app: App): string {
  return toYamlStream(synthApp(app));
}

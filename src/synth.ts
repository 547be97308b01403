import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import * as jsyaml from 'js-yaml';
import { profileSubject, VirtualMachineProfile } from './virtual-machine-profile';
import { NodeNetworkConflictError } from './node-network';
import { ValidationError } from './validation';

/** A profile document and where it came from (for error messages). */
export interface ProfileInput {
  /** The parsed document. */
  readonly doc: unknown;
  /**
   * Where it came from, e.g. `web.yaml` or `web.yaml (document 2)`; prefixes its errors.
   * @default - no prefix
   */
  readonly source?: string;
}

/** What profiles synthesize to. */
export interface SynthResult {
  /** Every object, in order: each profile's NADs, DataVolumes and VM, then shared node policies. */
  readonly manifests: any[];
  /** Warnings, one line each, prefixed like errors. */
  readonly warnings: string[];
}

/** Thrown when any profile is invalid: one line per problem, for every profile at once. */
export class ProfileSynthError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ProfileSynthError';
  }
}

/**
 * Synthesizes profiles into Kubernetes objects through one cdk8s Chart: the same constructs a cdk8s app uses,
 * so the CLI and the library give the same objects. Every invalid profile is reported, not only the first.
 */
export function synthProfiles(inputs: ProfileInput[]): SynthResult {
  const app = new App();
  const chart = new Chart(app, 'profiles');
  const problems: string[] = [];
  const warnings: string[] = [];
  const prefix = (source?: string) => (source ? `${source}: ` : '');
  const seen = new Set<string>();
  for (const { doc, source } of inputs) {
    const metadata = (doc as any)?.metadata;
    const id = typeof metadata?.name === 'string' ? [metadata.name, metadata.namespace].filter((p) => typeof p === 'string').join('.') : undefined;
    if (id !== undefined && seen.has(id)) {
      problems.push(`${prefix(source)}${profileSubject(metadata.name)}: metadata.name: Duplicate value: ${JSON.stringify(metadata.name)}: ` +
        'another profile of this input has the same name and namespace');
      continue;
    }
    try {
      const profile = VirtualMachineProfile.fromManifest(chart, doc, id);
      seen.add(profile.node.id);
      warnings.push(...profile.warnings.map((w) => `${prefix(source)}Warning: ${profileSubject(profile.name)}: ${w}`));
    } catch (e) {
      if (!(e instanceof ValidationError || e instanceof NodeNetworkConflictError)) throw e;
      problems.push(...e.message.split('\n').map((line) => `${prefix(source)}${line}`));
    }
  }
  if (problems.length > 0) throw new ProfileSynthError(problems);
  return { manifests: chart.toJson(), warnings };
}

/** A YAML stream of objects, `---` between them; deterministic for the same objects. */
export function toYamlStream(objects: readonly unknown[]): string {
  return objects.map((o) => jsyaml.dump(o, { noRefs: true, lineWidth: -1 })).join('---\n');
}

/**
 * Synthesizes every chart of an app into its objects in one pass, in the order `app.synthYaml()` uses.
 *
 * Use it for apps with many charts (e.g. one chart per profile). cdk8s's `App.synthYaml()` and `Chart.toJson()`
 * validate and resolve dependencies of the whole app once per chart, which makes an app with N charts cost
 * O(N^2.5); this validates the tree once and renders each chart's own objects, so it stays linear.
 * Dependencies between ApiObjects inside a chart keep their order; charts come in `app.charts` order.
 */
export function synthApp(app: App): any[] {
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

/** {@link synthApp} as a YAML stream (js-yaml: same objects as `app.synthYaml()`, several times faster). */
export function synthAppYaml(app: App): string {
  return toYamlStream(synthApp(app));
}

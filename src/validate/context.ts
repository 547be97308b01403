/**
 * What the cross-field rules need to know about the whole profile (its name, namespace, pod network, boot disk,
 * generated MACs), read leniently before the walk; and the context of one network or disk outside a profile.
 */
import { has, isObject, Obj, peekArray, peekBool, peekObject, peekString } from './report';
import { stableMacAddress } from '../plan/naming';

export interface Context {
  readonly name?: string;
  readonly namespace?: string;
  readonly osImage?: string;
  readonly podNetwork: boolean;
  readonly hasBootDisk: boolean;
  /** metadata.labels has an `app` label (the default anti-affinity group). */
  readonly hasAppLabel: boolean;
  /** MAC (lowercase) each network without `macAddress` gets from `stableMacAddress`, by network index. */
  readonly generatedMacs: ReadonlyMap<string, number>;
  /** A VmNetwork's props: no NodeNetworkConfigurationPolicy is written for its nodeNetwork. */
  readonly standalone?: boolean;
}

export function readContext(doc: Obj): Context {
  const metadata = peekObject(doc, 'metadata');
  const spec = peekObject(doc, 'spec');
  const name = peekString(metadata, 'name');
  const namespace = peekString(metadata, 'namespace');
  const generatedMacs = new Map<string, number>();
  const networks = peekArray(spec, 'networks');
  // Only an explicit MAC can collide with a generated one: don't hash when there is none.
  if (name !== undefined && networks.some((n) => isObject(n) && has(n, 'macAddress'))) {
    networks.forEach((n, i) => {
      const netName = peekString(n, 'name');
      if (netName !== undefined && !(isObject(n) && has(n, 'macAddress'))) {
        generatedMacs.set(stableMacAddress(namespace, name, netName), i);
      }
    });
  }
  return {
    name,
    namespace,
    osImage: peekString(spec, 'osImage'),
    podNetwork: peekBool(spec, 'podNetwork') === true,
    hasBootDisk: peekArray(spec, 'disks').some((d) => peekBool(d, 'boot') === true),
    hasAppLabel: peekString(peekObject(metadata, 'labels'), 'app') !== undefined,
    generatedMacs,
  };
}

/** A context for the rules of one network or disk outside a profile: no profile name, no pod network, no boot disk. */
export function standaloneContext(namespace: unknown): Context {
  return {
    namespace: typeof namespace === 'string' ? namespace : undefined,
    podNetwork: false,
    hasBootDisk: false,
    hasAppLabel: false,
    generatedMacs: new Map(),
    standalone: true,
  };
}

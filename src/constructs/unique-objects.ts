import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** What identifies an object in a cluster, and who emitted it. */
export interface EmittedObject {
  /** `apiVersion`. */
  readonly apiVersion: string;
  /** `kind`. */
  readonly kind: string;
  /** `metadata.namespace`, if any. */
  readonly namespace?: string;
  /** `metadata.name`. */
  readonly name: string;
  /** Who emitted it, for the message (a profile or a construct path). */
  readonly emitter: string;
}

/**
 * One line per object identity emitted more than once: `kubectl apply` would keep only the last, silently.
 * Generated names can collide (profile `a-b` with disk `c` and profile `a` with disk `b-c` both want `a-b-c`).
 */
export function duplicateObjects(objects: Iterable<EmittedObject>): string[] {
  const first = new Map<string, EmittedObject>();
  const problems: string[] = [];
  for (const o of objects) {
    const key = `${o.apiVersion}/${o.kind}/${o.namespace ?? ''}/${o.name}`;
    const earlier = first.get(key);
    if (!earlier) first.set(key, o);
    else problems.push(`${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} is emitted twice, by ${earlier.emitter} and by ${o.emitter}: rename one`);
  }
  return problems;
}

const GUARDED = new WeakSet<IConstruct>();

/** Makes synthesis of `scope`'s app fail when two ApiObjects of the app have the same identity (once per app). */
export function guardUniqueObjects(scope: IConstruct): void {
  const root = scope.node.root;
  if (GUARDED.has(root)) return;
  GUARDED.add(root);
  root.node.addValidation({
    validate: () => duplicateObjects(root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => ({
      apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.name, emitter: o.node.path,
    }))),
  });
}

import { createHash } from 'node:crypto';
import { collectionPath, KubeApi, objectPath, RESOURCES } from './kube-api';

/** `Normal` or `Warning`, as `kubectl describe` shows them. */
export type EventType = 'Normal' | 'Warning';

/** The object an Event is about. */
export interface EventSubject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** @default - a cluster-scoped object: the Event goes to `default`, as Kubernetes does */
  readonly namespace?: string;
  /** @default - none */
  readonly uid?: string;
}

const MAX_REMEMBERED = 10_000;

/**
 * Writes core/v1 Events (what `kubectl describe` lists). A repeat of the same reason and message on the same object
 * bumps the existing Event's count instead of creating another, as client-go's recorder does.
 */
export class EventRecorder {
  private readonly seen = new Map<string, { name: string; namespace: string; count: number }>();

  constructor(private readonly api: KubeApi, private readonly component: string, private readonly instance: string) {}

  async record(subject: EventSubject, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = subject.namespace ?? 'default';
    const note = message.length > 1024 ? `${message.slice(0, 1021)}...` : message;
    const key = `${subject.kind}/${namespace}/${subject.name}/${subject.uid ?? ''}/${type}/${reason}/${note}`;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const known = this.seen.get(key);
    if (known) {
      known.count++;
      const res = await this.api.request('PATCH', objectPath(RESOURCES.event, known.name, known.namespace),
        { count: known.count, lastTimestamp: now }, 'application/merge-patch+json');
      if (res.status === 200) return;
      this.seen.delete(key);
    }
    // Deterministic per subject and message, so a restarted controller bumps instead of duplicating.
    const digest = createHash('sha256').update(key).digest('hex').slice(0, 16);
    const name = `${subject.name.slice(0, 200)}.${digest}`;
    const body = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: subject.apiVersion,
        kind: subject.kind,
        name: subject.name,
        ...(subject.namespace ? { namespace: subject.namespace } : {}),
        ...(subject.uid ? { uid: subject.uid } : {}),
      },
      type,
      reason,
      message: note,
      source: { component: this.component },
      reportingComponent: this.component,
      reportingInstance: this.instance,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
    const res = await this.api.request('POST', collectionPath(RESOURCES.event, namespace), body);
    let count = 1;
    if (res.status === 409) {
      const old = await this.api.request('GET', objectPath(RESOURCES.event, name, namespace));
      count = (old.body?.count ?? 1) + 1;
      await this.api.request('PATCH', objectPath(RESOURCES.event, name, namespace), { count, lastTimestamp: now }, 'application/merge-patch+json');
    }
    if (this.seen.size >= MAX_REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(key, { name, namespace, count });
  }
}

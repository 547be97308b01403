import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { PROFILE_PLURAL } from '../commands/crd';
import { merged } from '../render/object-merge';
import { PROFILE_GROUP, PROFILE_KIND, PROFILE_VERSION } from '../spec/profile-spec';

/** A REST resource the controller reads or writes. */
export interface KubeResource {
  /** `v1`, or `<group>/<version>`. */
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

const resource = (apiVersion: string, kind: string, plural: string, namespaced = true): KubeResource =>
  ({ apiVersion, kind, plural, namespaced });

/** Every resource the controller touches: a fixed set, so no discovery round trips. */
export const RESOURCES = {
  profile: resource(`${PROFILE_GROUP}/${PROFILE_VERSION}`, PROFILE_KIND, PROFILE_PLURAL),
  virtualMachine: resource('kubevirt.io/v1', 'VirtualMachine', 'virtualmachines'),
  virtualMachineInstance: resource('kubevirt.io/v1', 'VirtualMachineInstance', 'virtualmachineinstances'),
  dataVolume: resource('cdi.kubevirt.io/v1beta1', 'DataVolume', 'datavolumes'),
  persistentVolumeClaim: resource('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims'),
  networkAttachmentDefinition: resource('k8s.cni.cncf.io/v1', 'NetworkAttachmentDefinition', 'network-attachment-definitions'),
  nodeNetworkPolicy: resource('nmstate.io/v1', 'NodeNetworkConfigurationPolicy', 'nodenetworkconfigurationpolicies', false),
  secret: resource('v1', 'Secret', 'secrets'),
  service: resource('v1', 'Service', 'services'),
  lease: resource('coordination.k8s.io/v1', 'Lease', 'leases'),
  event: resource('v1', 'Event', 'events'),
} as const;

/** The resource of a rendered object's apiVersion and kind. */
function resourceOf(apiVersion: string, kind: string): KubeResource {
  const found = Object.values(RESOURCES).find((r) => r.apiVersion === apiVersion && r.kind === kind);
  if (!found) throw new Error(`${apiVersion} ${kind}: not a resource the controller manages`);
  return found;
}

/** REST path of a resource's collection, in `namespace` or across all (or cluster-scoped). */
export function collectionPath(r: KubeResource, namespace?: string): string {
  const base = r.apiVersion.includes('/') ? `/apis/${r.apiVersion}` : `/api/${r.apiVersion}`;
  return r.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.plural}` : `${base}/${r.plural}`;
}

/** REST path of one object. */
export function objectPath(r: KubeResource, name: string, namespace?: string): string {
  return `${collectionPath(r, namespace)}/${encodeURIComponent(name)}`;
}

/** One HTTP answer; `body` is parsed when it is JSON. */
export interface KubeResponse {
  readonly status: number;
  readonly body: any;
}

/** Thrown for an answer the caller did not expect; carries the server's Status message. */
export class KubeApiError extends Error {
  constructor(readonly method: string, readonly path: string, readonly status: number, readonly body: any) {
    const detail = typeof body?.message === 'string' ? body.message : typeof body === 'string' ? body.slice(0, 300) : '';
    super(`${method} ${path}: HTTP ${status}${detail ? `: ${detail}` : ''}`);
    this.name = 'KubeApiError';
  }
}

/** Counts of requests by verb and resource, read by the metrics endpoint and by tests that count writes. */
export class RequestCounter {
  private readonly counts = new Map<string, number>();
  private readonly writesByResource = new Map<string, number>();

  add(method: string, path: string): void {
    this.counts.set(method, (this.counts.get(method) ?? 0) + 1);
    if (WRITE_VERBS.includes(method)) {
      const plural = pluralOf(path);
      this.writesByResource.set(plural, (this.writesByResource.get(plural) ?? 0) + 1);
    }
  }

  /** POST, PUT, PATCH and DELETE requests, except those to the resources (plurals) in `except`. */
  writes(except: readonly string[] = []): number {
    let n = 0;
    for (const [plural, count] of this.writesByResource) if (!except.includes(plural)) n += count;
    return n;
  }

  /** Requests by verb, sorted. */
  entries(): [string, number][] {
    return [...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b));
  }

  /** Writes by resource (plural), sorted. */
  writeEntries(): [string, number][] {
    return [...this.writesByResource.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
}

const WRITE_VERBS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** The resource (plural) a REST path is about: `/api/v1/namespaces/ns/events/x` → `events`. */
function pluralOf(path: string): string {
  const segments = path.split('?')[0].split('/').filter(Boolean);
  const rest = segments.slice(segments[0] === 'api' ? 2 : 3);
  return rest[0] === 'namespaces' && rest.length > 2 ? rest[2] : rest[0] ?? '';
}

/** How the controller reaches the API server. */
export interface KubeApiOptions {
  /**
   * A kubeconfig file.
   * @default - $KUBECONFIG, ~/.kube/config, then the in-cluster service account (client-node's loadFromDefault)
   */
  readonly kubeconfig?: string;
  /**
   * Time after which a request without an answer fails, in milliseconds (watches excepted).
   * @default 30000
   */
  readonly timeoutMs?: number;
}

/**
 * The API server over HTTPS. `@kubernetes/client-node` loads the kubeconfig and its credentials (certificates,
 * tokens, exec plugins, in-cluster service account); requests go through one keep-alive agent, because client-node
 * opens a new TLS connection per request.
 */
export class KubeApi {
  /** Loads the kubeconfig (or in-cluster config) and reads its TLS material and credentials. */
  static async connect(options: KubeApiOptions = {}): Promise<KubeApi> {
    // Loaded on first use: library users who never run the controller never load the client (an ES module, which
    // Node 20's require loads).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const k8s = require('@kubernetes/client-node') as typeof import('@kubernetes/client-node');
    const kc: KubeConfig = new k8s.KubeConfig();
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig: no current cluster');
    const api = new KubeApi(kc, cluster.server, options.timeoutMs ?? 30_000);
    await api.refreshCredentials();
    return api;
  }

  /** Requests sent, by verb. */
  readonly requests = new RequestCounter();
  /** The namespace of the kubeconfig's current context (or the service account's). */
  readonly contextNamespace: string | undefined;
  private agent: https.Agent | undefined;
  private headers: Record<string, string> = {};
  private credentialsAt = 0;

  private constructor(private readonly kc: KubeConfig, readonly server: string, private readonly timeoutMs: number) {
    this.contextNamespace = kc.getContextObject(kc.getCurrentContext())?.namespace;
  }

  /** Re-reads certificates and tokens (rotated service-account tokens, exec plugins) at most once a minute. */
  private async refreshCredentials(): Promise<void> {
    if (this.agent && Date.now() - this.credentialsAt < 60_000) return;
    const opts: https.RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    const tls = { ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername };
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') headers[k] = v;
    const old = this.agent;
    this.agent = new https.Agent(merged(tls, { keepAlive: true, maxSockets: 16 }));
    this.headers = headers;
    this.credentialsAt = Date.now();
    old?.destroy();
  }

  /** One request; resolves with any status (the caller decides what is an error). */
  async request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<KubeResponse> {
    await this.refreshCredentials();
    this.requests.add(method, path);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(new URL(path, this.server), {
        method,
        agent: this.agent,
        // Content-Length always: Node sends a DELETE body unframed otherwise, and the server reads it as the next request.
        headers: merged(this.headers, { Accept: 'application/json' },
          payload !== undefined ? { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(payload)) } : {}),
        timeout: this.timeoutMs,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch { /* not JSON: kept as text */ }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${this.timeoutMs} ms`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** A request that must succeed (2xx), or throws a {@link KubeApiError}. */
  async call(method: string, path: string, body?: unknown, contentType?: string): Promise<any> {
    const res = await this.request(method, path, body, contentType);
    if (res.status < 200 || res.status >= 300) throw new KubeApiError(method, path, res.status, res.body);
    return res.body;
  }

  /** Server-side apply of `obj` under `fieldManager`, taking over conflicting fields (the profile is the truth). */
  apply(obj: any, fieldManager: string, subresource?: string): Promise<any> {
    const r = resourceOf(obj.apiVersion, obj.kind);
    const query = new URLSearchParams({ fieldManager, force: 'true', fieldValidation: 'Strict' });
    const path = `${objectPath(r, obj.metadata.name, obj.metadata.namespace)}${subresource ? `/${subresource}` : ''}?${query}`;
    return this.call('PATCH', path, obj, 'application/apply-patch+yaml');
  }

  /**
   * A streaming GET (a watch): calls `onLine` with each JSON line until the server ends the stream, `signal`
   * aborts it, or `idleMs` pass without a byte (a half-open connection).
   */
  async stream(path: string, onLine: (event: any) => void, signal: AbortSignal, idleMs: number): Promise<void> {
    await this.refreshCredentials();
    this.requests.add('WATCH', path);
    return new Promise((resolve, reject) => {
      const req = https.request(new URL(path, this.server), {
        method: 'GET',
        agent: this.agent,
        headers: merged(this.headers, { Accept: 'application/json' }),
        timeout: idleMs,
        signal,
      }, (res) => {
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch { /* text */ }
            reject(new KubeApiError('WATCH', path, res.statusCode ?? 0, body));
          });
          return;
        }
        let rest = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          rest += chunk;
          let nl: number;
          while ((nl = rest.indexOf('\n')) >= 0) {
            const line = rest.slice(0, nl);
            rest = rest.slice(nl + 1);
            if (!line.trim()) continue;
            try {
              onLine(JSON.parse(line));
            } catch (e) {
              // A handler that refuses an event (e.g. 410 Gone) ends the watch with its error.
              req.destroy();
              reject(e);
              return;
            }
          }
        });
        res.on('end', () => resolve());
        res.on('error', reject);
        res.on('aborted', () => reject(new Error(`WATCH ${path}: connection aborted`)));
      });
      req.on('timeout', () => req.destroy(new Error(`WATCH ${path}: no data in ${idleMs} ms`)));
      req.on('error', reject);
      req.end();
    });
  }

  /** Closes the idle connections. */
  close(): void {
    this.agent?.destroy();
  }
}

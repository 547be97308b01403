/**
 * The smallest Kubernetes client the conformance suite needs: raw REST calls over mutual TLS (or a bearer token)
 * from a kubeconfig. `@kubernetes/client-node` 2.x does not load on Node 20, and raw calls let the suite see exactly
 * what the server answers (status codes, Status causes, Table responses).
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { parse } from 'yaml';

/** One HTTP answer, body parsed when it is JSON. */
export interface KubeResponse {
  readonly status: number;
  readonly body: any;
}

export class KubeClient {
  /** Reads the current context of a kubeconfig (client certificates or a bearer token; data or file paths). */
  static fromKubeconfig(file: string): KubeClient {
    const cfg = parse(fs.readFileSync(file, 'utf8'));
    const ctx = cfg.contexts.find((c: any) => c.name === cfg['current-context']).context;
    const cluster = cfg.clusters.find((c: any) => c.name === ctx.cluster).cluster;
    const user = cfg.users.find((u: any) => u.name === ctx.user)?.user ?? {};
    const dir = path.dirname(file);
    const material = (data: string | undefined, file_: string | undefined): Buffer | undefined =>
      data ? Buffer.from(data, 'base64') : file_ ? fs.readFileSync(path.resolve(dir, file_)) : undefined;
    return new KubeClient(cluster.server, {
      ca: material(cluster['certificate-authority-data'], cluster['certificate-authority']),
      cert: material(user['client-certificate-data'], user['client-certificate']),
      key: material(user['client-key-data'], user['client-key']),
      rejectUnauthorized: !cluster['insecure-skip-tls-verify'],
    }, user.token ?? (user.tokenFile ? fs.readFileSync(path.resolve(dir, user.tokenFile), 'utf8').trim() : undefined));
  }

  private readonly agent: https.Agent;
  private readonly plurals = new Map<string, { name: string; namespaced: boolean }>();

  constructor(readonly server: string, tls: https.AgentOptions, private readonly token?: string) {
    this.agent = new https.Agent({ ...tls, keepAlive: true, maxSockets: 8 });
  }

  request(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<KubeResponse> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const url = new URL(urlPath, this.server);
    return new Promise((resolve, reject) => {
      const req = https.request(url, {
        method,
        agent: this.agent,
        headers: {
          Accept: 'application/json',
          ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
          ...headers,
        },
        timeout: 60_000,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch { /* plain text, e.g. /readyz */ }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: timed out`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Server-side apply of one object under `fieldManager` (force: the suite owns what it sends). */
  apply(obj: any, fieldManager: string, opts: { dryRun?: boolean; subresource?: string } = {}): Promise<KubeResponse> {
    const query = new URLSearchParams({ fieldManager, force: 'true', fieldValidation: 'Strict' });
    if (opts.dryRun) query.set('dryRun', 'All');
    const sub = opts.subresource ? `/${opts.subresource}` : '';
    return this.request('PATCH', `${this.objectPath(obj)}${sub}?${query}`, obj, { 'Content-Type': 'application/apply-patch+yaml' });
  }

  /** Creates one object (POST to its collection), refusing unknown fields as kubectl does. */
  create(obj: any, opts: { dryRun?: boolean } = {}): Promise<KubeResponse> {
    const query = new URLSearchParams({ fieldValidation: 'Strict' });
    if (opts.dryRun) query.set('dryRun', 'All');
    return this.request('POST', `${this.collectionPath(obj.apiVersion, obj.kind, obj.metadata?.namespace)}?${query}`, obj);
  }

  /** True when discovery found this kind. */
  knows(apiVersion: string, kind: string): boolean {
    return this.plurals.has(`${apiVersion}/${kind}`);
  }

  /** True when discovery found this kind and it lives in namespaces. */
  isNamespaced(apiVersion: string, kind: string): boolean {
    return this.plurals.get(`${apiVersion}/${kind}`)?.namespaced === true;
  }

  get(obj: any): Promise<KubeResponse> {
    return this.request('GET', this.objectPath(obj));
  }

  objectPath(obj: any): string {
    return `${this.collectionPath(obj.apiVersion, obj.kind, obj.metadata?.namespace)}/${encodeURIComponent(obj.metadata.name)}`;
  }

  /** REST path of a kind's collection; the plural comes from discovery (cached). */
  collectionPath(apiVersion: string, kind: string, namespace?: string): string {
    const plural = this.plurals.get(`${apiVersion}/${kind}`);
    if (!plural) throw new Error(`${apiVersion} ${kind}: not discovered; call discover() after creating its CRD`);
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    return namespace && plural.namespaced ? `${base}/namespaces/${namespace}/${plural.name}` : `${base}/${plural.name}`;
  }

  /** Learns the plural and scope of every kind of these group versions. */
  async discover(apiVersions: readonly string[]): Promise<void> {
    for (const gv of new Set(apiVersions)) {
      const url = gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
      let res = await this.request('GET', url);
      // A just-Established CRD reaches discovery a moment later.
      for (let i = 0; res.status === 404 && i < 50; i++) {
        await new Promise((r) => setTimeout(r, 200));
        res = await this.request('GET', url);
      }
      if (res.status !== 200) throw new Error(`discovery of ${gv}: HTTP ${res.status}`);
      for (const r of res.body.resources) {
        if (!r.name.includes('/')) this.plurals.set(`${gv}/${r.kind}`, { name: r.name, namespaced: r.namespaced });
      }
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { Metrics } from './metrics';

/** What the probes ask. */
export interface HealthChecks {
  /** The process works (its event loop answers and its watches run). */
  readonly healthy: () => boolean;
  /** The caches are synced: the controller can act on what it sees. */
  readonly ready: () => boolean;
}

/** `/healthz`, `/readyz` and `/metrics` on one port (the Deployment's probes and a Prometheus scrape). */
export class HealthServer {
  private readonly server: http.Server;

  constructor(private readonly checks: HealthChecks, private readonly metrics: Metrics) {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  /** Listens on `port` (0: any free port) of `host`; resolves with the port. */
  listen(port: number, host = '0.0.0.0'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = (req.url ?? '/').split('?')[0];
    const answer = (ok: boolean, text: string, type = 'text/plain') => {
      res.writeHead(ok ? 200 : 503, { 'Content-Type': type });
      res.end(text);
    };
    if (url === '/healthz') return answer(this.checks.healthy(), this.checks.healthy() ? 'ok\n' : 'unhealthy\n');
    if (url === '/readyz') return answer(this.checks.ready(), this.checks.ready() ? 'ok\n' : 'caches not synced\n');
    if (url === '/metrics') return answer(true, this.metrics.render(), 'text/plain; version=0.0.4');
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
  }
}

/**
 * A real Kubernetes control plane for tests, the way controller-runtime's envtest runs one: etcd and
 * kube-apiserver built from the Go module proxy (envtest/ at the repository root), started on loopback with a
 * generated CA, serving and admin client certificates, RBAC and a service-account key.
 * No kubelet, scheduler or controller-manager runs: nothing garbage-collects, nothing writes status.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeClient } from './kube-client';

/** The Go modules that build the binaries. */
export const ENVTEST_MODULES = path.resolve(__dirname, '..', '..', 'envtest');
/** Each binary and the folder of its Go module under envtest/. */
const MODULES = {
  'kube-apiserver': 'kube-apiserver',
  'etcd': 'etcd',
  'kubevirt-webhooks': path.join('webhooks', 'kubevirt'),
  'cdi-webhooks': path.join('webhooks', 'cdi'),
} as const;
type Binary = keyof typeof MODULES;
/** The admission webhook servers, started once kube-apiserver is ready: KubeVirt's and CDI's own code. */
const WEBHOOKS: readonly Binary[] = ['kubevirt-webhooks', 'cdi-webhooks'];

/** What `startControlPlane` leaves in its folder, and what `stopControlPlane` reads back. */
interface RunState {
  readonly pids: Record<string, number>;
  readonly kubeconfig: string;
  readonly server: string;
  /** How kube-apiserver was started, so {@link restartApiServer} can start it again the same way. */
  readonly apiServer?: { readonly binary: string; readonly args: string[] };
}

/** The files of a module folder, relative and sorted, so their hash does not depend on the file system's order. */
function moduleFiles(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? moduleFiles(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]))
    .sort();
}

/**
 * Where a binary of the current envtest/ sources lives: one folder per content hash of its module (every file, so
 * a stand-in module or a version bump rebuilds it), outside the work tree, so a clone reuses it.
 */
export function binaryPath(name: Binary): string {
  const dir = path.join(ENVTEST_MODULES, MODULES[name]);
  const hash = crypto.createHash('sha256');
  for (const file of moduleFiles(dir)) hash.update(file).update('\0').update(fs.readFileSync(path.join(dir, file)));
  const base = process.env.VMPROFILE_ENVTEST_CACHE
    ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdk8s-vmprofile', 'envtest');
  return path.join(base, `${name}-${hash.digest('hex').slice(0, 16)}`, name);
}

/** True when `go` runs here. */
export function goAvailable(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Builds the binaries into the cache unless they are there; returns each one's path. Logs each build's time. */
export function buildBinaries(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Record<Binary, string> {
  const built = {} as Record<Binary, string>;
  for (const name of Object.keys(MODULES) as Binary[]) {
    const target = binaryPath(name);
    built[name] = target;
    if (fs.existsSync(target)) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const started = Date.now();
    log(`envtest: building ${name} (first time for these sources; several minutes) ...`);
    const partial = `${target}.partial-${process.pid}`;
    execFileSync('go', ['build', '-trimpath', '-ldflags=-s', '-o', partial, '.'], {
      cwd: path.join(ENVTEST_MODULES, MODULES[name]),
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GOFLAGS: '-mod=mod -buildvcs=false', GOTOOLCHAIN: 'local' },
    });
    fs.renameSync(partial, target);
    const mib = (fs.statSync(target).size / 2 ** 20).toFixed(0);
    log(`envtest: built ${name} in ${((Date.now() - started) / 1000).toFixed(0)} s (${mib} MiB) into ${path.dirname(target)}`);
  }
  return built;
}

/** A free TCP port on loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA, a serving certificate for 127.0.0.1/localhost, an admin client certificate and a service-account key. */
function writeCertificates(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2',
    '-subj', '/CN=vmprofile-envtest-ca'], dir);
  const sign = (name: string, subj: string, ext: string): void => {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj], dir);
    fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
      '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`], dir);
  };
  sign('serving', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  sign('admin', '/O=system:masters/CN=envtest-admin', 'extendedKeyUsage=clientAuth\n');
  openssl(['genrsa', '-out', 'sa.key', '2048'], dir);
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

function kubeconfigYaml(server: string, certDir: string): string {
  const b64 = (f: string): string => fs.readFileSync(path.join(certDir, f)).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: envtest',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${b64('ca.crt')}`,
    'users:',
    '- name: envtest-admin',
    '  user:',
    `    client-certificate-data: ${b64('admin.crt')}`,
    `    client-key-data: ${b64('admin.key')}`,
    'contexts:',
    '- name: envtest',
    '  context: {cluster: envtest, user: envtest-admin}',
    'current-context: envtest',
    '',
  ].join('\n');
}

function launch(binary: string, args: string[], logFile: string): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(binary, args, { detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  child.unref();
  return child;
}

async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean>, alive: () => boolean, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive()) throw new Error(`envtest: ${what} exited during start-up; its log (${logFile}) ends:\n${tail(logFile)}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`envtest: ${what} not ready after ${timeoutMs / 1000} s; its log (${logFile}) ends:\n${tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The result of a start: the kubeconfig to use and how long the start took. */
export interface ControlPlane {
  readonly dir: string;
  readonly kubeconfig: string;
  readonly server: string;
  /** From the start until etcd, kube-apiserver and the admission webhooks are ready. */
  readonly startMs: number;
  /** From the start until kube-apiserver's `/readyz`. */
  readonly apiServerMs: number;
}

/**
 * Starts etcd and kube-apiserver with their state under `dir`, waits for `/readyz` and writes `dir/kubeconfig`, then
 * starts KubeVirt's and CDI's admission webhooks (envtest/webhooks), which register themselves in the API server.
 * Builds the binaries first if the cache lacks them.
 */
export async function startControlPlane(dir: string): Promise<ControlPlane> {
  dir = path.resolve(dir);
  if (fs.existsSync(path.join(dir, 'state.json'))) throw new Error(`envtest: ${dir} already holds a running control plane; stop it first`);
  const bin = buildBinaries();
  const started = Date.now();
  const certDir = path.join(dir, 'certs');
  writeCertificates(certDir);
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const pids: Record<string, number> = {};
  const saveState = (extra: Partial<RunState> = {}): void => fs.writeFileSync(path.join(dir, 'state.json'),
    JSON.stringify({ pids, kubeconfig: '', server: '', ...extra }));
  try {
    const etcdLog = path.join(dir, 'etcd.log');
    const etcd = launch(bin.etcd, [
      `--data-dir=${path.join(dir, 'etcd-data')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`, `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=default=http://127.0.0.1:${peerPort}`, '--unsafe-no-fsync', '--log-level=warn',
    ], etcdLog);
    pids.etcd = etcd.pid!;
    saveState();
    await waitFor('etcd', 30_000, async () => (await fetch(`http://127.0.0.1:${etcdPort}/health`)).ok, () => isAlive(etcd.pid!), etcdLog);

    const server = `https://127.0.0.1:${apiPort}`;
    const apiLog = path.join(dir, 'kube-apiserver.log');
    const apiArgs = [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`, `--cert-dir=${certDir}`,
      `--tls-cert-file=${path.join(certDir, 'serving.crt')}`, `--tls-private-key-file=${path.join(certDir, 'serving.key')}`,
      `--client-ca-file=${path.join(certDir, 'ca.crt')}`,
      `--secure-port=${apiPort}`, '--bind-address=127.0.0.1', '--service-cluster-ip-range=10.0.0.0/24',
      '--allow-privileged=true', '--authorization-mode=RBAC', '--disable-admission-plugins=ServiceAccount',
      `--service-account-issuer=${server}/`, `--service-account-key-file=${path.join(certDir, 'sa.pub')}`,
      `--service-account-signing-key-file=${path.join(certDir, 'sa.key')}`, '--v=0',
    ];
    const api = launch(bin['kube-apiserver'], apiArgs, apiLog);
    pids['kube-apiserver'] = api.pid!;
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, kubeconfigYaml(server, certDir), { mode: 0o600 });
    saveState({ kubeconfig, server, apiServer: { binary: bin['kube-apiserver'], args: apiArgs } });
    const client = KubeClient.fromKubeconfig(kubeconfig);
    try {
      await waitFor('kube-apiserver', 120_000, async () => (await client.request('GET', '/readyz')).status === 200,
        () => isAlive(api.pid!), apiLog);
    } finally {
      client.close();
    }
    const apiServerMs = Date.now() - started;
    for (const name of WEBHOOKS) {
      const log = path.join(dir, `${name}.log`);
      const readyFile = path.join(dir, `${name}.ready`);
      const child = launch(bin[name], [`--kubeconfig=${kubeconfig}`, `--ca-file=${path.join(certDir, 'ca.crt')}`,
        `--tls-cert-file=${path.join(certDir, 'serving.crt')}`, `--tls-private-key-file=${path.join(certDir, 'serving.key')}`,
        `--ready-file=${readyFile}`], log);
      pids[name] = child.pid!;
      saveState({ kubeconfig, server, apiServer: { binary: bin['kube-apiserver'], args: apiArgs } });
      // Ready once it serves and its webhook configurations are created in the API server.
      await waitFor(name, 60_000, async () => fs.existsSync(readyFile), () => isAlive(child.pid!), log);
    }
    return { dir, kubeconfig, server, startMs: Date.now() - started, apiServerMs };
  } catch (e) {
    await stopControlPlane(dir, { keepLogs: true });
    throw e;
  }
}

/**
 * Stops the kube-apiserver `startControlPlane(dir)` started and starts it again on the same port, certificates and
 * etcd, as an upgrade or a crash would: its watch cache starts empty, so clients' watches end and resume (or get
 * `410 Gone` and relist). Resolves once `/readyz` answers again.
 */
export async function restartApiServer(dir: string): Promise<void> {
  dir = path.resolve(dir);
  const stateFile = path.join(dir, 'state.json');
  const state: RunState = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  if (!state.apiServer) throw new Error(`envtest: ${dir} was started by an older harness; restart it`);
  const pid = state.pids['kube-apiserver'];
  if (cmdline(pid)?.includes(dir)) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && cmdline(pid)?.includes(dir) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid) && cmdline(pid)?.includes(dir)) process.kill(pid, 'SIGKILL');
  const apiLog = path.join(dir, 'kube-apiserver.log');
  const api = launch(state.apiServer.binary, state.apiServer.args, apiLog);
  fs.writeFileSync(stateFile, JSON.stringify({ ...state, pids: { ...state.pids, 'kube-apiserver': api.pid! } }));
  const client = KubeClient.fromKubeconfig(state.kubeconfig);
  try {
    await waitFor('kube-apiserver', 120_000, async () => (await client.request('GET', '/readyz')).status === 200, () => isAlive(api.pid!), apiLog);
  } finally {
    client.close();
  }
}

/** The command line of a process, or undefined when it is gone. */
function cmdline(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

/**
 * Stops the processes `startControlPlane(dir)` started (only those: a pid is signalled only while its command line
 * still names `dir`) and removes their data. With `keepLogs`, the logs stay for a post-mortem.
 */
export async function stopControlPlane(dir: string, opts: { keepLogs?: boolean } = {}): Promise<void> {
  dir = path.resolve(dir);
  const stateFile = path.join(dir, 'state.json');
  if (!fs.existsSync(stateFile)) return;
  const state: RunState = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  const ours = Object.values(state.pids).filter((pid) => cmdline(pid)?.includes(dir));
  // In reverse start order: the webhooks, then kube-apiserver, so it does not log etcd's disappearance as an error.
  for (const pid of ours.reverse()) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch { /* already gone */ }
    const deadline = Date.now() + 10_000;
    while (isAlive(pid) && cmdline(pid)?.includes(dir) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (isAlive(pid) && cmdline(pid)?.includes(dir)) process.kill(pid, 'SIGKILL');
  }
  const logs = ['etcd.log', 'kube-apiserver.log', ...WEBHOOKS.map((w) => `${w}.log`)];
  for (const entry of ['etcd-data', 'certs', 'kubeconfig', 'state.json', ...WEBHOOKS.map((w) => `${w}.ready`), ...(opts.keepLogs ? [] : logs)]) {
    fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

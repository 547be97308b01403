/**
 * `npx projen bench:controller`: the controller at fleet scale against a real API server (issue: "Performance").
 * For each N (`BENCH_CONTROLLER_SIZES`, default 1000,5000) it starts a fresh envtest control plane, runs the compiled
 * `vmprofile controller` as its own process, creates N profiles at once, and prints: the time until every profile
 * has its objects and a current status, API requests per profile, the controller's peak RSS, and the writes of one
 * steady-state resync (which must be 0). Nothing of KubeVirt or CDI runs: the objects stay as the controller made them.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { testCluster } from '../../test/controller-cluster';
import { startControlPlane, stopControlPlane } from '../../test/envtest/harness';
import { KubeClient } from '../../test/envtest/kube-client';

const ROOT = path.join(__dirname, '..', '..');
const SIZES = (process.env.BENCH_CONTROLLER_SIZES ?? '1000,5000').split(',').map(Number);
/** Longer than a resync of 5,000 converged profiles takes, so resyncs do not overlap. */
const RESYNC_SECONDS = 60;
/** `--workers` of the controller (profiles reconciled at once). */
const WORKERS = process.env.BENCH_CONTROLLER_WORKERS ?? '16';
/** Profiles that share one network: a fleet's VLANs are shared, not one per VM. */
const PER_NETWORK = 50;

function profile(ns: string, i: number): any {
  return {
    apiVersion: 'vm.example.com/v1alpha1',
    kind: 'VirtualMachineProfile',
    metadata: { name: `vm-${String(i).padStart(5, '0')}`, namespace: ns, labels: { app: 'bench' } },
    spec: {
      cpu: 2,
      memory: '4Gi',
      networks: [{ name: `lan-${Math.floor(i / PER_NETWORK)}`, type: 'bridge', vlanId: 100 + Math.floor(i / PER_NETWORK) % 3000 }],
      disks: [
        { name: 'system', size: '20Gi', storageClassName: 'ssd', boot: true, image: 'quay.io/containerdisks/fedora:40' },
        { name: 'data', size: '50Gi', storageClassName: 'ssd' },
      ],
    },
  };
}

async function metrics(port: string): Promise<Map<string, number>> {
  let text: string;
  try {
    text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  } catch {
    // A keep-alive connection the server closed just then: ask once more on a new one.
    text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Connection: 'close' } })).text();
  }
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) values.set(m[1], Number(m[2]));
  }
  return values;
}

const sum = (m: Map<string, number>, prefix: string, except: string[] = []) =>
  [...m].filter(([k]) => k.startsWith(prefix) && !except.some((e) => k.includes(`"${e}"`))).reduce((n, [, v]) => n + v, 0);

function peakRssMiB(pid: number): number {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return hwm ? Number(hwm[1]) / 1024 : NaN;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Profiles whose status is current, counted over a paged list. */
async function converged(kube: KubeClient, ns: string): Promise<number> {
  let n = 0;
  let cont = '';
  do {
    const res = await kube.request('GET', `/apis/vm.example.com/v1alpha1/namespaces/${ns}/virtualmachineprofiles?limit=1000${cont ? `&continue=${cont}` : ''}`);
    for (const p of res.body.items) if (p.status?.observedGeneration === p.metadata.generation && p.status?.vmName) n++;
    cont = res.body.metadata.continue ?? '';
  } while (cont);
  return n;
}

async function count(kube: KubeClient, collection: string): Promise<number> {
  const res = await kube.request('GET', `${collection}?limit=1`);
  return (res.body.items?.length ?? 0) + (res.body.metadata?.remainingItemCount ?? 0);
}

async function measure(n: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmprofile-ctlbench-'));
  const plane = await startControlPlane(dir);
  let child: ChildProcess | undefined;
  let stderr = '';
  // Interrupted (Ctrl-C, a timeout): still stop the servers this run started.
  const onSignal = () => {
    child?.kill('SIGTERM');
    void stopControlPlane(dir).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const kube = await testCluster(plane.kubeconfig);
    const ns = 'bench';
    await kube.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    child = spawn(process.execPath, [path.join(ROOT, 'bin', 'vmprofile'), 'controller', '--kubeconfig', plane.kubeconfig,
      '--namespace', ns, '--health-port', '0', '--resync-seconds', String(RESYNC_SECONDS), '--workers', WORKERS], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (d) => { stderr += d; });
    await until('controller health port', async () => /health on port \d+/.test(stderr), 60_000);
    const port = /health on port (\d+)/.exec(stderr)![1];
    await until('controller ready', async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, 60_000);

    const started = Date.now();
    const inFlight = 32;
    for (let i = 0; i < n; i += inFlight) {
      await Promise.all(Array.from({ length: Math.min(inFlight, n - i) }, (_, j) => kube.create(profile(ns, i + j)).then((r) => {
        if (r.status !== 201) throw new Error(`create: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      })));
    }
    const createdMs = Date.now() - started;
    // Listing every profile is work for the server (on the same 2 cores): look every 2 s, not more often.
    await until(`${n} profiles converged`, async () => (await converged(kube, ns)) === n, 30 * 60_000, 2000);
    const convergeMs = Date.now() - started;
    console.error(`${n}: created in ${createdMs} ms, converged in ${convergeMs} ms, controller peak RSS ${peakRssMiB(child.pid!).toFixed(0)} MiB`);
    const vms = await count(kube, `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines`);
    const dvs = await count(kube, `/apis/cdi.kubevirt.io/v1beta1/namespaces/${ns}/datavolumes`);
    if (vms !== n || dvs !== 2 * n) throw new Error(`expected ${n} VMs and ${2 * n} DataVolumes, found ${vms} and ${dvs}`);
    const requests = sum(await metrics(port), 'vmprofile_api_requests_total');

    // One periodic resync of the converged fleet: let the first one after convergence pass (late watch events
    // still settle), then count the writes of the next one, from its start until the queue is empty again.
    const writes = async () => sum(await metrics(port), 'vmprofile_api_writes_total', ['leases', 'events']);
    const drained = async () => {
      const m = await metrics(port);
      return ['vmprofile_queue_depth', 'vmprofile_queue_active', 'vmprofile_queue_delayed'].every((g) => m.get(g) === 0);
    };
    const nextResync = async () => {
      const resyncs = (await metrics(port)).get('vmprofile_resyncs') ?? 0;
      await until('a resync', async () => ((await metrics(port)).get('vmprofile_resyncs') ?? 0) > resyncs, (RESYNC_SECONDS + 30) * 1000);
      await until('resync drained', drained, 10 * 60_000);
    };
    await nextResync();
    const writesBefore = await writes();
    await nextResync();
    const resyncWrites = (await writes()) - writesBefore;
    const rss = peakRssMiB(child.pid!);
    return `| ${n.toLocaleString('en-US')} | ${(createdMs / 1000).toFixed(1)} s | ${(convergeMs / 1000).toFixed(1)} s | ` +
      `${(requests / n).toFixed(2)} | ${rss.toFixed(0)} MiB | ${resyncWrites} |`;
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}; controller exit code ${child?.exitCode}; its stderr ends:\n${stderr.slice(-2000)}`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    child?.kill('SIGTERM');
    await stopControlPlane(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`controller benchmark: node ${process.version}, ${os.cpus().length} cores, API server and etcd on the same machine, --workers ${WORKERS}`);
  console.log('| profiles | all created | all converged | API requests per profile | controller peak RSS | writes in one resync |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const n of SIZES) console.log(await measure(n));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

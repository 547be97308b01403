/**
 * The controller against the real API server (test/envtest): nothing of KubeVirt or CDI runs, so the tests write
 * the VM, VMI, DataVolume and PVC status they would write, and read what the controller did.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import { parse, stringify } from 'yaml';
import {
  bindDisk, eventually, exampleProfiles, kubeconfig, listAll, namespace, profileStatus, read, runVmi, skipReason,
  testCluster, TEST_MANAGER, writeStatus,
} from './controller-cluster';
import { restartApiServer, startControlPlane, stopControlPlane } from './envtest/harness';
import { KubeClient } from './envtest/kube-client';
import { VirtualMachineProfileController } from '../src/constructs/virtual-machine-profile-controller';
import { FIELD_MANAGER, profileDocument, RUN_STRATEGY_ANNOTATION } from '../src/controller/desired-state';
import { ProfileController, ProfileControllerOptions } from '../src/controller/profile-controller';
import { synthApp, synthProfiles } from '../src/synth/synth';

const skip = skipReason();
const suite = skip ? describe.skip : describe;
if (skip) process.stderr.write(`*** profile-controller suite SKIPPED: ${skip} ***\n`);

jest.setTimeout(120_000);

const VM = ['kubevirt.io/v1', 'VirtualMachine'] as const;
const DV = ['cdi.kubevirt.io/v1beta1', 'DataVolume'] as const;
const NAD = ['k8s.cni.cncf.io/v1', 'NetworkAttachmentDefinition'] as const;
const PROFILE = ['vm.example.com/v1alpha1', 'VirtualMachineProfile'] as const;

let kube: KubeClient;
const controllers: ProfileController[] = [];

async function startController(ns: string, extra: Partial<ProfileControllerOptions> = {}): Promise<ProfileController> {
  const c = await ProfileController.start({
    kubeconfig: kubeconfig(),
    namespace: ns,
    healthPort: 0,
    healthHost: '127.0.0.1',
    resyncSeconds: 0,
    // Short enough for the takeover test, long enough not to lose the lease on a loaded 2-core machine.
    leaderElection: { leaseDurationSeconds: 4, renewDeadlineMs: 3000, retryPeriodMs: 300 },
    // CONTROLLER_TEST_LOG=1 shows what the controllers log.
    log: process.env.CONTROLLER_TEST_LOG ? (line) => process.stderr.write(`[${extra.identity ?? ns}] ${line}\n`) : () => undefined,
    ...extra,
  });
  controllers.push(c);
  await eventually('leadership', async () => c.isLeader || controllers.some((o) => o !== c && o.isLeader && !o.isStopped));
  return c;
}

async function createProfile(p: any): Promise<void> {
  const res = await kube.create(p);
  if (res.status !== 201) throw new Error(`create ${p.metadata.name}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
}

async function patchProfile(ns: string, name: string, patch: any): Promise<void> {
  const res = await kube.request('PATCH', kube.objectPath({ apiVersion: PROFILE[0], kind: PROFILE[1], metadata: { name, namespace: ns } }),
    patch, { 'Content-Type': 'application/merge-patch+json' });
  if (res.status !== 200) throw new Error(`patch ${name}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
}

/** Waits until the controller has nothing queued and a moment passed (watch events arrive asynchronously). */
async function settled(c: ProfileController): Promise<void> {
  for (let quiet = 0; quiet < 5;) {
    await new Promise((r) => setTimeout(r, 100));
    quiet = c.pending === 0 ? quiet + 1 : 0;
  }
}

/** A Secret's stringData as the server stores it (base64 data). */
const secretData = (o: any) => (o.stringData
  ? Object.fromEntries(Object.entries(o.stringData).map(([k, v]) => [k, Buffer.from(v as string, 'utf8').toString('base64')])) : o.data);

const appliedBy = (obj: any, manager: string) => (obj.metadata.managedFields ?? []).some((f: any) => f.manager === manager && f.operation === 'Apply');

/** A copy of the suite's kubeconfig changed by `change`, in a temporary folder of its own; returns its path. */
function kubeconfigWith(purpose: string, change: (config: any) => void): string {
  const config = parse(fs.readFileSync(kubeconfig(), 'utf8'));
  change(config);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `vmprofile-${purpose}-`)), 'kubeconfig');
  fs.writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

/** A TCP proxy in front of the real API server that can cut every connection and refuse new ones (a network fault). */
class FlakyProxy {
  static async start(target: URL): Promise<FlakyProxy> {
    const p = new FlakyProxy(target);
    await new Promise<void>((resolve) => p.server.listen(0, '127.0.0.1', resolve));
    return p;
  }

  private readonly sockets = new Set<net.Socket>();
  private down = false;
  private readonly server: net.Server;

  private constructor(target: URL) {
    this.server = net.createServer((client) => {
      if (this.down) {
        client.destroy();
        return;
      }
      const upstream = net.connect(Number(target.port), target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  cut(): void {
    this.down = true;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.down = false;
  }

  close(): void {
    this.cut();
    this.server.close();
  }
}

suite('ProfileController against a real API server', () => {
  beforeAll(async () => {
    kube = await testCluster();
  });

  afterAll(async () => {
    for (const c of controllers) await c.stop();
    kube?.close();
  });

  describe('the spec examples', () => {
    const ns = 'ctl-examples';
    // multi-net-vm and ha-vm define the network mgmt differently: in one namespace they would conflict.
    const nsB = 'ctl-examples-b';
    let c: ProfileController;
    let cB: ProfileController;
    const profiles: any[] = [];

    beforeAll(async () => {
      await namespace(kube, ns);
      await namespace(kube, nsB);
      c = await startController(ns);
      cB = await startController(nsB);
      for (const file of ['simple-vm.yaml', 'web-server-01.yaml', 'multi-net-vm.yaml', 'ha-vm.yaml']) {
        profiles.push(...exampleProfiles(file, file === 'multi-net-vm.yaml' ? nsB : ns));
      }
      for (const p of profiles) await createProfile(p);
    });

    test('GIVEN the four spec examples applied as profiles WHEN the controller reconciles THEN each VM, NAD and DataVolume exists, applied by the controller', async () => {
      for (const p of profiles) {
        const name = p.metadata.name;
        const pns = p.metadata.namespace;
        const vm = await eventually(`VM of ${name}`, () => read(kube, ...VM, pns, `${name}-vm`));
        const profile = await read(kube, ...PROFILE, pns, name);
        expect(vm.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'VirtualMachineProfile', name, uid: profile.metadata.uid, controller: true })]);
        expect(appliedBy(vm, FIELD_MANAGER)).toBe(true);
        expect(vm.spec.runStrategy).toBe(p.spec.startStrategy?.autoStart === false ? 'Halted' : vm.spec.runStrategy);
        for (const d of p.spec.disks ?? []) {
          if (d.deleteWithVm) continue;
          const dv = await eventually(`DV ${name}-${d.name}`, () => read(kube, ...DV, pns, `${name}-${d.name}`));
          // Disks outlive the profile: no owner, so garbage collection never takes them.
          expect(dv.metadata.ownerReferences).toBeUndefined();
          expect(appliedBy(dv, FIELD_MANAGER)).toBe(true);
        }
      }
      const nads = [...await listAll(kube, ...NAD, ns), ...await listAll(kube, ...NAD, nsB)];
      expect(nads.length).toBeGreaterThan(0);
      for (const nad of nads) {
        expect(nad.metadata.ownerReferences.length).toBeGreaterThan(0);
        expect(nad.metadata.ownerReferences.every((r: any) => r.kind === 'VirtualMachineProfile')).toBe(true);
      }
    });

    test('GIVEN the examples WHEN the controller applied them THEN each object holds what vmprofile synth renders for that profile', async () => {
      for (const p of profiles) {
        const { manifests } = synthProfiles([{ doc: profileDocument(p) }]);
        for (const m of manifests.filter((o) => o.kind !== 'NodeNetworkConfigurationPolicy')) {
          const live = await eventually(`${m.kind} ${m.metadata.name}`, () => read(kube, m.apiVersion, m.kind, m.metadata.namespace, m.metadata.name));
          // The server adds metadata and status; the controller adds owners and the run-strategy annotation; a NAD
          // that several profiles use carries their shared labels instead of one profile's.
          const labels = (o: any) => (o.kind === 'NetworkAttachmentDefinition' ? undefined : o.metadata.labels);
          expect({ kind: m.kind, spec: live.spec, data: live.data, labels: labels(live) })
            .toMatchObject(JSON.parse(JSON.stringify({ kind: m.kind, spec: m.spec, data: secretData(m), labels: labels(m) })));
        }
      }
    });

    test('GIVEN created objects and nothing reported WHEN the status is read THEN the phase is Creating with the three conditions and observedGeneration', async () => {
      const name = profiles[0].metadata.name;
      const status = await profileStatus(kube, ns, name, (s) => s.phase === 'Creating');
      expect(status.conditions.map((x: any) => x.type)).toEqual(['Ready', 'NetworksConfigured', 'VolumesBound']);
      for (const cond of status.conditions) {
        expect(cond.observedGeneration).toBe(1);
        expect(typeof cond.lastTransitionTime).toBe('string');
      }
      expect(status.vmName).toBe(`${name}-vm`);
    });

    test('GIVEN bound disks and a running VMI WHEN KubeVirt reports them THEN the status walks to Running with networks and volumes filled in', async () => {
      const p = profiles.find((x) => x.metadata.name === 'web-server-01') ?? profiles[1];
      const name = p.metadata.name;
      const before = await profileStatus(kube, ns, name);
      for (const d of p.spec.disks) await bindDisk(kube, await read(kube, ...DV, ns, `${name}-${d.name}`));
      await runVmi(kube, await read(kube, ...VM, ns, `${name}-vm`));
      // The VM and VMI watches deliver in either order: the status settles once both are seen.
      const status = await profileStatus(kube, ns, name, (s) => s.phase === 'Running' && s.nodeName !== undefined);
      expect(status.nodeName).toBe('worker-1');
      expect(status.volumes.every((v: any) => v.bound)).toBe(true);
      expect(status.networks[0]).toEqual(expect.objectContaining({ interface: 'eth0', ipAddress: '192.0.2.10' }));
      expect(status.conditions.find((x: any) => x.type === 'Ready').status).toBe('True');
      // A condition that did not change keeps its time; Ready changed and took a new one.
      const vb = (s: any) => s.conditions.find((x: any) => x.type === 'VolumesBound');
      if (vb(before).status === vb(status).status) expect(vb(status).lastTransitionTime).toBe(vb(before).lastTransitionTime);
      const events = await listAll(kube, 'v1', 'Event', ns);
      expect(events.some((e) => e.involvedObject.name === name && /-> Running/.test(e.message))).toBe(true);
    });

    test('GIVEN a running VM WHEN virtctl stops it (runStrategy Halted by another manager) THEN the controller keeps Halted and the phase is Stopped', async () => {
      const name = 'web-server-01';
      const vmPath = kube.objectPath({ apiVersion: VM[0], kind: VM[1], metadata: { name: `${name}-vm`, namespace: ns } });
      const res = await kube.request('PATCH', `${vmPath}?fieldManager=virtctl`, { spec: { runStrategy: 'Halted' } },
        { 'Content-Type': 'application/merge-patch+json' });
      expect(res.status).toBe(200);
      await kube.request('DELETE', kube.objectPath({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name: `${name}-vm`, namespace: ns } }));
      await writeStatus(kube, ...VM, ns, `${name}-vm`, { printableStatus: 'Stopped', ready: false, conditions: [] });
      const status = await profileStatus(kube, ns, name, (s) => s.phase === 'Stopped');
      expect(status.phase).toBe('Stopped');
      await settled(c);
      expect((await read(kube, ...VM, ns, `${name}-vm`)).spec.runStrategy).toBe('Halted');
    });

    test('GIVEN a stopped VM WHEN the profile asks for another start strategy THEN the controller applies the new runStrategy', async () => {
      const name = 'web-server-01';
      await patchProfile(ns, name, { spec: { highAvailability: { restartPolicy: 'OnFailure' }, startStrategy: { runStrategy: 'RerunOnFailure' } } });
      const vm = await eventually('runStrategy from the profile', async () => {
        const got = await read(kube, ...VM, ns, `${name}-vm`);
        return got.spec.runStrategy === 'RerunOnFailure' ? got : undefined;
      });
      expect(vm.metadata.annotations[RUN_STRATEGY_ANNOTATION]).toBe('RerunOnFailure');
    });

    test('GIVEN a failed import WHEN CDI reports it THEN the phase is Error and an Event says why', async () => {
      const p = profiles.find((x) => x.metadata.name !== 'web-server-01' && (x.spec.disks ?? []).some((d: any) => !d.deleteWithVm))!;
      const name = p.metadata.name;
      const pns = p.metadata.namespace;
      const disk = p.spec.disks.find((d: any) => !d.deleteWithVm);
      await writeStatus(kube, ...DV, pns, `${name}-${disk.name}`, { phase: 'Failed', conditions: [{ type: 'Running', status: 'False', reason: 'Error', message: 'Unable to connect to http data source' }] });
      const status = await profileStatus(kube, pns, name, (s) => s.phase === 'Error');
      expect(status.phase).toBe('Error');
      await eventually('a Warning event', async () => (await listAll(kube, 'v1', 'Event', pns))
        .some((e) => e.involvedObject.name === name && e.type === 'Warning'));
    });

    test('GIVEN a VM that cannot be scheduled WHEN KubeVirt reports ErrorUnschedulable THEN the phase is Error', async () => {
      const name = 'ha-vm';
      await writeStatus(kube, ...VM, ns, `${name}-vm`, {
        printableStatus: 'ErrorUnschedulable',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient devices.kubevirt.io/kvm.', lastTransitionTime: '2026-12-01T10:00:00Z' }],
      });
      const status = await profileStatus(kube, ns, name, (s) => s.phase === 'Error');
      expect(status.conditions.find((x: any) => x.type === 'Ready').status).not.toBe('True');
    });

    test('GIVEN drift in a field the controller owns WHEN someone edits the VM THEN the controller puts it back, and leaves fields it does not own', async () => {
      const name = profiles[0].metadata.name;
      const vmPath = kube.objectPath({ apiVersion: VM[0], kind: VM[1], metadata: { name: `${name}-vm`, namespace: ns } });
      const res = await kube.request('PATCH', `${vmPath}?fieldManager=someone`, {
        metadata: { labels: { 'team.example.com/owner': 'db' } },
        spec: { template: { spec: { domain: { cpu: { cores: 99 } } } } },
      }, { 'Content-Type': 'application/merge-patch+json' });
      expect(res.status).toBe(200);
      const vm = await eventually('cores put back', async () => {
        const got = await read(kube, ...VM, ns, `${name}-vm`);
        return got.spec.template.spec.domain.cpu.cores === profiles[0].spec.cpu ? got : undefined;
      });
      expect(vm.metadata.labels['team.example.com/owner']).toBe('db');
    });

    test('GIVEN a converged namespace WHEN every profile is resynced THEN the controller writes nothing', async () => {
      for (const ctl of [c, cB]) {
        await settled(ctl);
        const writes = ctl.api.requests.writes(['leases', 'events']);
        ctl.resync();
        await settled(ctl);
        expect(ctl.api.requests.writes(['leases', 'events']) - writes).toBe(0);
      }
    });
  });

  describe('changes to a profile', () => {
    const ns = 'ctl-changes';
    let c: ProfileController;
    const base = {
      apiVersion: 'vm.example.com/v1alpha1',
      kind: 'VirtualMachineProfile',
      metadata: { name: 'app', namespace: ns },
      spec: {
        cpu: 2,
        memory: '4Gi',
        osImage: 'quay.io/containerdisks/fedora:40',
        networks: [{ name: 'front', type: 'bridge' }, { name: 'back', type: 'bridge', vlanId: 20 }],
        disks: [{ name: 'system', size: '20Gi', storageClassName: 'ssd', boot: true, image: 'quay.io/containerdisks/fedora:40' }],
      },
    };

    beforeAll(async () => {
      await namespace(kube, ns);
      c = await startController(ns);
      await createProfile(base);
      await eventually('NAD back-nad', () => read(kube, ...NAD, ns, 'back-nad'));
    });

    test('GIVEN a profile WHEN a disk is added, a network removed and the CPU changed THEN the DataVolume appears, the NAD goes and the VM has the new CPU', async () => {
      await patchProfile(ns, 'app', {
        spec: {
          cpu: 4,
          networks: [{ name: 'front', type: 'bridge' }],
          disks: [...base.spec.disks, { name: 'data', size: '50Gi', storageClassName: 'ssd' }],
        },
      });
      await eventually('DV app-data', () => read(kube, ...DV, ns, 'app-data'));
      await eventually('back-nad deleted', async () => (await read(kube, ...NAD, ns, 'back-nad')) === undefined);
      const vm = await eventually('4 cores', async () => {
        const got = await read(kube, ...VM, ns, 'app-vm');
        return got.spec.template.spec.domain.cpu.cores === 4 ? got : undefined;
      });
      expect(vm.spec.template.spec.networks.map((n: any) => n.name)).toEqual(['front']);
      expect(await read(kube, ...NAD, ns, 'front-nad')).toBeDefined();
      const status = await profileStatus(kube, ns, 'app');
      expect(status.observedGeneration).toBe(2);
    });

    test('GIVEN a profile with spec.service WHEN reconciled THEN the controller owns the Service; WHEN service is removed THEN it is deleted', async () => {
      const svc = {
        apiVersion: 'vm.example.com/v1alpha1',
        kind: 'VirtualMachineProfile',
        metadata: { name: 'svc', namespace: ns },
        spec: { cpu: 1, memory: '1Gi', osImage: 'quay.io/containerdisks/fedora:40', podNetwork: true, ports: [{ name: 'ssh', port: 22 }], service: { type: 'NodePort' } },
      };
      await createProfile(svc);
      const created = await eventually('Service svc-vm', () => read(kube, 'v1', 'Service', ns, 'svc-vm'));
      expect(created.spec.type).toBe('NodePort');
      expect(created.spec.selector).toEqual({ 'vmi.kubevirt.io/id': 'svc-vm' });
      expect(created.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'VirtualMachineProfile', name: 'svc', controller: true })]);
      await patchProfile(ns, 'svc', { spec: { service: null } });
      await eventually('Service svc-vm deleted', async () => (await read(kube, 'v1', 'Service', ns, 'svc-vm')) === undefined);
    });

    test('GIVEN KubeVirt reports RestartRequired WHEN the status is derived THEN the profile carries a RestartRequired condition and an Event', async () => {
      await writeStatus(kube, ...VM, ns, 'app-vm', {
        printableStatus: 'Running',
        conditions: [{ type: 'RestartRequired', status: 'True', reason: 'NonLiveUpdate', message: 'a non-live-updatable field was changed in the template spec', lastTransitionTime: '2026-12-01T10:00:00Z' }],
      });
      const status = await profileStatus(kube, ns, 'app', (s) => s.conditions.some((x: any) => x.type === 'RestartRequired'));
      expect(status.conditions.find((x: any) => x.type === 'RestartRequired')).toEqual(expect.objectContaining({ status: 'True', reason: 'NonLiveUpdate' }));
      await eventually('RestartRequired event', async () => (await listAll(kube, 'v1', 'Event', ns)).some((e) => e.reason === 'RestartRequired'));
    });

    test('GIVEN a profile the CRD accepts but validation refuses WHEN it is applied THEN the phase is Error with InvalidSpec, an Event, and nothing is touched', async () => {
      const vmBefore = await read(kube, ...VM, ns, 'app-vm');
      // A CRD's schema cannot validate metadata.labels; the library reserves the vmprofile label.
      await patchProfile(ns, 'app', { metadata: { labels: { vmprofile: 'someone-else' } } });
      const status = await profileStatus(kube, ns, 'app', (s) => s.phase === 'Error');
      const ready = status.conditions.find((x: any) => x.type === 'Ready');
      expect(ready).toEqual(expect.objectContaining({ status: 'False', reason: 'InvalidSpec' }));
      expect(ready.message).toMatch(/metadata\.labels\[vmprofile\]/);
      await eventually('InvalidSpec event', async () => (await listAll(kube, 'v1', 'Event', ns)).some((e) => e.reason === 'InvalidSpec'));
      await settled(c);
      const vmAfter = await read(kube, ...VM, ns, 'app-vm');
      expect(vmAfter.metadata.resourceVersion).toBe(vmBefore.metadata.resourceVersion);
    });

    test('GIVEN a profile WHEN it is deleted THEN its DataVolumes remain and its owned objects name it as owner for garbage collection', async () => {
      const profile = await read(kube, ...PROFILE, ns, 'app');
      await kube.request('DELETE', kube.objectPath({ apiVersion: PROFILE[0], kind: PROFILE[1], metadata: { name: 'app', namespace: ns } }));
      await eventually('profile gone', async () => (await read(kube, ...PROFILE, ns, 'app')) === undefined);
      await settled(c);
      // No garbage collector runs here: the owner references are what it would act on.
      const vm = await read(kube, ...VM, ns, 'app-vm');
      expect(vm.metadata.ownerReferences[0].uid).toBe(profile.metadata.uid);
      for (const disk of ['app-system', 'app-data']) {
        const dv = await read(kube, ...DV, ns, disk);
        expect(dv).toBeDefined();
        expect(dv.metadata.ownerReferences).toBeUndefined();
      }
    });
  });

  describe('two profiles sharing and contradicting networks', () => {
    const ns = 'ctl-shared';
    const profile = (name: string, vlanId: number) => ({
      apiVersion: 'vm.example.com/v1alpha1',
      kind: 'VirtualMachineProfile',
      metadata: { name, namespace: ns },
      spec: { cpu: 1, memory: '1Gi', osImage: 'quay.io/containerdisks/fedora:40', networks: [{ name: 'lan', type: 'bridge', vlanId }] },
    });

    let c: ProfileController;

    beforeAll(async () => {
      await namespace(kube, ns);
      c = await startController(ns);
    });

    test('GIVEN two profiles using the same network WHEN both are reconciled THEN the NAD has one owner per profile, shared metadata, and stays put', async () => {
      await createProfile(profile('pg-0', 30));
      await createProfile(profile('pg-1', 30));
      const nad = await eventually('two owners', async () => {
        const got = await read(kube, ...NAD, ns, 'lan-nad');
        return got?.metadata.ownerReferences?.length === 2 ? got : undefined;
      });
      expect(nad.metadata.ownerReferences.map((r: any) => r.name)).toEqual(['pg-0', 'pg-1']);
      // Labelled as synth labels a shared NAD, not as either profile's own (each would re-apply its own, in turn).
      const shared = await eventually('shared metadata', async () => {
        const got = await read(kube, ...NAD, ns, 'lan-nad');
        return got.metadata.labels?.['vm.example.com/shared'] === 'true' ? got : undefined;
      });
      expect(shared.metadata.labels.vmprofile).toBeUndefined();
      expect(shared.metadata.annotations['vm.example.com/profiles']).toBe('ctl-shared/pg-0,ctl-shared/pg-1');
      await settled(c);
      const writes = c.api.requests.writes(['leases', 'events']);
      c.resync();
      await settled(c);
      expect(c.api.requests.writes(['leases', 'events']) - writes).toBe(0);
    });

    test('GIVEN a third profile defining the network differently WHEN it is reconciled THEN both sides are in Error naming the other', async () => {
      await createProfile(profile('pg-2', 31));
      const third = await profileStatus(kube, ns, 'pg-2', (s) => s.phase === 'Error');
      expect(third.conditions[0].reason).toBe('NetworkConflict');
      expect(third.conditions[0].message).toContain('VirtualMachineProfile/ctl-shared/pg-0');
      const first = await profileStatus(kube, ns, 'pg-0', (s) => s.phase === 'Error');
      expect(first.conditions[0].message).toContain('VirtualMachineProfile/ctl-shared/pg-2');
      // The NAD stays as the first users defined it.
      expect(JSON.parse((await read(kube, ...NAD, ns, 'lan-nad')).spec.config).vlan).toBe(30);
    });

    test('GIVEN the contradicting profile WHEN it is deleted THEN the others recover', async () => {
      await kube.request('DELETE', kube.objectPath({ apiVersion: PROFILE[0], kind: PROFILE[1], metadata: { name: 'pg-2', namespace: ns } }));
      const first = await profileStatus(kube, ns, 'pg-0', (s) => s.phase !== 'Error');
      expect(first.conditions[0].reason).not.toBe('NetworkConflict');
    });
  });

  describe('faults', () => {
    const ns = 'ctl-faults';
    const profile = (name: string) => ({
      apiVersion: 'vm.example.com/v1alpha1',
      kind: 'VirtualMachineProfile',
      metadata: { name, namespace: ns },
      spec: { cpu: 1, memory: '1Gi', disks: [{ name: 'system', size: '10Gi', storageClassName: 'ssd', boot: true, image: 'quay.io/containerdisks/fedora:40' }] },
    });

    beforeAll(async () => {
      await namespace(kube, ns);
    });

    test('GIVEN two controllers at once WHEN both run THEN only the leader writes, and the other takes over when the leader stops', async () => {
      const a = await startController(ns, { identity: 'replica-a' });
      const b = await startController(ns, { identity: 'replica-b' });
      await eventually('one leader', async () => [a.isLeader, b.isLeader].filter(Boolean).length === 1);
      const [leader, standby] = a.isLeader ? [a, b] : [b, a];
      for (let i = 0; i < 5; i++) await createProfile(profile(`f-${i}`));
      for (let i = 0; i < 5; i++) await profileStatus(kube, ns, `f-${i}`);
      expect(standby.api.requests.writes(['leases'])).toBe(0);
      expect(leader.api.requests.writes(['leases'])).toBeGreaterThan(0);
      await leader.stop();
      await eventually('standby leads', async () => standby.isLeader, 10_000);
      await createProfile(profile('f-5'));
      await profileStatus(kube, ns, 'f-5');
      await standby.stop();
    });

    test('GIVEN a controller WHEN its connections to the API server are cut for a while THEN its watches recover by themselves and it reconciles what changed meanwhile', async () => {
      const proxy = await FlakyProxy.start(new URL(kube.server));
      const file = kubeconfigWith('proxy', (config) => { config.clusters[0].cluster.server = `https://127.0.0.1:${proxy.port}`; });
      const lines: string[] = [];
      const c = await startController(ns, {
        kubeconfig: file,
        identity: 'replica-proxy',
        leaderElection: { leaseDurationSeconds: 15, renewDeadlineMs: 10_000, retryPeriodMs: 500 },
        log: (line) => lines.push(line),
      });
      await createProfile(profile('f-40'));
      await profileStatus(kube, ns, 'f-40');
      proxy.cut();
      await createProfile(profile('f-41'));
      await new Promise((r) => setTimeout(r, 2000));
      proxy.restore();
      await profileStatus(kube, ns, 'f-41', () => true, 60_000);
      expect(await read(kube, ...VM, ns, 'f-41-vm')).toBeDefined();
      expect(c.isLeader).toBe(true);
      // The cut really broke the watches (they logged it) and they came back without a restart.
      expect(lines.some((l) => /^watch virtualmachineprofiles: /.test(l))).toBe(true);
      await c.stop();
      proxy.close();
    });

    test('GIVEN a controller WHEN its API server restarts (an empty watch cache) THEN it recovers by itself and reconciles what changed', async () => {
      // A control plane of its own: the shared one must not go away under the other suites.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmprofile-restart-'));
      const plane = await startControlPlane(dir);
      try {
        const own = await testCluster(plane.kubeconfig);
        await namespace(own, 'restart');
        const lines: string[] = [];
        const c = await startController('restart', {
          kubeconfig: plane.kubeconfig,
          identity: 'replica-restart',
          leaderElection: { leaseDurationSeconds: 30, renewDeadlineMs: 25_000, retryPeriodMs: 500 },
          log: (line) => {
            lines.push(line);
            if (process.env.CONTROLLER_TEST_LOG) process.stderr.write(`[replica-restart] ${line}\n`);
          },
        });
        const create = async (name: string) => expect((await own.create({ ...profile(name), metadata: { name, namespace: 'restart' } })).status).toBe(201);
        await create('r-0');
        await profileStatus(own, 'restart', 'r-0');
        await restartApiServer(dir);
        await create('r-1');
        await profileStatus(own, 'restart', 'r-1', () => true, 60_000);
        expect(await read(own, ...VM, 'restart', 'r-1-vm')).toBeDefined();
        expect(c.isLeader).toBe(true);
        // The restart really ended the watches.
        expect(lines.some((l) => /^watch virtualmachineprofiles: /.test(l))).toBe(true);
        await c.stop();
        own.close();
      } finally {
        await stopControlPlane(dir);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('GIVEN a controller stopped mid-reconcile WHEN a new one starts THEN it converges with no duplicate or lost object', async () => {
      const first = await startController(ns, { identity: 'replica-c' });
      for (let i = 10; i < 30; i++) await createProfile(profile(`f-${i}`));
      await first.stop();
      const second = await startController(ns, { identity: 'replica-d' });
      for (let i = 10; i < 30; i++) await profileStatus(kube, ns, `f-${i}`);
      await settled(second);
      const vms = await listAll(kube, ...VM, ns);
      const dvs = await listAll(kube, ...DV, ns);
      const names = (await listAll(kube, ...PROFILE, ns)).map((p) => p.metadata.name).sort();
      expect(names).toEqual(expect.arrayContaining([...Array(20).keys()].map((i) => `f-${i + 10}`)));
      // One VM and one DataVolume per profile: none lost, none twice.
      expect(vms.map((v) => v.metadata.name).sort()).toEqual(names.map((n) => `${n}-vm`));
      expect(dvs.map((d) => d.metadata.name).sort()).toEqual(names.map((n) => `${n}-system`));
      await second.stop();
    });
  });

  test('GIVEN the least-privilege RBAC of the install manifests WHEN the controller runs as its service account THEN it converges, and may not delete disks', async () => {
    const ns = await namespace(kube, 'ctl-rbac');
    await kube.discover(['rbac.authorization.k8s.io/v1']);
    const app = new App();
    new VirtualMachineProfileController(new Chart(app, 'install'), 'Controller', { installCrd: false });
    // The Deployment too: the server validates it (no kubelet runs it here).
    await kube.discover(['apps/v1']);
    for (const o of synthApp(app)) {
      const res = await kube.apply(o, TEST_MANAGER);
      expect(res.status).toBeLessThan(300);
    }
    const token = await kube.request('POST', '/api/v1/namespaces/vmprofile-system/serviceaccounts/vmprofile-controller/token',
      { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } });
    expect(token.status).toBe(201);
    const file = kubeconfigWith('sa', (config) => {
      config.users = [{ name: 'sa', user: { token: token.body.status.token } }];
      config.contexts = [{ name: 'sa', context: { cluster: config.clusters[0].name, user: 'sa' } }];
      config['current-context'] = 'sa';
    });

    const c = await startController(ns, { kubeconfig: file, leaseNamespace: 'vmprofile-system', identity: 'sa-replica' });
    await createProfile({
      apiVersion: PROFILE[0],
      kind: PROFILE[1],
      metadata: { name: 'rbac', namespace: ns },
      spec: {
        cpu: 1,
        memory: '1Gi',
        sshKeySecret: 'rbac-keys',
        networks: [{ name: 'lan', type: 'bridge', vlanId: 40, bridgeName: 'br-lan', nodeNetwork: { uplink: 'eth1' } }],
        disks: [{ name: 'system', size: '10Gi', storageClassName: 'ssd', boot: true, image: 'quay.io/containerdisks/fedora:40' }],
      },
    });
    const status = await profileStatus(kube, ns, 'rbac', (s) => s.phase === 'Creating');
    expect(status.vmName).toBe('rbac-vm');
    for (const [apiVersion, kind, name] of [[...VM, 'rbac-vm'], [...DV, 'rbac-system'], [...NAD, 'lan-nad']]) {
      expect(await read(kube, apiVersion, kind, ns, name)).toBeDefined();
    }
    await settled(c);
    // What it must never do, the server refuses it.
    const asController = KubeClient.fromKubeconfig(file);
    const del = await asController.request('DELETE', kube.objectPath({ apiVersion: DV[0], kind: DV[1], metadata: { name: 'rbac-system', namespace: ns } }));
    expect(del.status).toBe(403);
    asController.close();
    await c.stop();
  });

  test('GIVEN a controller WHEN its health port is asked THEN /healthz, /readyz and /metrics answer', async () => {
    const ns = await namespace(kube, 'ctl-health');
    const c = await startController(ns);
    const base = `http://127.0.0.1:${c.healthPort}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^vmprofile_queue_depth \d+$/m);
    expect(metrics).toMatch(/^vmprofile_api_requests_total\{verb="GET"\} \d+$/m);
    expect(metrics).toContain('# TYPE vmprofile_reconcile_duration_seconds histogram');
    await c.stop();
  });
});

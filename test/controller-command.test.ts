/**
 * `vmprofile controller`: the install manifests, and the command itself run as a process against the real API
 * server (so `@kubernetes/client-node` loads the kubeconfig the way it does for users, outside jest's module loader).
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fakeIo } from './cli-io';
import { eventually, kubeconfig, namespace, profileStatus, read, skipReason, testCluster } from './controller-cluster';
import { runController } from '../src/cli/controller-command';
import { UsageError } from '../src/cli/io';
import { INSTALL_YAML, INSTALL_YAML_HEADER } from '../tools/docs';

jest.setTimeout(120_000);

describe('vmprofile controller manifests', () => {
  test('GIVEN no flags WHEN run THEN it prints the install objects as YAML, the Deployment running `controller`', async () => {
    const io = fakeIo();
    expect(await runController(['manifests'], io)).toBe(0);
    const docs = parseAllDocuments(io.out).map((d) => d.toJSON());
    expect(docs.map((d) => d.kind)).toEqual([
      'CustomResourceDefinition', 'Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Deployment',
    ]);
    expect(docs.at(-1).spec.template.spec.containers[0].args[0]).toBe('controller');
  });

  test('GIVEN examples/controller/install.yaml WHEN compared with `vmprofile controller manifests` THEN it is current', async () => {
    const io = fakeIo();
    await runController(['manifests'], io);
    // (`npx projen docs` rewrites it)
    expect(fs.readFileSync(INSTALL_YAML, 'utf8')).toBe(INSTALL_YAML_HEADER + io.out);
  });

  test('GIVEN --namespace, --image, --no-crd and -o json WHEN run THEN the List carries them', async () => {
    const io = fakeIo();
    expect(await runController(['manifests', '-n', 'ops', '--image', 'r.example.com/c:1', '--no-crd', '-o', 'json'], io)).toBe(0);
    const list = JSON.parse(io.out);
    expect(list.kind).toBe('List');
    expect(list.items.map((o: any) => o.kind)).not.toContain('CustomResourceDefinition');
    const deployment = list.items.find((o: any) => o.kind === 'Deployment');
    expect(deployment.metadata.namespace).toBe('ops');
    expect(deployment.spec.template.spec.containers[0].image).toBe('r.example.com/c:1');
  });

  test('GIVEN a bad replica count or output format WHEN run THEN a usage error names the flag and the value', async () => {
    await expect(runController(['manifests', '--replicas', 'two'], fakeIo())).rejects.toThrow(
      new UsageError('invalid argument "two" for "--replicas" flag: must be an integer between 1 and 100'));
    await expect(runController(['manifests', '-o', 'xml'], fakeIo())).rejects.toThrow(/output format "xml"/);
    await expect(runController(['--workers', '0'], fakeIo())).rejects.toThrow(/"--workers" flag: must be an integer between 1 and 64/);
  });
});

const skip = skipReason();
(skip ? describe.skip : describe)('vmprofile controller as a process', () => {
  let child: ChildProcess | undefined;
  afterAll(() => child?.kill('SIGKILL'));

  test('GIVEN a kubeconfig WHEN `vmprofile controller` runs THEN it reconciles a profile, answers /readyz, and exits 0 on SIGTERM', async () => {
    const kube = await testCluster();
    const ns = await namespace(kube, 'ctl-process');
    const root = path.resolve(__dirname, '..');
    // What bin/vmprofile does, from the sources.
    const main = "require('./src/cli/main').run(process.argv.slice(1)).then((code) => { process.exitCode = code; })";
    child = spawn(process.execPath, ['-r', 'ts-node/register', '-e', main,
      'controller', '--kubeconfig', kubeconfig(), '--namespace', ns, '--health-port', '0'], {
      cwd: root,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_SWC: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => { stderr += d; });
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    const port = await eventually('the health port on stderr', async () => /health on port (\d+)/.exec(stderr)?.[1], 60_000);
    await eventually('/readyz 200', async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200);
    const res = await kube.create({
      apiVersion: 'vm.example.com/v1alpha1',
      kind: 'VirtualMachineProfile',
      metadata: { name: 'proc', namespace: ns },
      spec: { cpu: 1, memory: '1Gi', osImage: 'quay.io/containerdisks/fedora:40' },
    });
    expect(res.status).toBe(201);
    await eventually('VM proc-vm', () => read(kube, 'kubevirt.io/v1', 'VirtualMachine', ns, 'proc-vm'));
    expect((await profileStatus(kube, ns, 'proc')).vmName).toBe('proc-vm');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/internal error|Error:/);
    kube.close();
  });
});
